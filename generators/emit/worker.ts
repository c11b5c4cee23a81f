/**
 * The worker thread side of an off-thread target (see off-thread.ts): loads the target's
 * emitter as soon as the thread starts, then emits the catalog it is sent, once.
 */
import { parentPort, workerData } from 'node:worker_threads';

import type { Catalog } from '../catalog/model.ts';
import { UserError } from '../user-error.ts';
import type { OutputFile, TargetName, TargetOptions } from './emitter.ts';
import { loadEmitter } from './emitters.ts';

/** What the main thread sends: the catalog and options to emit. */
export interface WorkerRequest {
  catalog: Catalog;
  options: TargetOptions;
}

/** What the worker answers: the files, or the error the emitter threw. */
export type WorkerReply =
  { files: OutputFile[] } | { error: { message: string; stack?: string; userError: boolean } };

const port = parentPort!;
const emitter = loadEmitter((workerData as { target: TargetName }).target);

port.once('message', async ({ catalog, options }: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { files: await (await emitter)(catalog, options) };
  } catch (error) {
    const { message, stack } = error instanceof Error ? error : new Error(String(error));
    reply = { error: { message, stack, userError: error instanceof UserError } };
  }
  port.postMessage(reply);
});
