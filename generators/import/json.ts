/**
 * The `json` format: `{codeType?, catalog?, errors: [{code, status, name?, message,
 * description?}]}`, the neutral shape other tools export (a null or missing name is derived
 * later). Other top-level fields, such as `source`, are ignored. Read with the YAML parser,
 * of which JSON is a subset, so that every value keeps its line.
 */
import { isMap, isSeq } from 'yaml';

import type { CodeType } from '../catalog/model.ts';
import { type DiagnosticBag, diagnostics } from '../diagnostics.ts';
import { describeValue } from '../yaml/schema.ts';
import { checkIntegers, parseYamlSource, positionOfPath, type SourceFile } from '../yaml/source.ts';
import { emptyTable, IMPORT_FIELDS, type SourceRow, type SourceTable } from './source.ts';

/** Whether `text` is a JSON object (the test used to guess the format). */
export function isJsonObject(text: string): boolean {
  if (!text.trimStart().startsWith('{')) {
    return false;
  }
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** Reads the entries of a JSON (or YAML) document of the neutral shape. */
export function readJson(text: string, path: string, bag: DiagnosticBag): SourceTable {
  const table = emptyTable();
  const source = parseYamlSource(text, path, bag);
  if (!source) {
    return table;
  }
  checkIntegers(source, bag);
  const root = source.document.contents;
  const errors = isMap(root) ? root.get('errors', true) : undefined;
  if (!isMap(root) || !isSeq(errors)) {
    reportShape(source, bag);
    return table;
  }
  readHeader(source, table, bag);
  errors.items.forEach((_item, index) => readEntry(source, index, table));
  return table;
}

function reportShape(source: SourceFile, bag: DiagnosticBag): void {
  const root = source.document.toJS() as unknown;
  const hasErrors = typeof root === 'object' && root !== null && 'errors' in root;
  if (!hasErrors) {
    const where = 'the JSON input';
    bag.add(diagnostics.missingField, { field: 'errors', where }, positionOfPath(source, []));
    return;
  }
  const actual = describeValue((root as { errors: unknown }).errors);
  const args = { field: 'errors', expected: 'a list', actual };
  bag.add(diagnostics.wrongType, args, positionOfPath(source, ['errors']));
}

function readHeader(source: SourceFile, table: SourceTable, bag: DiagnosticBag): void {
  const codeType = source.document.get('codeType') as unknown;
  if (codeType === 'integer' || codeType === 'string') {
    table.codeType = codeType as CodeType;
  } else if (codeType !== undefined) {
    const detail = `must be "integer" or "string", not ${describeValue(codeType)}`;
    const position = positionOfPath(source, ['codeType']);
    bag.add(diagnostics.invalidValue, { field: 'codeType', detail }, position);
  }
  const catalog = source.document.get('catalog') as unknown;
  if (typeof catalog === 'string') {
    table.catalogName = catalog;
  }
}

function readEntry(source: SourceFile, index: number, table: SourceTable): void {
  const path = ['errors', index];
  const position = positionOfPath(source, path);
  const node = source.document.getIn(path, true);
  if (!isMap(node)) {
    const value = describeValue(source.document.getIn(path));
    table.problems.push({ position, detail: `an entry must be an object, not ${value}` });
    return;
  }
  const fields: SourceRow['fields'] = {};
  for (const field of IMPORT_FIELDS) {
    const value = source.document.getIn([...path, field]) as unknown;
    if (value !== undefined && value !== null) {
      fields[field] = { value, position: positionOfPath(source, [...path, field]) };
    }
  }
  table.rows.push({ position, fields });
}
