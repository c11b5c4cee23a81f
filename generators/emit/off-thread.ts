/**
 * A second lane for the targets: a worker thread. The TypeScript target spends about a second
 * loading ts-morph and prettier before it does anything; a worker started for it before the
 * catalog is read does that loading while the main thread reads the catalog, then emits it
 * while the main thread emits the others, and then takes whichever targets are still waiting.
 * On a machine with two cores or more that takes most of the emitting off the critical path.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

import type { Catalog } from '../catalog/model.ts';
import type { SourcePosition } from '../diagnostics.ts';
import { UserError } from '../user-error.ts';
import type { OutputFile, TargetName, TargetOptions } from './emitter.ts';
import type { WorkerReply, WorkerRequest } from './worker.ts';

/** A worker thread that emits targets of one run, one at a time. */
export interface WorkerLane {
  /** The target the thread loaded first, and emits first. */
  readonly first: TargetName;
  /** Sends the catalog and options the thread's targets are emitted from. */
  send(catalog: Catalog, options: TargetOptions): void;
  /** Emits `target` on the thread; called again only once the last call has settled. */
  emit(target: TargetName): Promise<OutputFile[]>;
  /** Ends the thread. */
  stop(): void;
}

/** Lanes started ahead of the run that may take them, by first target. */
const prestarted = new Map<TargetName, WorkerLane | undefined>();

/**
 * Starts a lane for `first` now, before the run knows it will need it: the command line does
 * so before it reads its config, a tenth of a second that the thread spends loading instead.
 */
export function prestartLane(first: TargetName): void {
  if (!prestarted.has(first)) {
    prestarted.set(first, launch(first));
  }
}

/**
 * The lane for `first`, prestarted or started now; undefined when errgen runs from its
 * TypeScript sources (under vitest), where a worker thread could not load them, and every
 * target then runs on the main thread. Any other prestarted lane is stopped.
 */
export function startLane(first: TargetName): WorkerLane | undefined {
  const taken = prestarted.has(first) ? prestarted.get(first) : launch(first);
  prestarted.delete(first);
  stopPrestarted();
  return taken;
}

/** Stops the prestarted lanes no run took. */
export function stopPrestarted(): void {
  for (const lane of prestarted.values()) {
    lane?.stop();
  }
  prestarted.clear();
}

function launch(first: TargetName): WorkerLane | undefined {
  const entry = workerEntry();
  if (entry === undefined) {
    return undefined;
  }
  const worker = new Worker(entry, { workerData: { first } });
  // Only while it emits does the thread keep the process alive; a failed run exits at once.
  worker.unref();
  return {
    first,
    send: (catalog, options) => {
      worker.postMessage({ catalog: withoutPositions(catalog), options } satisfies WorkerRequest);
    },
    emit: (target) => emitOn(worker, target),
    stop: () => void worker.terminate(),
  };
}

/** The position every entry of a catalog sent to a worker has. */
const NOWHERE: SourcePosition = { file: '', line: 0, column: 0 };

/**
 * The catalog less where each entry and field is in the catalog file. Positions serve
 * diagnostics, which are all reported before any target runs, and they are most of what the
 * main thread would copy (60 ms of its time at 10,000 codes).
 */
function withoutPositions(catalog: Catalog): Catalog {
  const entries = catalog.entries.map(({ localePositions: _, ...entry }) => ({
    ...entry,
    position: NOWHERE,
    fieldPositions: {},
  }));
  return { ...catalog, entries };
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

/** Asks the worker for `target`'s files and waits for them. */
function emitOn(worker: Worker, target: TargetName): Promise<OutputFile[]> {
  worker.ref();
  return new Promise<OutputFile[]>((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`the emitters' thread exited (${code})`));
    const settle = () => {
      worker.off('error', reject).off('exit', onExit);
      worker.unref();
    };
    worker.once('message', (reply: WorkerReply) => {
      settle();
      if ('files' in reply) {
        resolve(reply.files);
      } else {
        reject(rebuiltError(reply.error));
      }
    });
    worker.once('error', reject).once('exit', onExit);
    worker.postMessage({ target } satisfies WorkerRequest);
  });
}

/** The emitter's error on this side: a user error stays one, anything else keeps its stack. */
function rebuiltError(error: Extract<WorkerReply, { error: unknown }>['error']): Error {
  const rebuilt = error.userError ? new UserError(error.message) : new Error(error.message);
  if (error.stack !== undefined) {
    rebuilt.stack = error.stack;
  }
  return rebuilt;
}
