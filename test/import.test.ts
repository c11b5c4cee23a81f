/**
 * `errgen import`: vendor tables in every input format become catalogs that errgen validates
 * and generates, with names derived by the documented rule, collisions and duplicates resolved
 * and reported, unreadable rows reported at their lines, and the same bytes on every run.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { loadCatalog, parseCatalog } from '../generators/catalog/load.ts';
import type { Catalog } from '../generators/catalog/model.ts';
import { DiagnosticBag } from '../generators/diagnostics.ts';
import { chooseNames, nameFromText } from '../generators/import/names.ts';
import type { ImportedRow } from '../generators/import/rows.ts';
import { identifierFor, invalidNameReason, NAMING_TARGETS } from '../generators/naming.ts';
import { generate } from '../generators/pipeline.ts';
import { runCli } from './support/cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'errgen-import-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const fixtures = 'test/fixtures/import';
const seed = 'test/fixtures/upyun-api-error-codes.txt';
const publicCatalogs = [
  'grpc-status-codes',
  'http-statuses-jshttp',
  'python-httpstatus',
  's3-minio-api-errors',
];

/** A catalog file as the public fixtures hold it. */
interface NeutralCatalog {
  codeType: 'integer' | 'string';
  errors: { code: number | string; status: number; name: string | null; message: string }[];
}

/** Imports with `errgen import <args>` and expects success. */
async function importText(args: readonly string[]): Promise<{ yaml: string; stderr: string }> {
  const run = await runCli(['import', ...args]);
  expect(run.stderr).not.toMatch(/ error /);
  expect(run.exitCode).toBe(0);
  return { yaml: run.stdout, stderr: run.stderr };
}

/** Loads catalog text through errgen's own loader; fails the test on any error. */
function loadImported(yaml: string, label: string): Catalog {
  const bag = new DiagnosticBag();
  const catalog = parseCatalog(yaml, `${label}.yaml`, bag);
  expect(bag.items.filter((d) => d.severity === 'error')).toEqual([]);
  return catalog!;
}

/** The (code, status, message) triples of a catalog, in order. */
function triples(catalog: Catalog) {
  return catalog.entries.map(({ code, status, message }) => ({ code, status, message }));
}

/** The lines that diagnostics with `code` point at. */
function linesOf(stderr: string, code: string): number[] {
  const pattern = new RegExp(`:(\\d+):\\d+ - \\w+ ${code}:`);
  return stderr
    .split('\n')
    .map((line) => pattern.exec(line)?.[1])
    .filter((line): line is string => line !== undefined)
    .map(Number);
}

describe('importing the UPYUN error code page', () => {
  it('gives the codes, statuses and messages of spec/errors.yaml, entry for entry', async () => {
    const { yaml } = await importText([seed, '--name', 'upyun']);
    const imported = loadImported(yaml, 'upyun');
    const bag = new DiagnosticBag();
    const spec = loadCatalog('spec/errors.yaml', bag)!;
    expect(triples(imported)).toEqual(triples(spec));
    expect(imported).toMatchObject({
      name: 'upyun',
      codeType: 'integer',
      codeRule: 'status-prefix',
    });
  });

  it('derives names from messages, suffixing the status to a repeated one', async () => {
    const { yaml, stderr } = await importText([seed]);
    const names = loadImported(yaml, 'upyun').entries.map((e) => e.name);
    expect(names.slice(0, 2)).toEqual(['InvalidXGmkerlType', 'InvalidXGmkerlValue']);
    expect(names).toContain('FileOrDirectoryNotFound');
    expect(names).toContain('ContentMd5NotMatch');
    expect(names).toContain('ContentMd5NotMatch403');
    expect(stderr).toContain(
      `${seed}:110:1 - warning W503: name "ContentMd5NotMatch" (derived from the message) is ` +
        'already used by the entry on line 58; named "ContentMd5NotMatch403" instead',
    );
    expect(linesOf(stderr, 'W503')).toEqual([110, 170]);
  });
});

