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
  description?: string;
  /** Where the entry starts in the catalog file. */
  position: SourcePosition;
  /** Where each of its fields' values is, for diagnostics about one field. */
  fieldPositions: Partial<Record<EntryField, SourcePosition>>;
}

/** The fields of an entry that diagnostics can point at. */
export type EntryField = 'name' | 'code' | 'status' | 'message' | 'description';

/** Where a field of `entry` is written, or where the entry starts when it has no such field. */
export function positionOfField(entry: Entry, field: EntryField): SourcePosition {
  return entry.fieldPositions[field] ?? entry.position;
}

/** A whole catalog, in the order its file lists the entries. */
export interface Catalog {
  /** Identifier for default package and module names (`upyun`). */
  name: string;
  /** The catalog file, as the user named it, with `/` separators; generated headers cite it. */
  source: string;
  codeType: CodeType;
  codeRule?: 'status-prefix';
  entries: Entry[];
}

/** The distinct HTTP statuses of a catalog, in ascending order. */
export function statusesOf(catalog: Catalog): number[] {
  return [...new Set(catalog.entries.map((e) => e.status))].sort((a, b) => a - b);
}
