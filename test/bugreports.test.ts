/**
 * Inputs that broke other code generators, one test each: the cases drawn from public bug
 * reports (fixtures/bugreports/cases.jsonl) and variants of the same faults (variants.jsonl).
 * expected.json decides each one: rejected with exactly these diagnostics and nothing written,
 * or generated into all five targets and read back exactly in every real toolchain.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Ajv2020 } from 'ajv/dist/2020.js';
import * as prettier from 'prettier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isScalar, isSeq, parseDocument, visit } from 'yaml';

import type { Diagnostic } from '../generators/diagnostics.ts';
import { generate } from '../generators/pipeline.ts';
import { venvBin } from './support/python-tools.ts';
import {
  type BatchMember,
  type CatalogInput,
  describeTargetChecks,
  expectTypeScriptValues,
  generateCatalog,
  type GenerateRun,
  importTypeScript,
  layoutOf,
  listFiles,
  OUTPUT_LAYOUT,
  outputFile,
  outputText,
  readJsonLines,
} from './support/targets.ts';
import { describeWith, run } from './support/toolchain.ts';

/** One line of cases.jsonl or variants.jsonl. */
interface BugReport {
  id: string;
  category: string;
  symptom: string;
  input?: CatalogInput;
  raw_yaml?: string;
  raw_yaml_hex?: string;
  scale?: Scale;
  expected: string;
}

/** How a case expands its one entry into a large catalog; `i` counts from 1. */
interface Scale {
  count: number;
  pattern: { code: string; status: number; name: string; message: string };
}

/** A diagnostic a rejected case must get: its code, line, quoted names and some text. */
interface ExpectedDiagnostic {
  code: string;
  line: number;
  /** Entry names the message must quote; empty when the problem has no entry. */
  names: string[];
  text: string;
}

/** What errgen must do with a case, and why. */
interface Decision {
  outcome: 'generates' | 'rejected';
  why: string;
  diagnostics?: ExpectedDiagnostic[];
  warnings?: Omit<ExpectedDiagnostic, 'text'>[];
}

const fixture = (name: string) =>
  fileURLToPath(new URL(`./fixtures/bugreports/${name}`, import.meta.url));

const reports = [
  ...readJsonLines<BugReport>(fixture('cases.jsonl')),
  ...readJsonLines<BugReport>(fixture('variants.jsonl')),
];
const decisions = JSON.parse(readFileSync(fixture('expected.json'), 'utf8')) as Record<
  string,
  Decision
>;

const idsWith = (outcome: Decision['outcome']) =>
  reports.map((r) => r.id).filter((id) => decisions[id]?.outcome === outcome);
const rejectedIds = idsWith('rejected');
const generatingIds = idsWith('generates');

/** The value of a scale pattern for entry `i`: `{i}` replaced, `100000+i` added up. */
function scaled(pattern: string, i: number): string | number {
  const sum = /^(-?\d+)\+i$/.exec(pattern);
  return sum ? Number(sum[1]) + i : pattern.replaceAll('{i}', String(i));
}

/** The catalog a case stands for, with `scale` applied: what every output must hold. */
function inputOf(report: BugReport): CatalogInput {
  const input = report.input ?? { errors: [] };
  if (!report.scale) {
    return input;
  }
  const { count, pattern } = report.scale;
  const errors = Array.from({ length: count }, (_, k) => ({
    code: scaled(pattern.code, k + 1),
    status: pattern.status,
    name: String(scaled(pattern.name, k + 1)),
    message: String(scaled(pattern.message, k + 1)),
  }));
  return { ...input, errors };
}

/** The catalog file's bytes: the raw text or bytes when the case has them, else its JSON. */
function catalogBytes(report: BugReport): Buffer {
  if (report.raw_yaml !== undefined) {
    return Buffer.from(report.raw_yaml, 'utf8');
  }
  if (report.raw_yaml_hex !== undefined) {
    return Buffer.from(report.raw_yaml_hex, 'hex');
  }
  return Buffer.from(`${JSON.stringify(inputOf(report), null, 2)}\n`, 'utf8');
}

let scratch: string;
const runs = new Map<string, GenerateRun>();
const members: BatchMember[] = [];
/** The ts-single-quote-value module re-formatted with each singleQuote setting. */
const requoted = new Map<string, string>();

