/**
 * The TypeScript target, run for real: each generated module type-checks under tsc's strictest
 * flags, imports, and holds exactly the catalog's values, whatever text the catalog holds and
 * whichever prettier config applies where it is written.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

import { loadCatalog } from '../generators/catalog/load.ts';
import type { Catalog } from '../generators/catalog/model.ts';
import { DiagnosticBag } from '../generators/diagnostics.ts';
import { errorClassName, typescriptName } from '../generators/naming.ts';
import { generate } from '../generators/pipeline.ts';
import { run } from './support/toolchain.ts';

const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));

/** The strictest flags a consumer may use; erasableSyntaxOnly is left out, as it forbids enums. */
const strictestFlags = [
  '--noEmit',
  '--strict',
  '--target',
  'ES2022',
  '--module',
  'NodeNext',
  '--moduleResolution',
  'NodeNext',
  '--noUncheckedIndexedAccess',
  '--exactOptionalPropertyTypes',
  '--isolatedModules',
  '--verbatimModuleSyntax',
  '--noImplicitOverride',
  '--noImplicitReturns',
  '--noUnusedLocals',
  '--noUnusedParameters',
  '--noPropertyAccessFromIndexSignature',
];

/** A catalog generated into its own folder, with the prettier config that folder holds. */
interface Scenario {
  title: string;
  catalogPath: string;
  /** The `.prettierrc` written next to the output; none means the repository's config applies. */
  prettierrc?: { singleQuote: boolean };
  /** The file the output is compared with, re-recorded by `vitest -u`. */
  golden?: string;
}

const upyun: Scenario = {
  title: 'UPYUN catalog',
  catalogPath: 'spec/errors.yaml',
  golden: 'fixtures/typescript/upyun.ts.snap',
};

const hostileDouble: Scenario = {
  title: 'hostile integer catalog, double quotes',
  catalogPath: 'test/fixtures/typescript/hostile-integer.yaml',
  prettierrc: { singleQuote: false },
  golden: 'fixtures/typescript/hostile-integer.ts.snap',
};

const hostileSingle: Scenario = {
  title: 'hostile integer catalog, single quotes',
  catalogPath: 'test/fixtures/typescript/hostile-integer.yaml',
  prettierrc: { singleQuote: true },
};

const stringsDouble: Scenario = {
  title: 'hostile string catalog, double quotes',
  catalogPath: 'test/fixtures/typescript/hostile-strings.yaml',
  prettierrc: { singleQuote: false },
  golden: 'fixtures/typescript/hostile-strings.ts.snap',
};

const stringsSingle: Scenario = {
  title: 'hostile string catalog, single quotes',
  catalogPath: 'test/fixtures/typescript/hostile-strings.yaml',
  prettierrc: { singleQuote: true },
};

const scenarios = [upyun, hostileDouble, hostileSingle, stringsDouble, stringsSingle];

/** What a generated module exports, as the tests use it. */
interface GeneratedModule {
  ErrorCode: Record<string, number | string>;
  errorInfos: readonly Info[];
  lookupError(code: number | string): Info | undefined;
  isErrorResponse(value: unknown): boolean;
  [name: string]: unknown;
}

interface Info {
  name: string;
  code: number | string;
  status: number;
  message: string;
  deprecated: boolean;
  retryable: boolean;
}

interface GeneratedErrorClass {
  new (code: number | string, message: string, requestId: string, httpStatus?: number): Error;
  fromResponse(body: unknown, httpStatus?: number): GeneratedError;
}

interface GeneratedError extends Error {
  code: number | string;
  status: number | undefined;
  requestId: string;
  info: Info | undefined;
}

/** A scenario's output once generated and written. */
interface Generated {
  catalog: Catalog;
  file: string;
  contents: string;
}

const root = mkdtempSync(path.join(tmpdir(), 'errgen-typescript-'));

// tsc under NodeNext reads a .ts file as an ES module only inside a "type": "module" package.
writeFileSync(path.join(root, 'package.json'), '{ "type": "module" }\n');

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Each scenario's output, generated once on first use, so one failure fails only its tests. */
const generated = new Map<Scenario, Promise<Generated>>();

function output(scenario: Scenario): Promise<Generated> {
  let result = generated.get(scenario);
  if (!result) {
    result = generateInto(path.join(root, `scenario-${generated.size}`), scenario);
    generated.set(scenario, result);
  }
  return result;
}

