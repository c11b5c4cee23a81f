/**
 * Loads a catalog: read the file, parse YAML 1.2 (core schema) keeping positions, check the
 * structure against the shipped JSON Schema, then build the model and check its meaning.
 */
import { readFileSync } from 'node:fs';

import { type Document, isMap, isSeq } from 'yaml';

import { type DiagnosticBag, diagnostics } from '../diagnostics.ts';
import { catalogNameFromPath } from '../naming.ts';
import { packagePath } from '../package-root.ts';
import { checkSchema, type SchemaVocabulary } from '../yaml/schema.ts';
import {
  checkIntegers,
  parseYamlSource,
  positionOfKey,
  positionOfPath,
  type SourceFile,
  type ValuePath,
} from '../yaml/source.ts';
import { validatorFor } from '../yaml/validators.ts';
import {
  type Catalog,
  type CodeType,
  DEFAULT_LOCALE,
  type Entry,
  type EntryField,
  type LifecycleField,
} from './model.ts';
import { readCatalogText } from './read.ts';
import { validateCatalog } from './validate.ts';

const schemaPath = packagePath('schema', 'catalog.schema.json');

/** The JSON Schema of the catalog format, shared with editors. */
export const catalogSchema = JSON.parse(readFileSync(schemaPath, 'utf8')) as {
  properties: Record<string, unknown>;
  definitions: { entry: { properties: Record<string, unknown> } };
};

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
  const source = parseYamlSource(text, path, bag, entryNameAt);
  if (!source) {
    return undefined;
  }
  checkIntegers(source, bag, entryNameAt);
  const raw = plainValue(source, bag) as RawCatalog | undefined;
  if (raw === undefined) {
    return undefined;
  }
  const validate = validatorFor('catalog');
  const reported = checkSchema(source, raw, validate, catalogVocabulary(raw), bag);
  if (!Array.isArray(raw?.errors)) {
    return undefined;
  }
  // An error outside the entries (an unknown top-level field, say) does not stop their checks;
  // entries with structural errors are left out so the others still get every semantic check.
  const broken = new Set(reported.map((path) => (path[0] === 'errors' ? path[1] : undefined)));
  const catalog = buildCatalog(source, raw, sourceName, (index) => !broken.has(index));
  validateCatalog(catalog, bag, positionOfPath(source, ['catalog']), raw.errors.length);
  return bag.hasErrors() ? undefined : catalog;
}

/** The document as plain values; an alias expansion too large to be sane is a YAML error. */
function plainValue(source: SourceFile, bag: DiagnosticBag): unknown {
  try {
    return source.document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    bag.add(diagnostics.yamlSyntax, { detail }, { file: source.path, line: 1, column: 1 });
    return undefined;
  }
}

/** The name of the catalog entry whose text spans `offset`, for messages about raw YAML. */
function entryNameAt(document: Document.Parsed, offset: number): string | undefined {
  const errors = document.get('errors', true);
  if (!isSeq(errors)) {
    return undefined;
  }
  const entry = errors.items.find((item) => {
    const range = (item as { range?: [number, number, number] }).range;
    return range !== undefined && range[0] <= offset && offset < range[2];
  });
  const name = isMap(entry) ? entry.get('name') : undefined;
  return typeof name === 'string' ? name : undefined;
}

interface RawEntry {
  name: string;
  code: number | string;
  status: number;
  message: string;
  description?: string | Record<string, string>;
  deprecated?: boolean | { reason?: string; replacedBy?: string };
  retired?: boolean | { reason: string };
  retryable?: boolean;
}

interface RawCatalog {
  catalog?: string;
  codeType?: CodeType;
  codeRule?: 'status-prefix';
  locales?: string[];
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
  const field = (path: ValuePath) => {
    if (path.length === 0) {
      return 'the catalog';
    }
    const name = entry(path);
    if (name !== undefined && path.length > 2) {
      return `${path.slice(2).join('.')} of entry ${JSON.stringify(name)}`;
    }
    return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  };
  const isEntry = (path: ValuePath) => path.length === 2 && path[0] === 'errors';
  const isInEntry = (path: ValuePath) => path.length > 2 && path[0] === 'errors';
  const where = (path: ValuePath) => {
    if (isEntry(path)) {
      return `entry ${JSON.stringify(entry(path))}`;
    }
    return isInEntry(path) ? field(path) : 'the catalog';
  };
  return {
    entry,
    where,
    field,
    knownFields: (path) => Object.keys(knownFieldsAt(path, isEntry(path), isInEntry(path))),
    // Statuses, empty messages and names get a precise reason in semantic validation.
    deferred: new Set(['minimum', 'maximum', 'minLength', 'pattern']),
    schema: 'catalog',
  };
}

