/**
 * Loads a catalog: read the file, parse YAML 1.2 (core schema) keeping positions, check the
 * structure against the shipped JSON Schema, then build the model and check its meaning.
 */
import { readFileSync } from 'node:fs';

import { Ajv, type ErrorObject } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import {
  Document,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  visit,
} from 'yaml';

import { type DiagnosticBag, diagnostics, type SourcePosition } from '../diagnostics.ts';
import { catalogNameFromPath } from '../naming.ts';
import type { Catalog, CodeType, Entry } from './model.ts';
import { readCatalogText } from './read.ts';
import { validateCatalog } from './validate.ts';

const schemaUrl = new URL('../../schema/catalog.schema.json', import.meta.url);

/** The JSON Schema of the catalog format, shared with editors. */
export const catalogSchema = JSON.parse(readFileSync(schemaUrl, 'utf8')) as {
  properties: Record<string, unknown>;
  definitions: { entry: { properties: Record<string, unknown> } };
};

let compiledSchema: ReturnType<Ajv['compile']> | undefined;

function schemaValidator() {
  compiledSchema ??= new Ajv({ allErrors: true, strict: false }).compile(catalogSchema);
  return compiledSchema;
}

/** A parsed YAML file with what is needed to turn node offsets into positions. */
interface SourceFile {
  path: string;
  document: Document.Parsed;
  lines: LineCounter;
}

/** Loads and validates the catalog at `path`; undefined when any error was reported. */
export function loadCatalog(path: string, bag: DiagnosticBag): Catalog | undefined {
  const text = readCatalogText(path, bag);
  return text === undefined ? undefined : parseCatalog(text, path, bag);
}

/** Parses and validates catalog text that came from `path` (used in messages and headers). */
export function parseCatalog(text: string, path: string, bag: DiagnosticBag): Catalog | undefined {
  const source = parseYaml(text, path, bag);
  if (!source) {
    return undefined;
  }
  checkIntegers(source, bag);
  const data: unknown = source.document.toJS({ maxAliasCount: 100 });
  const broken = checkStructure(source, data, bag);
  if (broken.has(ROOT)) {
    return undefined;
  }
  // Entries with structural errors are left out so the others still get every semantic check.
  const raw = data as RawCatalog;
  const catalog = buildCatalog(source, raw, (index) => !broken.has(index));
  validateCatalog(catalog, bag, positionOfPath(source, ['catalog']), raw.errors.length);
  return bag.hasErrors() ? undefined : catalog;
}

function parseYaml(text: string, path: string, bag: DiagnosticBag): SourceFile | undefined {
  const lines = new LineCounter();
  const document = parseDocument(text, {
    version: '1.2',
    schema: 'core',
    uniqueKeys: true,
    prettyErrors: false,
    lineCounter: lines,
  });
  const source = { path, document, lines };
  for (const error of document.errors) {
    const position = positionAt(source, error.pos[0]);
    if (error.code === 'DUPLICATE_KEY') {
      const key = duplicatedKeyAt(text, error.pos[0]);
      bag.add(diagnostics.duplicateKey, { key }, position);
    } else {
      const detail = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      bag.add(diagnostics.yamlSyntax, { detail }, position);
    }
  }
  // A duplicate key leaves a usable document: go on, so that the run reports everything.
  return document.errors.every((e) => e.code === 'DUPLICATE_KEY') ? source : undefined;
}

/** The key text at a duplicate-key error's offset (the yaml package reports the key's range). */
function duplicatedKeyAt(text: string, offset: number): string {
  const match = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:\n]*)/.exec(text.slice(offset));
  const raw = (match?.[1] ?? '').trim();
  return raw.startsWith('"') || raw.startsWith("'") ? raw.slice(1, -1) : raw;
}

function positionAt(source: SourceFile, offset: number): SourcePosition {
  const { line, col } = source.lines.linePos(offset);
  return { file: source.path, line, column: col };
}

function positionOfNode(source: SourceFile, node: Node | null | undefined): SourcePosition {
  return positionAt(source, node?.range?.[0] ?? 0);
}

/** Position of the value at a path, or of the nearest node above it that exists. */
function positionOfPath(source: SourceFile, path: readonly (string | number)[]): SourcePosition {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = source.document.getIn(path.slice(0, depth), true) as Node | undefined;
    if (node && typeof node === 'object' && 'range' in node) {
      return positionOfNode(source, node);
    }
  }
  return { file: source.path, line: 1, column: 1 };
}

/** Position of the key `key` in the mapping at `path` (for unknown fields). */
function positionOfKey(source: SourceFile, path: readonly (string | number)[], key: string) {
  const map = source.document.getIn(path, true);
  if (isMap(map)) {
    const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    if (pair && isScalar(pair.key)) {
      return positionOfNode(source, pair.key);
    }
  }
  return positionOfPath(source, path);
}

/** Integers beyond 2^53 - 1 would be rounded by JavaScript, so they are refused where written. */
function checkIntegers(source: SourceFile, bag: DiagnosticBag): void {
  visit(source.document, {
    Scalar(_key, node) {
      if (typeof node.value === 'number' && Number.isInteger(node.value)) {
        if (!Number.isSafeInteger(node.value)) {
          const text = node.source ?? String(node.value);
          bag.add(diagnostics.unsafeInteger, { text }, positionOfNode(source, node));
        }
      }
    },
  });
}

