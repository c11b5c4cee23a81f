/**
 * V8's compiled code for big CommonJS files, kept on disk between runs. Node.js 22 keeps it
 * for every module (`module.enableCompileCache()`, which bin/errgen.js turns on there);
 * Node.js 20 keeps none, and compiling ts-morph's copy of the TypeScript compiler, 9 MB of
 * JavaScript, then costs 0.2 s of every run. This module loads the files it is given with a
 * cache of their own, one file each in a folder of the build.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

import { exposeGc } from './memory.ts';

/** What became of the code cache of each file `loadWithCodeCache` loaded. */
export interface CodeCacheLoad {
  /** The files whose cached code V8 took. */
  readonly reused: readonly string[];
  /**
   * Writes the cache of each file that had none, or one V8 refused. Called once the loaded
   * code has run for a while, so the cache holds the functions V8 compiled on the way as well.
   * Returns the files written; a folder that cannot be written is not an error.
   */
  keep(): string[];
}

/** The CommonJS loader's module registry: `require.cache`, shared by every `require`. */
const registry = createRequire(import.meta.url).cache;

/**
 * Loads `files` (absolute paths of CommonJS modules, each listed after the files it requires)
 * into `require.cache`, compiled with the code cached in `cacheFolder`, so that a later
 * `require` of any of them returns what was loaded here. A file already loaded is left alone;
 * with no folder, or on a Node.js that caches code itself, nothing is done.
 */
export function loadWithCodeCache(
  files: readonly string[],
  cacheFolder: string | undefined,
): CodeCacheLoad {
  if (cacheFolder === undefined || 'enableCompileCache' in Module) {
    return { reused: [], keep: () => [] };
  }
  exposeGc();
  const loads = files
    .filter((file) => registry[file] === undefined)
    .map((file) => load(file, cacheFolder));
  return {
    reused: loads.filter((load) => load.reused).map((load) => load.file),
    keep: () => loads.filter((load) => !load.reused && load.keep()).map((load) => load.file),
  };
}

interface FileLoad {
  file: string;
  reused: boolean;
  keep(): boolean;
}

/** Compiles and runs one file as `require` would, with its cached code when there is some. */
function load(file: string, cacheFolder: string): FileLoad {
  const source = readFileSync(file, 'utf8');
  const cacheFile = join(cacheFolder, `${cacheKey(file)}.bin`);
  const cachedData = readIfPresent(cacheFile);
  // The wrapper Node.js puts around a CommonJS module, on the source's first line, so that
  // lines and columns in stack traces stay the file's own.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapped, { filename: file, cachedData });

  const module = new Module(file);
  module.filename = file;
  module.paths = createRequire(file).resolve.paths('') ?? [];
  registry[file] = module;
  try {
    script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  } catch (error) {
    delete registry[file];
    throw error;
  }
  module.loaded = true;

  const reused = cachedData !== undefined && script.cachedDataRejected === false;
  return { file, reused, keep: () => writeAtomically(cacheFile, script.createCachedData()) };
}

/**
 * The cache file's name: the file's path, size and modification time, and the Node.js that
 * compiled it. V8 checks the rest (its version, flags and the source's length) and refuses a
 * cache that does not match.
 */
function cacheKey(file: string): string {
  const { size, mtimeMs } = statSync(file);
  const key = [file, size, mtimeMs, process.version, process.arch].join('\0');
  return createHash('sha1').update(key).digest('hex').slice(0, 20);
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Writes a private copy, then renames it into place: a run that reads the cache while another
 * writes it sees the old file or the new one, never half of one. Says whether it was written.
 */
function writeAtomically(file: string, data: Buffer): boolean {
  const scratch = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(scratch, data);
    renameSync(scratch, file);
    return true;
  } catch {
    try {
      rmSync(scratch, { force: true });
    } catch {
      // The scratch file was never made: the folder is not there or not a folder.
    }
    return false;
  }
}
