/**
 * The catalog as the emitters see it: loaded, validated, positions kept for diagnostics.
 */
import type { SourcePosition } from '../diagnostics.ts';

/** How codes are written: JSON numbers (the default) or strings. */
export type CodeType = 'integer' | 'string';

/** An error code: a safe integer in an integer catalog, a string in a string catalog. */
export type Code = number | string;

/** One row of the catalog: a failure the API can report. */
export interface Entry {
  /** The stable identifier, from which each target derives its own name. */
  name: string;
  code: Code;
  /** The HTTP status the API answers with. */
  status: number;
  /** The text the server sends; kept exactly as written. */
  message: string;
  /** The default locale's description; what generated code carries. */
  description?: string;
  /** Every locale's description as the catalog writes it, keyed by BCP 47 tag. */
  descriptions?: Record<string, string>;
  /** Where each locale's text of a description map is, for diagnostics about one locale. */
  localePositions?: Record<string, SourcePosition>;
  /** Set when clients should move off the code; the API still sends it. */
  deprecated?: Deprecation;
  /** Set when the API no longer sends the code: a tombstone, left out of every target's lookups. */
  retired?: Retirement;
  /** True when a client may retry the request that failed with this code. */
  retryable?: boolean;
  /** Where the entry starts in the catalog file. */
  position: SourcePosition;
  /** Where each of its fields' values is, for diagnostics about one field. */
  fieldPositions: Partial<Record<EntryField | LifecycleField, SourcePosition>>;
}

/** Why an entry is deprecated, and what replaces it; both optional. */
export interface Deprecation {
  reason?: string;
  /** The name of the live entry clients should use instead. */
  replacedBy?: string;
}

/** Why an entry was retired, when the catalog says. */
export interface Retirement {
  reason?: string;
}

/** The fields of an entry that say what the API sends. */
export type EntryField = 'name' | 'code' | 'status' | 'message' | 'description';

/** The fields of an entry that say where it is in its life: deprecated, retired, retryable. */
export type LifecycleField = 'deprecated' | 'replacedBy' | 'retired' | 'retryable';

/** Where a field of `entry` is written, or where the entry starts when it has no such field. */
export function positionOfField(entry: Entry, field: EntryField | LifecycleField): SourcePosition {
  return entry.fieldPositions[field] ?? entry.position;
}

/** A whole catalog, in the order its file lists the entries. */
export interface Catalog {
  /** Identifier for default package and module names (`upyun`). */
  name: string;
  /** The catalog file, as the user named it, with `/` separators; generated headers cite it. */
  source: string;
  codeType: CodeType;
  /** Where `codeType` is written, or where the catalog starts when it is left to the default. */
  codeTypePosition?: SourcePosition;
  codeRule?: 'status-prefix';
  /** BCP 47 tags of the description languages; the first is the default (absent: `en`). */
  locales?: string[];
  /** Where `locales` is written, or where the catalog starts when it is left to the default. */
  localesPosition?: SourcePosition;
  entries: Entry[];
}

/** The locale of a catalog that says nothing about locales. */
export const DEFAULT_LOCALE = 'en';

/** The locales of a catalog, the default first. */
export function localesOf(catalog: Catalog): string[] {
  return catalog.locales ?? [DEFAULT_LOCALE];
}

/** The description of `entry` in `locale`, falling back to the default locale's text. */
export function descriptionIn(entry: Entry, locale: string): string | undefined {
  return entry.descriptions?.[locale] ?? entry.description;
}

/** Whether the API still sends the entry's code (it is not retired). */
export function isLive(entry: Entry): boolean {
  return entry.retired === undefined;
}

/** The entries every target's enums and lookups hold: all but the retired ones, in order. */
export function liveEntries(catalog: Catalog): Entry[] {
  return catalog.entries.filter(isLive);
}

/** The distinct HTTP statuses of a catalog, in ascending order. */
export function statusesOf(catalog: Catalog): number[] {
  return [...new Set(catalog.entries.map((e) => e.status))].sort((a, b) => a - b);
}