const catalogPath = (id: string) => join(scratch, 'catalogs', `${id}.yaml`);
const outDirOf = (id: string) => join(scratch, 'out', id);
const memberOf = (id: string) => {
  const member = members.find((m) => m.label === id);
  if (!member) {
    throw new Error(`${id} did not generate`);
  }
  return member;
};

/** Writes each re-formatted copy of a module next to the batch, for tsc and import. */
async function writeRequoted(id: string): Promise<void> {
  const source = outputText(outDirOf(id), /^ts\/errors\.ts$/);
  for (const singleQuote of [true, false]) {
    const text = await prettier.format(source, { parser: 'typescript', singleQuote });
    const path = join(scratch, 'requoted', `${id}-single-quote-${singleQuote}.ts`);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    requoted.set(String(singleQuote), path);
  }
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'errgen-bugreports-'));
  mkdirSync(join(scratch, 'catalogs'));
  for (const report of reports) {
    writeFileSync(catalogPath(report.id), catalogBytes(report));
    const result = await generateCatalog(catalogPath(report.id), outDirOf(report.id));
    runs.set(report.id, result);
    if (result.exitCode === 0 && decisions[report.id]?.outcome === 'generates') {
      const member = { label: report.id, outDir: outDirOf(report.id), input: inputOf(report) };
      members.push(report.scale ? { ...member, large: true } : member);
    }
  }
  if (runs.get('ts-single-quote-value')?.exitCode === 0) {
    await writeRequoted('ts-single-quote-value');
  }
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

it('has a decision for every case, and none for a case that does not exist', () => {
  expect(Object.keys(decisions).sort()).toEqual(reports.map((r) => r.id).sort());
  expect(new Set(reports.map((r) => r.id)).size).toBe(reports.length);
});

/** A diagnostic as the decisions table describes it, to compare with the expected ones. */
function described(d: Diagnostic, want: ExpectedDiagnostic | undefined) {
  return {
    code: d.code,
    line: d.position?.line,
    names: (want?.names ?? []).filter((name) => d.message.includes(JSON.stringify(name))),
    text: want && d.message.includes(want.text) ? want.text : d.message,
  };
}

describe('rejected cases', () => {
  it.each(rejectedIds)('%s: diagnostics name the entry and line; nothing is written', (id) => {
    const result = runs.get(id)!;
    const want = decisions[id]!.diagnostics!;
    const errors = result.diagnostics.filter((d) => d.severity === 'error');

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('');
    expect(existsSync(outDirOf(id))).toBe(false);
    expect(errors.map((d, i) => described(d, want[i]))).toEqual(want);
    for (const d of errors) {
      expect(d.position?.file).toBe(catalogPath(id));
    }
  });
});

describe('generated cases', () => {
  it.each(generatingIds)('%s: writes the five targets, with only the expected warnings', (id) => {
    const result = runs.get(id)!;
    const warnings = decisions[id]!.warnings ?? [];

    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(layoutOf(outDirOf(id))).toEqual(OUTPUT_LAYOUT);
    expect(
      result.diagnostics.map((d) => ({
        code: d.code,
        line: d.position?.line,
        names: warnings.flatMap((w) => w.names).filter((n) => d.message.includes(`"${n}"`)),
      })),
    ).toEqual(warnings);
  });
});

/** The names a generated file declares: TS enum members, Go constants, Python members. */
function declared(id: string): { ts: string[]; go: string[]; py: string[] } {
  const out = outDirOf(id);
  const tsEnum = /export enum ErrorCode \{([\s\S]*?)\n\}/.exec(outputText(out, /^ts\//))![1]!;
  const pyClass = /class ErrorCode\([^)]*\):([\s\S]*?)\n {4}def /.exec(
    outputText(out, /^python\/.*__init__\.py$/),
  )![1]!;
  const names = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1]!);
  return {
    ts: names(tsEnum, /^ {2}(\w+) = /gm),
    go: names(outputText(out, /^go\/.*errors\.go$/), /^\t(\w+) Code = /gm),
    py: names(pyClass, /^ {4}(\w+) = /gm),
  };
}

