/**
 * The reference pages: every code of the catalog in a Markdown table per HTTP status, each
 * with an anchor named after the code so links to it never change, one page per locale.
 * Retired codes stay listed, struck through, with the reason; a Notes column marks retryable
 * and deprecated codes.
 */
import { basename } from 'node:path';

import {
  type Catalog,
  type Deprecation,
  descriptionIn,
  type Entry,
  isLive,
  localesOf,
  statusesOf,
} from '../catalog/model.ts';
import { languageName, type PageText, pageTextFor } from './docs-text.ts';
import { type Emitter, generatedNotice, reasonText, withFullStop } from './emitter.ts';
import { markdownCell } from './literals.ts';

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
  417: 'Expectation Failed',
  418: "I'm a Teapot",
  421: 'Misdirected Request',
  424: 'Failed Dependency',
  425: 'Too Early',
  426: 'Upgrade Required',
  422: 'Unprocessable Content',
  423: 'Locked',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
  507: 'Insufficient Storage',
  508: 'Loop Detected',
  511: 'Network Authentication Required',
};

/** Writes the Markdown reference page of each locale: the default's at `docs.file`. */
export const emitDocs: Emitter = async (catalog, options) => {
  const locales = localesOf(catalog);
  return locales.map((locale, i) => ({
    path: docsPagePath(options.docs.file, locales, i),
    contents: renderPage(catalog, locale, basename(options.docs.file)),
  }));
};

/** Where the page of `locales[index]` goes: `errors.md` for the default, `errors.<tag>.md` else. */
export function docsPagePath(file: string, locales: readonly string[], index: number): string {
  if (index === 0) {
    return file;
  }
  const dot = file.lastIndexOf('.');
  const stem = dot > file.lastIndexOf('/') ? file.slice(0, dot) : file;
  return `${stem}.${locales[index]}${file.slice(stem.length)}`;
}

/** What one page needs besides the catalog: its words, its locale, the entries by name. */
interface PageContext {
  text: PageText;
  locale: string;
  byName: ReadonlyMap<string, Entry>;
}

function renderPage(catalog: Catalog, locale: string, file: string): string {
  const text = pageTextFor(locale);
  const lines = [
    `<!-- ${generatedNotice(catalog)} -->`,
    '',
    `# ${markdownCell(text.title(catalog.name))}`,
    '',
    ...languageLinks(catalog, locale, text, file),
    text.intro(countLine(catalog, text)),
    '',
  ];
  const byStatus = groupByStatus(catalog.entries);
  const context = { text, locale, byName: new Map(catalog.entries.map((e) => [e.name, e])) };
  for (const status of statusesOf(catalog)) {
    lines.push(...renderStatus(status, byStatus.get(status) ?? [], context));
  }
  return lines.join('\n');
}

/** The line linking every language version of the page (none for a one-locale catalog). */
function languageLinks(catalog: Catalog, current: string, text: PageText, file: string): string[] {
  const locales = localesOf(catalog);
  if (locales.length < 2) {
    return [];
  }
  const links = locales.map((locale, i) => {
    const name = markdownCell(languageName(locale));
    const page = docsPagePath(file, locales, i);
    return locale === current ? `**${name}**` : `[${name}](${page})`;
  });
  return [`${text.languages}${links.join(' · ')}`, ''];
}

/** `154 codes`, or `150 codes and 4 retired ones` when the catalog has tombstones. */
function countLine(catalog: Catalog, text: PageText): string {
  const retired = catalog.entries.filter((e) => !isLive(e)).length;
  return text.codes(catalog.entries.length - retired, retired);
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

function renderStatus(status: number, entries: readonly Entry[], context: PageContext): string[] {
  const reason = REASONS[status];
  return [
    `## ${status}${reason ? ` ${reason}` : ''}`,
    '',
    `| ${context.text.columns.join(' | ')} |`,
    '| --- | --- | --- | --- | --- |',
    ...entries.map((entry) => renderRow(entry, context)),
    '',
  ];
}

/** The link to a code's row on the reference page at `baseUrl`. */
export function docsUrlOf(baseUrl: string, code: number | string): string {
  return `${baseUrl}#${codeAnchor(code)}`;
}

/** The anchor id of a code: the code itself, with anything but letters, digits, - and _ encoded. */
export function codeAnchor(code: number | string): string {
  return String(code).replace(/[^A-Za-z0-9_-]/g, (ch) =>
    [...Buffer.from(ch, 'utf8')].map((b) => `.${b.toString(16).padStart(2, '0')}`).join(''),
  );
}

function renderRow(entry: Entry, context: PageContext): string {
  const anchor = codeAnchor(entry.code);
  // A retired row is struck through; markdownCell escapes `~`, so no text can end it early.
  const strike = isLive(entry) ? (text: string) => text : (text: string) => `~~${text}~~`;
  const code = `<a id="${anchor}"></a>${strike(markdownCell(String(entry.code)))}`;
  const cells = [code, strike(markdownCell(entry.name)), strike(markdownCell(entry.message))];
  const description = descriptionIn(entry, context.locale);
  cells.push(description === undefined ? '' : markdownCell(description));
  cells.push(notesOf(entry, context));
  return `| ${cells.join(' | ')} |`;
}

/** The Notes cell: retired (with the reason), deprecated (with its replacement), retryable. */
function notesOf(entry: Entry, context: PageContext): string {
  const { text } = context;
  if (entry.retired) {
    return withReason(`**${text.retired}**`, entry.retired.reason);
  }
  const notes: string[] = [];
  if (entry.deprecated) {
    notes.push(deprecatedNote(entry.deprecated, context));
  }
  if (entry.retryable) {
    notes.push(`**${text.retryable}**`);
  }
  return notes.join('<br>');
}

/** The deprecated badge, the reason, then a link to the replacement's row. */
function deprecatedNote(deprecation: Deprecation, context: PageContext): string {
  const badge = `**${context.text.deprecated}**`;
  const reason = reasonText(deprecation.reason);
  const replacement = context.byName.get(deprecation.replacedBy ?? '');
  const parts = reason ? [markdownCell(replacement ? withFullStop(reason) : reason)] : [];
  if (replacement) {
    parts.push(context.text.useInstead(codeLink(replacement)));
  }
  return parts.length > 0 ? `${badge}: ${parts.join(' ')}` : badge;
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
