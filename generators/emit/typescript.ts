/**
 * The TypeScript target: one module with the ErrorCode enum, the catalog as data, an O(1)
 * lookup, a type guard for error bodies and an error class. The module is built from ts-morph
 * structures and formatted with the prettier config that applies where the file will be
 * written; its long lists are spliced into prettier's output (see typescript-format.ts).
 */
import path from 'node:path';

import type {
  ClassDeclarationStructure,
  EnumDeclarationStructure,
  EnumMemberStructure,
  FunctionDeclarationStructure,
  InterfaceDeclarationStructure,
  OptionalKind,
  PropertySignatureStructure,
  StatementStructures,
  VariableStatementStructure,
  WriterFunction,
} from 'ts-morph';

import { type Catalog, type Entry, liveEntries } from '../catalog/model.ts';
import { errorClassName, typescriptName } from '../naming.ts';
import { docsUrlOf } from './docs.ts';
import { deprecationNote, type Emitter, generatedNotice } from './emitter.ts';
import { commentLines, jsDocText, typescriptString } from './literals.ts';
import {
  formatModule,
  type ListItems,
  type LiteralCall,
  type ModuleList,
  type PrettierStyle,
  prettierStyleAt,
  quoteFor,
} from './typescript-format.ts';
import { keepCompiledCode, tsMorph } from './typescript-libraries.ts';

const { Project, StructureKind, VariableDeclarationKind } = tsMorph;

/** Emits the TypeScript module at `options.typescript.file` (default `ts/errors.ts`). */
export const emitTypeScript: Emitter = async (catalog, options) => {
  const file = options.typescript.file;
  // prettier resolves its config from the path the module will be written to.
  const style = await prettierStyleAt(path.resolve(options.outDir, file));
  const contents = await typescriptModule(catalog, options.docsBaseUrl, style);
  keepCompiledCode();
  return [{ path: file, contents }];
};

/** The formatted module of `catalog`, in the prettier style `style`. */
export function typescriptModule(
  catalog: Catalog,
  docsBaseUrl: string | undefined,
  style: PrettierStyle,
): Promise<string> {
  const lists = moduleLists(catalog, docsBaseUrl, style);
  const print = (items: ListItems) => printModule(catalog, docsBaseUrl, contentsOf(lists, items));
  return formatModule(print, lists, style);
}

/** The module's long lists, one element per live entry, as prettier prints each element. */
function moduleLists(
  catalog: Catalog,
  docsBaseUrl: string | undefined,
  style: PrettierStyle,
): ModuleList[] {
  const live = liveEntries(catalog);
  const lists: ModuleList[] = [
    { id: 'Members', elements: live.map((e) => memberText(e, style)), breakable: false },
    infosList(live, style),
  ];
  if (docsBaseUrl !== undefined) {
    const elements = live.map((e) => docsUrlPair(e, docsBaseUrl, style));
    lists.push({ id: 'DocsUrls', elements, breakable: true });
  }
  return lists;
}

/** What the printed module holds in each list. */
interface ListContents {
  /** `'elements'` for every entry's member, else the names of stand-in members. */
  members: readonly string[] | 'elements';
  infos: readonly string[];
  docsUrls: readonly string[];
}

/** The contents of each list: its elements, or what formatting put in their place. */
function contentsOf(lists: readonly ModuleList[], items: ListItems): ListContents {
  const resolve = (id: string) => {
    const listed = items.get(id);
    return listed === 'elements' ? (lists.find((list) => list.id === id)?.elements ?? []) : listed;
  };
  return {
    members: items.get('Members') ?? [],
    infos: resolve('Infos') ?? [],
    docsUrls: resolve('DocsUrls') ?? [],
  };
}

/** A string literal quoted as prettier quotes it in `style`. */
function stringLiteral(text: string, style: PrettierStyle): string {
  return typescriptString(text, quoteFor(text, style));
}

/** The module's unformatted text, printed from structures in one pass. */
function printModule(
  catalog: Catalog,
  docsBaseUrl: string | undefined,
  contents: ListContents,
): string {
  const project = new Project({ useInMemoryFileSystem: true });
  const verbatim = new Verbatim();
  const tokens = {
    ...contents,
    infos: contents.infos.map((item) => verbatim.item(item)),
    docsUrls: contents.docsUrls.map((item) => verbatim.item(item)),
  };
  const statements = moduleStatements(catalog, docsBaseUrl, tokens, verbatim);
  return verbatim.restore(project.createSourceFile('errors.ts', { statements }).getFullText());
}

