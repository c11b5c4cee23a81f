/**
 * The whole run in memory: load and validate the catalog, then run each target's emitter.
 * Nothing here touches the output folder; writing is a separate, all-or-nothing step.
 */
import type { Catalog } from './catalog/model.ts';
import { loadCatalog } from './catalog/load.ts';
import { DiagnosticBag } from './diagnostics.ts';
import {
  type Emitter,
  type OutputFile,
  TARGET_NAMES,
  type TargetName,
  type TargetOptions,
} from './emit/emitter.ts';
import { goPackageName, pythonPackageName } from './naming.ts';

/** Each target's emitter, loaded only when the target is generated. */
const emitters: Record<TargetName, () => Promise<Emitter>> = {
  typescript: async () => (await import('./emit/typescript.ts')).emitTypeScript,
  openapi: async () => (await import('./emit/openapi.ts')).emitOpenApi,
  go: async () => (await import('./emit/go.ts')).emitGo,
  python: async () => (await import('./emit/python.ts')).emitPython,
  docs: async () => (await import('./emit/docs.ts')).emitDocs,
};

/** The options a catalog gets when the configuration says nothing. */
export function defaultTargetOptions(catalog: Catalog, outDir = 'out'): TargetOptions {
  return {
    outDir,
    typescript: { file: 'ts/errors.ts' },
    openapi: { dir: 'openapi', formats: ['yaml', 'json'] },
    go: {
      dir: 'go',
      package: goPackageName(catalog.name),
      module: `example.com/${goPackageName(catalog.name)}`,
    },
    python: { dir: 'python', package: pythonPackageName(catalog.name) },
    docs: { file: 'docs/errors.md' },
  };
}

/** What a run asks for. */
export interface GenerateRequest {
  catalogPath: string;
  /** How generated headers cite the catalog (default: catalogPath). */
  catalogName?: string;
  /** Where the files will be written (default: out); paths in the result are relative to it. */
  outDir?: string;
  targets?: readonly TargetName[];
  /** Changes to the default options; applied per target. */
  options?: (defaults: TargetOptions) => TargetOptions;
  /** Warnings stop the run too (--strict). */
  strict?: boolean;
  /** Runs a phase; the command line times phases with it under --verbose. */
  time?: <T>(label: string, phase: () => Promise<T>) => Promise<T>;
}

/** What a run produced: the files (empty when any error was reported) and the diagnostics. */
export interface GenerateResult {
  catalog?: Catalog;
  files: OutputFile[];
  diagnostics: DiagnosticBag;
}

/** Loads, validates and emits every requested target, in memory. */
export async function generate(request: GenerateRequest): Promise<GenerateResult> {
  const time = request.time ?? ((_label, phase) => phase());
  const diagnostics = new DiagnosticBag();
  const catalog = await time('load', async () =>
    loadCatalog(request.catalogPath, diagnostics, request.catalogName),
  );
  if (!catalog || diagnostics.hasErrors(request.strict)) {
    return { files: [], diagnostics };
  }
  const defaults = defaultTargetOptions(catalog, request.outDir);
  const options = request.options ? request.options(defaults) : defaults;
  const files: OutputFile[] = [];
  for (const target of request.targets ?? TARGET_NAMES) {
    const emit = await emitters[target]();
    files.push(...(await time(target, () => emit(catalog, options))));
  }
  return { catalog, files, diagnostics };
}