describe('importing public catalogs', () => {
  for (const label of publicCatalogs) {
    const file = `test/fixtures/catalogs/${label}.json`;

    it(`${label}: imports, keeps every kept entry exact, validates and generates`, async () => {
      const source = JSON.parse(readFileSync(file, 'utf8')) as NeutralCatalog;
      const { yaml } = await importText([file, '--allow-partial']);
      const imported = loadImported(yaml, label);

      // Each entry is the first of the source's entries with its code, text unchanged.
      const firstByCode = new Map(source.errors.map((e) => [e.code, e] as const).reverse());
      for (const entry of imported.entries) {
        const original = firstByCode.get(entry.code)!;
        expect({ status: entry.status, message: entry.message }).toEqual({
          status: original.status,
          message: original.message,
        });
        if (original.name !== null) {
          expect(entry.name).toBe(original.name);
        }
      }

      const catalogPath = join(scratch, `${label}.yaml`);
      writeFileSync(catalogPath, yaml);
      const result = await generate({ catalogPath, outDir: join(scratch, `${label}-out`) });
      expect(result.diagnostics.items.filter((d) => d.severity === 'error')).toEqual([]);
      expect(result.files.map((f) => f.path)).toContain('ts/errors.ts');
      expect(result.files.length).toBeGreaterThanOrEqual(7);
    });
  }

  it('derives names for http-statuses-jshttp.json that are valid in every target', async () => {
    const { yaml, stderr } = await importText(['test/fixtures/catalogs/http-statuses-jshttp.json']);
    expect(stderr).toBe('');
    const names = loadImported(yaml, 'jshttp').entries.map((e) => e.name);
    expect(names).toHaveLength(63);
    for (const name of ['Continue', 'Ok', 'ImATeapot', 'UriTooLong', 'HttpVersionNotSupported']) {
      expect(names).toContain(name);
    }
    for (const name of names) {
      expect(invalidNameReason(name)).toBeUndefined();
    }
    for (const target of NAMING_TARGETS) {
      expect(new Set(names.map((n) => identifierFor(target, n))).size).toBe(names.length);
    }
  });

  it('reports each s3-minio entry it cannot hold at its line', async () => {
    const file = 'test/fixtures/catalogs/s3-minio-api-errors.json';
    const source = JSON.parse(readFileSync(file, 'utf8')) as NeutralCatalog;
    const duplicates = source.errors.length - new Set(source.errors.map((e) => e.code)).size;

    const strict = await runCli(['import', file]);
    expect(strict.exitCode).toBe(1);
    expect(strict.stdout).toBe('');
    expect(linesOf(strict.stderr, 'E504')).toEqual([1359, 1365]);
    expect(strict.stderr).toContain(
      `${file}:1359:15 - error E504: row cannot be read: its message is empty`,
    );
    expect(strict.stderr).toMatch(/no catalog written; .* --allow-partial/);

    const partial = await importText([file, '--allow-partial']);
    expect(linesOf(partial.stderr, 'W501')).toEqual([1359, 1365]);
    expect(linesOf(partial.stderr, 'W502')).toHaveLength(duplicates);
    expect(partial.stderr).toContain(
      `${file}:18:12 - warning W502: code "InvalidArgument" of "ErrInvalidMetadataDirective" is ` +
        'already used by "ErrInvalidCopySource" (line 11); this row is left out',
    );
    const imported = loadImported(partial.yaml, 'minio');
    expect(imported.entries).toHaveLength(source.errors.length - duplicates - 2);
    expect(imported.entries[0]!.name).toBe('ErrInvalidCopyDest');
  });
});

