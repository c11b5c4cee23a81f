/**
 * The catalog's meaning, beyond its structure: unique codes and names, statuses and code
 * rules, text every target can carry, and names every target can use without collisions.
 */
import { type DiagnosticBag, diagnostics, type SourcePosition } from '../diagnostics.ts';
import {
  CATALOG_NAME_PATTERN,
  identifierFor,
  invalidNameReason,
  NAMING_TARGETS,
  reservedReason,
} from '../naming.ts';
import { suggest } from '../yaml/schema.ts';
import {
  type Catalog,
  type Entry,
  type EntryField,
  isLive,
  type LifecycleField,
  localesOf,
  positionOfField,
} from './model.ts';

/** A BCP 47 language tag, loosely: a language subtag, then subtags of letters and digits. */
const LOCALE_TAG = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;

/**
 * Reports every semantic problem of `catalog`; `catalogPosition` locates its name, and
 * `declared` counts the entries the file lists (some may have been left out as broken).
 */
export function validateCatalog(
  catalog: Catalog,
  bag: DiagnosticBag,
  catalogPosition: SourcePosition,
  declared = catalog.entries.length,
): void {
  checkCatalogName(catalog, bag, catalogPosition);
  if (declared === 0) {
    bag.add(diagnostics.emptyCatalog, {}, catalogPosition);
    return;
  }
  if (catalog.codeRule && catalog.codeType === 'string') {
    bag.add(diagnostics.codeRuleNeedsIntegers, {}, catalogPosition);
  }
  checkLocaleTags(catalog, bag, catalogPosition);
  for (const entry of catalog.entries) {
    checkEntry(catalog, entry, bag);
    checkTranslations(localesOf(catalog), entry, bag);
  }
  checkUnique(catalog.entries, bag);
  checkIdentifiers(catalog.entries, bag);
  checkReplacements(catalog.entries, bag);
  if (catalog.entries.length > 0 && !catalog.entries.some(isLive)) {
    bag.add(diagnostics.everyEntryRetired, {}, catalogPosition);
  }
}

function checkCatalogName(catalog: Catalog, bag: DiagnosticBag, position: SourcePosition): void {
  if (!CATALOG_NAME_PATTERN.test(catalog.name)) {
    const origin = position.line === 1 && position.column === 1 ? 'from the file name' : 'catalog:';
    bag.add(diagnostics.invalidCatalogName, { name: catalog.name, origin }, position);
  }
}

function checkEntry(catalog: Catalog, entry: Entry, bag: DiagnosticBag): void {
  const { name } = entry;
  const at = (field: EntryField | LifecycleField) => positionOfField(entry, field);
  const invalid = invalidNameReason(name);
  if (invalid) {
    bag.add(diagnostics.invalidName, { name, reason: invalid }, at('name'), name);
  }
  if (entry.message.trim() === '') {
    bag.add(diagnostics.emptyMessage, { name }, at('message'), name);
  }
  const descriptions = descriptionFields(entry).map(
    ([field, text]) => [field, text, 'description'] as const,
  );
  for (const [field, text, where] of [
    ['message', entry.message, 'message'],
    ...descriptions,
    ['code', typeof entry.code === 'string' ? entry.code : undefined, 'code'],
    ['deprecated.reason', entry.deprecated?.reason, 'deprecated'],
    ['retired.reason', entry.retired?.reason, 'retired'],
  ] as const) {
    const problem = text === undefined ? undefined : textProblem(text);
    if (problem) {
      const position = at(where);
      bag.add(diagnostics.invalidText, { field, name, detail: problem }, position, name);
    }
  }
  if (typeof entry.code === 'string' && entry.code.trim() === '') {
    bag.add(diagnostics.invalidText, { field: 'code', name, detail: 'is empty' }, at('code'), name);
  }
  if (catalog.codeRule === 'status-prefix' && typeof entry.code === 'number') {
    if (!String(entry.code).startsWith(String(entry.status))) {
      const args = { code: String(entry.code), status: entry.status, name };
      bag.add(diagnostics.codeRuleBroken, args, at('code'), name);
    }
  }
  if (entry.status < 100 || entry.status > 599) {
    bag.add(diagnostics.statusOutOfRange, { status: entry.status, name }, at('status'), name);
  } else if (entry.status < 400) {
    bag.add(diagnostics.successStatus, { status: entry.status, name }, at('status'), name);
  }
}

/** Each description text with the field that names it: `description`, or `description.<tag>`. */
function descriptionFields(entry: Entry): [string, string][] {
  if (!entry.localePositions) {
    return entry.description === undefined ? [] : [['description', entry.description]];
  }
  return Object.entries(entry.descriptions ?? {}).map(([tag, text]) => [
    `description.${tag}`,
    text,
  ]);
}

/** Every tag in `locales` must look like a BCP 47 language tag. */
function checkLocaleTags(catalog: Catalog, bag: DiagnosticBag, fallback: SourcePosition): void {
  for (const tag of catalog.locales ?? []) {
    if (!LOCALE_TAG.test(tag)) {
      bag.add(diagnostics.invalidLocale, { tag }, catalog.localesPosition ?? fallback);
    }
  }
}

/**
 * A description map may only use the catalog's locales (an error), and should have text in
 * each of them (one warning per entry, naming every locale without text).
 */
