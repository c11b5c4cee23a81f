/**
 * From source rows to checked rows: every status an HTTP status, every code of the catalog's
 * code type, a message present. A row that fails becomes a problem naming its line; a row
 * whose code an earlier row already has is left out with a warning (a catalog holds each
 * code once, and the first row wins).
 */
import type { Code, CodeType, Entry } from '../catalog/model.ts';
import { type DiagnosticBag, diagnostics, type SourcePosition } from '../diagnostics.ts';
import type { ImportField, RowProblem, SourceRow, SourceTable, SourceValue } from './source.ts';

/** A row with typed, checked values; `name` is the name the input gives, if any. */
export interface ImportedRow {
  name?: string;
  code: Code;
  status: number;
  message: string;
  description?: string;
  position: SourcePosition;
  fieldPositions: Entry['fieldPositions'];
}

/** The rows that can become entries, and the code type they share. */
export interface CheckedRows {
  rows: ImportedRow[];
  codeType: CodeType;
}

/** A row whose code is still text, before the catalog's code type is known. */
interface PendingRow extends Omit<ImportedRow, 'code'> {
  codeText: string;
}

const INTEGER = /^-?(0|[1-9][0-9]*)$/;

/**
 * Checks every row of `table`, adding problems to `table.problems`. Codes are integers when
 * the input declares it or, undeclared, when every code is an integer written without leading
 * zeros and within 2^53 - 1; otherwise they are strings, kept as written.
 */
export function checkRows(table: SourceTable, bag: DiagnosticBag): CheckedRows {
  const pending = table.rows.flatMap((row) => pendingRow(row, table.problems));
  const codeType = table.codeType ?? inferCodeType(pending.map((row) => row.codeText));
  const rows = pending.flatMap((row) => typedRow(row, codeType, table.problems));
  return { rows: dropDuplicateCodes(rows, bag), codeType };
}

function inferCodeType(codes: readonly string[]): CodeType {
  const integers = codes.every((code) => INTEGER.test(code) && Number.isSafeInteger(Number(code)));
  return integers && codes.length > 0 ? 'integer' : 'string';
}

/** What is wrong with one row; the row is reported at its first bad value. */
class RowIssues {
  readonly details: string[] = [];
  position?: SourcePosition;

  add(detail: string, value: SourceValue | undefined): void {
    this.details.push(detail);
    this.position ??= value?.position;
  }
}

function pendingRow(row: SourceRow, problems: RowProblem[]): PendingRow[] {
  const details = new RowIssues();
  const status = statusOf(row.fields.status, details);
  const codeText = textOf(row.fields.code, 'code', details);
  const message = textOf(row.fields.message, 'message', details);
  const name = optionalText(row.fields.name, 'name', details);
  const description = optionalText(row.fields.description, 'description', details);
  if (details.details.length > 0 || status === undefined || !codeText || !message) {
    problems.push({
      position: details.position ?? row.position,
      detail: details.details.join('; '),
    });
    return [];
  }
  const fieldPositions: Entry['fieldPositions'] = {};
  for (const [field, value] of Object.entries(row.fields) as [ImportField, SourceValue][]) {
    fieldPositions[field] = value.position;
  }
  const pending: PendingRow = { codeText, status, message, position: row.position, fieldPositions };
  return [{ ...pending, ...(name ? { name } : {}), ...(description ? { description } : {}) }];
}

function statusOf(value: SourceValue | undefined, details: RowIssues): number | undefined {
  if (value === undefined) {
    details.add('it has no status', value);
    return undefined;
  }
  // A cell may carry the reason phrase after the number ("404 Not Found").
  const text = typeof value.value === 'number' ? String(value.value) : value.value;
  const match = typeof text === 'string' ? /^([0-9]{3})(?:\s.*)?$/.exec(text.trim()) : null;
  const status = match ? Number(match[1]) : NaN;
  if (status >= 100 && status <= 599) {
    return status;
  }
  details.add(`status ${JSON.stringify(value.value)} is not an HTTP status (100-599)`, value);
  return undefined;
}

/** The text of a required value: a string as written, or a number's digits. */
function textOf(
  value: SourceValue | undefined,
  field: ImportField,
  details: RowIssues,
): string | undefined {
  if (value === undefined) {
    details.add(`it has no ${field}`, value);
    return undefined;
  }
  const raw = value.value;
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw : undefined;
  if (text === undefined) {
    details.add(`${field} must be text or a number, not ${JSON.stringify(raw)}`, value);
    return undefined;
  }
  if (text.trim() === '') {
    details.add(`its ${field} is empty`, value);
    return undefined;
  }
  return text;
}

function optionalText(
  value: SourceValue | undefined,
  field: ImportField,
  details: RowIssues,
): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value.value !== 'string') {
    details.add(`${field} must be text, not ${JSON.stringify(value.value)}`, value);
    return undefined;
  }
  return value.value.trim() === '' ? undefined : value.value;
}

function typedRow(row: PendingRow, codeType: CodeType, problems: RowProblem[]): ImportedRow[] {
  const { codeText, ...rest } = row;
  if (codeType === 'string') {
    return [{ ...rest, code: codeText }];
  }
  if (!INTEGER.test(codeText)) {
    const detail = `code ${JSON.stringify(codeText)} is not an integer (codeType: integer)`;
    problems.push({ position: row.position, detail });
    return [];
  }
  const code = Number(codeText);
  if (!Number.isSafeInteger(code)) {
    const detail = `code ${codeText} is beyond 2^53 - 1; declare codeType: string`;
    problems.push({ position: row.position, detail });
    return [];
  }
  return [{ ...rest, code }];
}

function dropDuplicateCodes(rows: readonly ImportedRow[], bag: DiagnosticBag): ImportedRow[] {
  const firstByCode = new Map<Code, ImportedRow>();
  return rows.filter((row) => {
    const first = firstByCode.get(row.code);
    if (first === undefined) {
      firstByCode.set(row.code, row);
      return true;
    }
    const args = {
      code: JSON.stringify(row.code),
      name: row.name,
      other:
        first.name === undefined
          ? `the row on line ${first.position.line}`
          : `${JSON.stringify(first.name)} (line ${first.position.line})`,
    };
    bag.add(diagnostics.importDuplicateCode, args, positionOfCode(row), row.name);
    return false;
  });
}

function positionOfCode(row: ImportedRow): SourcePosition {
  return row.fieldPositions.code ?? row.position;
}
