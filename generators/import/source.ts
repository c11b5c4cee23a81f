/**
 * What every input format's reader produces: the table's rows as the input has them (cell
 * text or JSON values, with positions), before any of them is checked or named.
 */
import type { CodeType } from '../catalog/model.ts';
import type { SourcePosition } from '../diagnostics.ts';

/** The formats `errgen import` reads. */
export type ImportFormat = 'upyun-text' | 'markdown' | 'csv' | 'json';

/** Every import format, in the order `--format` lists them. */
export const IMPORT_FORMATS: readonly ImportFormat[] = ['upyun-text', 'markdown', 'csv', 'json'];

/** The entry fields an input table can fill. */
export type ImportField = 'name' | 'code' | 'status' | 'message' | 'description';

/** Every import field, in the order a catalog entry lists them. */
export const IMPORT_FIELDS: readonly ImportField[] = [
  'name',
  'code',
  'status',
  'message',
  'description',
];

/** One value of a row, as written, and where. */
export interface SourceValue {
  value: unknown;
  position: SourcePosition;
}

/** One row of the input table: the entry fields it has, keyed like the catalog's. */
export interface SourceRow {
  position: SourcePosition;
  fields: Partial<Record<ImportField, SourceValue>>;
}

/** A row that cannot become an entry, and why. */
export interface RowProblem {
  position: SourcePosition;
  detail: string;
}

/** A whole input, read: its rows, its unreadable rows, and what the format itself declares. */
export interface SourceTable {
  rows: SourceRow[];
  problems: RowProblem[];
  /** Declared by a JSON input; otherwise inferred from the codes. */
  codeType?: CodeType;
  /** Declared by a JSON input's `catalog` field. */
  catalogName?: string;
}

/** An empty table, for readers to fill. */
export function emptyTable(): SourceTable {
  return { rows: [], problems: [] };
}

/** The position of column 1 of `line` in `file`. */
export function lineStart(file: string, line: number): SourcePosition {
  return { file, line, column: 1 };
}