describe('importing Markdown, CSV and UPYUN text tables', () => {
  it('reads a Markdown table: synonyms, escaped pipes, code spans, given names', async () => {
    const { yaml } = await importText([`${fixtures}/vendor-errors.md`, '--allow-partial']);
    const catalog = loadImported(yaml, 'md');
    expect(catalog.entries.map(({ name, code, message }) => ({ name, code, message }))).toEqual([
      { name: 'InvalidMalformedRequest', code: 40000001, message: 'invalid | malformed request' },
      { name: 'SignatureMismatch', code: 40100001, message: 'signature error' },
      { name: 'FileOrDirectoryNotFound', code: 40400001, message: 'file or directory not found' },
      { name: 'No', code: 40900001, message: 'NO' },
      { name: 'TooManyRequests', code: 42900001, message: 'too many requests' },
      { name: 'TooManyRequests503', code: 50300001, message: 'too many requests' },
    ]);
  });

  it('reads RFC 4180 CSV: quoted commas, doubled quotes, line breaks inside a field', async () => {
    const { yaml } = await importText([`${fixtures}/vendor-errors.csv`, '--allow-partial']);
    const [first, , on, zero] = loadImported(yaml, 'csv').entries;
    expect(first).toMatchObject({
      name: 'InvalidRequestSeeDocs',
      message: 'invalid request, see "docs"',
      description: 'The body is not\nvalid JSON.',
    });
    expect(on).toMatchObject({ name: 'On', message: 'on' });
    expect(zero).toMatchObject({ name: 'Error0123', message: '0123' });
  });

  it('writes strings that YAML 1.1 readers take back as strings', async () => {
    const { yaml } = await importText([`${fixtures}/vendor-errors.csv`, '--allow-partial']);
    const old = parse(yaml, { version: '1.1' }) as { errors: { name: string; message: string }[] };
    expect(old.errors.map((e) => e.message)).toContain('on');
    expect(old.errors.map((e) => e.message)).toContain('0123');
    expect(old.errors.map((e) => e.name)).toContain('On');
  });

  const badRows = [
    { file: 'vendor-errors.md', line: 12, detail: 'status "4O4" is not an HTTP status (100-599)' },
    { file: 'vendor-errors.csv', line: 5, detail: 'status "4xx" is not an HTTP status (100-599)' },
    { file: 'vendor-errors.txt', line: 9, detail: 'it has no message' },
  ];
  for (const { file, line, detail } of badRows) {
    it(`${file}: reports the unreadable row at its line and writes nothing`, async () => {
      const out = join(scratch, `${file}.yaml`);
      const run = await runCli(['import', `${fixtures}/${file}`, '--out', out]);
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain(
        `${fixtures}/${file}:${line}:1 - error E504: row cannot be read: ${detail}`,
      );
      expect(existsSync(out)).toBe(false);

      const partial = await runCli([
        'import',
        `${fixtures}/${file}`,
        '--allow-partial',
        '--out',
        out,
      ]);
      expect(partial.exitCode).toBe(0);
      expect(linesOf(partial.stderr, 'W501')).toEqual([line]);
      loadImported(readFileSync(out, 'utf8'), file);
    });
  }

  it('reports a CSV record with a stray quote and reads the records after it', async () => {
    const file = join(scratch, 'stray-quote.csv');
    writeFileSync(file, 'status,code,message\n400,1,"a" b\n401,2,fine\n');
    const run = await runCli(['import', file, '--allow-partial']);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toMatch(
      /stray-quote\.csv:2:1 - warning W501: row left out \(--allow-partial\): Invalid Closing/,
    );
    expect(loadImported(run.stdout, 'stray').entries.map((e) => e.code)).toEqual([2]);
  });

  it('reports a table whose header lacks a column, with the columns it has', async () => {
    const file = join(scratch, 'no-status.csv');
    writeFileSync(file, 'code,text\n1,one\n');
    const run = await runCli(['import', file]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      `${file}:1:1 - error E503: the header row has no status or message column ` +
        '(it has "code", "text")',
    );
  });
});

