/** Each target's emitter, imported only when the target is generated. */
import type { Emitter, TargetName } from './emitter.ts';

const loaders: Record<TargetName, () => Promise<Emitter>> = {
  typescript: async () => (await import('./typescript.ts')).emitTypeScript,
  openapi: async () => (await import('./openapi.ts')).emitOpenApi,
  go: async () => (await import('./go.ts')).emitGo,
  python: async () => (await import('./python.ts')).emitPython,
  docs: async () => (await import('./docs.ts')).emitDocs,
};

/** The emitter of `target`, with the modules it needs loaded. */
export function loadEmitter(target: TargetName): Promise<Emitter> {
  return loaders[target]();
}
