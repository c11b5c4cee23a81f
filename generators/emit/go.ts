/**
 * The Go target: a module holding one package with the catalog's codes as typed constants,
 * what the API sends with each, and the error body type. Rendered from templates/go/.
 */
import { posix } from 'node:path';

import { type Catalog, type Code, type Entry, liveEntries } from '../catalog/model.ts';
import { goName } from '../naming.ts';
import { docsUrlOf } from './docs.ts';
import {
  deprecationNote,
  type Emitter,
  generatedNotice,
  type OutputFile,
  type TargetOptions,
  TargetOptionsError,
} from './emitter.ts';
import { commentLines, goComment, goString, integerLiteral } from './literals.ts';
import { type LiteralHelpers, loadTemplate } from './templates.ts';

/** One constant as the templates see it; texts are raw and go through a helper. */
interface EntryView {
  name: string;
  goName: string;
  code: Code;
  status: number;
  message: string;
  /** The description without leading or trailing blank lines; '' when there is none. */
  description: string;
  deprecated: boolean;
  /** The `Deprecated: ...` paragraph of a deprecated constant; '' for the others. */
  deprecation: string;
  retryable: boolean;
  /** The link to the code's row on the reference page; '' without `docsBaseUrl`. */
  docsUrl: string;
}

/** What templates/go/*.hbs receive. */
interface GoView {
  notice: string;
  catalogName: string;
  packageName: string;
  module: string;
  /** The Go type under Code. */
  codeType: 'int64' | 'string';
  /** A constant for the package doc's example. */
  exampleName: string;
  /** The reference page's URL; '' when not configured, and then no DocsURL is generated. */
  docsBaseUrl: string;
  entries: EntryView[];
}

/** View fields the templates may insert bare: identifiers and numbers checked before use. */
const IDENTIFIER_FIELDS = [
  'packageName',
  'module',
  'codeType',
  'exampleName',
  'goName',
  'status',
] as const;

const GO_KEYWORDS = new Set(
  (
    'break case chan const continue default defer else fallthrough for func go goto if ' +
    'import interface map package range return select struct switch type var'
  ).split(' '),
);

/** Renders the Go module: go.mod and the package's errors.go. */
export const emitGo: Emitter = async (catalog, options) => {
  checkGoOptions(options.go);
  const view = goView(catalog, options.go, options.docsBaseUrl);
  const helpers = goHelpers(catalog);
  const render = (name: string): string => {
    const template = loadTemplate('go', name, helpers, IDENTIFIER_FIELDS, options.templates);
    return template(view);
  };
  const { dir, package: pkg } = options.go;
  const files: OutputFile[] = [
    { path: posix.join(dir, 'go.mod'), contents: render('go.mod.hbs') },
    { path: posix.join(dir, pkg, 'errors.go'), contents: render('errors.go.hbs') },
  ];
  return files;
};

/** Refuses a package or module name that would be written into Go source as it is. */
function checkGoOptions(go: TargetOptions['go']): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(go.package) || go.package === '_') {
    throw new TargetOptionsError(
      `Go package name ${JSON.stringify(go.package)} is not an identifier`,
    );
  }
  if (GO_KEYWORDS.has(go.package)) {
    throw new TargetOptionsError(`Go package name ${JSON.stringify(go.package)} is a Go keyword`);
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9._~-]*(\/[A-Za-z0-9._~-]+)*$/.test(go.module)) {
    throw new TargetOptionsError(`Go module path ${JSON.stringify(go.module)} is not usable`);
  }
}

function goView(catalog: Catalog, go: TargetOptions['go'], docsBaseUrl = ''): GoView {
  const entries = liveEntries(catalog).map((entry) => entryView(entry, docsBaseUrl));
  return {
    notice: generatedNotice(catalog),
    catalogName: catalog.name,
    packageName: go.package,
    module: go.module,
    codeType: catalog.codeType === 'string' ? 'string' : 'int64',
    exampleName: entries[0]?.goName ?? 'Code(0)',
    docsBaseUrl,
    entries,
  };
}

function entryView(entry: Entry, docsBaseUrl: string): EntryView {
  return {
    name: entry.name,
    goName: goName(entry.name),
    code: entry.code,
    status: entry.status,
    message: entry.message,
    description: trimBlankLines(entry.description ?? ''),
    deprecated: entry.deprecated !== undefined,
    deprecation: entry.deprecated ? `Deprecated: ${deprecationOf(entry)}` : '',
    retryable: entry.retryable === true,
    docsUrl: docsBaseUrl ? docsUrlOf(docsBaseUrl, entry.code) : '',
  };
}

/** The text after `Deprecated:`, with a doc link to the replacement constant. */
function deprecationOf(entry: Entry): string {
  return deprecationNote(entry, (name) => `[${goName(name)}]`);
}

/** Drops blank lines around a text, keeping the indentation of its first line. */
function trimBlankLines(text: string): string {
  return text.replace(/^(?:[ \t]*(?:\r\n|[\n\r]))+/, '').trimEnd();
}

/** The literal and comment helpers of the Go templates. */
function goHelpers(catalog: Catalog): LiteralHelpers {
  return {
    goString,
    goCode: catalog.codeType === 'string' ? goString : integerLiteral,
    goComment: (text) => goComment(text),
    // A comment inside the const block, indented by one tab as gofmt indents it.
    goDoc: (text) => goComment(text, '\t'),
    // Text in the middle of a comment line: line breaks become spaces.
    goInline: (text) => commentLines(text).join(' '),
  };
}
