/**
 * The TypeScript module is formatted by splicing its long lists into prettier's output of a
 * short frame (generators/emit/typescript-format.ts). The property: the result is exactly what
 * prettier gives when it formats the whole module, for any catalog text and any prettier
 * options a project may set. Catalogs are drawn with fast-check (ERRGEN_PROPERTY_RUNS and
 * ERRGEN_PROPERTY_SEED change the sample, as in test/property.test.ts).
 */
import fc from 'fast-check';
import type { Options } from 'prettier';
import { describe, expect, it } from 'vitest';

import { loadCatalog, parseCatalog } from '../generators/catalog/load.ts';
import type { Catalog, Entry } from '../generators/catalog/model.ts';
import { DiagnosticBag } from '../generators/diagnostics.ts';
import { typescriptModule } from '../generators/emit/typescript.ts';
import { type PrettierStyle, prettierStyle } from '../generators/emit/typescript-format.ts';
import { yamlQuoted } from './support/targets.ts';

const SEED = Number(process.env.ERRGEN_PROPERTY_SEED ?? 20_251_203);
const RUNS = Number(process.env.ERRGEN_PROPERTY_RUNS ?? 25);

/** The module formatted both ways: spliced, and by prettier as a whole. */
async function bothWays(catalog: Catalog, docsBaseUrl: string | undefined, options: Options) {
  const style = prettierStyle({ ...options, filepath: 'errors.ts', endOfLine: 'lf' });
  const whole: PrettierStyle = { ...style, canSplice: false };
  return {
    spliced: await typescriptModule(catalog, docsBaseUrl, style),
    whole: await typescriptModule(catalog, docsBaseUrl, whole),
  };
}

const position = { file: 'catalog.yaml', line: 1, column: 1 };

function entry(fields: Partial<Entry> & Pick<Entry, 'name' | 'code' | 'message'>): Entry {
  return { status: 400, position, fieldPositions: {}, ...fields };
}

/** Text that has broken formatters and generators: quotes of both kinds, escapes, wide text. */
const PIECES = [
  ...["'", '"', "it's", 'say "hi"', '\\', '\n', '\r\n', '\t', '\0', '\u2028', '*/', '/*'],
  ...['//', '@deprecated', ' * ', '${x}', '`', '文件不存在', '😀', '👩‍💻'],
  ...['e\u0301', '\u200b', '\ufeff', '\u00a0', '  ', 'word ', ' word'],
];

const text = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...PIECES) },
      { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 40 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((pieces) => pieces.join(''));

/** Text with something besides white space, as messages need. */
const visibleText = text.map((t) => (t.trim() === '' ? `x${t}` : t));

const WORDS = ['invalid', 'bucket', 'name', 'token', 'expired', 'quota', 'exceeded', 'upstream'];

/** One entry in catalog YAML; names are made distinct by their index. */
const entryYaml = (codeType: 'integer' | 'string') =>
  fc
    .record({
      words: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 6 }),
      code: codeType === 'string' ? visibleText : fc.integer({ min: -1e15, max: 1e15 }),
      status: fc.integer({ min: 100, max: 599 }),
      message: visibleText,
      description: fc.option(visibleText, { nil: undefined }),
      deprecated: fc.option(fc.option(visibleText, { nil: undefined }), { nil: null }),
      retryable: fc.boolean(),
      retired: fc.boolean(),
    })
    .map((row) => (index: number) => {
      const code = typeof row.code === 'string' ? yamlQuoted(row.code) : String(row.code);
      const lines = [
        `  - name: ${[...row.words, 'n', index].join('_')}`,
        `    code: ${code}`,
        `    status: ${row.status}`,
        `    message: ${yamlQuoted(row.message)}`,
      ];
      if (row.description !== undefined) {
        lines.push(`    description: ${yamlQuoted(row.description)}`);
      }
      if (row.deprecated !== null) {
        const reason = row.deprecated === undefined ? 'true' : yamlQuoted(row.deprecated);
        lines.push(reason === 'true' ? '    deprecated: true' : `    deprecated:`);
        if (reason !== 'true') {
          lines.push(`      reason: ${reason}`);
        }
      }
      if (row.retryable) {
        lines.push('    retryable: true');
      }
      // The first entry stays live: a catalog with every code retired is refused.
      if (row.retired && index > 0) {
        lines.push('    retired: true');
      }
      return lines.join('\n');
    });

