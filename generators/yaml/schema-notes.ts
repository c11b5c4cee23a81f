/**
 * What errgen's schemas say beside a rule, for messages: a pattern is a regular expression to
 * ajv, and an `x-expected` note beside it says in words what it asks for. Kept apart from
 * validators.ts, which the build replaces with precompiled code.
 */
import { readFileSync } from 'node:fs';

import { packagePath } from '../package-root.ts';
import type { SchemaName } from './validators.ts';

/**
 * The `x-expected` note beside the rule at `schemaPath` (`#/definitions/relativePath/pattern`)
 * of schema/<name>.schema.json, if it has one. Read when a value fails, which a successful
 * run never does.
 */
export function expectedAt(name: SchemaName, schemaPath: string): string | undefined {
  const keys = schemaPath.replace(/^#\//, '').split('/').slice(0, -1);
  const path = packagePath('schema', `${name}.schema.json`);
  let node: unknown = JSON.parse(readFileSync(path, 'utf8'));
  for (const key of keys) {
    node = isObject(node) ? node[key] : undefined;
  }
  const note = isObject(node) ? node['x-expected'] : undefined;
  return typeof note === 'string' ? note : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
