/**
 * Formats the TypeScript module with prettier without sending it every entry. A catalog of
 * 10,000 codes makes a module of 150,000 lines, almost all of them list elements (enum
 * members, `errorInfos` calls) that prettier would print exactly as they are written. So
 * prettier formats the module's frame, where each long list holds one stand-in, and the lists
 * are spliced in afterwards, at the indentation and with the commas prettier gave the stand-in.
 * An element too wide for its line is a call of literals, which prettier breaks one argument
 * a line, or is laid out by prettier itself, in one more pass over the frame. The
 * result is byte for byte what prettier gives for the whole module (test/typescript-format
 * proves it over random catalogs and prettier options); the time is a few passes over a short
 * frame plus string joins, linear in the entries.
 */
import * as prettier from 'prettier';

import { UserError } from '../user-error.ts';
import { prettierStandalone, typescriptPlugins } from './typescript-libraries.ts';

/** The prettier options that apply where the module is written, and what they mean here. */
export interface PrettierStyle {
  /** The options to format with: the resolved config, the file path, LF line endings. */
  options: prettier.Options;
  printWidth: number;
  tabWidth: number;
  /** One level of indentation: a tab, or `tabWidth` spaces. */
  indentUnit: string;
  /** Whether a call broken one argument a line has a comma after the last one. */
  callTrailingComma: boolean;
  /** The quote prettier prefers for strings (it takes the other when that escapes less). */
  quote: "'" | '"';
  /** `{ a: 1 }` rather than `{a: 1}`. */
  bracketSpacing: boolean;
  /**
   * False when the options could make prettier print differently from its own TypeScript
   * printer over the whole file (see needsWholeModule); the whole module is then
   * formatted in one pass, as slowly as that is.
   */
  canSplice: boolean;
}

/** The style prettier applies to `destination`, from its config file if any. */
export async function prettierStyleAt(destination: string): Promise<PrettierStyle> {
  // The project's prettier config applies (as to its own code); .editorconfig files, which may
  // sit anywhere above a checkout, do not.
  let config: prettier.Options | null;
  try {
    config = await prettier.resolveConfig(destination, { editorconfig: false });
  } catch (error) {
    throw unusableConfig(destination, error);
  }
  return prettierStyle({ ...config, filepath: destination, endOfLine: 'lf' });
}

/** A prettier config that cannot be read or used: the project's to fix, not a bug. */
function unusableConfig(destination: string, error: unknown): UserError {
  const reason = error instanceof Error ? withOneCodeFrame(error) : String(error);
  return new UserError(`the prettier config that applies to ${destination} is unusable: ${reason}`);
}

/** The error's message, less the second copy of the code frame that prettier's JSON errors hold. */
function withOneCodeFrame(error: Error): string {
  const frame = (error as { codeFrame?: unknown }).codeFrame;
  const message = error.message.trimEnd();
  if (typeof frame !== 'string' || frame.trim() === '') {
    return message;
  }
  const last = message.lastIndexOf(frame.trimEnd());
  return message.indexOf(frame.trimEnd()) < last ? message.slice(0, last).trimEnd() : message;
}

/**
 * Options under which the spliced module could differ from prettier's whole-file output: a
 * plugin or parser may print another way, a pragma or range option formats only part of the
 * file or none of it, and a stand-in (one identifier wider than a line) cannot be wider than
 * a line of over 1,000 columns without costing more than the whole pass.
 */
function needsWholeModule(options: prettier.Options): boolean {
  return (
    (options.plugins ?? []).length > 0 ||
    options.parser !== undefined ||
    options.requirePragma === true ||
    options.rangeStart !== undefined ||
    options.rangeEnd !== undefined ||
    (options.printWidth ?? 80) > 1000
  );
}

