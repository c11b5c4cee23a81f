/**
 * The `upyun-text` format: UPYUN's error code page copied as text. Prose and headings surround
 * a table whose cells lost their separators, so each row reads status, code and message run
 * together (`40440400001file or directory not found`: status 404, code 40400001).
 */
import { type DiagnosticBag, diagnostics } from '../diagnostics.ts';
import { emptyTable, lineStart, type SourceTable } from './source.ts';

// Run together, the code is told apart from the status by starting with it; with tabs or
// spaces between the cells (another way the page pastes), any code is accepted.
const ROW =
  /^(?<status>\d{3})(?:[\t ]+(?<spaced>-?\d+)|(?<glued>\k<status>\d*))[\t ]*(?<message>\D.*)?$/;

// A line that starts like a row: six digits, or a status and a separated number. Shorter
// numbers (dates, counts) are prose.
const ROW_LIKE = /^\d{3}(?:\d{3}|[\t ]+-?\d)/;

/** Example row, for messages. */
export const UPYUN_ROW_EXAMPLE = '40440400001file or directory not found';

/** Whether `line` (trimmed) is a row in the run-together layout. */
export function isUpyunRow(line: string): boolean {
  return ROW.exec(line.trim())?.groups?.message !== undefined;
}

/** Reads every row of an UPYUN text page; lines that do not start like a row are prose. */
export function readUpyunText(text: string, path: string, bag: DiagnosticBag): SourceTable {
  const table = emptyTable();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!ROW_LIKE.test(line)) {
      return;
    }
    const position = lineStart(path, index + 1);
    const groups = ROW.exec(line)?.groups;
    if (!groups) {
      const detail =
        `${JSON.stringify(line)} cannot be split into a status, ` +
        'a code that starts with it, and a message';
      table.problems.push({ position, detail });
      return;
    }
    const fields: SourceTable['rows'][number]['fields'] = {
      status: { value: groups.status, position },
      code: { value: groups.spaced ?? groups.glued, position },
    };
    if (groups.message?.trim()) {
      fields.message = { value: groups.message.trim(), position };
    }
    table.rows.push({ position, fields });
  });
  if (table.rows.length === 0 && table.problems.length === 0) {
    const expected = `lines like ${JSON.stringify(UPYUN_ROW_EXAMPLE)}`;
    bag.add(diagnostics.importNothingFound, { format: 'upyun-text', expected }, lineStart(path, 1));
  }
  return table;
}
