/**
 * Which column of a Markdown or CSV table holds which entry field, found from the header row
 * by name, case-insensitively, with a few common synonyms (English and Chinese).
 */
import type { SourcePosition } from '../diagnostics.ts';
import type { ImportField, SourceRow } from './source.ts';

/** Where each field is: a column index per field the header names. */
export type ColumnMap = Partial<Record<ImportField, number>>;

/** The fields a table must have. */
export const REQUIRED_COLUMNS: readonly ImportField[] = ['status', 'code', 'message'];

// Header names after `normalizeHeader`. "状态码" is the HTTP status and "返回代码" the error
// code in UPYUN's own table; "含义" (meaning) is its message column.
const SYNONYMS: Record<ImportField, readonly string[]> = {
  status: ['status', 'httpstatus', 'httpstatuscode', 'statuscode', 'httpcode', 'http', '状态码'],
  code: ['code', 'errorcode', 'errcode', 'returncode'].concat([
    '错误码',
    '错误代码',
    '返回代码',
    '返回码',
  ]),
  message: ['message', 'msg', 'errormessage', 'errmsg', 'reason', 'reasonphrase', '含义'],
  name: ['name', 'errorname', 'identifier', 'constant', '名称'],
  description: ['description', 'details', 'detail', '描述', '说明'],
};

/** A header cell reduced for matching: lower case, no spaces, `_`, `-`, `.` or `/`. */
function normalizeHeader(cell: string): string {
  return cell
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-./]+/g, '')
    .replace(/^http(?=状态码)/, '');
}

/** The field a header cell names, if any. */
export function fieldOfHeader(cell: string): ImportField | undefined {
  const key = normalizeHeader(cell);
  const fields = Object.keys(SYNONYMS) as ImportField[];
  return fields.find((field) => SYNONYMS[field].includes(key));
}

/** The column of each field the header names; the first of two columns for one field wins. */
export function mapColumns(header: readonly string[]): ColumnMap {
  const columns: ColumnMap = {};
  header.forEach((cell, index) => {
    const field = fieldOfHeader(cell);
    if (field && columns[field] === undefined) {
      columns[field] = index;
    }
  });
  return columns;
}

/** The required fields a column map lacks. */
export function missingColumns(columns: ColumnMap): ImportField[] {
  return REQUIRED_COLUMNS.filter((field) => columns[field] === undefined);
}

/** Arguments of the missing-columns diagnostic for `header`. */
export function missingColumnsArgs(header: readonly string[], missing: readonly ImportField[]) {
  const found = header.length > 0 ? header.map((h) => JSON.stringify(h)).join(', ') : 'none';
  const listed = missing.length > 1 ? `${missing.slice(0, -1).join(', ')} or ` : '';
  return { missing: `${listed}${missing.at(-1) ?? ''}`, found };
}

/** A table row from its cells: the value of each mapped column, all at the row's position. */
export function rowFromCells(
  cells: readonly string[],
  columns: ColumnMap,
  position: SourcePosition,
): SourceRow {
  const fields: SourceRow['fields'] = {};
  for (const [field, index] of Object.entries(columns) as [ImportField, number][]) {
    const cell = cells[index];
    if (cell !== undefined && cell !== '') {
      fields[field] = { value: cell, position };
    }
  }
  return { position, fields };
}
