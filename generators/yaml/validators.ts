/**
 * The JSON Schema validators of errgen's own formats, one per file in schema/. Run from the
 * sources, each is compiled with ajv on first use; the build (bin/build.js) puts ajv's
 * standalone code for the same schemas in place of this module, so the command line neither
 * loads ajv nor spends ~0.1 s compiling a schema on every run.
 */
import { readFileSync } from 'node:fs';

import { Ajv, type Options, type ValidateFunction } from 'ajv';

import { packagePath } from '../package-root.ts';

/** The schemas, by the name their file in schema/ starts with. */
export type SchemaName = 'catalog' | 'config';

/** Report every error, not only the first. bin/build.js compiles with the same options. */
const AJV_OPTIONS: Options = { allErrors: true, strict: false };

const compiled = new Map<SchemaName, ValidateFunction>();

/** The validator of schema/<name>.schema.json. */
export function validatorFor(name: SchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (validate === undefined) {
    validate = new Ajv(AJV_OPTIONS).compile(readSchema(name));
    compiled.set(name, validate);
  }
  return validate;
}

function readSchema(name: SchemaName): object {
  return JSON.parse(readFileSync(packagePath('schema', `${name}.schema.json`), 'utf8')) as object;
}
