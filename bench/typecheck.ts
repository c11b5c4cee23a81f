/**
 * How fast the generated TypeScript type-checks, against the least a catalog of that size can
 * cost tsc: a plain `export const Codes = { Name: code, ... } as const` with the same members.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { typescriptName } from '../generators/naming.ts';
import type { SyntheticEntry } from './catalog.ts';
import type { NodeRun } from './measure.ts';

const require = createRequire(import.meta.url);

/** The two files tsc checks, each with its own tsconfig. */
export interface TypecheckPair {
  generated: string;
  plain: string;
}

/** The plain module: one `as const` object, members named as in the generated enum. */
export function plainConstModule(entries: readonly SyntheticEntry[]): string {
  const members = entries.map((e) => `  ${typescriptName(e.name)}: ${e.code},`);
  return ['export const Codes = {', ...members, '} as const;', ''].join('\n');
}

/** Copies the generated errors.ts next to its plain twin in `dir`, with a tsconfig for each. */
export function writeTypecheckPair(
  dir: string,
  generatedTs: string,
  entries: readonly SyntheticEntry[],
): TypecheckPair {
  mkdirSync(dir, { recursive: true });
  // tsc under NodeNext reads a .ts file as an ES module only inside a "type": "module" package.
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  copyFileSync(generatedTs, join(dir, 'errors.ts'));
  writeFileSync(join(dir, 'plain.ts'), plainConstModule(entries));
  return { generated: writeTsconfig(dir, 'errors.ts'), plain: writeTsconfig(dir, 'plain.ts') };
}

/** A strict, no-emit tsconfig for `file` alone: no @types, library files not re-checked. */
function writeTsconfig(dir: string, file: string): string {
  const compilerOptions = {
    strict: true,
    noEmit: true,
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    skipLibCheck: true,
    types: [],
  };
  const path = join(dir, `tsconfig.${file.replace(/\.ts$/, '')}.json`);
  writeFileSync(path, `${JSON.stringify({ compilerOptions, files: [file] }, null, 2)}\n`);
  return path;
}

/** The tsc run over one project. */
export function tscRun(project: string, timeoutMs: number): NodeRun {
  const script = require.resolve('typescript/bin/tsc');
  return { script, args: ['-p', project, '--extendedDiagnostics'], timeoutMs };
}

/** tsc's own "Check time" in ms, from --extendedDiagnostics output, if it printed one. */
export function checkTimeMs(stdout: string): number | undefined {
  const match = /^Check time:\s+([\d.]+)s$/m.exec(stdout);
  return match ? Number(match[1]) * 1000 : undefined;
}
