/**
 * The Python target in its real toolchain: the generated package passes mypy --strict and
 * ruff for Python 3.9, and a checker script imports it and reads back every entry exactly.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';

import type { Catalog, Code } from '../generators/catalog/model.ts';
import { formatDiagnostic } from '../generators/diagnostics.ts';
import type { OutputFile } from '../generators/emit/emitter.ts';
import { TargetOptionsError } from '../generators/emit/emitter.ts';
import { emitPython } from '../generators/emit/python.ts';
import { errorClassName, pythonName } from '../generators/naming.ts';
import { defaultTargetOptions, generate, type GenerateRequest } from '../generators/pipeline.ts';
import { venvBin } from './support/python-tools.ts';
import { describeWith, run } from './support/toolchain.ts';

const CHECKER = fileURLToPath(new URL('./fixtures/python/check_package.py', import.meta.url));

/** The ruff rules the output must pass: the defaults (E4, E7, E9, F) and a strict set. */
const RUFF_RULES = 'E,F,W,I,N,UP,B,SIM,RUF';

/**
 * Rules about the catalog's text rather than the code around it: long messages, and
 * characters that look like ASCII (fullwidth Chinese punctuation). The UPYUN catalog
 * passes them too; hostile catalogs are allowed to break them.
 */
const CATALOG_TEXT_RULES = 'E501,RUF001,RUF002,RUF003';

/** Interpreters besides the venv's that import the package when installed (e.g. pyenv). */
const OTHER_PYTHONS = ['python3.9', 'python3.10', 'python3.12', 'python3.13'];

/** An entry as the tests write it into a catalog and expect it back. */
interface EntryInput {
  name: string;
  code: Code;
  status: number;
  message: string;
  description?: string;
  retryable?: boolean;
}

/** A catalog as the tests write it. */
interface CatalogInput {
  catalog: string;
  codeType?: 'string';
  errors: EntryInput[];
}

let workDir: string;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'errgen-python-'));
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

/** Generates the Python target only; fails the test with the diagnostics on any error. */
async function generatePython(
  catalogPath: string,
  options?: GenerateRequest['options'],
): Promise<{ catalog: Catalog; files: OutputFile[] }> {
  const result = await generate({ catalogPath, targets: ['python'], options });
  const errors = result.diagnostics.items.filter((d) => d.severity === 'error');
  if (!result.catalog || errors.length > 0) {
    throw new Error(`generation failed:\n${errors.map(formatDiagnostic).join('\n')}`);
  }
  return { catalog: result.catalog, files: result.files };
}

function writeFiles(dir: string, files: readonly OutputFile[]): void {
  for (const file of files) {
    const path = join(dir, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.contents);
  }
}

function fileText(files: readonly OutputFile[], suffix: string): string {
  const file = files.find((f) => f.path.endsWith(suffix));
  if (!file) {
    throw new Error(`no generated file ends with ${suffix}`);
  }
  return file.contents;
}

/** Writes a catalog as YAML into its own folder under the work dir and returns its path. */
function writeCatalog(label: string, catalog: object): string {
  const dir = join(workDir, label);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'catalog.yaml');
  writeFileSync(path, stringify(catalog));
  return path;
}

/** A code the entries do not use, of the catalog's kind. */
function unknownCode(entries: readonly EntryInput[]): Code {
  const codes = new Set(entries.map((e) => e.code));
  if (typeof entries[0]?.code === 'string') {
    let candidate = 'not-a-code';
    while (codes.has(candidate)) {
      candidate += '!';
    }
    return candidate;
  }
  let candidate = 12345;
  while (codes.has(candidate)) {
    candidate++;
  }
  return candidate;
}

/** What the checker script expects of the package: the catalog, written independently. */
function expectation(catalogName: string, entries: readonly EntryInput[]): object {
  const errorClass = errorClassName(catalogName);
  return {
    codeType: typeof entries[0]?.code === 'string' ? 'string' : 'integer',
    errorClass,
    exports: [
      'ERROR_INFOS',
      ...['ErrorCode', 'ErrorInfo', errorClass].sort(),
      'is_retryable',
      'lookup_error',
    ],
    unknownCode: unknownCode(entries),
    entries: entries.map((e) => ({
      name: e.name,
      member: pythonName(e.name),
      code: e.code,
      status: e.status,
      message: e.message,
      retryable: e.retryable === true,
    })),
  };
}

/** The output folder of one scenario, with the files written into it. */
function writeOutput(label: string, files: readonly OutputFile[]): string {
  const outDir = join(workDir, label, 'out');
  writeFiles(outDir, files);
  return outDir;
}

/** mypy --strict and ruff (check and format) over a generated package, for Python 3.9. */
function checkWithTools(outDir: string, packageDir: string, ignore?: string): void {
  const cache = join(outDir, '.mypy_cache');
  run(venvBin('mypy'), ['--strict', '--python-version', '3.9', '--cache-dir', cache, packageDir]);
  const ruff = ['--isolated', '--no-cache', '--target-version', 'py39'];
  const rules = ['--select', RUFF_RULES, ...(ignore ? ['--ignore', ignore] : [])];
  run(venvBin('ruff'), ['check', ...ruff, ...rules, packageDir]);
  run(venvBin('ruff'), ['format', '--check', ...ruff, packageDir]);
}