/** A catalog of 1 to 30 entries, as the loader reads it; drawn catalogs it refuses are skipped. */
const catalog = fc
  .constantFrom<'integer' | 'string'>('integer', 'string')
  .chain((codeType) =>
    fc.tuple(
      fc.constantFrom('upyun', 'my_api', 'x'),
      fc.constant(codeType),
      fc.array(entryYaml(codeType), { minLength: 1, maxLength: 30 }),
    ),
  )
  .map(([name, codeType, entries]) => {
    const text = [
      `catalog: ${name}`,
      `codeType: ${codeType}`,
      'errors:',
      ...entries.map((entry, index) => entry(index)),
    ].join('\n');
    return parseCatalog(`${text}\n`, 'catalog.yaml', new DiagnosticBag());
  });

/** Options a project may set; widths from cramped to wide, where layouts change. */
const prettierOptions: fc.Arbitrary<Options> = fc.record({
  printWidth: fc.constantFrom(20, 40, 60, 80, 100, 120, 160),
  tabWidth: fc.constantFrom(2, 4, 8),
  useTabs: fc.boolean(),
  singleQuote: fc.boolean(),
  bracketSpacing: fc.boolean(),
  trailingComma: fc.constantFrom<Options['trailingComma']>('all', 'es5', 'none'),
  semi: fc.boolean(),
});

const docsBaseUrl = fc.option(
  fc.constantFrom('https://example.com/errors', 'https://docs.example.com/a/very/long/path/x'),
  { nil: undefined },
);

describe('TypeScript module formatting', () => {
  it(`equals prettier over the whole module, ${RUNS} random catalogs (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(catalog, prettierOptions, docsBaseUrl, async (drawn, options, url) => {
        fc.pre(drawn !== undefined);
        const { spliced, whole } = await bothWays(drawn, url, options);
        expect(spliced).toBe(whole);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it.each(['spec/errors.yaml', 'test/fixtures/typescript/hostile-strings.yaml'])(
    'equals prettier over the whole module for %s, in every trailing comma style',
    async (path) => {
      const loaded = loadCatalog(path, new DiagnosticBag())!;
      for (const trailingComma of ['all', 'es5', 'none'] as const) {
        const options = { printWidth: 100, singleQuote: true, trailingComma };
        const { spliced, whole } = await bothWays(loaded, 'https://example.com/e', options);
        expect(spliced).toBe(whole);
      }
    },
  );

  it.each<[string, Options]>([
    ['a plugin', { plugins: ['prettier-plugin-x'] }],
    ['a parser override', { parser: 'babel-ts' }],
    ['requirePragma, under which prettier formats nothing', { requirePragma: true }],
    ['a range to format', { rangeStart: 0, rangeEnd: 500 }],
    ['a line too wide for a stand-in', { printWidth: 1_000_000_000 }],
  ])('formats the whole module in one pass with %s', (_title, options) => {
    expect(prettierStyle({ ...options, filepath: 'errors.ts' }).canSplice).toBe(false);
    expect(prettierStyle({ printWidth: 1000, filepath: 'errors.ts' }).canSplice).toBe(true);
  });

  it('prints a literal that ends in a backslash before text that opens a comment', async () => {
    // ts-morph's writer took '\\' for an open string and `/*` after it for a comment.
    const yaml =
      "codeType: string\nerrors:\n  - { name: A, code: '\\', status: 400, message: /* }\n";
    const hostile = parseCatalog(yaml, 'catalog.yaml', new DiagnosticBag())!;
    for (const printWidth of [20, 120]) {
      const { spliced, whole } = await bothWays(hostile, 'https://example.com/e', { printWidth });
      expect(spliced).toBe(whole);
    }
    const { spliced } = await bothWays(hostile, undefined, { printWidth: 120 });
    expect(spliced).toContain(`errorInfo("A", "\\\\", 400, "/*")`);
  });

  it('leaves a list that fits on one line to prettier', async () => {
    const tiny: Catalog = {
      name: 'x',
      source: 'x.yaml',
      codeType: 'integer',
      entries: [entry({ name: 'A', code: 1, message: 'a' })],
    };
    const { spliced, whole } = await bothWays(tiny, undefined, { printWidth: 120 });
    expect(spliced).toContain('Object.freeze([errorInfo("A", 1, 400, "a")]);');
    expect(spliced).toBe(whole);
  });
});
