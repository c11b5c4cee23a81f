/**
 * A full garbage collection on demand. V8 lets the heap grow well past what is live before it
 * collects the old generation, so a structure that dies young in a big way (the parsed YAML of
 * a large catalog) would otherwise lift the run's peak memory by what it held.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/** Collects garbage now; the first call makes `gc` available, as `node --expose-gc` would. */
export function collectGarbage(): void {
  if (collect === undefined) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}
