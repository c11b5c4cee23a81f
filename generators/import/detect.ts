/**
 * Guessing an input's format from its content, when `--format` is not given. The tests run
 * from the most to the least specific: JSON, Markdown, CSV, then UPYUN text.
 */
import { mapColumns } from './columns.ts';
import { firstCsvLine } from './csv.ts';
import { isJsonObject } from './json.ts';
import { isSeparatorRow } from './markdown.ts';
import type { ImportFormat } from './source.ts';
import { isUpyunRow } from './upyun-text.ts';

/**
 * The format `text` is in: `json` if it parses as a JSON object; `markdown` if a line with
 * a pipe is followed by a `|---|` separator row; `csv` if the first line has commas and names
 * at least one column (so that a missing one is reported as such); `upyun-text` if any line
 * is a run-together row.
 */
export function guessFormat(text: string): ImportFormat | undefined {
  if (isJsonObject(text)) {
    return 'json';
  }
  const lines = text.split(/\r?\n/);
  if (lines.some((line, i) => i > 0 && lines[i - 1]!.includes('|') && isSeparatorRow(line))) {
    return 'markdown';
  }
  const first = lines.find((line) => line.trim() !== '') ?? '';
  if (first.includes(',') && Object.keys(mapColumns(firstCsvLine(text))).length > 0) {
    return 'csv';
  }
  return lines.some(isUpyunRow) ? 'upyun-text' : undefined;
}
