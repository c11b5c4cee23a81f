/**
 * A full garbage collection on demand. V8 lets the heap grow well past what is live before it
 * collects the old generation, so a structure that dies young in a big way (the parsed YAML of
 * a large catalog) would otherwise lift the run's peak memory by what it held.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/** Collects garbage now. */
export function collectGarbage(): void {
  collect ??= exposeGc();
  collect();
}

/**
 * Makes `gc` available, as `node --expose-gc` would, for every thread of the process. V8 keys
 * compiled code it caches by its flags, so code-cache.ts calls this before it reads or writes a
 * cache: a run that turned the flag on later would find every cache refused.
 */
export function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
