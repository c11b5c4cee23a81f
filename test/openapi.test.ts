/**
 * The OpenAPI target: the document passes two independent validators, an API description can
 * `$ref` its responses, its layout matches the catalog, and every reader of either format (JSON,
 * YAML 1.2, YAML 1.1) gets back the same value, whatever text the catalog holds.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseDocument, stringify } from 'yaml';

import type { Catalog, Code, Entry } from '../generators/catalog/model.ts';
import { formatDiagnostic } from '../generators/diagnostics.ts';
import type { OutputFile } from '../generators/emit/emitter.ts';
import { emitOpenApi, openApiDocument, responseName } from '../generators/emit/openapi.ts';
import { typescriptName } from '../generators/naming.ts';
import { defaultTargetOptions, generate } from '../generators/pipeline.ts';
import { venvBin } from './support/python-tools.ts';
import { describeWith, run } from './support/toolchain.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const fixtureApi = join(root, 'test/fixtures/openapi/api.yaml');
const lintConfig = join(root, 'redocly.yaml');

/** Redocly's CLI, without telemetry or update checks. */
const redoclyEnv = {
  ...process.env,
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
};

interface ErrorCodeSchema {
  type: string;
  enum: Code[];
  'x-enum-varnames': string[];
  'x-enum-descriptions': string[];
}

interface ErrorBody {
  msg: string;
  code: Code;
  id: string;
}

interface StatusResponse {
  description: string;
  content: {
    'application/json': {
      schema: { allOf: [unknown, { properties: { code: { enum: Code[] } } }] };
      examples: Record<string, { summary: string; value: ErrorBody }>;
    };
  };
}

/** The generated document, as far as the tests read it. */
interface ErrorsDocument {
  'x-generated-by': string;
  openapi: string;
  info: { title: string; version: string };
  paths?: unknown;
  components: {
    schemas: { ErrorCode: ErrorCodeSchema; ErrorResponse: { examples: ErrorBody[] } };
    responses: Record<string, StatusResponse>;
  };
}

/** Both output files of one run, as text. */
interface Outputs {
  dir: string;
  catalog: Catalog;
  yaml: string;
  json: string;
}

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'errgen-openapi-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** Generates only the OpenAPI target from `catalogPath` and writes it under `dir`. */
async function generateInto(catalogPath: string, dir: string): Promise<Outputs> {
  const result = await generate({ catalogPath, targets: ['openapi'] });
  expect(result.diagnostics.items.map(formatDiagnostic)).toEqual([]);
  writeOutput(dir, result.files);
  const read = (name: string) => readFileSync(join(dir, 'openapi', name), 'utf8');
  return { dir, catalog: result.catalog!, yaml: read('errors.yaml'), json: read('errors.json') };
}

function writeOutput(dir: string, files: readonly OutputFile[]): void {
  for (const file of files) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.contents);
  }
}

/** Writes `catalog` (a plain object) as a YAML catalog file and returns its path. */
function writeCatalog(name: string, catalog: object): string {
  const path = join(scratch, `${name}.yaml`);
  writeFileSync(path, stringify(catalog));
  return path;
}

/** The path of a generated file. */
function outputPath(outputs: Outputs, format: 'yaml' | 'json'): string {
  return join(outputs.dir, 'openapi', `errors.${format}`);
}

/** Runs this repository's Redocly CLI through npx, in `cwd` (where it looks for a config). */
function redocly(args: readonly string[], cwd: string) {
  return run('npx', ['--prefix', root, '--no', '--', 'redocly', ...args], { cwd, env: redoclyEnv });
}

/** `redocly lint` on one file; returns its problems (none means clean). */
function redoclyLint(file: string, config?: string): unknown[] {
  const args = ['lint', file, '--format=json', ...(config ? ['--config', config] : [])];
  return (JSON.parse(redocly(args, dirname(file)).stdout) as { problems: unknown[] }).problems;
}

/** Python's openapi-spec-validator on one file; throws with its report when it refuses. */
function specValidator(file: string): string {
  return run(venvBin('openapi-spec-validator'), [file]).stdout;
}