/**
 * Code with catalog text in it, kept from ts-morph's writer. The writer follows quotes and
 * comments as it writes, and reads a literal that ends in an escaped backslash (`'\\'`) as a
 * string still open, then a later `/*` as a comment it closes with a `*\/` of its own. Such
 * code is written as a numbered identifier and put back in the printed text.
 */
class Verbatim {
  readonly #texts: string[] = [];

  /** The identifier standing for `code` until `restore`. */
  token(code: string): string {
    this.#texts.push(code);
    return `errgenVerbatim${this.#texts.length - 1}`;
  }

  /** A list item: comments are written as they are, code as a token. */
  item(item: string): string {
    return item.startsWith('//') ? item : this.token(item);
  }

  /** `printed` with every token replaced by its code. */
  restore(printed: string): string {
    let restored = 0;
    const text = printed.replace(/\berrgenVerbatim(\d+)\b/g, (token, index: string) => {
      const code = this.#texts[Number(index)];
      restored += code === undefined ? 0 : 1;
      return code ?? token;
    });
    if (restored !== this.#texts.length) {
      throw new Error(`bug: ${restored} of ${this.#texts.length} verbatim texts were printed`);
    }
    return text;
  }
}

/** Every statement of the module, in the order a reader meets them. */
function moduleStatements(
  catalog: Catalog,
  docsBaseUrl: string | undefined,
  contents: ListContents,
  verbatim: Verbatim,
): (string | WriterFunction | StatementStructures)[] {
  const baseUrl = docsBaseUrl === undefined ? undefined : typescriptString(docsBaseUrl);
  const docs =
    baseUrl === undefined ? [] : docsUrlStatements(verbatim.token(baseUrl), contents.docsUrls);
  const statements = [
    codeEnum(catalog, contents.members, verbatim),
    infoInterface(),
    infoFunction(catalog),
    infosConstant(contents.infos),
    infosByCodeConstant(),
    lookupFunction(),
    retryableFunction(),
    ...docs,
    responseInterface(catalog),
    responseGuard(catalog),
    errorClass(catalog),
  ];
  return [fileHeader(catalog), ...statements.flatMap((s) => [blankLine, s])];
}

/** Separates top-level statements where ts-morph would not (after `]);`, for one). */
const blankLine: WriterFunction = (writer) => {
  writer.blankLineIfLastNot();
};

/** The generated notice on line 1, a blank line, then the file's doc comment. */
function fileHeader(catalog: Catalog): string {
  return `${lineComment(generatedNotice(catalog))}\n\n${fileDoc(catalog)}`;
}

/** A `//` comment that stays one line whatever `text` holds. */
function lineComment(text: string): string {
  return `// ${commentLines(text).join(' ')}`;
}

/** A block comment of already escaped `lines`, each prefixed with ` * `. */
function blockDoc(lines: readonly string[]): string {
  return ['/**', ...lines.map((line) => (line === '' ? ' *' : ` * ${line}`)), ' */'].join('\n');
}

function fileDoc(catalog: Catalog): string {
  return blockDoc([
    `Error codes of the ${jsDocText(catalog.name)} API, from ${jsDocText(catalog.source)}:`,
    'the ErrorCode enum, every entry as data, lookup by code, and an error class.',
    '',
    '@packageDocumentation',
  ]);
}

/** The TypeScript type of a code as the API sends it. */
function wireCodeType(catalog: Catalog): string {
  return catalog.codeType === 'string' ? 'string' : 'number';
}

/** An entry's code as a literal: a number, or a quoted string. */
function codeLiteral(entry: Entry, style: PrettierStyle): string {
  return typeof entry.code === 'string' ? stringLiteral(entry.code, style) : String(entry.code);
}

/**
 * An entry's doc comment: message, HTTP status (and whether a retry may succeed), the
 * description if any, then the `@deprecated` tag of a deprecated entry.
 */
function entryDoc(entry: Entry): string {
  const parts = [entry.message, '', `HTTP ${entry.status}${entry.retryable ? ', retryable' : ''}`];
  if (entry.description !== undefined) {
    parts.push('', entry.description);
  }
  const doc = jsDocText(parts.join('\n'));
  return entry.deprecated ? `${doc}\n\n@deprecated ${jsDocText(deprecationOf(entry))}` : doc;
}

