/**
 * How a catalog changed between two versions, judged rule by rule: which changes break the
 * programs generated from the old one (a code removed, a status or a name changed), which may
 * (a message changed), and which are safe (a code added, deprecated, or retired after a
 * deprecation).
 *
 * Entries are matched by code, since the code is what the API sends: the same code under a new
 * name is a renamed entry, not a removed one and an added one.
 */
import {
  type Catalog,
  type Code,
  type Entry,
  isLive,
  liveEntries,
  positionOfField,
} from '../catalog/model.ts';
import type { SourcePosition } from '../diagnostics.ts';
import { responseName } from '../emit/openapi.ts';

/** How much a change matters to the clients of the old catalog. */
export type ChangeSeverity = 'breaking' | 'warning' | 'note' | 'fine';

/** Every rule, by its id (a stable contract: ids never change meaning), with its severity. */
export const RULES = {
  'code-removed': 'breaking',
  'tombstone-removed': 'breaking',
  'retired-code-reused': 'breaking',
  'retired-name-reused': 'breaking',
  unretired: 'breaking',
  'status-changed': 'breaking',
  'name-changed': 'breaking',
  'code-changed': 'breaking',
  'code-type-changed': 'breaking',
  'retired-without-deprecation': 'breaking',
  'status-response-removed': 'breaking',
  'message-changed': 'warning',
  'description-changed': 'note',
  'deprecated-removed': 'note',
  'retryable-changed': 'note',
  'code-added': 'fine',
  'deprecated-added': 'fine',
  'code-retired': 'fine',
} as const satisfies Record<string, ChangeSeverity>;

/** The id of a rule, such as `status-changed`. */
export type RuleId = keyof typeof RULES;

/** One difference between the catalogs, as one rule sees it. */
export interface Change {
  rule: RuleId;
  severity: ChangeSeverity;
  message: string;
  /** The entry the change is about: its name in the new catalog, else in the old one. */
  entry?: string;
  /** Where the change is in the old catalog, when it is there at all. */
  old?: SourcePosition;
  /** Where the change is in the new catalog, when it is there at all. */
  new?: SourcePosition;
}

/**
 * Every change from `before` to `after`: the old catalog's codes in its order, then the codes
 * only the new catalog has, in its order, then the statuses that lost their last live code.
 */
export function diffCatalogs(before: Catalog, after: Catalog): Change[] {
  const changes: Change[] = [];
  const add = (change: Omit<Change, 'severity'>) => {
    changes.push({ ...change, severity: RULES[change.rule] });
  };
  compareCodeTypes(before, after, add);
  const afterByCode = byCode(after.entries);
  const afterByName = byName(after.entries);
  // Names that moved to another code, reported once, from whichever side finds them first.
  const moved = new Set<string>();
  for (const old of before.entries) {
    const next = afterByCode.get(keyOf(old.code));
    if (next) {
      compareMatched(old, next, add);
    } else {
      compareGone(old, afterByName.get(old.name), moved, add);
    }
  }
  const beforeByCode = byCode(before.entries);
  const beforeByName = byName(before.entries);
  for (const next of after.entries) {
    if (!beforeByCode.has(keyOf(next.code)) && !moved.has(next.name)) {
      compareNew(next, beforeByName.get(next.name), add);
    }
  }
  compareStatusResponses(before, after, afterByCode, add);
  return changes;
}

/** Receives each change a rule finds. */
type Report = (change: Omit<Change, 'severity'>) => void;

/** Codes are matched as text, so that a change of codeType still pairs 404 with "404". */
function keyOf(code: Code): string {
  return String(code);
}

function byCode(entries: readonly Entry[]): Map<string, Entry> {
  return new Map(entries.map((e) => [keyOf(e.code), e]));
}

function byName(entries: readonly Entry[]): Map<string, Entry> {
  return new Map(entries.map((e) => [e.name, e]));
}

/** A code as messages show it: a number as is, a string quoted. */
function codeText(code: Code): string {
  return typeof code === 'string' ? JSON.stringify(code) : String(code);
}

/** `"Name" (code 40400001)`, the way messages name an entry. */
function label(entry: Entry): string {
  return `${JSON.stringify(entry.name)} (code ${codeText(entry.code)})`;
}