/** The file as PyYAML (a YAML 1.1 reader, as Python tools use) reads it. */
function pyYamlLoad(file: string): unknown {
  const script = [
    'import json, sys, yaml',
    'with open(sys.argv[1], encoding="utf-8") as f:',
    '    print(json.dumps(yaml.safe_load(f)))',
  ].join('\n');
  return JSON.parse(run(venvBin('python'), ['-c', script, file]).stdout);
}

/** The YAML text read as YAML 1.2 (core schema), refusing errors and 1.1 ambiguities. */
function parseYaml12(text: string): unknown {
  const document = parseDocument(text, { version: '1.2', schema: 'core', compat: 'yaml-1.1' });
  expect(document.errors.map((e) => e.message)).toEqual([]);
  expect(document.warnings.map((w) => w.message)).toEqual([]);
  return document.toJS();
}

function parseYaml11(text: string): unknown {
  return parse(text, { version: '1.1' });
}

/** Every reader of both formats gets the same document. */
function expectSameEverywhere(outputs: Outputs): ErrorsDocument {
  const json = JSON.parse(outputs.json) as ErrorsDocument;
  expect(parseYaml12(outputs.yaml)).toEqual(json);
  expect(parseYaml11(outputs.yaml)).toEqual(json);
  return json;
}

/** The error code schema matches the catalog, index for index. */
function expectCodesOf(document: ErrorsDocument, catalog: Catalog): void {
  const schema = document.components.schemas.ErrorCode;
  expect(schema.type).toBe(catalog.codeType);
  expect(schema.enum).toEqual(catalog.entries.map((e) => e.code));
  expect(schema['x-enum-varnames']).toEqual(catalog.entries.map((e) => typescriptName(e.name)));
  expect(schema['x-enum-descriptions']).toEqual(catalog.entries.map((e) => e.message));
}

/** Entries by status, in catalog order. */
function entriesByStatus(catalog: Catalog): Map<number, Entry[]> {
  const groups = new Map<number, Entry[]>();
  for (const entry of catalog.entries) {
    groups.set(entry.status, [...(groups.get(entry.status) ?? []), entry]);
  }
  return groups;
}

/** Each status has one response that lists exactly its codes, with one example per code. */
function expectResponsesOf(document: ErrorsDocument, catalog: Catalog): void {
  const groups = entriesByStatus(catalog);
  const responses = document.components.responses;
  expect(Object.keys(responses)).toEqual(
    [...groups.keys()].sort((a, b) => a - b).map(responseName),
  );
  for (const [status, entries] of groups) {
    const response = responses[responseName(status)]!;
    const media = response.content['application/json'];
    expect(response.description).toContain(`HTTP ${status}`);
    expect(media.schema.allOf[1].properties.code.enum).toEqual(entries.map((e) => e.code));
    expect(media.examples).toEqual(
      Object.fromEntries(
        entries.map((e) => [
          typescriptName(e.name),
          {
            summary: e.message,
            // Deprecated and retryable codes say so in the description.
            ...(e.deprecated || e.retryable ? { description: expect.any(String) } : {}),
            value: { msg: e.message, code: e.code, id: expect.any(String) },
          },
        ]),
      ),
    );
  }
}

/** A validator for the body schema of one status's response. */
function bodyValidator(document: ErrorsDocument, status: number) {
  // strict: false, because the document around the schemas has OpenAPI's own keywords.
  const ajv = new Ajv2020({ strict: false });
  ajv.addSchema(document, 'errors.json');
  const pointer = `/components/responses/${responseName(status)}/content/application~1json/schema`;
  return ajv.compile({ $ref: `errors.json#${pointer}` });
}

/** Every example validates against its response; a code of another status does not. */
function expectExamplesValid(document: ErrorsDocument, catalog: Catalog): void {
  for (const [status] of entriesByStatus(catalog)) {
    const validate = bodyValidator(document, status);
    const media = document.components.responses[responseName(status)]!.content['application/json'];
    for (const example of Object.values(media.examples)) {
      expect(validate(example.value), JSON.stringify(validate.errors)).toBe(true);
    }
    const stranger = catalog.entries.find((e) => e.status !== status);
    if (stranger) {
      const body = { msg: stranger.message, code: stranger.code, id: 'x' };
      expect(validate(body), `code ${stranger.code} under ${status}`).toBe(false);
    }
  }
}