/** The text of a deprecated member's `@deprecated` tag, linking to its replacement. */
function deprecationOf(entry: Entry): string {
  return deprecationNote(entry, (name) => `{@link ErrorCode.${typescriptName(name)}}`);
}

/**
 * The enum; its members are the catalog's entries, or stand-ins (see typescript-format.ts)
 * given as names.
 */
function codeEnum(
  catalog: Catalog,
  items: readonly string[] | 'elements',
  verbatim: Verbatim,
): EnumDeclarationStructure {
  const members =
    items === 'elements'
      ? liveEntries(catalog).map((entry) => memberStructure(entry, verbatim))
      : items.map((name) => ({ name, initializer: '0' }));
  return {
    kind: StructureKind.Enum,
    name: 'ErrorCode',
    isExported: true,
    docs: [`Every code the ${jsDocText(catalog.name)} API sends, in catalog order.`],
    members,
  };
}

/** A member as ts-morph prints it; its code is quoted as prettier would requote it anyway. */
function memberStructure(entry: Entry, verbatim: Verbatim): OptionalKind<EnumMemberStructure> {
  const code =
    typeof entry.code === 'string' ? verbatim.token(typescriptString(entry.code)) : entry.code;
  return {
    name: typescriptName(entry.name),
    // ts-morph splices each missing comma in afterwards, an O(size) step per member, which
    // is quadratic in the entries; a member that already ends with one is left alone.
    initializer: `${code},`,
    docs: [entryDoc(entry)],
  };
}

/** An enum member as prettier prints it: its doc comment, then `Name = code`. */
function memberText(entry: Entry, style: PrettierStyle): string {
  // ts-morph, which prints the other docs, drops a doc's first line when it is empty.
  const lines = entryDoc(entry).split('\n');
  const doc = blockDoc(lines[0] === '' ? lines.slice(1) : lines);
  return `${doc}\n${typescriptName(entry.name)} = ${codeLiteral(entry, style)}`;
}

function readonlyProperty(
  name: string,
  type: string,
  doc: string,
): OptionalKind<PropertySignatureStructure> {
  return { name, type, isReadonly: true, docs: [doc] };
}

function infoInterface(): InterfaceDeclarationStructure {
  return {
    kind: StructureKind.Interface,
    name: 'ErrorInfo',
    isExported: true,
    docs: ['One catalog entry: a failure the API can report.'],
    properties: [
      readonlyProperty('name', 'string', 'The catalog name of the entry.'),
      readonlyProperty('code', 'ErrorCode', 'The code the API sends.'),
      readonlyProperty('status', 'number', 'The HTTP status the API answers with.'),
      readonlyProperty('message', 'string', 'The text the API sends, exactly.'),
      readonlyProperty('deprecated', 'boolean', 'Whether clients should move off the code.'),
      readonlyProperty(
        'retryable',
        'boolean',
        'Whether a retry of the failed request may succeed.',
      ),
    ],
  };
}

/**
 * The helper each `errorInfos` element is built with. Its `code` takes the wire type: tsc checks
 * an expression against a union like ErrorCode in time proportional to the union, which over
 * every element is quadratic, and an array of object literals with distinct code types is a
 * union tsc refuses to reduce ("too complex to represent") at around 10,000 entries.
 */
function infoFunction(catalog: Catalog): FunctionDeclarationStructure {
  return {
    kind: StructureKind.Function,
    name: 'errorInfo',
    docs: ['One entry; `code` is not typed ErrorCode so that tsc stays fast on large catalogs.'],
    parameters: [
      { name: 'name', type: 'string' },
      { name: 'code', type: wireCodeType(catalog) },
      { name: 'status', type: 'number' },
      { name: 'message', type: 'string' },
      { name: 'flags', type: '{ deprecated?: boolean; retryable?: boolean }', initializer: '{}' },
    ],
    returnType: 'ErrorInfo',
    statements: [
      'const deprecated = flags.deprecated ?? false;',
      'const retryable = flags.retryable ?? false;',
      'return { name, code: code as ErrorCode, status, message, deprecated, retryable };',
    ],
  };
}