interface RawEntry {
  name: string;
  code: number | string;
  status: number;
  message: string;
  description?: string;
}

interface RawCatalog {
  catalog?: string;
  codeType?: CodeType;
  codeRule?: 'status-prefix';
  errors: RawEntry[];
}

/** Marks a structural error outside any one entry. */
const ROOT = -1;

/**
 * Checks the structure against the schema and returns where errors were found: the indexes
 * of broken entries, or ROOT when the catalog around them is broken.
 */
function checkStructure(source: SourceFile, data: unknown, bag: DiagnosticBag): Set<number> {
  const broken = new Set<number>();
  const validate = schemaValidator();
  if (validate(data)) {
    return broken;
  }
  for (const error of validate.errors ?? []) {
    const path = instancePath(error);
    if (reportSchemaError(source, data, path, error, bag)) {
      broken.add(path[0] === 'errors' && typeof path[1] === 'number' ? path[1] : ROOT);
    }
  }
  return broken;
}

function instancePath(error: ErrorObject): (string | number)[] {
  return error.instancePath
    .split('/')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
}

function describeValue(value: unknown): string {
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
  };
  const types = Array.isArray(type) ? type : [type];
  return types.map((t) => names[String(t)] ?? String(t)).join(' or ');
}

/** Human name of a location: `status of entry "Foo"`, `codeType`, `errors[3]`. */
function fieldName(path: readonly (string | number)[], entry: string | undefined): string {
  if (entry !== undefined && path.length > 2) {
    return `${path.slice(2).join('.')} of entry ${JSON.stringify(entry)}`;
  }
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function entryLabel(data: unknown, path: readonly (string | number)[]): string | undefined {
  if (path[0] !== 'errors' || typeof path[1] !== 'number') {
    return undefined;
  }
  const entry = (data as RawCatalog).errors[path[1]] as Partial<RawEntry> | undefined;
  return typeof entry?.name === 'string' ? entry.name : `errors[${path[1]}]`;
}

/** Reports one schema error; false when it is left to semantic validation instead. */
function reportSchemaError(
  source: SourceFile,
  data: unknown,
  path: (string | number)[],
  error: ErrorObject,
  bag: DiagnosticBag,
): boolean {
  const entry = entryLabel(data, path);
  const isEntry = path.length === 2 && path[0] === 'errors';
  const where = isEntry
    ? `entry ${entry === undefined ? '' : JSON.stringify(entry)}`
    : 'the catalog';
  const value = source.document.getIn(path) as unknown;
  const field = fieldName(path, entry);

  switch (error.keyword) {
    case 'if':
      return false; // the failing branch's own error says what is wrong
    case 'type': {
      const type = (error.params as { type: unknown }).type;
      const actual = describeValue(toPlain(value));
      bag.add(
        diagnostics.wrongType,
        { field, expected: describeType(type), actual },
        positionOfPath(source, path),
        entry,
      );
      return true;
    }
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      const position = positionOfPath(source, path);
      bag.add(diagnostics.missingField, { field: missing, where }, position, entry);
      return true;
    }
    case 'additionalProperties': {
      const field = (error.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys(
        isEntry ? catalogSchema.definitions.entry.properties : catalogSchema.properties,
      );
      const suggestion = suggest(field, known);
      bag.add(
        diagnostics.unknownField,
        { field, where, suggestion },
        positionOfKey(source, path, field),
        entry,
      );
      return true;
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
      const detail = `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}, not ${describeValue(toPlain(value))}`;
      bag.add(diagnostics.invalidValue, { field, detail }, positionOfPath(source, path), entry);
      return true;
    }
    case 'minimum':
    case 'maximum':
    case 'minLength':
    case 'pattern':
      // Statuses, empty messages and names get a precise reason in semantic validation.
      return false;
  }
  const detail = error.message ?? 'is invalid';
  bag.add(diagnostics.invalidValue, { field, detail }, positionOfPath(source, path), entry);
  return true;
}

function toPlain(value: unknown): unknown {
  return isScalar(value) ? value.value : isSeq(value) ? [] : isMap(value) ? {} : value;
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

function buildCatalog(
  source: SourceFile,
  raw: RawCatalog,
  usable: (index: number) => boolean,
): Catalog {
  const entries: Entry[] = [];
  raw.errors.forEach((e, index) => {
    if (!usable(index)) {
      return;
    }
    const entry: Entry = {
      name: e.name,
      code: e.code,
      status: e.status,
      message: e.message,
      position: positionOfPath(source, ['errors', index]),
    };
    if (e.description !== undefined) {
      entry.description = e.description;
    }
    entries.push(entry);
  });
  return {
    name: raw.catalog ?? catalogNameFromPath(source.path),
    source: source.path.replace(/\\/g, '/'),
    codeType: raw.codeType ?? 'integer',
    ...(raw.codeRule ? { codeRule: raw.codeRule } : {}),
    entries,
  };
}
