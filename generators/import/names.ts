/**
 * Names for imported entries. A name the input gives is kept when errgen accepts it; a missing
 * or unusable one is derived, from the given name's words, else the message's, else the code,
 * by one rule (`nameFromText`). A name already taken, in any target's spelling, or reserved
 * in a target, gets a suffix: the status, then the code, then 2, 3, ... Every change to a
 * given name and every suffix is reported as a warning naming both entries.
 */
import type { Code } from '../catalog/model.ts';
import { type DiagnosticBag, diagnostics, type SourcePosition } from '../diagnostics.ts';
import {
  identifierFor,
  invalidNameReason,
  NAMING_TARGETS,
  type NamingTarget,
  reservedReason,
  typescriptName,
} from '../naming.ts';
import type { ImportedRow } from './rows.ts';

/** Put before a name that would start with a digit (`404 page` gives `Error404Page`). */
export const LEADING_DIGIT_PREFIX = 'Error';

/** Put before a name made from the code (`Code40400001`). */
export const CODE_NAME_PREFIX = 'Code';

// Letters NFKD does not take apart into an ASCII letter and marks.
const LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  ł: 'l',
  Ł: 'L',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'TH',
  ı: 'i',
};

/**
 * The ASCII PascalCase name for a piece of text, or '' when it has no ASCII letter or digit:
 * accents are dropped (`é` is `e`), other non-ASCII characters and all punctuation separate
 * words except apostrophes, which join (`I'm` is `Im`); then each word is capitalised with
 * the rest of it lower case, as the TypeScript target spells names (`OK` is `Ok`, `URI Too
 * Long` is `UriTooLong`), and a leading digit gets `Error` before it.
 */
export function nameFromText(text: string): string {
  const name = pascalCaseOf(text);
  return /^[0-9]/.test(name) ? `${LEADING_DIGIT_PREFIX}${name}` : name;
}

/** The words of `text` in ASCII PascalCase, as `nameFromText` describes, with no prefix. */
function pascalCaseOf(text: string): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x00-\x7f]/g, (ch) => LETTERS[ch] ?? ch)
    .replace(/['\u2019\u02bc]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '_');
  // Respelling can join single-letter words ("A B" is "AB", read back as one word "Ab"), so
  // repeat until the name reads back as itself.
  let name = typescriptName(ascii);
  for (let i = 0; i < 3 && typescriptName(name) !== name; i++) {
    name = typescriptName(name);
  }
  return name;
}

/** The name derived for a row whose given name is missing or unusable. */
export function derivedName(row: ImportedRow): { name: string; from: string } {
  for (const [from, text] of [
    ['name', row.name],
    ['message', row.message],
  ] as const) {
    const name = text === undefined ? '' : nameFromText(text);
    if (name !== '') {
      return { name, from };
    }
  }
  return { name: `${CODE_NAME_PREFIX}${codeWord(row.code)}`, from: 'code' };
}

/** A code as a name suffix: its digits, or its words in PascalCase (`Minus5` for -5). */
function codeWord(code: Code): string {
  if (typeof code === 'number') {
    return `${code < 0 ? 'Minus' : ''}${Math.abs(code)}`;
  }
  return pascalCaseOf(code);
}

/** A name taken in one target, by whom. */
interface Claim {
  name: string;
  line: number;
}

/** The names given out so far, as each target spells them. */
class NameTable {
  private readonly taken = new Map<NamingTarget, Map<string, Claim>>(
    NAMING_TARGETS.map((target) => [target, new Map()]),
  );

  /** Why `name` cannot be given out, or undefined when it can. */
  problem(name: string): string | undefined {
    const invalid = invalidNameReason(name);
    if (invalid) {
      return `cannot be used: ${invalid}`;
    }
    const clashes: string[] = [];
    let other: Claim | undefined;
    for (const target of NAMING_TARGETS) {
      const identifier = identifierFor(target, name);
      const reserved = reservedReason(target, identifier);
      if (reserved) {
        return `becomes the ${target} identifier ${identifier}, ${reserved}`;
      }
      const claim = this.taken.get(target)!.get(identifier);
      if (claim) {
        other ??= claim;
        clashes.push(`${identifier} in ${target}`);
      }
    }
    return other ? clashReason(name, other, clashes) : undefined;
  }

  /** Gives `name` to the entry on `line`. */
  claim(name: string, line: number): void {
    for (const target of NAMING_TARGETS) {
      this.taken.get(target)!.set(identifierFor(target, name), { name, line });
    }
  }
}

function clashReason(name: string, other: Claim, clashes: readonly string[]): string {
  if (other.name === name) {
    return `is already used by the entry on line ${other.line}`;
  }
  const as = `${JSON.stringify(other.name)} (line ${other.line})`;
  return `becomes the same identifier as ${as}: ${clashes.join(', ')}`;
}

/** The candidates for a row's name, in the order tried: the name, then with suffixes. */
function* candidates(base: string, row: ImportedRow): Generator<string> {
  yield base;
  yield `${base}${row.status}`;
  const code = codeWord(row.code);
  if (code !== '') {
    yield `${base}${code}`;
  }
  for (let n = 2; ; n++) {
    yield `${base}${n}`;
  }
}

/** How many rows had no name of their own and got a derived one. */
export interface NamingSummary {
  derived: number;
}

/**
 * Chooses a name for every row, in input order. Usable given names are claimed first, so a
 * derived name never displaces one; then the rest are derived and suffixed as needed.
 */
export function chooseNames(rows: readonly ImportedRow[], bag: DiagnosticBag) {
  const table = new NameTable();
  const names = new Map<ImportedRow, string>();
  for (const row of rows) {
    if (row.name !== undefined && table.problem(row.name) === undefined) {
      table.claim(row.name, row.position.line);
      names.set(row, row.name);
    }
  }
  const summary: NamingSummary = { derived: 0 };
  for (const row of rows.filter((r) => !names.has(r))) {
    names.set(row, nameRow(row, table, bag, summary));
  }
  return { names: rows.map((row) => names.get(row)!), summary };
}

function nameRow(
  row: ImportedRow,
  table: NameTable,
  bag: DiagnosticBag,
  summary: NamingSummary,
): string {
  const given = row.name;
  const base =
    given !== undefined && invalidNameReason(given) === undefined
      ? { name: given, from: 'name' }
      : derivedName(row);
  const first = table.problem(given ?? base.name);
  let chosen = base.name;
  for (const candidate of candidates(base.name, row)) {
    if (table.problem(candidate) === undefined) {
      chosen = candidate;
      break;
    }
  }
  table.claim(chosen, row.position.line);
  if (given === undefined) {
    summary.derived++;
  }
  if (first !== undefined) {
    const position = row.fieldPositions.name ?? row.position;
    reportChange(position, subjectOf(given, base), first, chosen, bag);
  }
  return chosen;
}

function subjectOf(given: string | undefined, base: { name: string; from: string }): string {
  const q = JSON.stringify;
  return given !== undefined
    ? `name ${q(given)}`
    : `name ${q(base.name)} (derived from the ${base.from})`;
}

function reportChange(
  position: SourcePosition,
  subject: string,
  reason: string,
  chosen: string,
  bag: DiagnosticBag,
): void {
  bag.add(diagnostics.importNameChanged, { subject, reason, chosen }, position, chosen);
}