describe('the OpenAPI document for the UPYUN catalog', () => {
  let outputs: Outputs;
  let document: ErrorsDocument;

  beforeAll(async () => {
    outputs = await generateInto('spec/errors.yaml', join(scratch, 'upyun'));
    document = JSON.parse(outputs.json) as ErrorsDocument;
  });

  it('starts the YAML with the generated notice and puts it first in the JSON', () => {
    const notice = 'Code generated by errgen from spec/errors.yaml. DO NOT EDIT.';
    expect(outputs.yaml.split('\n')[0]).toBe(`# ${notice}`);
    expect(Object.keys(document)[0]).toBe('x-generated-by');
    expect(document['x-generated-by']).toBe(notice);
  });

  it('is an OpenAPI 3.1.0 document of components only', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toMatchObject({ title: 'upyun error codes', version: '1.0.0' });
    expect(document.paths).toBeUndefined();
    expect(Object.keys(document.components.schemas)).toEqual(['ErrorCode', 'ErrorResponse']);
  });

  it('writes JSON with 2-space indent, LF line ends and a final newline', () => {
    expect(outputs.json).toBe(JSON.stringify(document, null, 2) + '\n');
    expect(outputs.yaml.endsWith('\n')).toBe(true);
    expect(outputs.yaml).not.toContain('\r');
  });

  it('lists every code, TypeScript name and message, index-aligned', () => {
    expectCodesOf(document, outputs.catalog);
  });

  it('has one response per status, with exactly its codes and one example per code', () => {
    expectResponsesOf(document, outputs.catalog);
    expect(Object.keys(document.components.responses)).toEqual([
      'Error400',
      'Error401',
      'Error403',
      'Error404',
      'Error406',
      'Error408',
      'Error415',
      'Error429',
      'Error503',
    ]);
  });

  it('has examples that validate against their response, and other codes that do not', () => {
    expectExamplesValid(document, outputs.catalog);
    const validate = new Ajv2020({ strict: false })
      .addSchema(document, 'errors.json')
      .compile({ $ref: 'errors.json#/components/schemas/ErrorResponse' });
    const [example] = document.components.schemas.ErrorResponse.examples;
    expect(validate(example)).toBe(true);
    expect(validate({ ...example, code: 1 })).toBe(false);
    expect(validate({ code: example!.code, id: 'x' })).toBe(false);
  });

  it('reads the same as JSON, YAML 1.2 and YAML 1.1', () => {
    expectSameEverywhere(outputs);
  });

  it('gives the same bytes on every run', async () => {
    const again = await generate({ catalogPath: 'spec/errors.yaml', targets: ['openapi'] });
    expect(again.files.map((f) => f.contents)).toEqual([outputs.yaml, outputs.json]);
  });

  it('writes only the formats asked for, in the folder asked for', async () => {
    const result = await generate({
      catalogPath: 'spec/errors.yaml',
      targets: ['openapi'],
      options: (defaults) => ({ ...defaults, openapi: { dir: 'api/shared', formats: ['json'] } }),
    });
    expect(result.files.map((f) => f.path)).toEqual(['api/shared/errors.json']);
    expect(result.files[0]!.contents).toBe(outputs.json);
  });

  it('passes redocly lint, both files', () => {
    expect(redoclyLint(outputPath(outputs, 'yaml'), lintConfig)).toEqual([]);
    expect(redoclyLint(outputPath(outputs, 'json'), lintConfig)).toEqual([]);
  });

  describeWith(['python3'], 'with Python', () => {
    it('passes openapi-spec-validator, both files', () => {
      expect(specValidator(outputPath(outputs, 'yaml'))).toContain('OK');
      expect(specValidator(outputPath(outputs, 'json'))).toContain('OK');
    });

    it('reads the same with PyYAML as with JSON', () => {
      expect(pyYamlLoad(outputPath(outputs, 'yaml'))).toEqual(document);
    });
  });

  describe('used from an API description', () => {
    let bundled: string;

    beforeAll(() => {
      const dir = join(outputs.dir, 'openapi');
      copyFileSync(fixtureApi, join(dir, 'api.yaml'));
      bundled = join(dir, 'bundled.yaml');
      redocly(['bundle', 'api.yaml', '-o', bundled], dir);
    });

    it('lints cleanly with the recommended rules, before and after bundling', () => {
      expect(redoclyLint(join(dirname(bundled), 'api.yaml'))).toEqual([]);
      expect(redoclyLint(bundled)).toEqual([]);
    });

    it('bundles the error code enum and the responses it uses', () => {
      const api = parse(readFileSync(bundled, 'utf8')) as ErrorsDocument;
      expect(api.components.schemas.ErrorCode).toEqual(document.components.schemas.ErrorCode);
      expect(Object.keys(api.components.responses).sort()).toEqual([
        'Error400',
        'Error401',
        'Error403',
        'Error404',
        'Error429',
        'Error503',
      ]);
    });

    describeWith(['python3'], 'with Python', () => {
      it('passes openapi-spec-validator once bundled', () => {
        expect(specValidator(bundled)).toContain('OK');
      });
    });
  });
});