/** The `errorInfos` elements; calls without flags are calls of literals only. */
function infosList(entries: readonly Entry[], style: PrettierStyle): ModuleList {
  const calls = entries.map((entry) => infoCall(entry, style));
  return {
    id: 'Infos',
    elements: calls.map(({ callee, args }) => `${callee}(${args.join(', ')})`),
    breakable: true,
    calls: calls.map((call) => (call.literalsOnly ? call : undefined)),
  };
}

/** One `errorInfos` element: a call of the `errorInfo` helper; flags only when they are set. */
function infoCall(entry: Entry, style: PrettierStyle): LiteralCall & { literalsOnly: boolean } {
  const args = [
    stringLiteral(entry.name, style),
    codeLiteral(entry, style),
    String(entry.status),
    stringLiteral(entry.message, style),
  ];
  const flags = [
    ...(entry.deprecated ? ['deprecated: true'] : []),
    ...(entry.retryable ? ['retryable: true'] : []),
  ];
  if (flags.length > 0) {
    const space = style.bracketSpacing ? ' ' : '';
    args.push(`{${space}${flags.join(', ')}${space}}`);
  }
  return { callee: 'errorInfo', args, literalsOnly: flags.length === 0 };
}

/** An array literal, one element (or `//` comment) a line. */
function arrayOf(items: readonly string[]): WriterFunction {
  return (writer) => {
    writer.write('[').newLine();
    writer.indent(() => {
      for (const item of items) {
        writer.write(item.startsWith('//') ? item : `${item},`).newLine();
      }
    });
    writer.write(']');
  };
}

function infosConstant(elements: readonly string[]): VariableStatementStructure {
  return {
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ['Every entry the API sends, in catalog order; retired codes are left out.'],
    declarations: [
      {
        name: 'errorInfos',
        type: 'readonly ErrorInfo[]',
        initializer: (writer) => {
          writer.write('Object.freeze(');
          arrayOf(elements)(writer);
          writer.write(')');
        },
      },
    ],
  };
}

/** The map behind `lookupError`, built once when the module loads. */
function infosByCodeConstant(): VariableStatementStructure {
  return {
    kind: StructureKind.VariableStatement,
    declarationKind: VariableDeclarationKind.Const,
    declarations: [
      {
        name: 'infosByCode',
        type: 'ReadonlyMap<number | string, ErrorInfo>',
        initializer: 'new Map(errorInfos.map((info) => [info.code, info]))',
      },
    ],
  };
}

function lookupFunction(): FunctionDeclarationStructure {
  return {
    kind: StructureKind.Function,
    name: 'lookupError',
    isExported: true,
    docs: ['The entry for `code`, or undefined when the catalog does not list it.'],
    parameters: [{ name: 'code', type: 'number | string' }],
    returnType: 'ErrorInfo | undefined',
    statements: ['return infosByCode.get(code);'],
  };
}

function retryableFunction(): FunctionDeclarationStructure {
  return {
    kind: StructureKind.Function,
    name: 'isRetryable',
    isExported: true,
    docs: ['Whether a retry may succeed after `code`; false for a code the catalog does not list.'],
    parameters: [{ name: 'code', type: 'number | string' }],
    returnType: 'boolean',
    statements: ['return infosByCode.get(code)?.retryable ?? false;'],
  };
}

/** `DOCS_BASE_URL`, the table of each live code's link, and `docsUrl()` that reads it. */
/** The docs URL statements; `baseUrl` is the URL's literal, as it is to be printed. */
function docsUrlStatements(baseUrl: string, pairs: readonly string[]): StatementStructures[] {
  return [docsBaseConstant(baseUrl), docsUrlsConstant(pairs), docsUrlFunction()];
}

function docsBaseConstant(baseUrl: string): VariableStatementStructure {
  return {
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ['The reference page of the codes; `docsUrl` links to one code on it.'],
    declarations: [{ name: 'DOCS_BASE_URL', initializer: baseUrl }],
  };
}

/** One `docsUrls` element: a code and its link, kept whole so string codes keep their anchors. */
function docsUrlPair(entry: Entry, baseUrl: string, style: PrettierStyle): string {
  const url = stringLiteral(docsUrlOf(baseUrl, entry.code), style);
  return `[${codeLiteral(entry, style)}, ${url}]`;
}

/** Each live code's link. */
function docsUrlsConstant(pairs: readonly string[]): VariableStatementStructure {
  return {
    kind: StructureKind.VariableStatement,
    declarationKind: VariableDeclarationKind.Const,
    declarations: [
      {
        name: 'docsUrls',
        type: 'ReadonlyMap<number | string, string>',
        initializer: (writer) => {
          writer.write('new Map(');
          arrayOf(pairs)(writer);
          writer.write(')');
        },
      },
    ],
  };
}