/** Runs the checker script in `python` against the package; throws on any mismatch. */
function runChecker(python: string, outDir: string, pkg: string, expected: object): string {
  const expectedPath = join(outDir, `${pkg}.expected.json`);
  writeFileSync(expectedPath, JSON.stringify(expected));
  const env = { ...process.env, PYTHONPATH: join(outDir, 'python'), PYTHONDONTWRITEBYTECODE: '1' };
  return run(python, [CHECKER, pkg, expectedPath], { env }).stdout;
}

/** True when `python` runs (a pyenv shim for a version not selected starts, then exits 127). */
function pythonRuns(python: string): boolean {
  return spawnSync(python, ['-c', 'pass'], { stdio: 'ignore', timeout: 30_000 }).status === 0;
}

/** The venv's Python and every other installed interpreter the package must import in. */
function pythons(): string[] {
  return [venvBin('python'), ...OTHER_PYTHONS.filter(pythonRuns)];
}

/** Generates, type-checks, lints and reads back a catalog; returns the generated files. */
async function roundTrip(label: string, catalog: CatalogInput): Promise<OutputFile[]> {
  const { catalog: loaded, files } = await generatePython(writeCatalog(label, catalog));
  // The YAML step must not have changed the hostile text before the generator saw it.
  expect(loaded.entries.map((e) => [e.code, e.message])).toEqual(
    catalog.errors.map((e) => [e.code, e.message]),
  );
  const outDir = writeOutput(label, files);
  const pkg = defaultTargetOptions(loaded).python.package;
  checkWithTools(outDir, join(outDir, 'python', pkg), CATALOG_TEXT_RULES);
  for (const python of pythons()) {
    runChecker(python, outDir, pkg, expectation(catalog.catalog, catalog.errors));
  }
  return files;
}

/** Text that Handlebars' HTML escaping would have produced from the hostile messages. */
const HTML_ENTITIES = ['&quot;', '&#x', '&#', '&lt;', '&gt;', '&amp;'];

const EMOJI = '😀 👍🏽 👨‍👩‍👧';
const CHINESE = '中文：文件或目录不存在，请检查！';
const EMOJI_AND_CHINESE = `${EMOJI} ${CHINESE}`;

const HOSTILE_ENTRIES: EntryInput[] = [
  { name: 'None', code: 0, status: 400, message: 'line one\nline two\r\nline three\r' },
  { name: 'name', code: -1, status: 400, message: 'say "hi" and \'bye\'' },
  { name: 'value', code: 1, status: 404, message: 'C:\\new\\table, N\\A, \\U0001, \\N{BULLET}' },
  {
    name: 'count',
    code: -9007199254740991,
    status: 409,
    message: 'triple """ quotes """ and \'\'\' too',
    description: 'A description with """ and \\ and\nmore lines, and */ too.',
  },
  {
    name: 'format',
    code: 9007199254740991,
    status: 500,
    message: 'separators \u2028 and \u2029, bidi \u202E override\u202C and \u2066isolate\u2069',
  },
  { name: 'True', code: 2, status: 502, message: '{{mustache}} {{{triple}}} {{> partial}} {{!x}}' },
  { name: 'Markup', code: 3, status: 400, message: '<b>bold</b> & "amp" = \'x\' `tick` &' },
  { name: 'mro', code: 4, status: 429, message: EMOJI_AND_CHINESE },
  {
    name: 'Self',
    code: 5,
    status: 400,
    message:
      'tab\t nul\u0000 bel\u0007 esc\u001b del\u007f nel\u0085 bom\ufeff zwsp\u200b pua\ue000',
  },
  { name: 'Backslash_end', code: 6, status: 400, message: 'ends with a backslash \\' },
  { name: 'OnlyQuote', code: 7, status: 400, message: '"' },
  { name: 'Apostrophe', code: 8, status: 400, message: "'" },
  {
    name: 'Pragmas',
    code: 9,
    status: 400,
    message: '# noqa: E501 # type: ignore # fmt: skip # ruff: noqa',
    description: '# -*- coding: latin-1 -*-\n# fmt: off',
  },
  { name: 'LongMessage', code: 10, status: 503, message: 'long '.repeat(60).trim() },
  { name: 'Padded', code: 11, status: 400, message: '  leading and trailing spaces  ' },
  { name: 'Combining', code: 12, status: 400, message: 'e\u0301 is not \u00e9' },
  { name: 'Placeholders', code: 13, status: 400, message: '%s %d {0} {name} ${x} %(a)s' },
];

