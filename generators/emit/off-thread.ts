/**
 * Runs a target on a worker thread. The TypeScript target spends about a second loading
 * ts-morph and prettier before it does anything; started on its own thread before the catalog
 * is read, that load and then its work overlap the loading and the other targets, which on a
 * machine with two cores or more takes it off the run's critical path.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

import type { Catalog } from '../catalog/model.ts';
import { UserError } from '../user-error.ts';
import type { Emitter, OutputFile, TargetName, TargetOptions } from './emitter.ts';
import type { WorkerReply, WorkerRequest } from './worker.ts';

/** A target's emitter running on its own thread; `stop` ends the thread if it is not needed. */
export interface OffThreadTarget {
  emit: Emitter;
  stop(): void;
}

/**
 * Starts `target`'s worker, or returns undefined when errgen runs from its TypeScript sources
 * (under vitest), where a worker thread could not load them; the target then runs in-process.
 */
export function startOffThread(target: TargetName): OffThreadTarget | undefined {
  const entry = workerEntry();
  if (entry === undefined) {
    return undefined;
  }
  const worker = new Worker(entry, { workerData: { target } });
  // Until it is asked for files, the thread must not keep a failed run from exiting.
  worker.unref();
  return {
    emit: (catalog, options) => emitOn(worker, catalog, options),
    stop: () => void worker.terminate(),
  };
}

/**
 * The worker's script in the bundle: this module is bundled into dist/<build>/chunks/ or
 * dist/<build>/cli/, and the script is dist/<build>/emit/worker.js.
 */
function workerEntry(): string | undefined {
  if (import.meta.url.endsWith('.ts')) {
    return undefined;
  }
  return fileURLToPath(new URL('../emit/worker.js', import.meta.url));
}

/** Sends the catalog to the worker and waits for its files; the thread ends either way. */
function emitOn(worker: Worker, catalog: Catalog, options: TargetOptions): Promise<OutputFile[]> {
  worker.ref();
  return new Promise<OutputFile[]>((resolve, reject) => {
    worker.once('message', (reply: WorkerReply) => {
      if ('files' in reply) {
        resolve(reply.files);
      } else {
        reject(rebuiltError(reply.error));
      }
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the emitter's thread exited (${code})`)));
    worker.postMessage({ catalog, options } satisfies WorkerRequest);
  }).finally(() => void worker.terminate());
}

/** The emitter's error on this side: a user error stays one, anything else keeps its stack. */
function rebuiltError(error: Extract<WorkerReply, { error: unknown }>['error']): Error {
  const rebuilt = error.userError ? new UserError(error.message) : new Error(error.message);
  if (error.stack !== undefined) {
    rebuilt.stack = error.stack;
  }
  return rebuilt;
}
