/**
 * Literal and comment escaping, one function per target and kind. Every catalog text that
 * reaches an output goes through one of these, so no text can end a literal or a comment
 * early, and the value a program reads equals the catalog's text exactly.
 *
 * Shared choice: printable characters (Chinese, emoji, accents) stay as they are, since the
 * outputs are UTF-8; control, format (bidi overrides), line-separator, private-use and
 * unassigned code points are written as escapes, so source stays readable and reviewable.
 */

/** Code points never written raw: Cc, Cf, Cs, Co, Cn, Zl, Zp. */
export const INVISIBLE = /[\p{C}\p{Zl}\p{Zp}]/u;

/** Line terminators of any of the targets' languages, and Unicode's. */
const LINE_BREAK = /\r\n|[\n\r\u000B\u000C\u001C-\u001E\u0085\u2028\u2029]/;

function hex(codePoint: number, width: number): string {
  return codePoint.toString(16).padStart(width, '0');
}

/** Characters a literal or comment helper may change: invisible ones, quotes, backslash. */
const MAYBE_ESCAPED = /[\p{C}\p{Zl}\p{Zp}"'\\]/u;

/** Printable ASCII but quotes and backslash: a quicker test for the most common texts. */
const PLAIN_ASCII = /^[ !#-&(-[\]-~]*$/;

/** True when no helper would change a character of `text`. */
function needsNoEscapes(text: string): boolean {
  return PLAIN_ASCII.test(text) || !MAYBE_ESCAPED.test(text);
}

/**
 * Escapes each character with `escape` when it returns a string, else keeps it. Every escape
 * function here keeps characters outside MAYBE_ESCAPED, so most texts need no walk at all.
 */
function mapChars(text: string, escape: (ch: string, cp: number) => string | undefined): string {
  if (needsNoEscapes(text)) {
    return text;
  }
  let out = '';
  for (const ch of text) {
    out += escape(ch, ch.codePointAt(0)!) ?? ch;
  }
  return out;
}

const SHORT_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** `\u` and four hex digits, or `\U` and eight, as Go and Python write them. */
function uEscape(cp: number): string {
  return cp <= 0xffff ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
}

/**
 * A double-quoted literal in the Go/Python escape syntax. `\\x` is used below `xLimit`: in Go
 * it writes a byte, so only ASCII may use it; in Python it writes a code point up to U+00FF.
 */
function doubleQuoted(text: string, xLimit: number): string {
  const body = mapChars(text, (ch, cp) => {
    if (SHORT_ESCAPES[ch]) {
      return SHORT_ESCAPES[ch];
    }
    if (!INVISIBLE.test(ch)) {
      return undefined;
    }
    return cp < xLimit ? `\\x${hex(cp, 2)}` : uEscape(cp);
  });
  return `"${body}"`;
}

/** A Go interpreted string literal ("...") whose value is `text`. */
export function goString(text: string): string {
  return doubleQuoted(text, 0x80);
}

/** A Python string literal ("...") whose value is `text`. */
export function pythonString(text: string): string {
  return doubleQuoted(text, 0x100);
}

/** An integer code as Go and Python write it; the helper receives text, so it is checked. */
export function integerLiteral(text: string): string {
  if (!/^-?(0|[1-9][0-9]*)$/.test(text)) {
    throw new Error(`bug: integer code expected, got ${JSON.stringify(text)}`);
  }
  return text;
}

/** A TypeScript string literal ('...' or "...") whose value is `text`. */
export function typescriptString(text: string, quote: "'" | '"' = "'"): string {
  const body = mapChars(text, (ch, cp) => {
    if (ch === quote) {
      return `\\${quote}`;
    }
    if (ch !== '"' && SHORT_ESCAPES[ch]) {
      return SHORT_ESCAPES[ch];
    }
    if (!INVISIBLE.test(ch)) {
      return undefined;
    }
    return cp <= 0xffff ? `\\u${hex(cp, 4)}` : `\\u{${cp.toString(16)}}`;
  });
  return `${quote}${body}${quote}`;
}

/**
 * The lines of a text as it may appear inside a comment: split at every line terminator any
 * target knows, other invisible characters shown as `\u` escapes, trailing blanks trimmed.
 */
export function commentLines(text: string): string[] {
  if (needsNoEscapes(text)) {
    return [text.trimEnd()];
  }
  const escape = (ch: string, cp: number) =>
    ch !== '\t' && INVISIBLE.test(ch) ? `\\u${hex(cp, 4)}` : undefined;
  return text.split(LINE_BREAK).map((line) => mapChars(line, escape).trimEnd());
}

/** Go `//` comment lines for `text`, each starting with `indent`. */
export function goComment(text: string, indent = ''): string {
  return commentLines(text)
    .map((line) => (line === '' ? `${indent}//` : `${indent}// ${line}`))
    .join('\n');
}

/** Python `#` comment lines for `text`, each starting with `indent`. */
export function pythonComment(text: string, indent = ''): string {
  return commentLines(text)
    .map((line) => (line === '' ? `${indent}#` : `${indent}# ${line}`))
    .join('\n');
}

/**
 * Text for a JSDoc block: `*\/` cannot close it and `@` at a line start cannot begin a tag.
 * Returns the lines without the ` * ` prefix (ts-morph adds it).
 */
export function jsDocText(text: string): string {
  return commentLines(text)
    .map((line) => line.replace(/\*\//g, '*\\/').replace(/^(\s*)@/, '$1\\@'))
    .join('\n');
}

/**
 * A Python docstring body (between `"""` quotes): backslashes doubled, quotes that could
 * close it escaped, invisible characters escaped; line breaks kept as real lines.
 */
export function pythonDocstring(text: string): string {
  return commentLines(text)
    .map((line) => line.replace(/\\/g, '\\\\').replace(/"/g, '\\"'))
    .join('\n');
}

/**
 * Text for a Markdown table cell: ASCII punctuation that Markdown or HTML could read is
 * backslash-escaped, and line breaks become `<br>`.
 */
export function markdownCell(text: string): string {
  return commentLines(text)
    .map((line) => line.replace(/[\\`*_[\]<>|&~#!()]/g, (ch) => `\\${ch}`))
    .join('<br>');
}