/** Go's keywords and the predeclared identifiers a generated file could shadow. */
const GO_RESERVED = new Set(
  (
    'break case chan const continue default defer else fallthrough for func go goto if import ' +
    'interface map package range return select struct switch type var bool byte error int ' +
    'int64 string len append make new nil true false any iota'
  ).split(' '),
);

describe('identifiers', () => {
  it('go-initialisms: Go upper-cases initialisms; TS and Python follow their own rules', () => {
    expect(declared('go-initialisms')).toEqual({
      ts: ['InvalidUrl', 'UserIdMissing', 'HttpTimeout', 'ApiKeyInvalid', 'IdsConflict'],
      go: ['InvalidURL', 'UserIDMissing', 'HTTPTimeout', 'APIKeyInvalid', 'IDsConflict'],
      py: ['INVALID_URL', 'USER_ID_MISSING', 'HTTP_TIMEOUT', 'API_KEY_INVALID', 'IDS_CONFLICT'],
    });
  });

  it('python-none-keyword: None, True, class and async become upper-case members', () => {
    expect(declared('python-none-keyword').py).toEqual(['NONE', 'TRUE', 'CLASS', 'ASYNC']);
  });

  it('go-keyword-name: no Go constant is a keyword or a predeclared identifier', () => {
    const go = declared('go-keyword-name').go;
    expect(go).toEqual(['Type', 'Func', 'Range', 'String']);
    expect(go.filter((name) => GO_RESERVED.has(name))).toEqual([]);
  });

  it('reserved-words-everywhere: keywords of every language stay out of every output', () => {
    const { go, py } = declared('reserved-words-everywhere');
    expect(go.filter((name) => GO_RESERVED.has(name))).toEqual([]);
    expect(py.filter((name) => name !== name.toUpperCase())).toEqual([]);
  });

  it('python-enum-name-member: no member is called name or value', () => {
    expect(declared('python-enum-name-member').py).toEqual(['NAME', 'VALUE']);
  });

  it('python-str-enum-method-shadow: no member shadows a str method', () => {
    expect(declared('python-str-enum-method-shadow').py).toEqual(['COUNT', 'FORMAT', 'INDEX']);
  });
});

