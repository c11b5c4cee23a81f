/**
 * The peer errgen is compared with: quicktype generating a TypeScript, a Go and a Python enum
 * from a JSON Schema with as many values as the catalog has codes, one process per language.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import type { NodeRun } from './measure.ts';

/** The languages quicktype generates, with the file extension of each. */
export const PEER_LANGUAGES = { typescript: 'ts', go: 'go', python: 'py' } as const;

/** A language quicktype generates for the comparison. */
export type PeerLanguage = keyof typeof PEER_LANGUAGES;

const require = createRequire(import.meta.url);

/** quicktype's command-line entry, resolved from the installed package. */
export function quicktypeScript(): string {
  const manifest = require.resolve('quicktype/package.json');
  const { bin } = require(manifest) as { bin: string | Record<string, string> };
  return join(dirname(manifest), typeof bin === 'string' ? bin : bin.quicktype!);
}

/** The schema of an error body whose `code` is an enum of `values` (the catalog's names). */
export function peerSchema(values: readonly string[]): object {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'ErrorResponse',
    type: 'object',
    properties: { code: { $ref: '#/definitions/ErrorCode' }, msg: { type: 'string' } },
    required: ['code', 'msg'],
    definitions: { ErrorCode: { type: 'string', enum: values } },
  };
}

/** Writes the schema for `values` to `path`. */
export function writePeerSchema(path: string, values: readonly string[]): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(peerSchema(values), null, 2)}\n`);
}

/** The quicktype run that turns `schemaPath` into `language` under `outDir`. */
export function peerRun(
  language: PeerLanguage,
  schemaPath: string,
  outDir: string,
  timeoutMs: number,
): NodeRun {
  const outFile = join(outDir, `error-response.${PEER_LANGUAGES[language]}`);
  const args = ['--src-lang', 'schema', '--lang', language, '--top-level', 'ErrorResponse'];
  return { script: quicktypeScript(), args: [...args, '-o', outFile, schemaPath], timeoutMs };
}
