/**
 * The reference page: every code of the catalog in a Markdown table per HTTP status, each
 * with an anchor named after the code so links to it never change. Retired codes stay listed,
 * struck through, with the reason; a Notes column marks retryable and deprecated codes.
 */
import {
  type Catalog,
  type Deprecation,
  type Entry,
  isLive,
  statusesOf,
} from '../catalog/model.ts';
import { markdownCell } from './literals.ts';
import { type Emitter, generatedNotice, reasonText, withFullStop } from './emitter.ts';

/** Reason phrases of the statuses an error catalog uses most (RFC 9110 and friends). */
const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  423: 'Locked',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Writes the Markdown reference page. */
export const emitDocs: Emitter = async (catalog, options) => {
  return [{ path: options.docs.file, contents: renderPage(catalog) }];
};

function renderPage(catalog: Catalog): string {
  const lines = [
    `<!-- ${generatedNotice(catalog)} -->`,
    '',
    `# ${markdownCell(catalog.name)} error codes`,
    '',
    `${countLine(catalog)}, grouped by HTTP status. ` +
      'Each code has an anchor of its own (`#<code>`) that never changes.',
    '',
  ];
  const byStatus = groupByStatus(catalog.entries);
  const byName = new Map(catalog.entries.map((e) => [e.name, e]));
  for (const status of statusesOf(catalog)) {
    lines.push(...renderStatus(status, byStatus.get(status) ?? [], byName));
  }
  return lines.join('\n');
}

/** `154 codes`, or `150 codes and 4 retired ones` when the catalog has tombstones. */
function countLine(catalog: Catalog): string {
  const retired = catalog.entries.filter((e) => !isLive(e)).length;
  const live = catalog.entries.length - retired;
  const codes = `${live} ${live === 1 ? 'code' : 'codes'}`;
  return retired === 0 ? codes : `${codes} and ${retired} retired (struck through)`;
}

function groupByStatus(entries: readonly Entry[]): Map<number, Entry[]> {
  const groups = new Map<number, Entry[]>();
  for (const entry of entries) {
    const group = groups.get(entry.status);
    if (group) {
      group.push(entry);
    } else {
      groups.set(entry.status, [entry]);
    }
  }
  return groups;
}

function renderStatus(
  status: number,
  entries: readonly Entry[],
  byName: ReadonlyMap<string, Entry>,
): string[] {
  const reason = REASONS[status];
  return [
    `## ${status}${reason ? ` ${reason}` : ''}`,
    '',
    '| Code | Name | Message | Description | Notes |',
    '| --- | --- | --- | --- | --- |',
    ...entries.map((entry) => renderRow(entry, byName)),
    '',
  ];
}

/** The anchor id of a code: the code itself, with anything but letters, digits, - and _ encoded. */
export function codeAnchor(code: number | string): string {
  return String(code).replace(/[^A-Za-z0-9_-]/g, (ch) =>
    [...Buffer.from(ch, 'utf8')].map((b) => `.${b.toString(16).padStart(2, '0')}`).join(''),
  );
}

function renderRow(entry: Entry, byName: ReadonlyMap<string, Entry>): string {
  const anchor = codeAnchor(entry.code);
  // A retired row is struck through; markdownCell escapes `~`, so no text can end it early.
  const strike = isLive(entry) ? (text: string) => text : (text: string) => `~~${text}~~`;
  const code = `<a id="${anchor}"></a>${strike(markdownCell(String(entry.code)))}`;
  const cells = [code, strike(markdownCell(entry.name)), strike(markdownCell(entry.message))];
  cells.push(entry.description === undefined ? '' : markdownCell(entry.description));
  cells.push(notesOf(entry, byName));
  return `| ${cells.join(' | ')} |`;
}

/** The Notes cell: retired (with the reason), deprecated (with its replacement), retryable. */
function notesOf(entry: Entry, byName: ReadonlyMap<string, Entry>): string {
  if (entry.retired) {
    return withReason('**Retired**', entry.retired.reason);
  }
  const notes: string[] = [];
  if (entry.deprecated) {
    notes.push(deprecatedNote(entry.deprecated, byName));
  }
  if (entry.retryable) {
    notes.push('**Retryable**');
  }
  return notes.join('<br>');
}

/** The deprecated badge, the reason, then a link to the replacement's row. */
function deprecatedNote(deprecation: Deprecation, byName: ReadonlyMap<string, Entry>): string {
  const reason = reasonText(deprecation.reason);
  const replacement = byName.get(deprecation.replacedBy ?? '');
  const parts = reason ? [markdownCell(replacement ? withFullStop(reason) : reason)] : [];
  if (replacement) {
    parts.push(`Use ${codeLink(replacement)} instead.`);
  }
  return parts.length > 0 ? `**Deprecated**: ${parts.join(' ')}` : '**Deprecated**';
}

/** A badge, followed by the reason when there is one. */
function withReason(badge: string, reason: string | undefined): string {
  const text = reasonText(reason);
  return text ? `${badge}: ${markdownCell(text)}` : badge;
}

/** A link to an entry's row: its name, pointing at its code's anchor. */
function codeLink(entry: Entry): string {
  return `[${markdownCell(entry.name)}](#${codeAnchor(entry.code)})`;
}