/** The style of a resolved set of options; prettier's documented defaults fill the gaps. */
export function prettierStyle(options: prettier.Options): PrettierStyle {
  return {
    options,
    printWidth: options.printWidth ?? 80,
    tabWidth: options.tabWidth ?? 2,
    indentUnit: options.useTabs ? '\t' : ' '.repeat(options.tabWidth ?? 2),
    callTrailingComma: (options.trailingComma ?? 'all') === 'all',
    quote: options.singleQuote ? "'" : '"',
    bracketSpacing: options.bracketSpacing ?? true,
    canSplice: !needsWholeModule(options),
  };
}

/** The quote prettier gives a string holding `text`: the preferred one, unless it is commoner. */
export function quoteFor(text: string, style: PrettierStyle): "'" | '"' {
  const other = style.quote === "'" ? '"' : "'";
  return count(text, style.quote) > count(text, other) ? other : style.quote;
}

function count(text: string, ch: string): number {
  return text.split(ch).length - 1;
}

/**
 * One long list of the module. `elements` are written as prettier prints them when they fit on
 * their line; a `breakable` element (a call, an array) that does not fit is laid out by
 * prettier, an element that is not (an enum member with its doc comment) never is.
 */
export interface ModuleList {
  /** Names the list in the stand-in; letters only. */
  id: string;
  elements: readonly string[];
  breakable: boolean;
  /** Per element, its callee and arguments when it is a call whose arguments are literals. */
  calls?: readonly (LiteralCall | undefined)[];
}

/**
 * A call whose arguments are string and number literals. Too wide for its line, prettier
 * breaks it one argument a line (a literal itself never breaks), so it is laid out here.
 */
export interface LiteralCall {
  callee: string;
  args: readonly string[];
}

/**
 * What the module holds in each list, by id: `'elements'` for all of its elements, as the
 * printer builds them, or the items formatting puts in their place: a stand-in, comments and
 * some of the elements.
 */
export type ListItems = ReadonlyMap<string, readonly string[] | 'elements'>;

/** Prints the module with the given items in each list. */
export type ModulePrinter = (items: ListItems) => string;

/** Formats the module `print` gives: in one pass, or as a frame with the lists spliced in. */
export async function formatModule(
  print: ModulePrinter,
  lists: readonly ModuleList[],
  style: PrettierStyle,
): Promise<string> {
  if (!style.canSplice) {
    return format(print(new Map(lists.map((list) => [list.id, 'elements']))), style);
  }
  const spliced = lists.filter((list) => !list.breakable || !mayFitOnOneLine(list, style));
  const frame = await format(print(frameItems(lists, spliced, style)), style);
  const places = new Map(spliced.map((list) => [list.id, placeOf(frame, list, style)]));
  const wide = new Map(
    spliced.map((list) => [list.id, wideIndexes(list, places.get(list.id)!, style)]),
  );
  const laidOut = await laidOutByPrettier(print, lists, spliced, places, wide, style);
  return spliceLists(style, frame, spliced, places, wide, laidOut);
}

/**
 * Formats `text` as prettier would at the style's file path. Options that name no plugin or
 * parser (all that can be spliced) go to the standalone formatter with the TypeScript
 * plugins, which prints what prettier's main module prints and loads faster (see
 * typescript-libraries.ts); the module has no template literals, the one place where prettier
 * would call on the plugins of other languages. Other options need the main module.
 */
