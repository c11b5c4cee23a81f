/**
 * The libraries of the TypeScript target: ts-morph, and prettier's standalone formatter with
 * its TypeScript plugins. They are 15 MB of CommonJS, most of it ts-morph's own copy of the
 * TypeScript compiler, and loading them is most of what a small catalog's run costs, so:
 * - they are required, not imported: imported from an ES module, ts-morph would first be
 *   scanned for the names it exports (0.16 s), and prettier's ES modules could not be cached;
 * - in the build, they are compiled with V8's code cache (see code-cache.ts), kept in
 *   dist/<build>/code-cache/.
 * Prettier's main module, which resolves config files and loads plugins by name, is an ES
 * module and is imported where it is needed (typescript-format.ts).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import type { Plugin } from 'prettier';

import { loadWithCodeCache } from '../code-cache.ts';

const require = createRequire(import.meta.url);

const tsMorphFile = require.resolve('ts-morph');
const tsMorphCommonFile = createRequire(tsMorphFile).resolve('@ts-morph/common');
const compilerFile = createRequire(tsMorphCommonFile).resolve('./typescript');
const standaloneFile = require.resolve('prettier/standalone');
const typescriptPluginFile = require.resolve('prettier/plugins/typescript');
const estreePluginFile = require.resolve('prettier/plugins/estree');

const codeCache = loadWithCodeCache(
  [
    compilerFile,
    tsMorphCommonFile,
    tsMorphFile,
    standaloneFile,
    typescriptPluginFile,
    estreePluginFile,
  ],
  codeCacheFolder(),
);

/** The ts-morph package. */
export const tsMorph = require(tsMorphFile) as typeof import('ts-morph');

/** Prettier without config files or plugins by name: it formats with the plugins it is given. */
export const prettierStandalone = require(standaloneFile) as typeof import('prettier/standalone');

/** The plugins prettier formats TypeScript with: its parser, and the printer of JS syntax. */
export const typescriptPlugins: Plugin[] = [
  require(typescriptPluginFile) as Plugin,
  require(estreePluginFile) as Plugin,
];

let kept = false;

/** Keeps the code V8 compiled for these libraries so far for the next run; once a run. */
export function keepCompiledCode(): void {
  if (!kept) {
    kept = true;
    codeCache.keep();
  }
}

/**
 * The build's code-cache folder: this module is bundled into a folder of dist/<build>/.
 * Running from the TypeScript sources (under vitest), there is no build and no cache.
 */
function codeCacheFolder(): string | undefined {
  if (import.meta.url.endsWith('.ts')) {
    return undefined;
  }
  return fileURLToPath(new URL('../code-cache/', import.meta.url));
}