const STRING_ENTRIES: EntryInput[] = [
  { name: 'No', code: 'NO', status: 400, message: 'the Norway problem' },
  { name: 'On', code: 'on', status: 400, message: 'a YAML 1.1 boolean' },
  { name: 'LeadingZero', code: '0123', status: 400, message: 'not an octal number' },
  { name: 'QuoteBackslash', code: 'a"b\\c', status: 400, message: 'quote and backslash' },
  { name: 'Apostrophe', code: "it's", status: 400, message: 'an apostrophe' },
  { name: 'Quoted', code: 'he said "x"', status: 400, message: 'more " than \'' },
  { name: 'Minus', code: '-1', status: 404, message: 'looks like an integer' },
  { name: 'NoneWord', code: 'None', status: 404, message: 'a Python keyword' },
  { name: 'NullWord', code: 'null', status: 404, message: 'a YAML null' },
  { name: 'Tilde', code: '~', status: 404, message: 'another YAML null' },
  { name: 'Newline', code: 'line\nbreak', status: 500, message: 'a code with a newline' },
  { name: 'Separator', code: 'a\u2028b', status: 500, message: 'a code holding a separator' },
  { name: 'Emoji', code: '😀', status: 500, message: 'an emoji code' },
  { name: 'Chinese', code: '文件不存在', status: 500, message: 'a Chinese code' },
  { name: 'Padded', code: ' padded ', status: 503, message: 'spaces around the code' },
  { name: 'Mustache', code: '{{x}}', status: 503, message: 'a mustache code' },
  { name: 'Upper', code: 'UPPER', status: 503, message: 'the name of a str method, upper' },
];

describeWith(['python3'], 'Python target', () => {
  it('writes __init__.py and py.typed, each starting with the generated notice', async () => {
    const { files } = await generatePython('spec/errors.yaml');

    expect(files.map((f) => f.path)).toEqual([
      'python/upyun_errors/__init__.py',
      'python/upyun_errors/py.typed',
    ]);
    const notice = '# Code generated by errgen from spec/errors.yaml. DO NOT EDIT.';
    expect(fileText(files, 'py.typed')).toBe(`${notice}\n`);
    expect(fileText(files, '__init__.py').split('\n')[0]).toBe(notice);
    expect(fileText(files, '__init__.py')).toContain(
      '    #: HTTP 404: file or directory not found\n' +
        '    FILE_OR_DIRECTORY_NOT_FOUND = 40400001\n',
    );
  });

  it('gives the same bytes on every run: LF only, one final newline', async () => {
    const first = (await generatePython('spec/errors.yaml')).files;
    const second = (await generatePython('spec/errors.yaml')).files;

    expect(second).toEqual(first);
    for (const file of first) {
      expect(file.contents).not.toContain('\r');
      expect(file.contents.endsWith('\n') && !file.contents.endsWith('\n\n')).toBe(true);
    }
  });

  it('passes mypy --strict, ruff check and ruff format for Python 3.9 on UPYUN', async () => {
    const { files } = await generatePython('spec/errors.yaml');
    const outDir = writeOutput('upyun-tools', files);

    checkWithTools(outDir, join(outDir, 'python', 'upyun_errors'));
  });

  it('reads back every UPYUN entry, in catalog order, on each installed Python', async () => {
    const { files } = await generatePython('spec/errors.yaml');
    const outDir = writeOutput('upyun-read', files);
    const spec = parse(readFileSync('spec/errors.yaml', 'utf8')) as { errors: EntryInput[] };
    const expected = expectation('upyun', spec.errors);

    for (const python of pythons()) {
      expect(runChecker(python, outDir, 'upyun_errors', expected)).toContain('154 entries');
    }
  });

  it('fails the read-back when the package and the catalog disagree', async () => {
    const { files } = await generatePython('spec/errors.yaml');
    const outDir = writeOutput('upyun-mismatch', files);
    const spec = parse(readFileSync('spec/errors.yaml', 'utf8')) as { errors: EntryInput[] };
    const changed = spec.errors.map((e, i) => (i === 3 ? { ...e, message: `${e.message}!` } : e));
    const expected = expectation('upyun', changed);

    expect(() => runChecker(venvBin('python'), outDir, 'upyun_errors', expected)).toThrow(
      /ErrorCode\.INVALID_GMKERL_QUALITY\.message: got 'invalid x-gmkerl-quality'/,
    );
  });

  it('keeps hostile messages, names and codes exact, with no HTML escaping', async () => {
    const files = await roundTrip('hostile', { catalog: 'a-b', errors: HOSTILE_ENTRIES });

    for (const file of files) {
      for (const entity of HTML_ENTITIES) {
        expect(file.contents).not.toContain(entity);
      }
    }
  });

  it('keeps string codes exact in a (str, Enum) that formats as its code', async () => {
    const catalog: CatalogInput = { catalog: 'zz', codeType: 'string', errors: STRING_ENTRIES };
    const module = fileText(await roundTrip('string-codes', catalog), '__init__.py');

    expect(module).toContain('class ErrorCode(str, Enum):');
    // Quoted as ruff format quotes it: fewer escapes win.
    expect(module).toContain(`    QUOTED = 'he said "x"'`);
  });

  it('refuses a package name that Python cannot import', async () => {
    const request = generatePython('spec/errors.yaml', (defaults) => ({
      ...defaults,
      python: { ...defaults.python, package: 'upyun-errors' },
    }));

    await expect(request).rejects.toThrow(TargetOptionsError);
  });
});