function compareCodeTypes(before: Catalog, after: Catalog, add: Report): void {
  if (before.codeType === after.codeType) {
    return;
  }
  add({
    rule: 'code-type-changed',
    message:
      `codeType changed from ${before.codeType} to ${after.codeType}, ` +
      'which changes the type of every code in every target',
    old: before.codeTypePosition,
    new: after.codeTypePosition,
  });
}

/** An old and a new entry with the same code. */
function compareMatched(old: Entry, next: Entry, add: Report): void {
  if (!isLive(old)) {
    compareTombstone(old, next, add);
    return;
  }
  compareNames(old, next, add);
  if (!isLive(next)) {
    reportRetired(old, next, add);
    return;
  }
  compareStatuses(old, next, add);
  compareTexts(old, next, add);
  compareFlags(old, next, add);
}

/**
 * A live code retired: fine after a deprecation, breaking without one, since retiring takes its
 * constants out of every target and clients get no release in which they are marked deprecated.
 */
function reportRetired(old: Entry, next: Entry, add: Report): void {
  const at = { entry: next.name, old: old.position, new: positionOfField(next, 'retired') };
  if (old.deprecated) {
    add({ rule: 'code-retired', message: `${label(next)} was retired`, ...at });
    return;
  }
  const message =
    `${label(next)} was retired without being deprecated first, so its identifier leaves ` +
    'every target with no deprecation period; deprecate it in one release, retire it in a ' +
    'later one';
  add({ rule: 'retired-without-deprecation', message, ...at });
}

/** A code retired in the old catalog: it may stay retired, but never come back. */
function compareTombstone(old: Entry, next: Entry, add: Report): void {
  if (!isLive(next)) {
    compareNames(old, next, add);
    return;
  }
  const at = { entry: next.name, old: old.position, new: next.position };
  if (old.name === next.name) {
    add({ rule: 'unretired', message: `${label(next)} was retired and is live again`, ...at });
    return;
  }
  const message =
    `code ${codeText(next.code)} was retired as ${JSON.stringify(old.name)} ` +
    `and is used again by ${JSON.stringify(next.name)}`;
  add({ rule: 'retired-code-reused', message, ...at });
}

function compareNames(old: Entry, next: Entry, add: Report): void {
  if (old.name === next.name) {
    return;
  }
  add({
    rule: 'name-changed',
    entry: next.name,
    message:
      `code ${codeText(next.code)} changed its name from ${JSON.stringify(old.name)} to ` +
      `${JSON.stringify(next.name)}, which renames it in every target`,
    old: positionOfField(old, 'name'),
    new: positionOfField(next, 'name'),
  });
}

function compareStatuses(old: Entry, next: Entry, add: Report): void {
  if (old.status === next.status) {
    return;
  }
  add({
    rule: 'status-changed',
    entry: next.name,
    message: `status of ${label(next)} changed from ${old.status} to ${next.status}`,
    old: positionOfField(old, 'status'),
    new: positionOfField(next, 'status'),
  });
}

function compareTexts(old: Entry, next: Entry, add: Report): void {
  if (old.message !== next.message) {
    add({
      rule: 'message-changed',
      entry: next.name,
      message:
        `message of ${label(next)} changed from ${JSON.stringify(old.message)} to ` +
        `${JSON.stringify(next.message)}; clients that match on the text will miss it`,
      old: positionOfField(old, 'message'),
      new: positionOfField(next, 'message'),
    });
  }
  if (descriptionKey(old) !== descriptionKey(next)) {
    const how =
      descriptionKey(old) === '[]'
        ? 'added'
        : descriptionKey(next) === '[]'
          ? 'removed'
          : 'changed';
    add({
      rule: 'description-changed',
      entry: next.name,
      message: `description of ${label(next)} ${how}`,
      old: positionOfField(old, 'description'),
      new: positionOfField(next, 'description'),
    });
  }
}

/** An entry's description in every locale, as one comparable string (`[]` when it has none). */
function descriptionKey(entry: Entry): string {
  const texts =
    entry.descriptions ?? (entry.description === undefined ? {} : { '': entry.description });
  return JSON.stringify(Object.entries(texts).sort(([a], [b]) => a.localeCompare(b)));
}

