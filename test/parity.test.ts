/**
 * The committed outputs, loaded in their own languages, agree with the catalog on every
 * (name, code, status, message), and the catalog agrees with the UPYUN seed table row by row.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

import type { Catalog } from '../generators/catalog/model.ts';
import { loadCatalog } from '../generators/catalog/load.ts';
import { DiagnosticBag } from '../generators/diagnostics.ts';
import { typescriptName } from '../generators/naming.ts';
import { venvBin } from './support/python-tools.ts';
import { describeWith, run } from './support/toolchain.ts';

/** One row as every output must list it. */
type Row = [name: string, code: number, status: number, message: string];

let catalog: Catalog;
let rows: Row[];

beforeAll(() => {
  const bag = new DiagnosticBag();
  const loaded = loadCatalog('spec/errors.yaml', bag);
  expect(bag.items).toEqual([]);
  catalog = loaded!;
  rows = catalog.entries.map((e) => [e.name, e.code as number, e.status, e.message]);
});

/** The seed table: `<status><code><message>` run together, one row a line, after the header. */
function seedRows(): [status: number, code: number, message: string][] {
  const text = readFileSync('test/fixtures/upyun-api-error-codes.txt', 'utf8');
  const table = text.slice(text.lastIndexOf('HTTP 状态码返回代码含义'));
  return [...table.matchAll(/^(\d{3})(\d{8})(.+)$/gm)].map((m) => [
    Number(m[1]),
    Number(m[2]),
    m[3]!,
  ]);
}

describe('spec/errors.yaml', () => {
  it('lists exactly the 154 rows of the UPYUN seed table, in order', () => {
    const seed = seedRows();
    expect(seed).toHaveLength(154);
    expect(catalog.entries.map((e) => [e.status, e.code, e.message])).toEqual(seed);
  });
});

describe('TypeScript output', () => {
  it('lists every entry', async () => {
    const ts = (await import('../out/ts/errors.ts')) as {
      errorInfos: readonly { name: string; code: number; status: number; message: string }[];
      ErrorCode: Record<string, number | string>;
    };
    expect(ts.errorInfos.map((i) => [i.name, i.code, i.status, i.message])).toEqual(rows);
    for (const [name, code] of rows) {
      expect(ts.ErrorCode[typescriptName(name)]).toBe(code);
    }
  });
});

describe('OpenAPI output', () => {
  for (const format of ['yaml', 'json'] as const) {
    it(`lists every entry in errors.${format}`, () => {
      const text = readFileSync(`out/openapi/errors.${format}`, 'utf8');
      const document = format === 'yaml' ? parseYaml(text) : JSON.parse(text);
      const schema = document.components.schemas.ErrorCode;
      const listed = (schema.enum as number[]).map((code, i) => [
        schema['x-enum-varnames'][i],
        code,
        schema['x-enum-descriptions'][i],
      ]);
      expect(listed).toEqual(
        rows.map(([name, code, , message]) => [typescriptName(name), code, message]),
      );

      const examples: Row[] = [];
      for (const [key, response] of Object.entries(document.components.responses)) {
        const content = (response as { content: Record<string, { examples: object }> }).content;
        for (const [name, example] of Object.entries(content['application/json']!.examples)) {
          const { value } = example as { value: { code: number; msg: string } };
          examples.push([name, value.code, Number(key.replace('Error', '')), value.msg]);
        }
      }
      const expected = rows.map(([name, code, status, message]): Row => [
        typescriptName(name),
        code,
        status,
        message,
      ]);
      expect(examples.sort((a, b) => a[1] - b[1])).toEqual(expected.sort((a, b) => a[1] - b[1]));
    });
  }
});

describe('reference page', () => {
  it('lists every entry under its status', () => {
    const page = readFileSync('out/docs/errors.md', 'utf8');
    const listed: Row[] = [];
    let status = 0;
    for (const line of page.split('\n')) {
      const heading = /^## (\d{3})/.exec(line);
      status = heading ? Number(heading[1]) : status;
      const row = /^\| <a id="(\d+)"><\/a>\d+ \| (.+?) \| (.+?) \| .*\|$/.exec(line);
      if (row) {
        const unescape = (cell: string) => cell.replace(/\\(.)/g, '$1');
        listed.push([unescape(row[2]!), Number(row[1]), status, unescape(row[3]!)]);
      }
    }
    expect(listed.sort((a, b) => a[1] - b[1])).toEqual([...rows].sort((a, b) => a[1] - b[1]));
  });
});

describeWith(['go'], 'Go output', () => {
  const work = mkdtempSync(join(tmpdir(), 'errgen-parity-go-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('lists every entry', () => {
    cpSync('out/go', work, { recursive: true });
    mkdirSync(join(work, 'dump'));
    writeFileSync(
      join(work, 'dump/main.go'),
      [
        'package main',
        'import (',
        '\t"encoding/json"',
        '\t"os"',
        '\t"example.com/upyunerr/upyunerr"',
        ')',
        'func main() {',
        '\trows := [][]any{}',
        '\tfor _, i := range upyunerr.Infos() {',
        '\t\trows = append(rows, []any{i.Name, i.Code, i.Status, i.Message})',
        '\t}',
        '\t_ = json.NewEncoder(os.Stdout).Encode(rows)',
        '}',
        '',
      ].join('\n'),
    );
    const env = { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', GOPROXY: 'off' };
    const out = run('go', ['run', './dump'], { cwd: work, env });
    expect(JSON.parse(out.stdout)).toEqual(rows);
  });
});

describeWith(['python3'], 'Python output', () => {
  it('lists every entry', () => {
    const script = [
      'import json',
      'from upyun_errors import ERROR_INFOS',
      'print(json.dumps([[i.name, int(i.code), i.status, i.message] for i in ERROR_INFOS]))',
    ].join('\n');
    const env = { ...process.env, PYTHONPATH: 'out/python', PYTHONDONTWRITEBYTECODE: '1' };
    const out = run(venvBin('python'), ['-c', script], { env });
    expect(JSON.parse(out.stdout)).toEqual(rows);
  });
});
