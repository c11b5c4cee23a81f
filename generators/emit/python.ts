/**
 * The Python target: one typed package (PEP 561) holding the catalog's codes as an enum, an
 * entry table, a lookup function and the exception for error responses. Rendered from
 * templates/python/; the output passes mypy --strict and ruff for Python 3.9 and later.
 */
import { posix } from 'node:path';

import { type Catalog, type Code, type Entry, liveEntries } from '../catalog/model.ts';
import { errorClassName, pythonName } from '../naming.ts';
import { docsUrlOf } from './docs.ts';
import {
  deprecationNote,
  type Emitter,
  generatedNotice,
  type OutputFile,
  type TargetOptions,
  TargetOptionsError,
} from './emitter.ts';
import { integerLiteral, pythonComment, pythonDocstring, pythonString } from './literals.ts';
import { type LiteralHelpers, loadTemplate } from './templates.ts';

/** One enum member as the templates see it; texts are raw and go through a helper. */
interface EntryView {
  name: string;
  member: string;
  code: Code;
  status: number;
  message: string;
  /** What the member's `#:` comment says: status, message, description and deprecation. */
  comment: string;
  deprecated: boolean;
  retryable: boolean;
  /** The link to the code's row on the reference page; '' without `docsBaseUrl`. */
  docsUrl: string;
}

/** What templates/python/*.hbs receive. */
interface PythonView {
  notice: string;
  catalogName: string;
  source: string;
  errorClass: string;
  /** True for `codeType: string`, where ErrorCode is a `(str, Enum)`. */
  stringCodes: boolean;
  /** The Python type of a code: `int` or `str`. */
  codeAnnotation: 'int' | 'str';
  /** An entry name for the docs' example. */
  exampleName: string;
  /** The public names, in the order ruff's RUF022 sorts `__all__`. */
  exports: string[];
  /** The reference page's URL; '' when not configured, and then no docs_url is generated. */
  docsBaseUrl: string;
  entries: EntryView[];
}

/** View fields the templates may insert bare: identifiers and numbers checked before use. */
const IDENTIFIER_FIELDS = [
  'errorClass',
  'codeAnnotation',
  'exampleName',
  'member',
  'status',
] as const;

/** Python's keywords (soft keywords can name a package). */
const PYTHON_KEYWORDS = new Set(
  (
    'False None True and as assert async await break class continue def del elif else ' +
    'except finally for from global if import in is lambda nonlocal not or pass raise ' +
    'return try while with yield'
  ).split(' '),
);

/** The indentation of a class body, as ruff format writes it. */
const INDENT = '    ';

/** Renders the Python package: `__init__.py` and the `py.typed` marker. */
export const emitPython: Emitter = async (catalog, options) => {
  checkPythonOptions(options.python);
  const view = pythonView(catalog, options.docsBaseUrl);
  const helpers = pythonHelpers(catalog);
  const render = (name: string): string => {
    const template = loadTemplate('python', name, helpers, IDENTIFIER_FIELDS, options.templates);
    return template(view);
  };
  const folder = posix.join(options.python.dir, options.python.package);
  const files: OutputFile[] = [
    { path: posix.join(folder, '__init__.py'), contents: render('__init__.py.hbs') },
    { path: posix.join(folder, 'py.typed'), contents: render('py.typed.hbs') },
  ];
  return files;
};

/** Refuses a package name that `import` could not take. */
function checkPythonOptions(python: TargetOptions['python']): void {
  const name = JSON.stringify(python.package);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(python.package)) {
    throw new TargetOptionsError(`Python package name ${name} is not an identifier`);
  }
  if (PYTHON_KEYWORDS.has(python.package)) {
    throw new TargetOptionsError(`Python package name ${name} is a Python keyword`);
  }
}