/** Deprecation and retryability of an entry that is live on both sides. */
function compareFlags(old: Entry, next: Entry, add: Report): void {
  const at = { entry: next.name, old: positionOfField(old, 'deprecated') };
  if (!old.deprecated && next.deprecated) {
    const message = `${label(next)} is now deprecated`;
    add({ rule: 'deprecated-added', message, ...at, new: positionOfField(next, 'deprecated') });
  } else if (old.deprecated && !next.deprecated) {
    const message = `${label(next)} is no longer deprecated`;
    add({ rule: 'deprecated-removed', message, ...at, new: next.position });
  }
  if (Boolean(old.retryable) !== Boolean(next.retryable)) {
    add({
      rule: 'retryable-changed',
      entry: next.name,
      message: `${label(next)} is ${next.retryable ? 'now' : 'no longer'} retryable`,
      old: positionOfField(old, 'retryable'),
      new: positionOfField(next, 'retryable'),
    });
  }
}

/** An old code the new catalog lacks: removed, unless its name moved to another code. */
function compareGone(
  old: Entry,
  sameName: Entry | undefined,
  moved: Set<string>,
  add: Report,
): void {
  if (sameName) {
    moved.add(old.name);
    compareMoved(old, sameName, add);
  } else {
    reportRemoved(old, add);
  }
}

/** A code the old catalog lacks: added, unless its name had another code before. */
function compareNew(next: Entry, sameName: Entry | undefined, add: Report): void {
  if (sameName) {
    compareMoved(sameName, next, add);
  } else {
    reportAdded(next, add);
  }
}

/** The same name under a different code on each side. */
function compareMoved(old: Entry, next: Entry, add: Report): void {
  const at = {
    entry: next.name,
    old: positionOfField(old, 'code'),
    new: positionOfField(next, 'code'),
  };
  if (!isLive(old) && isLive(next)) {
    const message =
      `name ${JSON.stringify(next.name)} was retired with code ${codeText(old.code)} ` +
      `and is used again with code ${codeText(next.code)}`;
    add({ rule: 'retired-name-reused', message, ...at });
    return;
  }
  const message =
    `${JSON.stringify(next.name)} changed its code from ${codeText(old.code)} to ` +
    `${codeText(next.code)}`;
  add({ rule: 'code-changed', message, ...at });
}

function reportRemoved(old: Entry, add: Report): void {
  if (isLive(old)) {
    const how = old.deprecated ? 'mark it retired: true' : 'deprecate it, and retire it later';
    const removed = `${label(old)} was removed without being retired first`;
    const message = `${removed}; keep the entry and ${how}`;
    add({ rule: 'code-removed', entry: old.name, message, old: old.position });
    return;
  }
  const message =
    `retired ${label(old)} was removed; keep its entry, so that its code and name ` +
    'are never used again';
  add({ rule: 'tombstone-removed', entry: old.name, message, old: old.position });
}

function reportAdded(next: Entry, add: Report): void {
  const how = isLive(next) ? 'was added' : 'was added as retired';
  add({
    rule: 'code-added',
    entry: next.name,
    message: `${label(next)} ${how}`,
    new: next.position,
  });
}

/**
 * Statuses that had a live code in the old catalog and have none in the new one: their OpenAPI
 * response (`Error410`) is gone, and API descriptions that `$ref` it no longer resolve.
 */
function compareStatusResponses(
  before: Catalog,
  after: Catalog,
  afterByCode: Map<string, Entry>,
  add: Report,
): void {
  // A later entry overwrites an earlier one, so each status maps to its last live entry.
  const lastByStatus = new Map(liveEntries(before).map((e) => [e.status, e]));
  const liveStatuses = new Set(liveEntries(after).map((e) => e.status));
  const gone = [...lastByStatus.keys()].filter((s) => !liveStatuses.has(s)).sort((a, b) => a - b);
  for (const status of gone) {
    const old = lastByStatus.get(status)!;
    reportResponseRemoved(old, afterByCode.get(keyOf(old.code)), add);
  }
}

/**
 * One status response gone, at the entry that carried the status's last live code: where it was
 * retired or its status changed, or, when its code was removed, where it was.
 */
function reportResponseRemoved(old: Entry, next: Entry | undefined, add: Report): void {
  const component = responseName(old.status);
  const message =
    `${label(next ?? old)} was the last live code of status ${old.status}, so the OpenAPI ` +
    `response ${component} is removed; API descriptions that $ref ` +
    `#/components/responses/${component} no longer resolve`;
  add({
    rule: 'status-response-removed',
    entry: (next ?? old).name,
    message,
    old: positionOfField(old, 'status'),
    new: next && positionOfField(next, isLive(next) ? 'status' : 'retired'),
  });
}
