/**
 * ts-morph, loaded for the TypeScript target. It is 13 MB of CommonJS, most of it its own copy
 * of the TypeScript compiler, and loading it is most of what a small catalog's run costs, so:
 * - it is required, not imported: imported from an ES module, ts-morph would first be scanned
 *   for the names it exports (0.16 s);
 * - in the build, its three files are compiled with V8's code cache (see code-cache.ts), kept
 *   in dist/<build>/code-cache/.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { loadWithCodeCache } from '../code-cache.ts';

const require = createRequire(import.meta.url);
const tsMorphFile = require.resolve('ts-morph');
const commonFile = createRequire(tsMorphFile).resolve('@ts-morph/common');
const compilerFile = createRequire(commonFile).resolve('./typescript');

const codeCache = loadWithCodeCache([compilerFile, commonFile, tsMorphFile], codeCacheFolder());

/** The ts-morph package. */
export const tsMorph = require(tsMorphFile) as typeof import('ts-morph');

let kept = false;

/** Keeps the code V8 compiled for ts-morph so far for the next run; only the first call does. */
export function keepTsMorphCode(): void {
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
