/**
 * Loads a catalog: read the file, parse YAML 1.2 (core schema) keeping positions, check the
 * structure against the shipped JSON Schema, then build the model and check its meaning.
 */
import { readFileSync } from 'node:fs';

import type { DiagnosticBag } from '../diagnostics.ts';
import { catalogNameFromPath } from '../naming.ts';
import { checkSchema, compileSchema, type SchemaVocabulary } from '../yaml/schema.ts';
import {
  checkIntegers,
  parseYamlSource,
  positionOfPath,
  type SourceFile,
  type ValuePath,
} from '../yaml/source.ts';
import type { Catalog, CodeType, Entry, EntryField } from './model.ts';
import { readCatalogText } from './read.ts';
import { validateCatalog } from './validate.ts';

const schemaUrl = new URL('../../schema/catalog.schema.json', import.meta.url);

/** The JSON Schema of the catalog format, shared with editors. */
export const catalogSchema = JSON.parse(readFileSync(schemaUrl, 'utf8')) as {
  properties: Record<string, unknown>;
  definitions: { entry: { properties: Record<string, unknown> } };
};

let compiledSchema: ReturnType<typeof compileSchema> | undefined;

/**
 * Loads and validates the catalog at `path`; undefined when any error was reported.
 * `sourceName` is how generated headers cite it (default: `path`).
 */
export function loadCatalog(
  path: string,
  bag: DiagnosticBag,
  sourceName = path,
): Catalog | undefined {
  const text = readCatalogText(path, bag);
  return text === undefined ? undefined : parseCatalog(text, path, bag, sourceName);
}

/** Parses and validates catalog text that came from `path` (used in diagnostics). */
export function parseCatalog(
  text: string,
  path: string,
  bag: DiagnosticBag,
  sourceName = path,
): Catalog | undefined {
  const source = parseYamlSource(text, path, bag);
  if (!source) {
    return undefined;
  }
  checkIntegers(source, bag);
  const raw = source.document.toJS({ maxAliasCount: 100 }) as RawCatalog;
  compiledSchema ??= compileSchema(catalogSchema);
  const reported = checkSchema(source, raw, compiledSchema, catalogVocabulary(raw), bag);
  const broken = new Set(reported.map((path) => (path[0] === 'errors' ? path[1] : undefined)));
  if (broken.has(undefined)) {
    return undefined;
  }
  // Entries with structural errors are left out so the others still get every semantic check.
  const catalog = buildCatalog(source, raw, sourceName, (index) => !broken.has(index));
  validateCatalog(catalog, bag, positionOfPath(source, ['catalog']), raw.errors.length);
  return bag.hasErrors() ? undefined : catalog;
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

/** How catalog locations read in messages: entries by name, fields by their key. */
function catalogVocabulary(raw: RawCatalog): SchemaVocabulary {
  const entry = (path: ValuePath) => {
    if (path[0] !== 'errors' || typeof path[1] !== 'number') {
      return undefined;
    }
    const value = (raw.errors as unknown[])[path[1]] as Partial<RawEntry> | undefined;
    return typeof value?.name === 'string' ? value.name : `errors[${path[1]}]`;
  };
  const isEntry = (path: ValuePath) => path.length === 2 && path[0] === 'errors';
  return {
    entry,
    where: (path) => (isEntry(path) ? `entry ${JSON.stringify(entry(path))}` : 'the catalog'),
    field: (path) => {
      const name = entry(path);
      if (name !== undefined && path.length > 2) {
        return `${path.slice(2).join('.')} of entry ${JSON.stringify(name)}`;
      }
      return path
        .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`))
        .join('');
    },
    knownFields: (path) =>
      Object.keys(
        isEntry(path) ? catalogSchema.definitions.entry.properties : catalogSchema.properties,
      ),
    // Statuses, empty messages and names get a precise reason in semantic validation.
    deferred: new Set(['minimum', 'maximum', 'minLength', 'pattern']),
  };
}

const ENTRY_FIELDS: readonly EntryField[] = ['name', 'code', 'status', 'message', 'description'];

function fieldPositions(
  source: SourceFile,
  index: number,
  entry: RawEntry,
): Entry['fieldPositions'] {
  const positions: Entry['fieldPositions'] = {};
  for (const field of ENTRY_FIELDS) {
    if (entry[field] !== undefined) {
      positions[field] = positionOfPath(source, ['errors', index, field]);
    }
  }
  return positions;
}

function buildCatalog(
  source: SourceFile,
  raw: RawCatalog,
  sourceName: string,
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
      fieldPositions: fieldPositions(source, index, e),
    };
    if (e.description !== undefined) {
      entry.description = e.description;
    }
    entries.push(entry);
  });
  return {
    name: raw.catalog ?? catalogNameFromPath(source.path),
    source: sourceName.replace(/\\/g, '/'),
    codeType: raw.codeType ?? 'integer',
    ...(raw.codeRule ? { codeRule: raw.codeRule } : {}),
    entries,
  };
}
