/**
 * The reference page: every code of the catalog in a Markdown table per HTTP status, each
 * with an anchor named after the code so links to it never change.
 */
import type { Catalog, Entry } from '../catalog/model.ts';
import { statusesOf } from '../catalog/model.ts';
import { markdownCell } from './literals.ts';
import { type Emitter, generatedNotice } from './emitter.ts';

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
    `${catalog.entries.length} codes, grouped by HTTP status. ` +
      'Each code has an anchor of its own (`#<code>`) that never changes.',
    '',
  ];
  const byStatus = groupByStatus(catalog.entries);
  for (const status of statusesOf(catalog)) {
    lines.push(...renderStatus(status, byStatus.get(status) ?? []));
  }
  return lines.join('\n');
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

function renderStatus(status: number, entries: readonly Entry[]): string[] {
  const reason = REASONS[status];
  return [
    `## ${status}${reason ? ` ${reason}` : ''}`,
    '',
    '| Code | Name | Message | Description |',
    '| --- | --- | --- | --- |',
    ...entries.map(renderRow),
    '',
  ];
}

/** The anchor id of a code: the code itself, with anything but letters, digits, - and _ encoded. */
export function codeAnchor(code: number | string): string {
  return String(code).replace(/[^A-Za-z0-9_-]/g, (ch) =>
    [...Buffer.from(ch, 'utf8')].map((b) => `.${b.toString(16).padStart(2, '0')}`).join(''),
  );
}

function renderRow(entry: Entry): string {
  const anchor = codeAnchor(entry.code);
  const code = `<a id="${anchor}"></a>${markdownCell(String(entry.code))}`;
  const cells = [code, markdownCell(entry.name), markdownCell(entry.message)];
  cells.push(entry.description === undefined ? '' : markdownCell(entry.description));
  return `| ${cells.join(' | ')} |`;
}