describe('names', () => {
  const cases = [
    { given: "I'm a Teapot", want: 'ImATeapot' },
    { given: 'OK', want: 'Ok' },
    { given: 'Continue', want: 'Continue' },
    { given: 'URI Too Long', want: 'UriTooLong' },
    { given: 'block size too large, at most 5MB', want: 'BlockSizeTooLargeAtMost5Mb' },
    { given: 'invalid x-gmkerl-type', want: 'InvalidXGmkerlType' },
    { given: '404 page', want: 'Error404Page' },
    { given: 'Café déjà vu', want: 'CafeDejaVu' },
    { given: 'Größe überschritten', want: 'GrosseUberschritten' },
    { given: 'A B C', want: 'Abc' },
    { given: '文件不存在', want: '' },
    { given: '--', want: '' },
  ];
  for (const { given, want } of cases) {
    it(`derives ${JSON.stringify(want)} from ${JSON.stringify(given)}`, () => {
      expect(nameFromText(given)).toBe(want);
    });
  }

  it('resolves taken, reserved and unusable names and reports both entries', async () => {
    const file = `${fixtures}/vendor-errors.json`;
    const { yaml, stderr } = await importText([file]);
    const names = loadImported(yaml, 'json').entries.map((e) => e.name);
    expect(names).toEqual([
      'NotFound404',
      'NotFound40400002',
      'NotFound',
      'LockHeld',
      'Lookup500',
      'HTTPError',
      'HttpError500',
      'Code50000004',
    ]);
    // Re-record with UPDATE_SCENARIOS=1 after a deliberate change to the messages.
    if (process.env.UPDATE_SCENARIOS) {
      writeFileSync(`${file}.stderr`, stderr);
    }
    expect(stderr).toBe(readFileSync(`${file}.stderr`, 'utf8'));
  });

  it('fails under --strict, where the warnings above are errors', async () => {
    const run = await runCli(['import', `${fixtures}/vendor-errors.json`, '--strict']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
  });

  it('gives any messages names that pass errgen validation in every target', () => {
    const row = (message: string, i: number): ImportedRow => ({
      code: i,
      status: 400,
      message,
      position: { file: 'x', line: i + 1, column: 1 },
      fieldPositions: {},
    });
    const messages = fc.array(
      fc.oneof(
        fc.string({ unit: 'grapheme', maxLength: 12 }),
        fc.constantFrom('Error', 'Code', 'Lookup', 'OK', 'Ok', 'o_k', '0', 'A B', 'AB', 'Ab'),
      ),
      { minLength: 1, maxLength: 30 },
    );
    fc.assert(
      fc.property(messages, (texts) => {
        const rows = texts.map(row);
        const { names } = chooseNames(rows, new DiagnosticBag());
        const yaml = JSON.stringify({
          errors: rows.map((r, i) => ({
            ...r,
            name: names[i],
            position: undefined,
            fieldPositions: undefined,
          })),
        });
        const bag = new DiagnosticBag();
        parseCatalog(yaml, 'property.json', bag);
        expect(bag.items.filter((d) => /^E4/.test(d.code))).toEqual([]);
      }),
      { seed: 20_251_203, numRuns: 200 },
    );
  });
});

describe('the written catalog', () => {
  it('is byte-identical on every run, to stdout or to --out', async () => {
    const first = await importText([seed]);
    const second = await importText([seed]);
    expect(second.yaml).toBe(first.yaml);

    const out = join(scratch, 'twice.yaml');
    await importText([seed, '--out', out]);
    const bytes = readFileSync(out);
    const again = await runCli(['import', seed, '--out', out]);
    expect(again.exitCode).toBe(0);
    expect(readFileSync(out).equals(bytes)).toBe(true);
    expect(bytes.toString('utf8')).toBe(first.yaml);
  });

  it('names the catalog after the input file and says where it came from', async () => {
    const { yaml } = await importText([seed]);
    expect(yaml.split('\n').slice(0, 3)).toEqual([
      `# Imported by errgen from ${basename(seed)} (upyun-text); ` +
        'this catalog is now the source to edit.',
      'catalog: upyun-api-error-codes',
      'codeType: integer',
    ]);
  });

  it('does not replace a different file unless --force is given', async () => {
    const out = join(scratch, 'edited.yaml');
    writeFileSync(out, 'my edits\n');
    const refused = await runCli(['import', seed, '--out', out]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('already exists and differs; pass --force to replace it');
    expect(readFileSync(out, 'utf8')).toBe('my edits\n');
    const forced = await runCli(['import', seed, '--out', out, '--force']);
    expect(forced).toMatchObject({
      exitCode: 0,
      stdout: `${out}: 154 entries imported from upyun-text, 154 names derived\n`,
    });
  });
});

describe('choosing the format', () => {
  const guesses = [
    { file: seed, format: 'upyun-text' },
    { file: `${fixtures}/vendor-errors.md`, format: 'markdown' },
    { file: `${fixtures}/vendor-errors.csv`, format: 'csv' },
    { file: `${fixtures}/vendor-errors.json`, format: 'json' },
  ];
  for (const { file, format } of guesses) {
    it(`guesses ${format} for ${basename(file)} and says so with --verbose`, async () => {
      const run = await runCli(['import', file, '--allow-partial', '--verbose']);
      expect(run.stderr).toContain(`format: ${format} (guessed from the content)\n`);
    });
  }

  it('asks for --format when it cannot tell', async () => {
    const file = join(scratch, 'notes.txt');
    writeFileSync(file, 'nothing here looks like a table\n');
    const run = await runCli(['import', file]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`${file}:1:1 - error E501: cannot tell the format of ${file}`);
  });

  it('refuses an unknown --format as bad usage', async () => {
    const run = await runCli(['import', seed, '--format', 'xlsx']);
    expect(run.exitCode).toBe(2);
  });

  it('reads a file in the format given, even when another would be guessed', async () => {
    const run = await runCli(['import', `${fixtures}/vendor-errors.md`, '--format', 'csv']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('error E503');
  });
});
