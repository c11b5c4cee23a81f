/**
 * The OpenAPI 3.1 target: one components-only document that API descriptions `$ref`.
 *
 * - `components.schemas.ErrorCode`: every live code, in catalog order, with `x-enum-varnames`
 *   (the TypeScript member names) and `x-enum-descriptions` (the messages); when any code is
 *   deprecated or retryable, `x-enum-deprecated` and `x-enum-retryable` (booleans, index-aligned
 *   with `enum`), and when any is retired, `x-retired-codes`. OpenAPI's own `deprecated` keyword
 *   applies to a whole schema, not to one enum value, so these are extensions.
 * - `components.schemas.ErrorResponse`: the body the API sends, `{ msg, code, id }`.
 * - `components.responses.Error<status>` (`Error404`): one reusable response per HTTP status,
 *   whose schema narrows `code` to that status's codes, with one example per code; an example's
 *   `description` says when its code is deprecated or retryable. Retired codes have none.
 *
 * Written as YAML, JSON or both, holding the same document.
 * See https://spec.openapis.org/oas/v3.1.0#components-object.
 */
import { posix } from 'node:path';

import { type Catalog, type Code, type Entry, liveEntries } from '../catalog/model.ts';
import { typescriptName } from '../naming.ts';
import { docsUrlOf } from './docs.ts';
import { deprecationNote, type Emitter, generatedNotice, type OutputFile } from './emitter.ts';
import { type JsonObject, yamlText } from './openapi-yaml.ts';

export { withPortableStrings } from './openapi-yaml.ts';

/** The catalog format has no version of its own; a fixed one keeps the output byte-stable. */
const DOCUMENT_VERSION = '1.0.0';

/** Stands in for the request id the server sends, in every example. */
const EXAMPLE_REQUEST_ID = 'example-request-id';

const ERROR_CODE_REF = '#/components/schemas/ErrorCode';
const ERROR_RESPONSE_REF = '#/components/schemas/ErrorResponse';

/** Writes the catalog as an OpenAPI 3.1 document, in each of `options.openapi.formats`. */
export const emitOpenApi: Emitter = async (catalog, options) => {
  const document = openApiDocument(catalog, options.docsBaseUrl);
  const { dir, formats } = options.openapi;
  return [...new Set(formats)].map((format): OutputFile => ({
    path: posix.join(dir, `errors.${format}`),
    contents: format === 'yaml' ? toYaml(document, catalog) : toJson(document),
  }));
};

/** The name of the reusable response for an HTTP status (`Error404`). */
export function responseName(status: number): string {
  return `Error${status}`;
}

/**
 * The whole document as plain data; both formats serialize this same value. With
 * `docsBaseUrl`, ErrorCode links to the reference page and each code to its row there.
 */
export function openApiDocument(catalog: Catalog, docsBaseUrl?: string): JsonObject {
  return {
    // JSON has no comments, so the generated notice travels as an extension in both formats.
    'x-generated-by': generatedNotice(catalog),
    openapi: '3.1.0',
    info: {
      title: `${catalog.name} error codes`,
      version: DOCUMENT_VERSION,
      description: `Error codes of the ${catalog.name} API, to \`$ref\` from its API description.`,
    },
    components: {
      schemas: {
        ErrorCode: withDocsUrls(errorCodeSchema(catalog), catalog, docsBaseUrl),
        ErrorResponse: errorResponseSchema(catalog),
      },
      responses: statusResponses(catalog),
    },
  };
}

function errorCodeSchema(catalog: Catalog): JsonObject {
  const live = liveEntries(catalog);
  const retired = catalog.entries.filter((e) => e.retired !== undefined);
  const schema: JsonObject = {
    type: catalog.codeType,
    description: `An error code of the ${catalog.name} API.`,
    enum: live.map(codeOf),
    'x-enum-varnames': live.map((e) => typescriptName(e.name)),
    'x-enum-descriptions': live.map((e) => e.message),
  };
  if (live.some((e) => e.deprecated)) {
    schema['x-enum-deprecated'] = live.map((e) => e.deprecated !== undefined);
  }
  if (live.some((e) => e.retryable)) {
    schema['x-enum-retryable'] = live.map((e) => e.retryable === true);
  }
  if (retired.length > 0) {
    schema['x-retired-codes'] = retired.map(codeOf);
  }
  return schema;
}

