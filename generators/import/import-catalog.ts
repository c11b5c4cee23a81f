/**
 * `errgen import` without the command line: read a table in one of the import formats, check
 * its rows, name its entries, and give back a catalog that errgen validates, as YAML text.
 * Every problem is a diagnostic at the input's line; nothing here writes files.
 */
import { basename } from 'node:path';

import { parseCatalog } from '../catalog/load.ts';
import type { Catalog, Entry } from '../catalog/model.ts';
import { validateCatalog } from '../catalog/validate.ts';
import { DiagnosticBag, diagnostics } from '../diagnostics.ts';
import { CATALOG_NAME_PATTERN, catalogNameFromPath } from '../naming.ts';
import { catalogYaml } from './catalog-yaml.ts';
import { readCsv } from './csv.ts';
import { guessFormat } from './detect.ts';
import { readJson } from './json.ts';
import { readMarkdown } from './markdown.ts';
import { chooseNames, type NamingSummary } from './names.ts';
import { checkRows, type ImportedRow } from './rows.ts';
import { type ImportFormat, lineStart, type SourceTable } from './source.ts';
import { readUpyunText } from './upyun-text.ts';

/** How to import. */
export interface ImportRequest {
  /** The input format; guessed from the text when absent. */
  format?: ImportFormat;
  /** The catalog name (default: the input's `catalog` field, else its file name). */
  catalogName?: string;
  /** Leave unreadable rows out with a warning instead of failing. */
  allowPartial?: boolean;
}

/** What an import produced; undefined fields when it failed. */
export interface ImportResult {
  format?: ImportFormat;
  /** True when the format was guessed, not given. */
  guessed: boolean;
  catalog?: Catalog;
  /** The catalog file's text. */
  yaml?: string;
  naming?: NamingSummary;
  /** Rows that could not be read (errors, or warnings with allowPartial). */
  badRows: number;
}

const READERS: Record<
  ImportFormat,
  (text: string, path: string, bag: DiagnosticBag) => SourceTable
> = {
  'upyun-text': readUpyunText,
  markdown: readMarkdown,
  csv: readCsv,
  json: readJson,
};

/** Imports `text`, read from `path`; diagnostics go to `bag`. */
export function importCatalog(
  text: string,
  path: string,
  request: ImportRequest,
  bag: DiagnosticBag,
): ImportResult {
  const format = request.format ?? guessFormat(text);
  const guessed = request.format === undefined;
  if (format === undefined) {
    bag.add(diagnostics.importFormatUnknown, { path }, lineStart(path, 1));
    return { guessed, badRows: 0 };
  }
  const table = READERS[format](text, path, bag);
  const checked = checkRows(table, bag);
  reportBadRows(table, request.allowPartial === true, bag);
  if (bag.hasErrors()) {
    return { format, guessed, badRows: table.problems.length };
  }
  const { names, summary } = chooseNames(checked.rows, bag);
  const catalog: Catalog = {
    name: request.catalogName ?? table.catalogName ?? catalogNameFor(path),
    source: path,
    codeType: checked.codeType,
    ...(hasStatusPrefixes(checked.rows) ? { codeRule: 'status-prefix' as const } : {}),
    entries: checked.rows.map((row, i) => entryOf(row, names[i]!)),
  };
  if (!checkImported(catalog, path, bag)) {
    return { format, guessed, badRows: table.problems.length };
  }
  const yaml = catalogYaml(catalog, originComment(path, format));
  assertValid(yaml, path);
  return { format, guessed, catalog, yaml, naming: summary, badRows: table.problems.length };
}

function reportBadRows(table: SourceTable, allowPartial: boolean, bag: DiagnosticBag): void {
  const definition = allowPartial ? diagnostics.importRowLeftOut : diagnostics.importBadRow;
  for (const { position, detail } of table.problems) {
    bag.add(definition, { detail }, position);
  }
}

/**
 * The catalog name for an input file: its name up to the first dot, with characters a catalog
 * name cannot hold turned into `-` and anything before the first letter dropped (else `api`).
 */
export function catalogNameFor(path: string): string {
  const name = catalogNameFromPath(path)
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^[^A-Za-z]+/, '')
    .replace(/-+$/, '');
  return CATALOG_NAME_PATTERN.test(name) ? name : 'api';
}

/** Whether the catalog can declare `codeRule: status-prefix`: integer codes that all start so. */
function hasStatusPrefixes(rows: readonly ImportedRow[]): boolean {
  return (
    rows.length > 0 &&
    rows.every((row) => typeof row.code === 'number' && `${row.code}`.startsWith(`${row.status}`))
  );
}

function entryOf(row: ImportedRow, name: string): Entry {
  const entry: Entry = {
    name,
    code: row.code,
    status: row.status,
    message: row.message,
    position: row.position,
    fieldPositions: row.fieldPositions,
  };
  return row.description === undefined ? entry : { ...entry, description: row.description };
}

/**
 * Runs errgen's catalog validation on the imported entries, at their input positions. Only
 * errors are kept: warnings (a status below 400, say) are for `errgen validate` to raise.
 */
function checkImported(catalog: Catalog, path: string, bag: DiagnosticBag): boolean {
  const checks = new DiagnosticBag();
  validateCatalog(catalog, checks, lineStart(path, 1));
  const errors = checks.items.filter((d) => d.severity === 'error');
  bag.items.push(...errors);
  return errors.length === 0;
}

/** The first line of the written catalog. */
function originComment(path: string, format: ImportFormat): string {
  const file = basename(path).replace(/[\r\n\u0085\u2028\u2029]+/g, ' ');
  return `Imported by errgen from ${file} (${format}); this catalog is now the source to edit.`;
}

/** The written text must load as a valid catalog; if it does not, errgen has a bug. */
function assertValid(yaml: string, path: string): void {
  const bag = new DiagnosticBag();
  if (!parseCatalog(yaml, `${path}.yaml`, bag) || bag.hasErrors()) {
    const first = bag.items.find((d) => d.severity === 'error');
    throw new Error(`the catalog imported from ${path} does not validate: ${first?.message}`);
  }
}