/** Text that YAML, JSON or a Markdown-minded tool could take for something else. */
const HOSTILE_MESSAGES = [
  "it said \"no\" and it's 'quoted'",
  'C:\\path\\to\\file and \\n is not a newline',
  'first line\nsecond line\n\n  indented after a blank\n',
  'line\u2028separator and paragraph\u2029separator, NEL\u0085too',
  'tabs\tinside and a carriage\r\nreturn',
  '&anchor *alias <b>bold</b> & <script>',
  'emoji 😀🎉 and 错误：文件不存在',
  'key: value # not a comment',
  '- looks like a list',
  '--- a document marker',
  '%YAML 1.1',
  '   leading and trailing spaces   ',
  '|',
  '>',
  '=',
  '<<',
  'NO',
  '{"json": [1, 2]}',
  'bidi \u202e override and zero\u200bwidth and BOM \ufeff and private \ue000',
  'a very long message '.repeat(40),
];

/** String codes that a YAML 1.1 or 1.2 reader would otherwise take as booleans, numbers or null. */
const HOSTILE_CODES = [
  'NO',
  'on',
  'y',
  '0123',
  'null',
  '~',
  '1e3',
  '0x1F',
  '0o17',
  '1:20',
  '.inf',
  '=',
  '<<',
  'yes please',
  '-1',
  'E-404',
];

/** Entry names whose TypeScript names are YAML 1.1 booleans or null, used as example keys. */
const HOSTILE_NAMES = ['No', 'On', 'Y', 'Null', 'True', 'Off', 'N', 'Yes'];

function hostileName(index: number): string {
  return HOSTILE_NAMES[index] ?? `Hostile${index}`;
}

const HOSTILE_CATALOGS: { title: string; catalog: object }[] = [
  {
    title: 'integer codes at the limits, with hostile messages',
    catalog: {
      catalog: 'hostile',
      errors: HOSTILE_MESSAGES.map((message, i) => ({
        name: hostileName(i),
        code: [0, -1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER][i] ?? 1000 + i,
        status: [400, 404, 500, 599][i % 4],
        message,
      })),
    },
  },
  {
    title: 'string codes that YAML 1.1 would read as something else',
    catalog: {
      catalog: 'strings',
      codeType: 'string',
      errors: HOSTILE_CODES.map((code, i) => ({
        name: hostileName(i),
        code,
        status: [404, 409, 503][i % 3],
        message: HOSTILE_MESSAGES[i]!,
      })),
    },
  },
];

