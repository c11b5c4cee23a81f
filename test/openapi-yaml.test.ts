/**
 * The OpenAPI YAML is laid out line by line, with every scalar written by the yaml package
 * (generators/emit/openapi-yaml.ts). The property: the emitted files are exactly what a whole
 * yaml `Document` of the same data gives, and what JSON.stringify gives, for the shipped
 * catalog, the fixtures and random catalogs of YAML-hostile text. Catalogs are drawn with
 * fast-check (ERRGEN_PROPERTY_RUNS and ERRGEN_PROPERTY_SEED change the sample, as in
 * test/property.test.ts).
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Document } from 'yaml';

import { loadCatalog, parseCatalog } from '../generators/catalog/load.ts';
import type { Catalog } from '../generators/catalog/model.ts';
import { DiagnosticBag } from '../generators/diagnostics.ts';
import { generatedNotice } from '../generators/emit/emitter.ts';
import { emitOpenApi, openApiDocument } from '../generators/emit/openapi.ts';
import {
  documentYaml,
  type JsonObject,
  laidOutYaml,
  withPortableStrings,
  yamlText,
} from '../generators/emit/openapi-yaml.ts';
import { defaultTargetOptions } from '../generators/pipeline.ts';
import { readJsonLines, yamlQuoted } from './support/targets.ts';

const SEED = Number(process.env.ERRGEN_PROPERTY_SEED ?? 20_251_203);
const RUNS = Number(process.env.ERRGEN_PROPERTY_RUNS ?? 25);

const fixture = (path: string) => fileURLToPath(new URL(`./fixtures/${path}`, import.meta.url));

/** The YAML as errgen wrote it before the line layout: one `Document` of the whole data. */
function referenceYaml(document: JsonObject): string {
  const yaml = new Document(document, {
    schema: 'core',
    compat: 'yaml-1.1',
    customTags: withPortableStrings,
    aliasDuplicateObjects: false,
  });
  return yaml.toString({ lineWidth: 0, directives: false });
}

/** The JSON as errgen wrote it before: invisible characters escaped by one pass of the text. */
function referenceJson(document: JsonObject): string {
  const invisible = /[\0-\t\v-\x1f\x7f-\x9f\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/gu;
  const text = JSON.stringify(document, null, 2) + '\n';
  return text.replace(invisible, (ch) =>
    [...Array(ch.length).keys()]
      .map((i) => `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`)
      .join(''),
  );
}

/** Checks both files of the catalog, with and without docs links, against the references. */
async function expectAsBefore(catalog: Catalog, docsBaseUrl?: string): Promise<void> {
  const document = openApiDocument(catalog, docsBaseUrl);
  const notice = generatedNotice(catalog);
  const reference = `# ${notice}\n${referenceYaml(document)}`;
  // The layout must place every catalog here itself: the fallback would pass trivially.
  expect(laidOutYaml(document, notice)).toBe(reference);
  expect(`# ${notice}\n${documentYaml(document)}`).toBe(reference);

  const options = defaultTargetOptions(catalog);
  const openapi = { ...options.openapi, formats: ['yaml', 'json'] as const };
  const [yaml, json] = await emitOpenApi(catalog, { ...options, openapi, docsBaseUrl });
  expect(yaml!.contents).toBe(reference);
  expect(json!.contents).toBe(referenceJson(document));
}

const BASE_URLS = [undefined, 'https://example.com/errors', 'https://x.example/a b#: c?d=- e'];

/** Catalog files among the fixtures: every YAML or JSON file that loads without an error. */
function fixtureCatalogs(): string[] {
  const folders = ['catalogs', 'docs', 'metadata', 'openapi', 'typescript'];
  return folders.flatMap((folder) =>
    readdirSync(fixture(folder))
      .filter((name) => /\.(ya?ml|json)$/.test(name))
      .map((name) => `test/fixtures/${folder}/${name}`)
      .filter((path) => loadCatalog(path, new DiagnosticBag()) !== undefined),
  );
}

/** The bug reports whose catalogs load; the rest are refused before any target runs. */
function bugReportCatalogs(): [string, Catalog][] {
  const reports = ['cases.jsonl', 'variants.jsonl'].flatMap((name) =>
    readJsonLines<{ id: string; input?: object; raw_yaml?: string; raw_yaml_hex?: string }>(
      fixture(`bugreports/${name}`),
    ),
  );
  return reports.flatMap((report): [string, Catalog][] => {
    const text =
      report.raw_yaml ??
      (report.raw_yaml_hex !== undefined
        ? Buffer.from(report.raw_yaml_hex, 'hex').toString('utf8')
        : JSON.stringify(report.input ?? {}));
    const catalog = parseCatalog(text, `${report.id}.yaml`, new DiagnosticBag());
    return catalog === undefined ? [] : [[report.id, catalog]];
  });
}

/** Text YAML writers have to quote, or must not quote, and text they must keep as it is. */
const PIECES = [
  ...["'", '"', "it's", 'say "hi"', ': ', ':', ' #', '#', ' ', '  lead', 'trail ', '---'],
  ...['...', '%', '%YAML 1.1', '- ', '-', '? ', '?', '[', ']', '{', '}', ',', '&a', '*a'],
  ...['!tag', '|', '>', '@', '`', '<<', '=', 'yes', 'no', 'on', 'off', 'y', 'n', 'Y', 'N'],
  ...['~', 'null', 'Null', 'true', 'False', '0123', '1e3', '0x1F', '0o17', '0b101', '1_000'],
  ...['12:30', '1:20:30', '.inf', '-.Inf', '.nan', '+1', '-0', '1.5', '2001-12-14'],
  ...['\\', '\n', '\r\n', '\t', '\0', '\u0085', '\u2028', '\u00a0', '\ufeff', '\u200b'],
  ...['\ud800', '文件不存在', 'é', 'e\u0301', '😀', '👩‍💻'],
];

/** A text over 1024 characters, with spaces and indicators in it. */
const longText = fc
  .tuple(
    fc.constantFrom('word ', 'a: b ', 'x #y ', '文件 ', '"q" '),
    fc.integer({ min: 210, max: 300 }),
  )
  .map(([piece, times]) => piece.repeat(times));

const text = fc
  .array(
    fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...PIECES) },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 20 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
      { weight: 1, arbitrary: longText },
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((pieces) => pieces.join(''));

