/**
 * The worker thread of a lane (see off-thread.ts): loads its first target's emitter as soon as
 * the thread starts, keeps the catalog it is sent, then emits each target it is asked for.
 */
import { parentPort, workerData } from 'node:worker_threads';

import type { Catalog } from '../catalog/model.ts';
import { collectGarbage } from '../memory.ts';
import { UserError } from '../user-error.ts';
import type { Emitter, OutputFile, TargetName, TargetOptions } from './emitter.ts';
import { loadEmitter } from './emitters.ts';

/** What the main thread sends: the catalog and options once, then one target at a time. */
export type WorkerRequest = { catalog: Catalog; options: TargetOptions } | { target: TargetName };

/** What the worker answers each target with: its files, or the error its emitter threw. */
export type WorkerReply =
  { files: OutputFile[] } | { error: { message: string; stack?: string; userError: boolean } };

const port = parentPort!;
const { first } = workerData as { first: TargetName };
const emitters = new Map<TargetName, Promise<Emitter>>([[first, loadEmitter(first)]]);
let input: { catalog: Catalog; options: TargetOptions } | undefined;

port.on('message', async (request: WorkerRequest) => {
  if ('catalog' in request) {
    input = request;
  } else {
    port.postMessage(await emitted(request.target));
  }
});

async function emitted(target: TargetName): Promise<WorkerReply> {
  try {
    if (input === undefined) {
      throw new Error(`bug: ${target} was asked for before the catalog was sent`);
    }
    if (target !== first) {
      // What the last target left (its text was copied to the main thread) is garbage; a large
      // catalog's next target would otherwise grow the heap past it.
      collectGarbage();
    }
    if (!emitters.has(target)) {
      emitters.set(target, loadEmitter(target));
    }
    const emit = await emitters.get(target)!;
    return { files: await emit(input.catalog, input.options) };
  } catch (error) {
    const { message, stack } = error instanceof Error ? error : new Error(String(error));
    return { error: { message, stack, userError: error instanceof UserError } };
  }
}