function checkTranslations(locales: readonly string[], entry: Entry, bag: DiagnosticBag): void {
  const { name } = entry;
  const texts = entry.descriptions ?? {};
  for (const tag of Object.keys(texts).filter((t) => !locales.includes(t))) {
    const at = entry.localePositions?.[tag] ?? positionOfField(entry, 'description');
    const args = {
      name,
      tag,
      locales: locales.join(', '),
      suggestion: localeSuggestion(tag, locales),
    };
    bag.add(diagnostics.unknownLocale, args, at, name);
  }
  // The default locale's text is optional: without it the entry has no default description.
  const missing = locales.slice(1).filter((tag) => texts[tag] === undefined);
  if (Object.keys(texts).length === 0 || missing.length === 0) {
    return;
  }
  const fallback =
    entry.description === undefined
      ? 'the description is left out there'
      : `the ${locales[0]} text is used there instead`;
  const args = { name, missing: missing.join(', '), fallback };
  bag.add(diagnostics.missingTranslation, args, positionOfField(entry, 'description'), name);
}

/** A listed locale `tag` is likely a misspelling of: near it, and of the same language. */
function localeSuggestion(tag: string, locales: readonly string[]): string | undefined {
  const candidate = suggest(tag, locales);
  const language = (t: string) => t.split(/[-_]/)[0]!.toLowerCase();
  return candidate !== undefined && language(candidate) === language(tag) ? candidate : undefined;
}

/** Text that no target can carry exactly: lone UTF-16 surrogates (not Unicode scalar values). */
function textProblem(text: string): string | undefined {
  const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(text);
  if (lone) {
    const hex = lone[0].charCodeAt(0).toString(16).toUpperCase();
    return (
      `holds a lone surrogate U+${hex}, which is not a Unicode character ` + 'and has no UTF-8 form'
    );
  }
  return undefined;
}

function checkUnique(entries: readonly Entry[], bag: DiagnosticBag): void {
  const byName = new Map<string, Entry>();
  const byCode = new Map<string, Entry>();
  for (const entry of entries) {
    const sameName = byName.get(entry.name);
    if (sameName) {
      const args = { name: entry.name, otherLine: sameName.position.line };
      bag.add(diagnostics.duplicateName, args, positionOfField(entry, 'name'), entry.name);
    } else {
      byName.set(entry.name, entry);
    }
    const key = `${typeof entry.code}:${entry.code}`;
    const sameCode = byCode.get(key);
    if (sameCode) {
      const args = {
        code: JSON.stringify(entry.code),
        name: entry.name,
        other: sameCode.name,
        otherLine: sameCode.position.line,
      };
      bag.add(diagnostics.duplicateCode, args, positionOfField(entry, 'code'), entry.name);
    } else {
      byCode.set(key, entry);
    }
  }
}

/**
 * Each target's identifiers must be usable and distinct. A pair of entries that collide is
 * reported once, with the identifier they share in every target where they do.
 */
function checkIdentifiers(entries: readonly Entry[], bag: DiagnosticBag): void {
  const usable = entries.filter((e) => invalidNameReason(e.name) === undefined);
  const clashes = new Map<Entry, Map<Entry, string[]>>();
  for (const target of NAMING_TARGETS) {
    const seen = new Map<string, Entry>();
    for (const entry of usable) {
      const identifier = identifierFor(target, entry.name);
      const reason = reservedReason(target, identifier);
      if (reason) {
        const args = { name: entry.name, target, identifier, reason };
        bag.add(diagnostics.reservedName, args, positionOfField(entry, 'name'), entry.name);
        continue;
      }
      const other = seen.get(identifier);
      if (!other) {
        seen.set(identifier, entry);
      } else if (other.name !== entry.name) {
        const byOther = clashes.get(entry) ?? new Map<Entry, string[]>();
        clashes.set(
          entry,
          byOther.set(other, [...(byOther.get(other) ?? []), `${identifier} in ${target}`]),
        );
      }
    }
  }
  for (const [entry, byOther] of clashes) {
    for (const [other, identifiers] of byOther) {
      const args = {
        name: entry.name,
        other: other.name,
        otherLine: other.position.line,
        identifiers: identifiers.join(', '),
      };
      bag.add(diagnostics.nameCollision, args, positionOfField(entry, 'name'), entry.name);
    }
  }
}

/** `deprecated.replacedBy` must name another entry, and one that is still live. */
function checkReplacements(entries: readonly Entry[], bag: DiagnosticBag): void {
  const byName = new Map(entries.map((e) => [e.name, e]));
  for (const entry of entries) {
    const replacedBy = entry.deprecated?.replacedBy;
    if (replacedBy === undefined) {
      continue;
    }
    const { name } = entry;
    const at = positionOfField(entry, 'replacedBy');
    const target = byName.get(replacedBy);
    if (!target) {
      const live = entries.filter((e) => isLive(e) && e !== entry).map((e) => e.name);
      const args = { name, replacedBy, suggestion: suggest(replacedBy, live) };
      bag.add(diagnostics.unknownReplacement, args, at, name);
    } else if (target === entry) {
      bag.add(diagnostics.selfReplacement, { name }, at, name);
    } else if (!isLive(target)) {
      const args = { name, replacedBy, otherLine: target.position.line };
      bag.add(diagnostics.retiredReplacement, args, at, name);
    }
  }
}