/** The schema properties of the mapping at a path: the catalog, an entry, or a field of one. */
function knownFieldsAt(path: ValuePath, isEntry: boolean, isInEntry: boolean): object {
  const entryProperties = catalogSchema.definitions.entry.properties;
  if (isEntry) {
    return entryProperties;
  }
  if (isInEntry) {
    const nested = entryProperties[String(path[2])] as { properties?: object } | undefined;
    return nested?.properties ?? {};
  }
  return catalogSchema.properties;
}

const ENTRY_FIELDS = [
  'name',
  'code',
  'status',
  'message',
  'description',
  'deprecated',
  'retired',
  'retryable',
] as const satisfies readonly (EntryField | LifecycleField)[];

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
  if (typeof entry.deprecated === 'object' && entry.deprecated.replacedBy !== undefined) {
    positions.replacedBy = positionOfPath(source, ['errors', index, 'deprecated', 'replacedBy']);
  }
  return positions;
}

/** The lifecycle fields of an entry, `true` and `false` turned into their model form. */
function lifecycleOf(e: RawEntry): Pick<Entry, 'deprecated' | 'retired' | 'retryable'> {
  const fields: Pick<Entry, 'deprecated' | 'retired' | 'retryable'> = {};
  if (e.deprecated) {
    fields.deprecated = e.deprecated === true ? {} : { ...e.deprecated };
  }
  if (e.retired) {
    fields.retired = e.retired === true ? {} : { reason: e.retired.reason };
  }
  if (e.retryable) {
    fields.retryable = true;
  }
  return fields;
}

/** The entry's description in every locale, and the default locale's text on its own. */
function descriptionsOf(
  source: SourceFile,
  index: number,
  raw: RawEntry['description'],
  defaultLocale: string,
): Pick<Entry, 'description' | 'descriptions' | 'localePositions'> {
  if (raw === undefined) {
    return {};
  }
  if (typeof raw === 'string') {
    return { description: raw, descriptions: { [defaultLocale]: raw } };
  }
  const path = ['errors', index, 'description'];
  const localePositions = Object.fromEntries(
    Object.keys(raw).map((tag) => [tag, positionOfKey(source, path, tag)]),
  );
  const fields = { descriptions: { ...raw }, localePositions };
  return raw[defaultLocale] === undefined ? fields : { ...fields, description: raw[defaultLocale] };
}

/** The catalog's locales when it lists usable ones; the schema reports any others. */
function declaredLocales(raw: RawCatalog): string[] | undefined {
  const { locales } = raw;
  const usable = Array.isArray(locales) && locales.length > 0;
  return usable && locales.every((tag) => typeof tag === 'string') ? locales : undefined;
}

function buildCatalog(
  source: SourceFile,
  raw: RawCatalog,
  sourceName: string,
  usable: (index: number) => boolean,
): Catalog {
  const entries: Entry[] = [];
  const locales = declaredLocales(raw);
  const defaultLocale = locales?.[0] ?? DEFAULT_LOCALE;
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
      ...descriptionsOf(source, index, e.description, defaultLocale),
    };
    entries.push({ ...entry, ...lifecycleOf(e) });
  });
  return {
    // Fields the schema refused fall back to defaults, so entries can still be checked.
    name: typeof raw.catalog === 'string' ? raw.catalog : catalogNameFromPath(source.path),
    source: sourceName.replace(/\\/g, '/'),
    codeType: raw.codeType === 'string' ? 'string' : 'integer',
    codeTypePosition: positionOfPath(source, ['codeType']),
    ...(raw.codeRule === 'status-prefix' ? { codeRule: raw.codeRule } : {}),
    ...(locales ? { locales, localesPosition: positionOfPath(source, ['locales']) } : {}),
    entries,
  };
}