describe('literals and comments', () => {
  it('go-backslash-escape: the Go literals double each backslash and nothing else', () => {
    const go = outputText(outDirOf('go-backslash-escape'), /^go\/.*errors\.go$/);
    expect(go).toContain('NotApplicable Code = "N\\\\A"');
    expect(go).toContain(
      '"Value N\\\\A is not applicable (see C:\\\\temp\\\\new or D:\\\\Users\\\\Nobody)"',
    );
  });

  it("go-apostrophe-escape: the Go literal holds doesn't with no \\' escape", () => {
    const go = outputText(outDirOf('go-apostrophe-escape'), /^go\/.*errors\.go$/);
    expect(go).toContain('"Resource doesn\'t exist"');
    expect(go).not.toContain("\\'");
  });

  it('ts-single-quote-value: re-formatted with either quote style, the values hold', async () => {
    const input = memberOf('ts-single-quote-value').input;
    const single = readFileSync(requoted.get('true')!, 'utf8');
    const double = readFileSync(requoted.get('false')!, 'utf8');

    expect(single).toContain("'CannotRetry'");
    expect(double).toContain('"CannotRetry"');
    for (const path of requoted.values()) {
      expectTypeScriptValues(await importTypeScript(path), input);
    }
  });

  it('u2028-passthrough: TS writes the separators as escapes', () => {
    const ts = outputText(outDirOf('u2028-passthrough'), /^ts\//);
    expect(ts).toContain('Line\\u2028separator and\\u2029paragraph');
  });

  it('enum-desc-newline: each description line is a comment line of its own', () => {
    const out = outDirOf('enum-desc-newline');
    const prefixes: [RegExp, string][] = [
      [/^ts\//, '   * '],
      [/^go\/.*errors\.go$/, '\t// '],
      [/^python\/.*__init__\.py$/, '    #: '],
    ];
    for (const [file, prefix] of prefixes) {
      const lines = outputText(out, file).split('\n');
      for (const text of ['Code 100', 'spanning two lines', 'and a third']) {
        expect(lines, `${file}: ${text}`).toContain(`${prefix}${text}`);
      }
    }
    expect(outputText(out, /^docs\//)).toContain('Code 100<br>spanning two lines<br>and a third');
  });

  it('handlebars-quot-entity: no HTML entity in any code output', () => {
    const out = outDirOf('handlebars-quot-entity');
    const entities = ['&quot;', '&lt;', '&gt;', '&amp;', '&#x27;', '&#x3D;', '&#x60;', '&#'];
    for (const file of listFiles(out).filter((f) => /\.(ts|go|py)$/.test(f))) {
      const text = readFileSync(join(out, file), 'utf8');
      expect(
        entities.filter((e) => text.includes(e)),
        file,
      ).toEqual([]);
    }
  });

  it('strenum-py310: ErrorCode is a (str, Enum), which every Python 3 has', () => {
    const py = outputText(outDirOf('strenum-py310'), /^python\/.*__init__\.py$/);
    expect(py).toContain('class ErrorCode(str, Enum):');
    expect(py).not.toContain('StrEnum');
  });
});

describe('order and determinism', () => {
  it('enum-always-sorted: every output lists the entries in catalog order', () => {
    const out = outDirOf('enum-always-sorted');
    expect(declared('enum-always-sorted')).toEqual({
      ts: ['Zeta', 'Alpha', 'Mid'],
      go: ['Zeta', 'Alpha', 'Mid'],
      py: ['ZETA', 'ALPHA', 'MID'],
    });
    const rows = [...outputText(out, /^docs\//).matchAll(/^\| <a id="\d+"><\/a>(\d+) \|/gm)];
    expect(rows.map((m) => m[1])).toEqual(['3', '1', '2']);
    const schema = JSON.parse(outputText(out, /^openapi\/errors\.json$/)).components.schemas;
    expect(schema.ErrorCode.enum).toEqual([3, 1, 2]);
  });

  it('enum-always-sorted: a second run writes byte-identical files', async () => {
    const again = join(scratch, 'again');
    expect((await generateCatalog(catalogPath('enum-always-sorted'), again)).exitCode).toBe(0);
    const first = outDirOf('enum-always-sorted');
    expect(listFiles(again)).toEqual(listFiles(first));
    for (const file of listFiles(first)) {
      expect(readFileSync(join(again, file), 'utf8'), file).toBe(
        readFileSync(join(first, file), 'utf8'),
      );
    }
  });

  /** Generates a case and its clean twin (no BOM, LF) in memory; both must give the same files. */
  async function expectSameAsTwin(id: string): Promise<void> {
    const twin = join(scratch, 'twins', `${id}.yaml`);
    mkdirSync(join(twin, '..'), { recursive: true });
    const clean = readFileSync(catalogPath(id), 'utf8')
      .replace(/^\uFEFF/, '')
      .replaceAll('\r\n', '\n');
    writeFileSync(twin, clean);
    const [raw, plain] = await Promise.all(
      [catalogPath(id), twin].map((path) =>
        generate({ catalogPath: path, catalogName: 'catalog.yaml' }),
      ),
    );
    expect(plain!.files.length).toBeGreaterThan(0);
    expect(raw!.files).toEqual(plain!.files);
  }

  it.each(['bom-glued-to-first-key', 'crlf-line-endings', 'bom-crlf-together'])(
    '%s: generates the same bytes as the BOM-less, LF twin',
    async (id) => {
      await expectSameAsTwin(id);
    },
  );
});

describe('OpenAPI shape', () => {
  it('varnames-length-mismatch: enum, varnames and descriptions are index-aligned', () => {
    const out = outDirOf('varnames-length-mismatch');
    const schema = JSON.parse(outputText(out, /^openapi\/errors\.json$/)).components.schemas
      .ErrorCode as Record<string, unknown[]>;
    const codes = schema.enum!;
    const zipped = codes.map((code, i) => [
      code,
      schema['x-enum-varnames']![i],
      schema['x-enum-descriptions']![i],
    ]);
    expect(schema['x-enum-varnames']).toHaveLength(codes.length);
    expect(schema['x-enum-descriptions']).toHaveLength(codes.length);
    expect(zipped).toEqual([
      [1, 'First', 'First'],
      [2, 'Second', 'Second'],
      [3, 'Third', 'Third'],
    ]);
  });

  it('status-keys-quoted: every mapping key reads as a string, in YAML 1.1 and 1.2', () => {
    const yaml = outputText(outDirOf('status-keys-quoted'), /^openapi\/errors\.yaml$/);
    for (const version of ['1.1', '1.2'] as const) {
      const keys: unknown[] = [];
      visit(parseDocument(yaml, { version }), {
        Pair(_, pair) {
          keys.push(isScalar(pair.key) ? pair.key.value : pair.key);
        },
      });
      expect(keys.filter((key) => typeof key !== 'string')).toEqual([]);
    }
  });

  describeWith(['python3'], 'with Python', () => {
    it('status-keys-quoted: openapi-spec-validator accepts both files', () => {
      const out = outDirOf('status-keys-quoted');
      for (const file of [/^openapi\/errors\.yaml$/, /^openapi\/errors\.json$/]) {
        expect(run(venvBin('openapi-spec-validator'), [outputFile(out, file)]).stdout).toContain(
          'OK',
        );
      }
    });
  });

  it('nullable-enum-31: no 3.0 nullable; a 3.1 validator takes A and B only', () => {
    const text = outputText(outDirOf('nullable-enum-31'), /^openapi\/errors\.json$/);
    expect(text).not.toContain('"nullable"');
    const validate = new Ajv2020({ strict: false })
      .addSchema(JSON.parse(text), 'errors.json')
      .compile({ $ref: 'errors.json#/components/schemas/ErrorCode' });
    expect(['A', 'B', 'C', null].map((code) => validate(code))).toEqual([true, true, false, false]);
  });

  it('yaml-norway-no: the OpenAPI YAML quotes NO, ON, YES, off and y', () => {
    const yaml = outputText(outDirOf('yaml-norway-no'), /^openapi\/errors\.yaml$/);
    const document = parseDocument(yaml);
    const codes = document.getIn(['components', 'schemas', 'ErrorCode', 'enum'], true);
    const items = isSeq(codes) ? codes.items : [];
    expect(items.map((node) => (isScalar(node) ? [node.value, node.type] : node))).toEqual(
      ['NO', 'ON', 'YES', 'off', 'y'].map((code) => [code, expect.stringMatching(/^QUOTE_/)]),
    );
  });
});

describe('prettier', () => {
  /** Generates prettier-config-from-dir under a project folder with its own .prettierrc. */
  async function generateInProject(singleQuote: boolean): Promise<{ project: string; ts: string }> {
    const project = join(scratch, `project-single-quote-${singleQuote}`);
    mkdirSync(join(project, 'sub'), { recursive: true });
    writeFileSync(join(project, '.prettierrc'), JSON.stringify({ singleQuote }));
    const result = await generateCatalog(
      catalogPath('prettier-config-from-dir'),
      join(project, 'out'),
    );
    expect(result.exitCode).toBe(0);
    return { project, ts: readFileSync(join(project, 'out/ts/errors.ts'), 'utf8') };
  }

  it.each([true, false])(
    'prettier-config-from-dir: a .prettierrc with singleQuote %s governs the TS output',
    async (singleQuote) => {
      const { ts } = await generateInProject(singleQuote);
      expect(ts).toContain(singleQuote ? "'First error'" : '"First error"');
    },
  );

  it('prettier-config-from-dir: run from a subfolder, the output is the same', async () => {
    const { project, ts } = await generateInProject(false);
    const bin = fileURLToPath(new URL('../bin/errgen.js', import.meta.url));
    const args = [
      bin,
      'generate',
      '--catalog',
      catalogPath('prettier-config-from-dir'),
      '--out',
      '../again',
      '-q',
    ];
    const result = spawnSync(process.execPath, args, {
      cwd: join(project, 'sub'),
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    // The output cites the catalog relative to the working directory; the rest is the same.
    const catalog = catalogPath('prettier-config-from-dir');
    const cited = (text: string, cwd: string) =>
      text.replaceAll(relative(cwd, catalog), '<catalog>');
    const again = readFileSync(join(project, 'again/ts/errors.ts'), 'utf8');
    expect(cited(again, join(project, 'sub'))).toBe(cited(ts, process.cwd()));
  });
});

describe('toolchains', () => {
  describeTargetChecks({
    labels: generatingIds,
    members: () => members,
    scratch: () => join(scratch, 'tools'),
    extraTypeScript: () => requoted,
  });
});