async function format(text: string, style: PrettierStyle): Promise<string> {
  try {
    if (style.canSplice) {
      const options = { ...style.options, parser: 'typescript', plugins: typescriptPlugins };
      return await prettierStandalone.format(text, options);
    }
    return await prettier.format(text, style.options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const file = style.options.filepath;
    // A syntax error (prettier gives its location) is in what errgen printed; anything else,
    // a plugin that cannot load or an unknown option value, is in the project's config.
    if (typeof error === 'object' && error !== null && 'loc' in error) {
      throw new Error(`prettier could not parse the TypeScript output ${file}: ${reason}`);
    }
    throw unusableConfig(String(file), error);
  }
}

/**
 * Whether prettier might print the whole list on one line: only when all its elements fit
 * within the line together. Such a list is short, and stays in the frame for prettier to lay out.
 */
function mayFitOnOneLine(list: ModuleList, style: PrettierStyle): boolean {
  let width = 2 * (list.elements.length - 1);
  for (const element of list.elements) {
    width += prettier.util.getStringWidth(element);
    if (width > style.printWidth) {
      return false;
    }
  }
  return true;
}

/** The stand-in of a list: an identifier too long for any line, so that the list breaks. */
function standIn(list: ModuleList, style: PrettierStyle): string {
  return `errgenList${list.id}`.padEnd(style.printWidth + 1, '_');
}

/** The comment that precedes each wide element in the second pass. */
function separator(list: ModuleList): string {
  return `// errgen:${list.id}`;
}

/** The items of the frame: a spliced list holds its stand-in, any other its elements. */
function frameItems(
  lists: readonly ModuleList[],
  spliced: readonly ModuleList[],
  style: PrettierStyle,
): ListItems {
  return new Map(
    lists.map((list) => [list.id, spliced.includes(list) ? [standIn(list, style)] : 'elements']),
  );
}

/** Where prettier put a list's stand-in: its line, indentation and whether a comma followed. */
interface ListPlace {
  line: number;
  indent: string;
  trailingComma: boolean;
}

/** The place of `list`'s stand-in in `text`, which must hold it exactly once, alone on a line. */
function placeOf(text: string, list: ModuleList, style: PrettierStyle): ListPlace {
  const name = standIn(list, style);
  const lines = text.split('\n');
  const found = lines.flatMap((line, index) => {
    const match = /^([ \t]*)(\w+)(?: = 0)?(,?)$/.exec(line);
    return match?.[2] === name
      ? [{ line: index, indent: match[1]!, trailingComma: !!match[3] }]
      : [];
  });
  if (found.length !== 1) {
    throw new Error(`bug: prettier's output holds the ${list.id} stand-in ${found.length} times`);
  }
  return found[0]!;
}

/** The width prettier gives an indentation: a tab counts as `tabWidth` columns. */
function indentWidth(indent: string, style: PrettierStyle): number {
  let width = 0;
  for (const ch of indent) {
    width += ch === '\t' ? style.tabWidth : 1;
  }
  return width;
}

/** Whether the element at `index` fits on its line, comma included, as prettier measures it. */
function fitsOnItsLine(
  list: ModuleList,
  index: number,
  place: ListPlace,
  style: PrettierStyle,
): boolean {
  const comma = index < list.elements.length - 1 || place.trailingComma ? 1 : 0;
  const width = prettier.util.getStringWidth(list.elements[index]!);
  return indentWidth(place.indent, style) + width + comma <= style.printWidth;
}

/** The indexes of a list's elements too wide for their line. */
function wideIndexes(list: ModuleList, place: ListPlace, style: PrettierStyle): Set<number> {
  if (!list.breakable) {
    return new Set();
  }
  const indexes = list.elements.flatMap((_, index) =>
    fitsOnItsLine(list, index, place, style) ? [] : [index],
  );
  return new Set(indexes);
}

/**
 * Each wide element that is not a call of literals as prettier lays it out, by list id and
 * element index: one more pass over the frame with those elements in their lists, each after
 * a separator comment.
 */
async function laidOutByPrettier(
  print: ModulePrinter,
  lists: readonly ModuleList[],
  spliced: readonly ModuleList[],
  places: ReadonlyMap<string, ListPlace>,
  wideByList: ReadonlyMap<string, ReadonlySet<number>>,
  style: PrettierStyle,
): Promise<Map<string, Map<number, string[]>>> {
  const wide = new Map(
    spliced.map((list) => [
      list.id,
      [...wideByList.get(list.id)!].filter((index) => !list.calls?.[index]),
    ]),
  );
  if ([...wide.values()].every((indexes) => indexes.length === 0)) {
    return new Map();
  }
  const items = new Map(frameItems(lists, spliced, style));
  for (const list of spliced) {
    const elements = wide
      .get(list.id)!
      .flatMap((index) => [separator(list), list.elements[index]!]);
    items.set(list.id, [...elements, standIn(list, style)]);
  }
  const text = await format(print(items), style);
  return new Map(
    spliced.map((list) => [list.id, chunksOf(text, list, wide.get(list.id)!, style, places)]),
  );
}

/** The lines of each wide element of `list` in the second pass's `text`, commas taken off. */
function chunksOf(
  text: string,
  list: ModuleList,
  indexes: readonly number[],
  style: PrettierStyle,
  places: ReadonlyMap<string, ListPlace>,
): Map<number, string[]> {
  const place = placeOf(text, list, style);
  if (place.indent !== places.get(list.id)!.indent) {
    throw new Error(`bug: the ${list.id} list moved between prettier passes`);
  }
  const lines = text.split('\n').slice(0, place.line);
  const chunks: string[][] = [];
  for (let at = lines.length - 1; chunks.length < indexes.length; at--) {
    if (at < 0) {
      throw new Error(`bug: prettier's output lost wide ${list.id} elements`);
    }
    if (lines[at]!.trim() === separator(list)) {
      chunks.unshift(lines.splice(at + 1));
      lines.pop();
    }
  }
  return new Map(indexes.map((index, i) => [index, withoutComma(chunks[i]!)]));
}

function withoutComma(lines: string[]): string[] {
  const last = lines.length - 1;
  return lines.map((line, i) => (i === last && line.endsWith(',') ? line.slice(0, -1) : line));
}

/** The frame with each stand-in line replaced by its list's elements. */
function spliceLists(
  style: PrettierStyle,
  frame: string,
  spliced: readonly ModuleList[],
  places: ReadonlyMap<string, ListPlace>,
  wide: ReadonlyMap<string, ReadonlySet<number>>,
  laidOut: ReadonlyMap<string, ReadonlyMap<number, string[]>>,
): string {
  const lines: string[] = frame.split('\n');
  const byLine = [...spliced].sort((a, b) => places.get(b.id)!.line - places.get(a.id)!.line);
  for (const list of byLine) {
    const place = places.get(list.id)!;
    const laid = laidOut.get(list.id) ?? new Map<number, string[]>();
    lines[place.line] = listLines(list, place, wide.get(list.id)!, laid, style).join('\n');
  }
  return lines.join('\n');
}

/** A list's elements as lines at its place: wide ones broken, or as prettier laid them out. */
function listLines(
  list: ModuleList,
  place: ListPlace,
  wide: ReadonlySet<number>,
  laidOut: ReadonlyMap<number, string[]>,
  style: PrettierStyle,
): string[] {
  const last = list.elements.length - 1;
  return list.elements.map((element, index) => {
    const call = list.calls?.[index];
    const lines =
      laidOut.get(index) ??
      (call && wide.has(index)
        ? brokenCall(call, place.indent, style)
        : element.split('\n').map((line) => `${place.indent}${line}`));
    const comma = index < last || place.trailingComma ? ',' : '';
    return `${lines.join('\n')}${comma}`;
  });
}

/** A call one argument a line, at `indent`, as prettier breaks a call too wide for its line. */
function brokenCall(call: LiteralCall, indent: string, style: PrettierStyle): string[] {
  const argIndent = `${indent}${style.indentUnit}`;
  const last = call.args.length - 1;
  const args = call.args.map((arg, index) => {
    const comma = index < last || style.callTrailingComma ? ',' : '';
    return `${argIndent}${arg}${comma}`;
  });
  return [`${indent}${call.callee}(`, ...args, `${indent})`];
}
