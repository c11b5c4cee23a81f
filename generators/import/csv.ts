/**
 * The `csv` format: comma-separated values as RFC 4180 writes them (quoted fields may hold
 * commas, quotes and line breaks), with a header row naming the columns. Parsed by csv-parse.
 */
import { CsvError, type InfoRecord, parse } from 'csv-parse/sync';

import { type DiagnosticBag, diagnostics } from '../diagnostics.ts';
import { mapColumns, missingColumns, missingColumnsArgs, rowFromCells } from './columns.ts';
import { emptyTable, lineStart, type RowProblem, type SourceTable } from './source.ts';

/** One parsed record and the lines it spans (1-based). */
interface CsvRecord {
  record: string[];
  startLine: number;
  endLine: number;
}

/** The cells of the first line of `text`, for guessing the format. */
export function firstCsvLine(text: string): string[] {
  const first = text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  try {
    return (parse(first, { trim: true, relax_quotes: true }) as string[][])[0] ?? [];
  } catch {
    return [];
  }
}

/** Reads a CSV table; malformed records (an unclosed quote, say) become row problems. */
export function readCsv(text: string, path: string, bag: DiagnosticBag): SourceTable {
  const table = emptyTable();
  const records = parseRecords(text.replace(/\r\n?/g, '\n'), path, table.problems);
  const [header, ...body] = records;
  if (!header) {
    const expected = 'a header row naming the status, code and message columns';
    bag.add(diagnostics.importNothingFound, { format: 'csv', expected }, lineStart(path, 1));
    return table;
  }
  const columns = mapColumns(header.record);
  const missing = missingColumns(columns);
  if (missing.length > 0) {
    const position = lineStart(path, header.startLine);
    bag.add(diagnostics.importMissingColumns, missingColumnsArgs(header.record, missing), position);
    return table;
  }
  for (const record of body) {
    table.rows.push(rowFromCells(record.record, columns, lineStart(path, record.startLine)));
  }
  return table;
}

const OPTIONS = { trim: true, skip_empty_lines: true, relax_column_count: true } as const;

/**
 * Every well-formed record, each with the line it starts on. csv-parse stops at a malformed
 * record (a stray quote would swallow the rest of the file), so the record is reported at
 * the line after the last good one, and parsing resumes on the line after that.
 */
function parseRecords(text: string, path: string, problems: RowProblem[]): CsvRecord[] {
  const lines = text.split('\n');
  const records: CsvRecord[] = [];
  let offset = 0;
  while (offset < lines.length) {
    const chunk = lines.slice(offset).join('\n');
    const parsed: CsvRecord[] = [];
    const error = parseInto(chunk, offset, parsed);
    records.push(...parsed);
    if (!error) {
      break;
    }
    const after = (parsed.at(-1)?.endLine ?? offset) - offset;
    const bad = offset + firstNonEmptyLine(lines.slice(offset), after);
    problems.push({ position: lineStart(path, bad), detail: csvDetail(error.message) });
    offset = bad;
  }
  return records;
}

/** Parses `chunk`, whose first line is line `offset + 1`; returns the error that stopped it. */
function parseInto(chunk: string, offset: number, into: CsvRecord[]): CsvError | undefined {
  try {
    parse(chunk, {
      ...OPTIONS,
      on_record: (record: string[], context: InfoRecord) => {
        const endLine = offset + context.lines;
        into.push({ record, startLine: endLine - lineBreaksIn(record), endLine });
        return record;
      },
    });
    return undefined;
  } catch (error) {
    if (error instanceof CsvError) {
      return error;
    }
    throw error;
  }
}

/** The 1-based number of the first non-blank line after line `after` of `lines`. */
function firstNonEmptyLine(lines: readonly string[], after: number): number {
  let index = after;
  while (index < lines.length - 1 && lines[index]!.trim() === '') {
    index++;
  }
  return index + 1;
}

function lineBreaksIn(record: readonly string[]): number {
  return record.join('').split('\n').length - 1;
}

/** csv-parse's message without its own "at line N" (the position already says it). */
function csvDetail(message: string): string {
  return message.replace(/ at line \d+/, '');
}
