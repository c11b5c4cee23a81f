/**
 * YAML files with positions: parse with the YAML 1.2 core schema, keep a line counter, and
 * turn node offsets and value paths into `file:line:col` for diagnostics.
 */
import {
  Document,
  isMap,
  isPair,
  isScalar,
  LineCounter,
  type Node,
  parseDocument,
  type Scalar,
  visit,
} from 'yaml';

import { type DiagnosticBag, diagnostics, type SourcePosition } from '../diagnostics.ts';

/** A path to a value inside a document: keys and list indexes. */
export type ValuePath = readonly (string | number)[];

/** The name of the entry (of a catalog, say) that holds the text at an offset, if any. */
export type OwnerAt = (document: Document.Parsed, offset: number) => string | undefined;

/** A parsed YAML file with what is needed to turn node offsets into positions. */
export interface SourceFile {
  path: string;
  document: Document.Parsed;
  lines: LineCounter;
}

/**
 * Parses `text` (from `path`) as YAML 1.2, core schema, duplicate keys refused. Returns
 * undefined when the text cannot be used; a duplicate key is reported but the document kept,
 * so the rest of the file is still checked.
 */
export function parseYamlSource(
  text: string,
  path: string,
  bag: DiagnosticBag,
  owner: OwnerAt = () => undefined,
): SourceFile | undefined {
  const lines = new LineCounter();
  const document = parseDocument(text, {
    version: '1.2',
    schema: 'core',
    uniqueKeys: true,
    prettyErrors: false,
    lineCounter: lines,
    // The yaml package would print its own warnings (a key that is a list, say) as Node.js
    // process warnings; every one of those is reported as a diagnostic instead.
    logLevel: 'error',
  });
  const source = { path, document, lines };
  for (const error of document.errors) {
    const position = positionAt(source, error.pos[0]);
    if (error.code === 'DUPLICATE_KEY') {
      const key = duplicatedKeyAt(text, error.pos[0]);
      const entry = owner(document, error.pos[0]);
      const where = entry === undefined ? 'the same mapping' : `entry ${JSON.stringify(entry)}`;
      bag.add(diagnostics.duplicateKey, { key, where }, position, entry);
    } else {
      const detail = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      bag.add(diagnostics.yamlSyntax, { detail }, position);
    }
  }
  // A duplicate key leaves a usable document: go on, so that the run reports everything.
  return document.errors.every((e) => e.code === 'DUPLICATE_KEY') ? source : undefined;
}

/** The key text at a duplicate-key error's offset (the yaml package reports the key's range). */
function duplicatedKeyAt(text: string, offset: number): string {
  const match = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:\n]*)/.exec(text.slice(offset));
  const raw = (match?.[1] ?? '').trim();
  return raw.startsWith('"') || raw.startsWith("'") ? raw.slice(1, -1) : raw;
}

export function positionAt(source: SourceFile, offset: number): SourcePosition {
  const { line, col } = source.lines.linePos(offset);
  return { file: source.path, line, column: col };
}

export function positionOfNode(source: SourceFile, node: Node | null | undefined): SourcePosition {
  return positionAt(source, node?.range?.[0] ?? 0);
}

/** Position of the value at a path, or of the nearest node above it that exists. */
export function positionOfPath(source: SourceFile, path: ValuePath): SourcePosition {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = source.document.getIn(path.slice(0, depth), true) as Node | undefined;
    if (node && typeof node === 'object' && 'range' in node) {
      return positionOfNode(source, node);
    }
  }
  return { file: source.path, line: 1, column: 1 };
}

/** Position of the key `key` in the mapping at `path` (for unknown fields). */
export function positionOfKey(source: SourceFile, path: ValuePath, key: string) {
  const map = source.document.getIn(path, true);
  if (isMap(map)) {
    const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    if (pair && isScalar(pair.key)) {
      return positionOfNode(source, pair.key);
    }
  }
  return positionOfPath(source, path);
}

/** An integer as a person writes it: decimal digits, no leading zero, no exponent. */
const DECIMAL_INTEGER = /^[-+]?(0|[1-9][0-9]*)$/;

/**
 * Numbers that would not mean what they say: beyond ±(2^53 - 1) JavaScript rounds them,
 * `.inf` and `.nan` are no code, and `1.0`, `1e3`, `0x10` or `0123` are integers only by a
 * reading of YAML that a person may not share.
 */
export function checkIntegers(
  source: SourceFile,
  bag: DiagnosticBag,
  owner: OwnerAt = () => undefined,
): void {
  visit(source.document, {
    Scalar(_key, node, path) {
      const problem = integerProblem(node);
      if (problem === undefined) {
        return;
      }
      // Owner and position cost a search each, so only numbers that are reported pay for them.
      const entry = owner(source.document, node.range?.[0] ?? 0);
      const where = entry === undefined ? '' : ` in entry ${JSON.stringify(entry)}`;
      const position = positionOfNode(source, node);
      // `status 404.0`, when the number is the value of a field.
      const pair = path.at(-1);
      const key = isPair(pair) && pair.value === node && isScalar(pair.key) ? pair.key : undefined;
      const text = key ? `${String(key.value)} ${integerText(node)}` : integerText(node);
      if (problem === 'unsafe') {
        bag.add(diagnostics.unsafeInteger, { text, where }, position, entry);
        return;
      }
      const detail =
        problem === 'infinite'
          ? 'is not a finite number'
          : `must be written in decimal digits, as ${node.value}`;
      bag.add(diagnostics.invalidValue, { field: `${text}${where}`, detail }, position, entry);
    },
  });
}

/** What is wrong with a number scalar, if anything. */
function integerProblem(node: Scalar): 'infinite' | 'unsafe' | 'not-decimal' | undefined {
  const value = node.value;
  if (typeof value !== 'number') {
    return undefined;
  }
  if (!Number.isFinite(value)) {
    return 'infinite';
  }
  if (!Number.isInteger(value)) {
    return undefined;
  }
  if (!Number.isSafeInteger(value)) {
    return 'unsafe';
  }
  return DECIMAL_INTEGER.test(integerText(node)) ? undefined : 'not-decimal';
}

/** The number as the file writes it. */
function integerText(node: Scalar): string {
  return node.source ?? String(node.value);
}