function pythonView(catalog: Catalog, docsBaseUrl = ''): PythonView {
  const errorClass = checkedIdentifier(errorClassName(catalog.name));
  const entries = liveEntries(catalog).map((entry) => entryView(entry, docsBaseUrl));
  return {
    notice: generatedNotice(catalog),
    catalogName: catalog.name,
    source: catalog.source,
    errorClass,
    stringCodes: catalog.codeType === 'string',
    codeAnnotation: catalog.codeType === 'string' ? 'str' : 'int',
    exampleName: entries[0]?.name ?? 'FileNotFound',
    exports: exportsOf(errorClass, docsBaseUrl !== ''),
    docsBaseUrl,
    entries,
  };
}

function entryView(entry: Entry, docsBaseUrl: string): EntryView {
  return {
    name: checkedIdentifier(entry.name),
    member: checkedIdentifier(pythonName(entry.name)),
    code: entry.code,
    status: entry.status,
    message: entry.message,
    comment: memberComment(entry),
    deprecated: entry.deprecated !== undefined,
    retryable: entry.retryable === true,
    docsUrl: docsBaseUrl ? docsUrlOf(docsBaseUrl, entry.code) : '',
  };
}

/** A member's documentation: status and message, then each paragraph the entry has. */
function memberComment(entry: Entry): string {
  const retry = entry.retryable ? ' (retryable)' : '';
  const paragraphs = [`HTTP ${entry.status}${retry}: ${entry.message}`];
  if (entry.description?.trim()) {
    paragraphs.push(entry.description);
  }
  if (entry.deprecated) {
    // The replacement on a line of its own keeps the comment within ruff's line length.
    const note = deprecationNote(entry, (name) => `ErrorCode.${pythonName(name)}`, '\n');
    paragraphs.push(`Deprecated: ${note}`);
  }
  return paragraphs.join('\n\n');
}

/**
 * `__all__` sorted as RUF022 wants it: SCREAMING_CASE names, then CamelCase, then the rest,
 * each group in alphabetical order.
 */
function exportsOf(errorClass: string, docsUrls: boolean): string[] {
  const classes = ['ErrorCode', 'ErrorInfo', errorClass].sort();
  if (!docsUrls) {
    return ['ERROR_INFOS', ...classes, 'is_retryable', 'lookup_error'];
  }
  return ['DOCS_BASE_URL', 'ERROR_INFOS', ...classes, 'docs_url', 'is_retryable', 'lookup_error'];
}

/** Validation guarantees identifiers; checked again because templates insert them bare. */
function checkedIdentifier(name: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
    throw new Error(`bug: Python identifier expected, got ${JSON.stringify(name)}`);
  }
  return name;
}

/** The literal and comment helpers of the Python templates. */
function pythonHelpers(catalog: Catalog): LiteralHelpers {
  return {
    string: pythonLiteral,
    code: catalog.codeType === 'string' ? pythonLiteral : integerLiteral,
    docstring: pythonDocstring,
    comment: (text) => pythonComment(text),
    attributeComment,
  };
}

/**
 * A string literal quoted as ruff format quotes it: double quotes, unless the text holds more
 * double than single quotes, so that formatting the output changes nothing.
 */
function pythonLiteral(text: string): string {
  const literal = pythonString(text);
  if (countOf(text, '"') <= countOf(text, "'")) {
    return literal;
  }
  // pythonString writes `"` as `\"` and leaves `'` alone; other escapes stay as they are.
  const body = literal
    .slice(1, -1)
    .replace(/\\[\s\S]|'/g, (token) => (token === '\\"' ? '"' : token === "'" ? "\\'" : token));
  return `'${body}'`;
}

function countOf(text: string, ch: string): number {
  let count = 0;
  for (let at = text.indexOf(ch); at !== -1; at = text.indexOf(ch, at + 1)) {
    count++;
  }
  return count;
}

/** `#:` comment lines in a class body: what Sphinx reads as the attribute's documentation. */
function attributeComment(text: string): string {
  // pythonComment starts every line with the indent and `#`; `#:` takes that `#`'s place.
  return pythonComment(text, INDENT)
    .split('\n')
    .map((line) => `${INDENT}#:${line.slice(INDENT.length + 1)}`)
    .join('\n');
}