function docsUrlFunction(): FunctionDeclarationStructure {
  return {
    kind: StructureKind.Function,
    name: 'docsUrl',
    isExported: true,
    docs: ["The link to `code`'s row on the reference page, or DOCS_BASE_URL for an unknown code."],
    parameters: [{ name: 'code', type: 'number | string' }],
    returnType: 'string',
    statements: ['return docsUrls.get(code) ?? DOCS_BASE_URL;'],
  };
}

function responseInterface(catalog: Catalog): InterfaceDeclarationStructure {
  return {
    kind: StructureKind.Interface,
    name: 'ErrorResponse',
    isExported: true,
    docs: ['The JSON body the API answers a failed request with.'],
    properties: [
      { name: 'msg', type: 'string', docs: ['The error message.'] },
      { name: 'code', type: wireCodeType(catalog), docs: ['The error code.'] },
      { name: 'id', type: 'string', docs: ['The request id, for support.'] },
    ],
  };
}

function responseGuard(catalog: Catalog): FunctionDeclarationStructure {
  const codeCheck = `typeof value.code === ${typescriptString(wireCodeType(catalog))}`;
  return {
    kind: StructureKind.Function,
    name: 'isErrorResponse',
    isExported: true,
    docs: ['Whether `value` has the shape of an error response body.'],
    parameters: [{ name: 'value', type: 'unknown' }],
    returnType: 'value is ErrorResponse',
    statements: [
      "return typeof value === 'object' && value !== null" +
        " && 'msg' in value && typeof value.msg === 'string'" +
        ` && 'code' in value && ${codeCheck}` +
        " && 'id' in value && typeof value.id === 'string';",
    ],
  };
}

/** The error class; a known code takes the catalog's status, an unknown one the response's. */
function errorClass(catalog: Catalog): ClassDeclarationStructure {
  const className = errorClassName(catalog.name);
  const codeType = wireCodeType(catalog);
  return {
    kind: StructureKind.Class,
    name: className,
    isExported: true,
    extends: 'Error',
    docs: [
      `An error the ${jsDocText(catalog.name)} API reported; an unknown code is kept as sent.`,
    ],
    properties: [
      {
        name: 'name',
        hasOverrideKeyword: true,
        isReadonly: true,
        initializer: typescriptString(className),
      },
      { name: 'code', type: codeType, isReadonly: true, docs: ['The code from the response.'] },
      {
        name: 'status',
        type: 'number | undefined',
        isReadonly: true,
        docs: ["The catalog's HTTP status for a known code, else the response's status."],
      },
      {
        name: 'message',
        type: 'string',
        hasOverrideKeyword: true,
        isReadonly: true,
        docs: ['The message from the response.'],
      },
      { name: 'requestId', type: 'string', isReadonly: true, docs: ['The failed request id.'] },
    ],
    ctors: [
      {
        parameters: [
          { name: 'code', type: codeType },
          { name: 'message', type: 'string' },
          { name: 'requestId', type: 'string' },
          { name: 'httpStatus', type: 'number', hasQuestionToken: true },
        ],
        statements: [
          'super(message);',
          'this.code = code;',
          'this.status = lookupError(code)?.status ?? httpStatus;',
          'this.message = message;',
          'this.requestId = requestId;',
        ],
      },
    ],
    methods: [
      {
        name: 'fromResponse',
        isStatic: true,
        docs: ['The error an error response describes; `httpStatus` serves unknown codes.'],
        parameters: [
          { name: 'body', type: 'ErrorResponse' },
          { name: 'httpStatus', type: 'number', hasQuestionToken: true },
        ],
        returnType: className,
        statements: [`return new ${className}(body.code, body.msg, body.id, httpStatus);`],
      },
    ],
    getAccessors: [
      {
        name: 'info',
        docs: ['The catalog entry for `code`, or undefined when the catalog does not list it.'],
        returnType: 'ErrorInfo | undefined',
        statements: ['return lookupError(this.code);'],
      },
      {
        name: 'retryable',
        docs: ['Whether a retry may succeed; false for a code the catalog does not list.'],
        returnType: 'boolean',
        statements: ['return isRetryable(this.code);'],
      },
    ],
  };
}
