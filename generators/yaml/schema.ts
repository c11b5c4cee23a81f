/**
 * JSON Schema validation of a YAML document (ajv), with every schema error turned into one
 * of errgen's diagnostics at the offending node's position.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import { isMap, isScalar, isSeq } from 'yaml';

import { type DiagnosticBag, diagnostics } from '../diagnostics.ts';
import { expectedAt } from './schema-notes.ts';
import { positionOfKey, positionOfPath, type SourceFile, type ValuePath } from './source.ts';
import type { SchemaName } from './validators.ts';

/** How a particular file format names its locations in messages. */
export interface SchemaVocabulary {
  /** The object a path points into, for messages: `entry "Foo"`, `the catalog`. */
  where(path: ValuePath): string;
  /** The field at a path, for messages: `status of entry "Foo"`, `codeType`. */
  field(path: ValuePath): string;
  /** The entry a path belongs to, if any (attached to the diagnostic). */
  entry(path: ValuePath): string | undefined;
  /** The field names allowed in the object at a path (for did-you-mean). */
  knownFields(path: ValuePath): readonly string[];
  /** Schema keywords whose errors semantic validation reports better; not reported here. */
  deferred: ReadonlySet<string>;
  /** The schema, for the notes beside its rules (see schema-notes.ts). */
  schema: SchemaName;
}

/**
 * Validates `data` (the document as plain values) and reports each error. Returns the paths
 * of the values that had errors reported, so callers can leave those out of later checks.
 */
export function checkSchema(
  source: SourceFile,
  data: unknown,
  validate: ValidateFunction,
  vocabulary: SchemaVocabulary,
  bag: DiagnosticBag,
): ValuePath[] {
  if (validate(data)) {
    return [];
  }
  const reported: ValuePath[] = [];
  for (const error of narrowestTypeErrors(validate.errors ?? [])) {
    const path = instancePath(error);
    if (reportSchemaError(source, path, error, vocabulary, bag)) {
      reported.push(path);
    }
  }
  return reported;
}

/**
 * The errors with one `type` error per value: a value can fail two type rules (a code that is
 * neither an integer nor a string, and not the integer that `codeType: integer` asks for),
 * and only the narrower one, which says what the value should be here, is kept.
 */
function narrowestTypeErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const typeCount = (error: ErrorObject) =>
    [(error.params as { type: unknown }).type].flat().length;
  const narrowest = new Map<string, ErrorObject>();
  for (const error of errors.filter((e) => e.keyword === 'type')) {
    const kept = narrowest.get(error.instancePath);
    if (kept === undefined || typeCount(error) < typeCount(kept)) {
      narrowest.set(error.instancePath, error);
    }
  }
  return errors.filter((e) => e.keyword !== 'type' || narrowest.get(e.instancePath) === e);
}

function instancePath(error: ErrorObject): (string | number)[] {
  return error.instancePath
    .split('/')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
}

/** Describes a value for messages: `the string "404"`, `a list`. */
export function describeValue(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value)}`;
    case 'number':
      return Number.isInteger(value) ? `the integer ${value}` : `the number ${value}`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

function describeType(type: unknown): string {
  const names: Record<string, string> = {
    integer: 'an integer',
    string: 'a string',
    object: 'a mapping',
    array: 'a list',
    number: 'a number',
    boolean: 'true or false',
  };
  const types = Array.isArray(type) ? type : [type];
  return types.map((t) => names[String(t)] ?? String(t)).join(' or ');
}

function plainValueAt(source: SourceFile, path: ValuePath): unknown {
  const node = source.document.getIn(path, true);
  return isScalar(node) ? node.value : isSeq(node) ? [] : isMap(node) ? {} : node;
}

/** Reports one schema error; false when it is deferred to semantic validation. */
function reportSchemaError(
  source: SourceFile,
  path: ValuePath,
  error: ErrorObject,
  vocabulary: SchemaVocabulary,
  bag: DiagnosticBag,
): boolean {
  // `if` only says a branch failed; the branch's own error says what is wrong.
  if (error.keyword === 'if' || vocabulary.deferred.has(error.keyword)) {
    return false;
  }
  const entry = vocabulary.entry(path);
  const field = vocabulary.field(path);
  const position = positionOfPath(source, path);
  const actual = describeValue(plainValueAt(source, path));
  switch (error.keyword) {
    case 'type': {
      const expected = describeType((error.params as { type: unknown }).type);
      bag.add(diagnostics.wrongType, { field, expected, actual }, position, entry);
      return true;
    }
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      const args = { field: missing, where: vocabulary.where(path) };
      bag.add(diagnostics.missingField, args, position, entry);
      return true;
    }
    case 'additionalProperties': {
      const unknown = (error.params as { additionalProperty: string }).additionalProperty;
      const suggestion = suggest(unknown, vocabulary.knownFields(path));
      const args = { field: unknown, where: vocabulary.where(path), suggestion };
      bag.add(diagnostics.unknownField, args, positionOfKey(source, path, unknown), entry);
      return true;
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
      const choices = allowed.map((v) => JSON.stringify(v)).join(', ');
      const detail = `must be one of ${choices}, not ${actual}`;
      bag.add(diagnostics.invalidValue, { field, detail }, position, entry);
      return true;
    }
  }
  const expected =
    error.keyword === 'pattern' ? expectedAt(vocabulary.schema, error.schemaPath) : undefined;
  const detail = expected ? `must be ${expected}, not ${actual}` : (error.message ?? 'is invalid');
  bag.add(diagnostics.invalidValue, { field, detail }, position, entry);
  return true;
}

/** The known word nearest to a misspelt one, when it is near enough to be a likely typo. */
export function suggest(word: string, known: readonly string[]): string | undefined {
  if (known.length === 0) {
    return undefined;
  }
  const candidate = closest(word, [...known]);
  const limit = Math.max(2, Math.floor(candidate.length / 3));
  return distance(word.toLowerCase(), candidate.toLowerCase()) <= limit ? candidate : undefined;
}