/** Generates `scenario` as if written to `outDir`, and writes it there. */
async function generateInto(outDir: string, scenario: Scenario): Promise<Generated> {
  mkdirSync(outDir, { recursive: true });
  if (scenario.prettierrc) {
    writeFileSync(path.join(outDir, '.prettierrc'), JSON.stringify(scenario.prettierrc));
  }
  const result = await generate({
    catalogPath: scenario.catalogPath,
    targets: ['typescript'],
    outDir: scenario.prettierrc ? outDir : undefined,
  });
  expect(result.diagnostics.items).toEqual([]);
  expect(result.files.map((f) => f.path)).toEqual(['ts/errors.ts']);
  const contents = result.files[0]!.contents;
  const file = path.join(outDir, 'ts', 'errors.ts');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, contents);
  return { catalog: result.catalog!, file, contents };
}

async function importModule(scenario: Scenario): Promise<GeneratedModule> {
  const { file } = await output(scenario);
  return (await import(pathToFileURL(file).href)) as GeneratedModule;
}

function errorClassOf(catalog: Catalog, module: GeneratedModule): GeneratedErrorClass {
  return module[errorClassName(catalog.name)] as GeneratedErrorClass;
}

function loadScenarioCatalog(scenario: Scenario): Catalog {
  const catalog = loadCatalog(scenario.catalogPath, new DiagnosticBag());
  if (!catalog) {
    throw new Error(`${scenario.catalogPath} does not load`);
  }
  return catalog;
}

/** Where `*\/` appears outside string literals and not as the end of a comment's last line. */
function strayCommentEnds(text: string): number[] {
  const literals: [number, number][] = [];
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard);
  scanner.setText(text);
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.StringLiteral) {
      literals.push([scanner.getTokenStart(), scanner.getTokenEnd()]);
    }
  }
  const stray: number[] = [];
  for (let at = text.indexOf('*/'); at !== -1; at = text.indexOf('*/', at + 2)) {
    const inLiteral = literals.some(([start, end]) => at > start && at < end);
    if (!inLiteral && text[at + 2] !== '\n') {
      stray.push(at);
    }
  }
  return stray;
}

