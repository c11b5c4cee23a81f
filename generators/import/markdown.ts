/**
 * The `markdown` format: GitHub-flavoured Markdown tables (a header row, a `|---|` separator
 * row, then body rows up to a blank line). Every table whose header names the status, code
 * and message columns is read; other tables and all prose are passed over.
 */
import { type DiagnosticBag, diagnostics } from '../diagnostics.ts';
import {
  type ColumnMap,
  mapColumns,
  missingColumns,
  missingColumnsArgs,
  rowFromCells,
} from './columns.ts';
import { emptyTable, lineStart, type SourceTable } from './source.ts';

const SEPARATOR_CELL = /^:?-+:?$/;

/** A table found in the text: its header cells and where its lines are. */
interface MarkdownTable {
  header: string[];
  headerLine: number;
  /** Body rows as [1-based line number, line text]. */
  body: [number, string][];
}

/** Whether `line` is a table's separator row (`|---|:---:|`). */
export function isSeparatorRow(line: string): boolean {
  if (!line.includes('-') || !line.includes('|')) {
    return false;
  }
  const cells = splitRow(line);
  return cells.length > 0 && cells.every((cell) => SEPARATOR_CELL.test(cell));
}

/** The cells of a table row: outer pipes dropped, split at pipes not escaped with `\`. */
export function splitRow(line: string): string[] {
  let inner = line.trim();
  if (inner.startsWith('|')) {
    inner = inner.slice(1);
  }
  if (inner.endsWith('|') && !inner.endsWith('\\|')) {
    inner = inner.slice(0, -1);
  }
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim());
}

/**
 * A cell's text: a cell that is one code span gives its content; otherwise backslash escapes
 * of ASCII punctuation are undone. Other Markdown (emphasis, links, entities) is kept as is.
 */
export function cellText(cell: string): string {
  const unpiped = cell.replace(/\\\|/g, '|');
  const code = /^(`+)\s?(.*?)\s?\1$/.exec(unpiped);
  if (code) {
    return code[2]!;
  }
  return unpiped.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

function findTables(lines: readonly string[]): MarkdownTable[] {
  const tables: MarkdownTable[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!lines[i]!.includes('|') || !isSeparatorRow(lines[i + 1]!)) {
      continue;
    }
    const table: MarkdownTable = { header: splitRow(lines[i]!), headerLine: i + 1, body: [] };
    let j = i + 2;
    for (; j < lines.length && lines[j]!.includes('|') && lines[j]!.trim() !== ''; j++) {
      table.body.push([j + 1, lines[j]!]);
    }
    tables.push(table);
    i = j - 1;
  }
  return tables;
}

/** Reads the rows of every Markdown table in `text` that names the needed columns. */
export function readMarkdown(text: string, path: string, bag: DiagnosticBag): SourceTable {
  const table = emptyTable();
  const tables = findTables(text.split(/\r?\n/));
  const usable = tables.filter((t) => missingColumns(mapColumns(t.header)).length === 0);
  if (tables.length === 0) {
    const expected = 'a table with a header row and a |---| separator row';
    bag.add(diagnostics.importNothingFound, { format: 'markdown', expected }, lineStart(path, 1));
  }
  if (usable.length === 0) {
    for (const { header, headerLine } of tables) {
      const args = missingColumnsArgs(header, missingColumns(mapColumns(header)));
      bag.add(diagnostics.importMissingColumns, args, lineStart(path, headerLine));
    }
  }
  for (const found of usable) {
    readBody(found, mapColumns(found.header), path, table);
  }
  return table;
}

function readBody(found: MarkdownTable, columns: ColumnMap, path: string, table: SourceTable) {
  for (const [line, text] of found.body) {
    const cells = splitRow(text).map(cellText);
    table.rows.push(rowFromCells(cells, columns, lineStart(path, line)));
  }
}