/** Text with something besides white space, as messages and string codes need. */
const visibleText = text.map((t) => (t.trim() === '' ? `x${t}` : t));

/** Words of names; alone, several become YAML 1.1 words as keys (`Yes`, `Off`, `Null`). */
const NAME_WORDS = ['yes', 'no', 'on', 'off', 'y', 'n', 'null', 'true', 'nan', 'inf', 'e1'];

/** One drawn entry; `deprecated` is null when live, undefined when deprecated with no reason. */
interface Row {
  name: string[];
  code: string | number;
  status: number;
  message: string;
  deprecated: string | undefined | null;
  retryable: boolean;
  retired: boolean;
}

const row = (codeType: 'integer' | 'string'): fc.Arbitrary<Row> =>
  fc.record({
    name: fc.array(fc.constantFrom(...NAME_WORDS, 'invalid', 'bucket'), {
      minLength: 1,
      maxLength: 3,
    }),
    code: codeType === 'string' ? visibleText : fc.integer({ min: -1e15, max: 1e15 }),
    status: fc.constantFrom(400, 404, 409, 500, 503),
    message: visibleText,
    deprecated: fc.option(fc.option(visibleText, { nil: undefined }), { nil: null }),
    retryable: fc.boolean(),
    retired: fc.boolean(),
  });

/** One entry of catalog YAML; the first entry stays live, as a catalog needs one. */
function entryLines(row: Row, index: number): string[] {
  const code = typeof row.code === 'string' ? yamlQuoted(row.code) : String(row.code);
  const lines = [
    `  - name: ${row.name.join('_')}`,
    `    code: ${code}`,
    `    status: ${row.status}`,
    `    message: ${yamlQuoted(row.message)}`,
  ];
  if (row.deprecated === undefined) {
    lines.push('    deprecated: true');
  } else if (row.deprecated !== null) {
    lines.push('    deprecated:', `      reason: ${yamlQuoted(row.deprecated)}`);
  }
  if (row.retryable) {
    lines.push('    retryable: true');
  }
  if (row.retired && index > 0) {
    lines.push('    retired: true');
  }
  return lines;
}

/** A catalog of 1 to 12 entries, names made distinct; drawn catalogs it refuses are skipped. */
const catalog = fc
  .constantFrom<'integer' | 'string'>('integer', 'string')
  .chain((codeType) =>
    fc.tuple(
      fc.constant(codeType),
      fc.uniqueArray(row(codeType), {
        minLength: 1,
        maxLength: 12,
        selector: (drawn) => drawn.name.join(''),
      }),
    ),
  )
  .map(([codeType, rows]) => {
    const lines = [`catalog: on`, `codeType: ${codeType}`, 'errors:'];
    rows.forEach((drawn, index) => lines.push(...entryLines(drawn, index)));
    return parseCatalog(`${lines.join('\n')}\n`, 'catalog.yaml', new DiagnosticBag());
  });

describe('OpenAPI YAML layout', () => {
  it.each(['spec/errors.yaml', ...fixtureCatalogs()])(
    'writes %s as a Document does',
    async (path) => {
      const loaded = loadCatalog(path, new DiagnosticBag())!;
      for (const url of BASE_URLS) {
        await expectAsBefore(loaded, url);
      }
    },
  );

  it.each(bugReportCatalogs())('writes bug report %s as a Document does', async (_, loaded) => {
    await expectAsBefore(loaded, 'https://example.com/errors');
  });

  it(`writes ${RUNS} random catalogs as a Document does (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(catalog, fc.constantFrom(...BASE_URLS), async (drawn, url) => {
        fc.pre(drawn !== undefined);
        await expectAsBefore(drawn, url);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('leaves a key over 1024 characters, written as `? key`, to a Document', () => {
    const name = `Long${'x'.repeat(1100)}`;
    const loaded = parseCatalog(
      `errors:\n  - name: ${name}\n    code: 1\n    status: 400\n    message: m\n`,
      'long.yaml',
      new DiagnosticBag(),
    )!;
    const document = openApiDocument(loaded);
    const reference = `# notice\n${referenceYaml(document)}`;
    expect(laidOutYaml(document, 'notice')).toBeUndefined();
    expect(yamlText(document, 'notice')).toBe(reference);
    expect(reference).toContain(`? ${name}\n`);
  });
});
