/**
 * Where errgen's own files (schemas, templates) are. The code runs from generators/ under
 * vitest and from the bundle in dist/, so paths are resolved from the package root, never
 * from the importing module's location.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder that holds errgen's package.json. */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the package, from its root: `packagePath('schema', 'catalog.schema.json')`. */
export function packagePath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) {
      return dir;
    }
    if (dirname(dir) === dir) {
      throw new Error(`errgen: no package.json above ${start}`);
    }
  }
}