describe('TypeScript target', () => {
  it('type-checks every generated module under the strictest tsc flags', async () => {
    const files = (await Promise.all(scenarios.map(output))).map((g) => g.file);
    run(process.execPath, [tsc, ...strictestFlags, ...files], { cwd: root });
  });

  describe.each(scenarios)('$title', (scenario) => {
    it('starts with the generated notice, uses LF and ends with one newline', async () => {
      const { catalog, contents } = await output(scenario);
      const [first, second, third] = contents.split('\n');
      expect(first).toBe(`// Code generated by errgen from ${catalog.source}. DO NOT EDIT.`);
      expect(second).toBe('');
      expect(third).toBe('/**');
      expect(contents).not.toContain('\r');
      expect(contents).not.toContain('[object Promise]');
      expect(contents.endsWith('}\n')).toBe(true);
    });

    it('follows the prettier config of the folder it is written to', async () => {
      const { contents } = await output(scenario);
      const quote = scenario.prettierrc?.singleQuote === false ? '"' : "'";
      expect(contents).toContain(`errorInfo(${quote}`);
      expect(contents).toContain(`typeof value.msg === ${quote}string${quote}`);
    });

    it('exports an enum member per entry, in catalog order, with the exact code', async () => {
      const module = await importModule(scenario);
      const catalog = loadScenarioCatalog(scenario);
      for (const entry of catalog.entries) {
        expect(module.ErrorCode[typescriptName(entry.name)]).toBe(entry.code);
      }
      const members = Object.keys(module.ErrorCode).filter((key) => !/^-?\d+$/.test(key));
      if (catalog.codeType === 'string') {
        expect(members).toEqual(catalog.entries.map((e) => typescriptName(e.name)));
      } else {
        expect(members.length).toBe(catalog.entries.length);
      }
    });

    it('lists every entry in errorInfos, in catalog order, with exact text', async () => {
      const module = await importModule(scenario);
      const catalog = loadScenarioCatalog(scenario);
      const want = catalog.entries.map(({ name, code, status, message, ...flags }) => ({
        name,
        code,
        status,
        message,
        deprecated: flags.deprecated !== undefined,
        retryable: flags.retryable === true,
      }));
      expect(module.errorInfos).toEqual(want);
      expect(Object.isFrozen(module.errorInfos)).toBe(true);
    });

    it('looks up known codes and returns undefined for unknown ones', async () => {
      const module = await importModule(scenario);
      for (const info of module.errorInfos) {
        expect(module.lookupError(info.code)).toBe(info);
      }
      const stringCatalog = (await output(scenario)).catalog.codeType === 'string';
      const unknown = stringCatalog ? ['toString', 'constructor', 'nope', 1] : [42, 1.5, '0'];
      for (const code of unknown) {
        expect(module.lookupError(code)).toBeUndefined();
      }
    });

    it('builds the error class from a known and an unknown code', async () => {
      const module = await importModule(scenario);
      const { catalog } = await output(scenario);
      const ErrorClass = errorClassOf(catalog, module);
      const known = module.errorInfos[0]!;
      const error = ErrorClass.fromResponse({ msg: 'from the server', code: known.code, id: 'r1' });
      expect(error).toBeInstanceOf(Error);
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error.name).toBe(errorClassName(catalog.name));
      expect(error.message).toBe('from the server');
      expect([error.code, error.status, error.requestId]).toEqual([known.code, known.status, 'r1']);
      expect(error.info).toBe(known);

      const unknownCode = typeof known.code === 'string' ? 'not-in-catalog' : 99_999_999;
      const unknown = ErrorClass.fromResponse({ msg: 'new', code: unknownCode, id: 'r2' }, 502);
      expect([unknown.code, unknown.status, unknown.info]).toEqual([unknownCode, 502, undefined]);
      expect(ErrorClass.fromResponse({ msg: '', code: unknownCode, id: '' }).status).toBe(
        undefined,
      );
    });

    it('recognises error response bodies', async () => {
      const module = await importModule(scenario);
      const code = module.errorInfos[0]!.code;
      const otherType = typeof code === 'string' ? 1 : '1';
      const cases: [string, unknown, boolean][] = [
        ['a body', { msg: 'm', code, id: 'r' }, true],
        ['a body with more fields', { msg: 'm', code, id: 'r', extra: true }, true],
        ['an unknown code', { msg: 'm', code: typeof code === 'string' ? 'x' : 7, id: 'r' }, true],
        ['a code of the other type', { msg: 'm', code: otherType, id: 'r' }, false],
        ['no id', { msg: 'm', code }, false],
        ['a numeric msg', { msg: 1, code, id: 'r' }, false],
        ['null', null, false],
        ['a string', 'error', false],
        ['an array', [], false],
      ];
      for (const [title, value, want] of cases) {
        expect(module.isErrorResponse(value), title).toBe(want);
      }
    });

    it('keeps U+2028, U+2029 and comment terminators out of code and comments', async () => {
      const { contents } = await output(scenario);
      expect(contents).not.toMatch(/[\u2028\u2029]/);
      expect(strayCommentEnds(contents)).toEqual([]);
    });

    const golden = scenario.golden;
    if (golden) {
      it('matches its golden file', async () => {
        const { contents } = await output(scenario);
        await expect(contents).toMatchFileSnapshot(golden);
      });
    }
  });

  it('keeps the hostile texts exactly, whatever the quotes', async () => {
    for (const scenario of [hostileDouble, hostileSingle]) {
      const messages = (await importModule(scenario)).errorInfos.map((i) => i.message);
      expect(messages).toContain(`it's "quoted"`);
      expect(messages).toContain('C:\\new\\table, \\U0001F600, \\x41, \\u0041 and a trailing \\');
      expect(messages).toContain('line one\nline two\tafter a tab\r\nafter CRLF');
      expect(messages).toContain('before\u2028between\u2029after');
      expect(messages).toContain('${x} and {{x}} and {{{x}}} and `tick`');
      expect(messages).toContain('上传失败 🚀 café');
      expect(messages).toContain('nul \0, bidi \u202E, bom \uFEFF, nel \u0085');
    }
  });

  it('keeps the hostile string codes exactly, whatever the quotes', async () => {
    for (const scenario of [stringsDouble, stringsSingle]) {
      const { ErrorCode } = await importModule(scenario);
      expect(Object.values(ErrorCode)).toEqual([
        "can't_retry",
        'NO',
        '0123',
        'a"b\\c',
        '__proto__',
        '${x}',
        'a\u2028b',
        '-1',
      ]);
    }
  });

  it('escapes comment terminators and tags in doc comments', async () => {
    const { contents } = await output(hostileDouble);
    expect(contents).toContain('Schedule *\\/5 * * * * is invalid');
    expect(contents).toContain('runs every five minutes *\\/\n');
    expect(contents).toContain('* \\@param x is wrong\n');
    expect(contents).toContain('* \\@returns nothing, this is text\n');
    expect(contents).toContain(
      'errorInfo("CommentEnd", 3, 400, "Schedule */5 * * * * is invalid")',
    );
  });

  it('gives the same bytes on a second run', async () => {
    const again = await generateInto(path.join(root, 'again'), stringsDouble);
    expect(again.contents).toBe((await output(stringsDouble)).contents);
  });
});
