/**
 * The reference pages of a two-locale catalog (test/fixtures/docs/bilingual.yaml): file
 * snapshots of the English and Chinese pages (re-record with `npx vitest run -u`), anchors
 * unique on a page and the same on every page and run, and, with `docsBaseUrl`, a docs link
 * per code in every target, read back in the real toolchains.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { formatDiagnostic } from '../generators/diagnostics.ts';
import { openApiDocument } from '../generators/emit/openapi.ts';
import { generate, type GenerateRequest } from '../generators/pipeline.ts';
import { venvBin } from './support/python-tools.ts';
import { describeWith, run } from './support/toolchain.ts';

const CATALOG = 'test/fixtures/docs/bilingual.yaml';
const BASE_URL = 'https://docs.example.com/shop/errors';
const LIVE_CODES = [40400001, 40400002, 42900001, 50000001];
const goEnv = { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', GOPROXY: 'off' };

/** The generated files of the fixture, by path. */
async function generated(request: Partial<GenerateRequest> = {}): Promise<Map<string, string>> {
  const result = await generate({ catalogPath: CATALOG, ...request });
  const errors = result.diagnostics.items.filter((d) => d.severity === 'error');
  expect(errors.map(formatDiagnostic)).toEqual([]);
  return new Map(result.files.map((f) => [f.path, f.contents]));
}

/** Every `<a id="...">` on a page, in page order. */
function anchorsOf(page: string): string[] {
  return [...page.matchAll(/<a id="([^"]*)"><\/a>/g)].map((m) => m[1]!);
}

describe('reference pages', () => {
  it('writes one page per locale, warning once about the untranslated description', async () => {
    const result = await generate({ catalogPath: CATALOG, targets: ['docs'] });
    expect(result.files.map((f) => f.path)).toEqual(['docs/errors.md', 'docs/errors.zh-CN.md']);
    expect(result.diagnostics.items.map(formatDiagnostic)).toEqual([
      `${CATALOG}:25:18 - warning W102: description of "TooManyRequests" has no text in ` +
        'zh-CN; the en text is used there instead',
    ]);
  });

  for (const page of ['errors.md', 'errors.zh-CN.md']) {
    it(`matches the snapshot of ${page}`, async () => {
      const files = await generated({ targets: ['docs'] });
      await expect(files.get(`docs/${page}`)).toMatchFileSnapshot(`fixtures/docs/${page}.snap`);
    });
  }

  it('gives every code one anchor, the same on every page and every run', async () => {
    const first = await generated({ targets: ['docs'] });
    const second = await generated({ targets: ['docs'] });
    const english = anchorsOf(first.get('docs/errors.md')!);

    expect(new Set(english).size).toBe(english.length);
    expect(english.sort()).toEqual(['40400001', '40400002', '41000001', '42900001', '50000001']);
    for (const [path, page] of first) {
      expect(anchorsOf(page).sort(), path).toEqual(english);
      expect(page, path).toBe(second.get(path));
    }
  });

  it('links the language versions to each other', async () => {
    const files = await generated({ targets: ['docs'] });
    expect(files.get('docs/errors.md')).toContain(
      'Languages: **English** · [简体中文](errors.zh-CN.md)',
    );
    expect(files.get('docs/errors.zh-CN.md')).toContain(
      '语言：[English](errors.md) · **简体中文**',
    );
  });
});

describe('docsBaseUrl', () => {
  let out: string;
  const withBase: GenerateRequest['options'] = (defaults) => ({
    ...defaults,
    docsBaseUrl: BASE_URL,
  });

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'errgen-docs-'));
    const files = await generated({ outDir: out, options: withBase });
    for (const [path, contents] of files) {
      mkdirSync(dirname(join(out, path)), { recursive: true });
      writeFileSync(join(out, path), contents);
    }
  });

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('changes nothing but the docs pages when it is not set', async () => {
    const files = await generated();
    expect([...files.values()].some((text) => /docs_?url/i.test(text))).toBe(false);
  });

  it('links each OpenAPI code to its anchor, aligned with enum', async () => {
    const result = await generate({ catalogPath: CATALOG, targets: [] });
    const document = openApiDocument(result.catalog!, BASE_URL) as {
      components: { schemas: { ErrorCode: Record<string, unknown> } };
    };
    const schema = document.components.schemas.ErrorCode;
    expect(schema.enum).toEqual(LIVE_CODES);
    expect(schema['x-enum-docs-urls']).toEqual(LIVE_CODES.map((c) => `${BASE_URL}#${c}`));
    expect(schema.externalDocs).toMatchObject({ url: BASE_URL });
  });

  it('gives TypeScript docsUrl(code), and the page itself for an unknown code', async () => {
    const module = (await import(pathToFileURL(join(out, 'ts/errors.ts')).href)) as {
      docsUrl(code: number): string;
    };
    for (const code of LIVE_CODES) {
      expect(module.docsUrl(code)).toBe(`${BASE_URL}#${code}`);
    }
    expect([module.docsUrl(41000001), module.docsUrl(7)]).toEqual([BASE_URL, BASE_URL]);
  });

  describeWith(['go'], 'Go', () => {
    it('gives Code.DocsURL(), and the page itself for an unknown code', () => {
      const test = [
        'package shoperr_test',
        '',
        'import (',
        '\t"testing"',
        '',
        '\tpkg "example.com/shoperr/shoperr"',
        ')',
        '',
        'func TestDocsURL(t *testing.T) {',
        `\tif got := pkg.OrderNotFound.DocsURL(); got != "${BASE_URL}#40400001" {`,
        '\t\tt.Fatal(got)',
        '\t}',
        `\tif got := pkg.Code(41000001).DocsURL(); got != pkg.DocsBaseURL {`,
        '\t\tt.Fatal(got)',
        '\t}',
        '}',
        '',
      ].join('\n');
      writeFileSync(join(out, 'go/shoperr/docs_url_test.go'), test);
      run('go', ['test', './...'], { cwd: join(out, 'go'), env: goEnv });
    });
  });

  describeWith(['python3'], 'Python', () => {
    it('gives docs_url(code) and ErrorCode.docs_url, and the page for an unknown code', () => {
      const script = [
        'from shop_errors import DOCS_BASE_URL, ErrorCode, docs_url',
        `assert docs_url(40400001) == "${BASE_URL}#40400001", docs_url(40400001)`,
        `assert ErrorCode.ORDER_NOT_FOUND.docs_url == "${BASE_URL}#40400001"`,
        'assert docs_url(41000001) == DOCS_BASE_URL',
        'assert docs_url(True) == DOCS_BASE_URL',
      ].join('\n');
      const env = { ...process.env, PYTHONPATH: join(out, 'python') };
      run(venvBin('python'), ['-c', script], { env });
    });
  });
});