describe.each(HOSTILE_CATALOGS)('a catalog with $title', ({ title, catalog }) => {
  let outputs: Outputs;

  beforeAll(async () => {
    const name = title.replace(/\W+/g, '-');
    outputs = await generateInto(writeCatalog(name, catalog), join(scratch, name));
  });

  it('keeps every code, name and message exactly, in every format', () => {
    const document = expectSameEverywhere(outputs);
    const written = (catalog as { errors: { message: string; code: Code }[] }).errors;
    expect(outputs.catalog.entries.map((e) => e.message)).toEqual(written.map((e) => e.message));
    expectCodesOf(document, outputs.catalog);
    expectResponsesOf(document, outputs.catalog);
    expectExamplesValid(document, outputs.catalog);
  });

  it('writes invisible and line-breaking characters as escapes', () => {
    for (const text of [outputs.yaml, outputs.json]) {
      expect(text).not.toMatch(/[\u0085\u2028\u2029\u202e\u200b\ufeff\ue000\t\r]/);
    }
  });

  it('passes redocly lint, both files', () => {
    expect(redoclyLint(outputPath(outputs, 'yaml'), lintConfig)).toEqual([]);
    expect(redoclyLint(outputPath(outputs, 'json'), lintConfig)).toEqual([]);
  });

  describeWith(['python3'], 'with Python', () => {
    it('passes openapi-spec-validator, both files', () => {
      expect(specValidator(outputPath(outputs, 'yaml'))).toContain('OK');
      expect(specValidator(outputPath(outputs, 'json'))).toContain('OK');
    });

    it('reads the same with PyYAML as with JSON', () => {
      expect(pyYamlLoad(outputPath(outputs, 'yaml'))).toEqual(JSON.parse(outputs.json));
    });
  });
});

/** Pieces that tend to break YAML and JSON writers, to mix with arbitrary code points. */
const TRICKY_PIECES = fc.constantFrom(
  ...['\n', '\r', '\r\n', '\t', ' ', ': ', ' #', '#', '-', '? ', '---', '...', '%', '|', '>'],
  ...['"', "'", '\\', '&', '*', '!', '{', '}', '[', ']', ',', '=', '<<', '~', '@', '`'],
  ...['\u0085', '\u2028', '\u2029', '\ufeff', '\u00a0', '\u202e', 'NO', 'on', '0123', '1e3'],
);

const messageArbitrary = fc
  .array(fc.oneof(TRICKY_PIECES, fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), {
    minLength: 1,
    maxLength: 8,
  })
  .map((pieces) => pieces.join(''));

/** A catalog built in memory (not loaded), one entry per message. */
function catalogOf(messages: readonly string[]): Catalog {
  return {
    name: 'fuzz',
    source: 'fuzz.yaml',
    codeType: 'integer',
    entries: messages.map((message, i) => ({
      name: `Fuzz${i}`,
      code: i - 1,
      status: 400 + (i % 3),
      message,
      position: { file: 'fuzz.yaml', line: i + 1, column: 1 },
      fieldPositions: {},
    })),
  };
}

/** Emits a catalog in both formats, as text. */
async function emitBoth(catalog: Catalog, dir = join(scratch, 'fuzz')): Promise<Outputs> {
  const files = await emitOpenApi(catalog, defaultTargetOptions(catalog));
  const text = (suffix: string) => files.find((f) => f.path.endsWith(suffix))!.contents;
  return { dir, catalog, yaml: text('.yaml'), json: text('.json') };
}

describe('arbitrary messages', () => {
  it('read back unchanged from JSON, YAML 1.2 and YAML 1.1', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(messageArbitrary, { minLength: 1, maxLength: 6 }),
        async (texts) => {
          const outputs = await emitBoth(catalogOf(texts));
          const document = expectSameEverywhere(outputs);
          expect(document).toEqual(openApiDocument(outputs.catalog));
        },
      ),
      { numRuns: 200 },
    );
  });

  describeWith(['python3'], 'with Python', () => {
    it('read back unchanged by PyYAML', async () => {
      const texts = fc.sample(messageArbitrary, { numRuns: 300, seed: 2028 });
      const outputs = await emitBoth(catalogOf(texts));
      writeOutput(outputs.dir, [
        { path: 'openapi/errors.yaml', contents: outputs.yaml },
        { path: 'openapi/errors.json', contents: outputs.json },
      ]);
      expect(pyYamlLoad(outputPath(outputs, 'yaml'))).toEqual(JSON.parse(outputs.json));
      expect(specValidator(outputPath(outputs, 'yaml'))).toContain('OK');
    });
  });
});