/** `externalDocs` and `x-enum-docs-urls` (aligned with `enum`) when the page has a URL. */
function withDocsUrls(schema: JsonObject, catalog: Catalog, docsBaseUrl?: string): JsonObject {
  if (docsBaseUrl === undefined) {
    return schema;
  }
  return {
    ...schema,
    'x-enum-docs-urls': liveEntries(catalog).map((e) => docsUrlOf(docsBaseUrl, e.code)),
    externalDocs: { description: 'Every code on the reference page.', url: docsBaseUrl },
  };
}

function errorResponseSchema(catalog: Catalog): JsonObject {
  return {
    type: 'object',
    description: 'The body of every error response.',
    required: ['msg', 'code', 'id'],
    properties: {
      msg: { type: 'string', description: 'The error message.' },
      code: { $ref: ERROR_CODE_REF },
      id: { type: 'string', description: 'The unique id of the request, for support.' },
    },
    examples: [exampleBody(liveEntries(catalog)[0]!)],
  };
}

/** One response per status, in ascending status order; entries keep catalog order within. */
function statusResponses(catalog: Catalog): JsonObject {
  const byStatus = new Map<number, Entry[]>();
  for (const entry of liveEntries(catalog)) {
    const entries = byStatus.get(entry.status);
    if (entries) {
      entries.push(entry);
    } else {
      byStatus.set(entry.status, [entry]);
    }
  }
  const responses: JsonObject = {};
  for (const status of [...byStatus.keys()].sort((a, b) => a - b)) {
    responses[responseName(status)] = statusResponse(status, byStatus.get(status)!);
  }
  return responses;
}

function statusResponse(status: number, entries: readonly Entry[]): JsonObject {
  const examples: JsonObject = {};
  for (const entry of entries) {
    examples[typescriptName(entry.name)] = example(entry);
  }
  return {
    description: `An HTTP ${status} error; its \`code\` is one of the codes this status carries.`,
    content: {
      'application/json': {
        schema: {
          allOf: [
            { $ref: ERROR_RESPONSE_REF },
            { properties: { code: { enum: entries.map(codeOf) } } },
          ],
        },
        examples,
      },
    },
  };
}

/** An example of one code's response; its description carries the code's lifecycle flags. */
function example(entry: Entry): JsonObject {
  const result: JsonObject = { summary: entry.message };
  const notes = [];
  if (entry.deprecated) {
    notes.push(`Deprecated: ${deprecationNote(entry, typescriptName)}`);
  }
  if (entry.retryable) {
    notes.push('A retry of the failed request may succeed.');
  }
  if (notes.length > 0) {
    result.description = notes.join(' ');
  }
  result.value = exampleBody(entry);
  return result;
}

function exampleBody(entry: Entry): JsonObject {
  return { msg: entry.message, code: codeOf(entry), id: EXAMPLE_REQUEST_ID };
}

/** The code as written to the document; `-0` would print as `-0` in YAML but `0` in JSON. */
function codeOf(entry: Entry): Code {
  return typeof entry.code === 'number' ? entry.code + 0 : entry.code;
}

/** INVISIBLE of literals.ts less JSON layout newlines (Cc: U+0000-U+001F, U+007F-U+009F). */
const INVISIBLE_IN_JSON = /[\0-\t\v-\x1f\x7f-\x9f\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/gu;

/** JSON text: 2-space indent, LF, a final newline, invisible characters as `\u` escapes. */
function toJson(document: JsonObject): string {
  const text = JSON.stringify(document, null, 2);
  // Outside strings the text is ASCII and newlines, so any other match is inside a string.
  // The Unicode classes are slow to test, so only runs of other characters are tested, and
  // the text is rebuilt only when it has something to escape.
  if (!hasInvisible(text)) {
    return text + '\n';
  }
  const escape = (run: string) => run.replace(INVISIBLE_IN_JSON, utf16Escapes);
  return text.replace(NOT_PRINTABLE_ASCII, escape) + '\n';
}

/** Runs that may hold an invisible character; they never split a surrogate pair. */
const NOT_PRINTABLE_ASCII = /[^\n -~]+/g;

/** True when the JSON text has a character that toJson escapes. */
function hasInvisible(text: string): boolean {
  for (const [run] of text.matchAll(NOT_PRINTABLE_ASCII)) {
    if (run.search(INVISIBLE_IN_JSON) !== -1) {
      return true;
    }
  }
  return false;
}

function utf16Escapes(ch: string): string {
  let out = '';
  for (let i = 0; i < ch.length; i++) {
    out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
  }
  return out;
}

/** YAML text with the generated notice as a comment on the first line. */
function toYaml(document: JsonObject, catalog: Catalog): string {
  return yamlText(document, generatedNotice(catalog));
}
