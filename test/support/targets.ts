/**
 * Feeds many catalogs through errgen and checks every output in its real toolchain, one tool
 * run per batch: one tsc, one gofmt + go vet + go test, one mypy + Python read-back, however
 * many catalogs the batch holds. The expected values always come from the test's own copy of
 * the catalog (its input), never from what errgen loaded.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';

import type { Code } from '../../generators/catalog/model.ts';
import type { Diagnostic } from '../../generators/diagnostics.ts';
import { goName, pythonName, typescriptName } from '../../generators/naming.ts';
import { runCli } from './cli.ts';
import { venvBin } from './python-tools.ts';
import { describeWith } from './toolchain.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** One catalog entry as a test writes it and expects it back. */
export interface EntryInput {
  name: string;
  code: Code;
  status: number;
  message: string;
  description?: string;
}

/** A catalog as a test writes it: the neutral form of the bug reports. */
export interface CatalogInput {
  codeType?: 'integer' | 'string';
  errors: EntryInput[];
}

/** A catalog whose outputs were generated into `outDir`, to be checked against `input`. */
export interface BatchMember {
  /** Unique and path-safe; names the catalog in test titles and tool output. */
  label: string;
  outDir: string;
  input: CatalogInput;
  /**
   * Thousands of entries: compiled, imported and read back as JSON and YAML 1.2, but left out
   * of mypy, PyYAML and the YAML 1.1 and duplicate-key reads, which take half a minute on 5000.
   */
  large?: boolean;
}

/** What `errgen generate --format json` reported. */
export interface GenerateRun {
  exitCode: number;
  /** Every diagnostic, errors and warnings. */
  diagnostics: Diagnostic[];
  /** Output files written, relative to the output folder. */
  written: string[];
  stderr: string;
}

/** The files every successful run writes, with `<go>` and `<py>` for the package names. */
export const OUTPUT_LAYOUT = [
  'docs/errors.md',
  'go/<go>/errors.go',
  'go/go.mod',
  'openapi/errors.json',
  'openapi/errors.yaml',
  'python/<py>/__init__.py',
  'python/<py>/py.typed',
  'ts/errors.ts',
];

/** Runs `errgen generate` in-process on one catalog, diagnostics as JSON. */
export async function generateCatalog(catalogPath: string, outDir: string): Promise<GenerateRun> {
  const args = ['generate', '--catalog', catalogPath, '--out', outDir, '--format', 'json'];
  const { exitCode, stdout, stderr } = await runCli(args);
  const report = stdout.trim() === '' ? {} : (JSON.parse(stdout) as Partial<GenerateRun>);
  return {
    exitCode,
    diagnostics: report.diagnostics ?? [],
    written: report.written ?? [],
    stderr,
  };
}

/** Every file under `dir`, relative to it, `/`-separated and sorted. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) {
    return [];
  }
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'));
  return files.sort();
}

/** The generated layout with the package names replaced by placeholders, for comparison. */
export function layoutOf(outDir: string): string[] {
  return listFiles(outDir)
    .map((file) => file.replace(/^go\/[^/]+\/errors\.go$/, 'go/<go>/errors.go'))
    .map((file) => file.replace(/^python\/[^/]+\//, 'python/<py>/'))
    .sort();
}

/** The one file under `dir` whose relative path matches `pattern`. */
export function outputFile(outDir: string, pattern: RegExp): string {
  const matches = listFiles(outDir).filter((file) => pattern.test(file));
  if (matches.length !== 1) {
    throw new Error(`expected one output matching ${pattern} in ${outDir}, found ${matches}`);
  }
  return join(outDir, matches[0]!);
}

/** The text of the one output file matching `pattern`. */
export function outputText(outDir: string, pattern: RegExp): string {
  return readFileSync(outputFile(outDir, pattern), 'utf8');
}

/** A YAML double-quoted scalar of `text`: printable ASCII as is, the rest as escapes. */
export function yamlQuoted(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') {
      out += `\\${ch}`;
    } else if (cp >= 0x20 && cp < 0x7f) {
      out += ch;
    } else if (cp <= 0xffff) {
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    } else {
      out += `\\U${cp.toString(16).padStart(8, '0')}`;
    }
  }
  return `"${out}"`;
}

/** The YAML text of a catalog with every string escaped, so that any text reaches errgen. */
export function catalogYaml(input: CatalogInput): string {
  const lines = [`codeType: ${input.codeType ?? 'integer'}`, 'errors:'];
  for (const entry of input.errors) {
    const code = typeof entry.code === 'string' ? yamlQuoted(entry.code) : String(entry.code);
    lines.push(`  - name: ${yamlQuoted(entry.name)}`, `    code: ${code}`);
    lines.push(`    status: ${entry.status}`, `    message: ${yamlQuoted(entry.message)}`);
    if (entry.description !== undefined) {
      lines.push(`    description: ${yamlQuoted(entry.description)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Whether a catalog holds integer codes. */
function isInteger(input: CatalogInput): boolean {
  return (input.codeType ?? 'integer') === 'integer';
}

// ---------------------------------------------------------------------------------------------
// Text that must never appear in an output

/** Markers of HTML escaping, unawaited promises, BOMs and CR line ends. */
const FORBIDDEN_EVERYWHERE = ['&quot;', '&#x', '[object Promise]', '\uFEFF', '\r'];

/** Raw line and paragraph separators, which end `//` comments in JavaScript. */
const FORBIDDEN_IN_TYPESCRIPT = ['\u2028', '\u2029'];

/** Every text of a catalog, to skip markers that the catalog itself holds. */
function textsOf(input: CatalogInput): string[] {
  return input.errors.flatMap((e) => [e.name, String(e.code), e.message, e.description ?? '']);
}

/** What is wrong with the text of the outputs in `outDir`: forbidden markers, empty files. */
export function textProblems(outDir: string, input: CatalogInput): string[] {
  const texts = textsOf(input);
  const problems: string[] = [];
  for (const file of listFiles(outDir)) {
    const text = readFileSync(join(outDir, file), 'utf8');
    const needles = file.endsWith('.ts')
      ? [...FORBIDDEN_EVERYWHERE, ...FORBIDDEN_IN_TYPESCRIPT]
      : FORBIDDEN_EVERYWHERE;
    for (const needle of needles) {
      // A catalog text that holds `&quot;` must come out holding it.
      if (text.includes(needle) && !texts.some((t) => t.includes(needle))) {
        problems.push(`${file} contains ${JSON.stringify(needle)}`);
      }
    }
    if (text.trim() === '') {
      problems.push(`${file} is empty`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// OpenAPI: read back in process

/** The parts of the generated OpenAPI document the checks read. */
interface OpenApiDocument {
  components: {
    schemas: {
      ErrorCode: {
        type: string;
        enum: Code[];
        'x-enum-varnames': string[];
        'x-enum-descriptions': string[];
      };
    };
    responses: Record<
      string,
      {
        content: {
          'application/json': {
            examples: Record<string, { summary: string; value: { msg: string; code: Code } }>;
          };
        };
      }
    >;
  };
}

/**
 * The JSON document, after checking that YAML 1.2, YAML 1.1 and JSON all read the same and that
 * the JSON has no duplicate keys; `quick` reads the YAML as 1.2 only.
 */
export function readOpenApi(outDir: string, quick = false): OpenApiDocument {
  const jsonText = outputText(outDir, /^openapi\/errors\.json$/);
  const yamlText = outputText(outDir, /^openapi\/errors\.yaml$/);
  const json = JSON.parse(jsonText) as OpenApiDocument;
  expect(parse(yamlText, { version: '1.2' }), 'errors.yaml read as YAML 1.2').toEqual(json);
  if (quick) {
    return json;
  }
  // JSON.parse keeps the last of two equal keys; a YAML reader with uniqueKeys reports them.
  const strict = parseDocument(jsonText, { uniqueKeys: true });
  expect(
    strict.errors.map((e) => e.message),
    'duplicate keys in errors.json',
  ).toEqual([]);
  expect(parse(yamlText, { version: '1.1' }), 'errors.yaml read as YAML 1.1').toEqual(json);
  return json;
}

/** The OpenAPI document lists every code, name, status and message of `input`, in order. */
export function expectOpenApiValues(outDir: string, input: CatalogInput, quick = false): void {
  const document = readOpenApi(outDir, quick);
  const schema = document.components.schemas.ErrorCode;
  const entries = input.errors;
  expect(schema.type).toBe(input.codeType ?? 'integer');
  expect(schema.enum).toEqual(entries.map((e) => e.code));
  expect(schema['x-enum-varnames']).toEqual(entries.map((e) => typescriptName(e.name)));
  expect(schema['x-enum-descriptions']).toEqual(entries.map((e) => e.message));
  for (const entry of entries) {
    const response = document.components.responses[`Error${entry.status}`];
    const example = response?.content['application/json'].examples[typescriptName(entry.name)];
    expect(example?.value, `example of ${entry.name} under Error${entry.status}`).toMatchObject({
      msg: entry.message,
      code: entry.code,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// TypeScript: one tsc, then each module imported

/** What a tool run printed, and whether it succeeded. */
export interface ToolResult {
  ok: boolean;
  output: string;
}

/** Runs a command, capturing its outcome instead of throwing. */
function attempt(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): ToolResult {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}`;
  return { ok: result.status === 0 && !result.error, output };
}

/** tsc --strict (and this repository's extra checks) over every file, in one run. */
export function compileTypeScript(dir: string, files: readonly string[]): ToolResult {
  mkdirSync(dir, { recursive: true });
  const config = {
    compilerOptions: {
      strict: true,
      noEmit: true,
      noImplicitOverride: true,
      noUncheckedIndexedAccess: true,
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      types: [],
    },
    files,
  };
  const project = join(dir, 'tsconfig.json');
  writeFileSync(project, JSON.stringify(config, null, 2));
  return attempt(join(root, 'node_modules/.bin/tsc'), ['-p', project]);
}

/** The exports of a generated TypeScript module that the checks read. */
interface TypeScriptModule {
  ErrorCode: Record<string, Code>;
  errorInfos: readonly { name: string; code: Code; status: number; message: string }[];
  lookupError: (code: Code) => unknown;
}

/** Imports a generated module into this process. */
export async function importTypeScript(file: string): Promise<TypeScriptModule> {
  return (await import(pathToFileURL(file).href)) as TypeScriptModule;
}

/** The enum's member names in declaration order (numeric enums also map values to names). */
function enumMembers(enumObject: Record<string, Code>, integer: boolean): string[] {
  return Object.keys(enumObject).filter(
    (key) => typeof enumObject[key] === (integer ? 'number' : 'string'),
  );
}

/** The module's enum, entry table and lookup hold exactly the catalog's values, in order. */
export function expectTypeScriptValues(module: TypeScriptModule, input: CatalogInput): void {
  const integer = isInteger(input);
  const entries = input.errors;
  expect(enumMembers(module.ErrorCode, integer)).toEqual(
    entries.map((e) => typescriptName(e.name)),
  );
  for (const entry of entries) {
    expect(module.ErrorCode[typescriptName(entry.name)]).toBe(entry.code);
    if (integer) {
      expect(module.ErrorCode[String(entry.code)]).toBe(typescriptName(entry.name));
    }
  }
  const rows = entries.map(({ name, code, status, message }) => ({ name, code, status, message }));
  expect(
    module.errorInfos.map(({ name, code, status, message }) => ({ name, code, status, message })),
  ).toEqual(rows);
  module.errorInfos.forEach((info, i) => {
    expect(module.lookupError(entries[i]!.code), `lookupError(${entries[i]!.code})`).toBe(info);
  });
}

// ---------------------------------------------------------------------------------------------
// Go: every package of the batch in one module, one test binary

/** The environment of every Go command: nothing downloaded, the local toolchain as it is. */
const goEnv = { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', GOPROXY: 'off' };

const GO_MODULE = 'example.com/errgenbatch';

/** The outcome of the Go checks of a batch. */
export interface GoBatchResult {
  /** Generated files that gofmt would change. */
  unformatted: string[];
  vet: ToolResult;
  /** Each member's Go test result by label; missing when the test binary did not build. */
  tests: Map<string, ToolResult>;
  /** go test's whole output, for members without a result. */
  testOutput: string;
}

/** A Go identifier for a member's test function. */
function goTestName(label: string): string {
  return `TestCatalog_${label.replace(/[^A-Za-z0-9]/g, '_')}`;
}

/** The Go package of a member, copied into the batch module; returns its import path. */
function addGoPackage(dir: string, member: BatchMember): string {
  const source = outputFile(member.outDir, /^go\/[^/]+\/errors\.go$/);
  const pkg = source.split(/[\\/]/).at(-2)!;
  const target = join(dir, member.label, pkg);
  mkdirSync(target, { recursive: true });
  cpSync(source, join(target, 'errors.go'));
  const fixture = member.input.errors.map(({ name, code, status, message }) => ({
    name,
    code,
    status,
    message,
  }));
  writeFileSync(join(dir, 'testdata', `${member.label}.json`), JSON.stringify(fixture));
  return `${GO_MODULE}/${member.label}/${pkg}`;
}

/** The test function that checks one member's package against its fixture. */
function goMemberTest(member: BatchMember, alias: string): string {
  const constants = member.input.errors.map((e) => `\t\t${alias}.${goName(e.name)},\n`).join('');
  return [
    `func ${goTestName(member.label)}(t *testing.T) {`,
    `\tconstants := []${alias}.Code{\n${constants}\t}`,
    `\tconvert := func(i ${alias}.Info) info[${alias}.Code] {`,
    `\t\treturn info[${alias}.Code]{i.Name, i.Code, i.Status, i.Message}`,
    '\t}',
    `\tlookup := func(c ${alias}.Code) (info[${alias}.Code], bool) {`,
    `\t\ti, ok := ${alias}.Lookup(c)`,
    '\t\treturn convert(i), ok',
    '\t}',
    `\tinfos := ${alias}.Infos()`,
    `\tgot := make([]info[${alias}.Code], len(infos))`,
    '\tfor k, i := range infos {',
    '\t\tgot[k] = convert(i)',
    '\t}',
    `\tcheckPackage(t, ${JSON.stringify(member.label)}, constants, got, lookup)`,
    '}',
    '',
  ].join('\n');
}

/** The shared part of the batch test: generic over each package's own Code type. */
const GO_TEST_HELPERS = `
type code interface {
	comparable
	String() string
	HTTPStatus() int
	Message() string
}

type info[C code] struct {
	Name    string \`json:"name"\`
	Code    C      \`json:"code"\`
	Status  int    \`json:"status"\`
	Message string \`json:"message"\`
}

func checkPackage[C code](
	t *testing.T, label string, constants []C, infos []info[C], lookup func(C) (info[C], bool),
) {
	t.Helper()
	data, err := os.ReadFile("testdata/" + label + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var want []info[C]
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if len(infos) != len(want) || len(constants) != len(want) {
		t.Fatalf("%d infos and %d constants, want %d", len(infos), len(constants), len(want))
	}
	for i, w := range want {
		if infos[i] != w {
			t.Errorf("Infos()[%d] = %#v, want %#v", i, infos[i], w)
		}
		if constants[i] != w.Code {
			t.Errorf("constant %d = %#v, want %#v", i, constants[i], w.Code)
		}
		if got, ok := lookup(w.Code); !ok || got != w {
			t.Errorf("Lookup(%#v) = %#v, %v", w.Code, got, ok)
		}
		if w.Code.String() != w.Name || w.Code.HTTPStatus() != w.Status || w.Code.Message() != w.Message {
			t.Errorf("methods of %#v: %q, %d, %q",
				w.Code, w.Code.String(), w.Code.HTTPStatus(), w.Code.Message())
		}
	}
}
`;

/** Writes the batch module: go.mod, every member's package, and one test file for all. */
function writeGoModule(dir: string, members: readonly BatchMember[]): string[] {
  mkdirSync(join(dir, 'testdata'), { recursive: true });
  writeFileSync(join(dir, 'go.mod'), `module ${GO_MODULE}\n\ngo 1.21\n`);
  writeFileSync(
    join(dir, 'doc.go'),
    '// Package errgenbatch checks generated packages.\npackage errgenbatch\n',
  );
  const imports: string[] = [];
  const tests: string[] = [];
  members.forEach((member, index) => {
    const alias = `p${index}`;
    imports.push(`\t${alias} "${addGoPackage(dir, member)}"`);
    tests.push(goMemberTest(member, alias));
  });
  const header = [
    'package errgenbatch_test',
    '',
    'import (',
    '\t"encoding/json"',
    '\t"os"',
    '\t"testing"',
    '',
  ];
  const source = [...header, ...imports, ')', GO_TEST_HELPERS, ...tests].join('\n');
  writeFileSync(join(dir, 'batch_test.go'), source);
  return members.map((m) => join(dir, m.label));
}

/** Per-test results of `go test -json`. */
function goTestResults(output: string, members: readonly BatchMember[]): Map<string, ToolResult> {
  const byTest = new Map<string, { ok?: boolean; output: string }>();
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) {
      continue;
    }
    const event = JSON.parse(line) as { Action: string; Test?: string; Output?: string };
    if (!event.Test) {
      continue;
    }
    const result = byTest.get(event.Test) ?? { output: '' };
    result.output += event.Output ?? '';
    if (event.Action === 'pass' || event.Action === 'fail') {
      result.ok = event.Action === 'pass';
    }
    byTest.set(event.Test, result);
  }
  const results = new Map<string, ToolResult>();
  for (const member of members) {
    const result = byTest.get(goTestName(member.label));
    if (result?.ok !== undefined) {
      results.set(member.label, { ok: result.ok, output: result.output });
    }
  }
  return results;
}

/** gofmt -l, go vet and go test over every member's package, each tool run once. */
export function runGoBatch(dir: string, members: readonly BatchMember[]): GoBatchResult {
  const packages = writeGoModule(dir, members);
  const sources = packages.flatMap((p) =>
    listFiles(p)
      .filter((f) => f.endsWith('errors.go'))
      .map((f) => join(p, f)),
  );
  const gofmt = attempt('gofmt', ['-l', ...sources]);
  const unformatted = gofmt.ok ? gofmt.output.split('\n').filter(Boolean) : [gofmt.output];
  const vet = attempt('go', ['vet', './...'], { cwd: dir, env: goEnv });
  const test = attempt('go', ['test', '-count=1', '-json', '.'], { cwd: dir, env: goEnv });
  return { unformatted, vet, tests: goTestResults(test.output, members), testOutput: test.output };
}

// ---------------------------------------------------------------------------------------------
// Python: every package on one path, one mypy, one read-back per interpreter

/** Interpreters besides the venv's that the packages must import in, when installed. */
const OTHER_PYTHONS = ['python3.9', 'python3.10', 'python3.12', 'python3.13'];

/** The outcome of the Python checks of a batch. */
export interface PythonBatchResult {
  mypy: ToolResult;
  /** Each interpreter's problems per member label ([] when it read back exactly). */
  readBack: Map<string, Map<string, string[]>>;
  /** Interpreters whose checker did not finish, with its output. */
  crashed: Map<string, string>;
}

/** Imports each package and compares it with the expected entries; prints problems as JSON. */
const PYTHON_CHECKER = `
import importlib
import json
import sys

import yaml


def check(spec):
    problems = []

    def same(what, got, want):
        if got != want or type(got) is not type(want):
            problems.append(f"{what}: got {got!r}, want {want!r}")

    module = importlib.import_module(spec["package"])
    entries = spec["entries"]
    members = list(module.ErrorCode)
    same("ErrorCode members", [m.name for m in members], [e["member"] for e in entries])
    same("len(ERROR_INFOS)", len(module.ERROR_INFOS), len(entries))
    for member, info, entry in zip(members, module.ERROR_INFOS, entries):
        what = "ErrorCode." + member.name
        same(what + ".value", member.value, entry["code"])
        same(what + ".http_status", member.http_status, entry["status"])
        same(what + ".message", member.message, entry["message"])
        same("str(" + what + ")", str(member), str(entry["code"]))
        same("f-string of " + what, f"{member}", str(entry["code"]))
        same(what + " info.name", info.name, entry["name"])
        same(what + " info.code", info.code.value, entry["code"])
        same(what + " info.status", info.status, entry["status"])
        same(what + " info.message", info.message, entry["message"])
        if module.lookup_error(entry["code"]) is not info:
            problems.append("lookup_error(%r) is not ERROR_INFOS entry" % (entry["code"],))
    if spec["openapiYaml"] is not None:
        with open(spec["openapiYaml"], encoding="utf-8") as f:
            from_yaml = yaml.safe_load(f)
        with open(spec["openapiJson"], encoding="utf-8") as f:
            from_json = json.load(f)
        if json.dumps(from_yaml, sort_keys=True) != json.dumps(from_json, sort_keys=True):
            problems.append("PyYAML reads errors.yaml differently from errors.json")
    return problems


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        specs = json.load(f)
    results = {}
    for spec in specs:
        try:
            results[spec["label"]] = check(spec)
        except Exception as error:
            results[spec["label"]] = ["%s: %r" % (type(error).__name__, error)]
    print(json.dumps(results))


main()
`;

/** Copies the packages onto one path, writes the checker's input; returns mypy's packages. */
function writePythonBatch(dir: string, members: readonly BatchMember[]): string[] {
  const packages: string[] = [];
  const specs = members.map((member) => {
    const init = outputFile(member.outDir, /^python\/[^/]+\/__init__\.py$/);
    const pkg = init.split(/[\\/]/).at(-2)!;
    if (existsSync(join(dir, 'path', pkg))) {
      throw new Error(`two catalogs of the batch give the Python package ${pkg}`);
    }
    cpSync(join(init, '..'), join(dir, 'path', pkg), { recursive: true });
    if (!member.large) {
      packages.push(join(dir, 'path', pkg));
    }
    return {
      label: member.label,
      package: pkg,
      openapiYaml: member.large ? null : outputFile(member.outDir, /^openapi\/errors\.yaml$/),
      openapiJson: outputFile(member.outDir, /^openapi\/errors\.json$/),
      entries: member.input.errors.map((e) => ({
        name: e.name,
        member: pythonName(e.name),
        code: e.code,
        status: e.status,
        message: e.message,
      })),
    };
  });
  writeFileSync(join(dir, 'expected.json'), JSON.stringify(specs));
  writeFileSync(join(dir, 'check.py'), PYTHON_CHECKER);
  return packages;
}

/** True when `python` runs (a pyenv shim of a version not installed starts, then fails). */
function pythonRuns(python: string): boolean {
  return spawnSync(python, ['-c', 'pass'], { stdio: 'ignore', timeout: 30_000 }).status === 0;
}

/** mypy --strict for Python 3.9 over every package, then the read-back in each interpreter. */
export function runPythonBatch(dir: string, members: readonly BatchMember[]): PythonBatchResult {
  mkdirSync(join(dir, 'path'), { recursive: true });
  const packages = writePythonBatch(dir, members);
  const cache = ['--cache-dir', join(dir, '.mypy_cache')];
  const mypy = attempt(venvBin('mypy'), [
    '--strict',
    '--python-version',
    '3.9',
    ...cache,
    ...packages,
  ]);
  const env = { ...process.env, PYTHONPATH: join(dir, 'path'), PYTHONDONTWRITEBYTECODE: '1' };
  const readBack = new Map<string, Map<string, string[]>>();
  const crashed = new Map<string, string>();
  for (const python of [venvBin('python'), ...OTHER_PYTHONS.filter(pythonRuns)]) {
    const result = attempt(python, [join(dir, 'check.py'), join(dir, 'expected.json')], { env });
    try {
      const problems = JSON.parse(result.output) as Record<string, string[]>;
      readBack.set(python, new Map(Object.entries(problems)));
    } catch {
      crashed.set(python, result.output);
    }
  }
  return { mypy, readBack, crashed };
}

// ---------------------------------------------------------------------------------------------
// The whole suite, registered once per test file

/** How a batch of catalogs is checked. */
export interface TargetChecksOptions {
  /** Labels that get a test each, known when tests are collected. */
  labels: readonly string[];
  /** The members generated by the caller's beforeAll. */
  members: () => readonly BatchMember[];
  /** A scratch folder for the toolchains, from the caller's beforeAll. */
  scratch: () => string;
  /** A label without a member is a failure, unless the caller's own tests cover it. */
  allowMissing?: boolean;
  /** Extra TypeScript files to compile with the batch (label to path). */
  extraTypeScript?: () => ReadonlyMap<string, string>;
  /** Milliseconds each toolchain may take over the batch (default: vitest's hook timeout). */
  timeout?: number;
}

/** The member of `label`, or undefined when it may be missing (it was rejected, say). */
function memberOf(options: TargetChecksOptions, label: string): BatchMember | undefined {
  const member = options.members().find((m) => m.label === label);
  if (!member && !options.allowMissing) {
    throw new Error(`${label} was not generated, so its outputs cannot be checked`);
  }
  return member;
}

/** A whole-batch check means nothing when no catalog of the batch was generated. */
function expectSomeMembers(options: TargetChecksOptions): void {
  expect(options.members().length, 'no catalog of the batch was generated').toBeGreaterThan(0);
}

/** A failure message naming the tool and what it printed. */
function expectTool(result: ToolResult, what: string): void {
  expect(result.ok, `${what} failed:\n${result.output}`).toBe(true);
}

/** tsc over the batch, then each module imported and compared. */
function describeTypeScript(options: TargetChecksOptions): void {
  describe('TypeScript', () => {
    let tsc: ToolResult;

    beforeAll(() => {
      const files = options.members().map((m) => outputFile(m.outDir, /^ts\/errors\.ts$/));
      const extra = [...(options.extraTypeScript?.().values() ?? [])];
      tsc = compileTypeScript(join(options.scratch(), 'ts'), [...files, ...extra]);
    }, options.timeout);

    it('passes tsc --noEmit --strict, every module in one run', () => {
      expectSomeMembers(options);
      expectTool(tsc, 'tsc');
    });

    it.each(options.labels)('%s: the module holds every value exactly', async (label) => {
      const member = memberOf(options, label);
      if (member) {
        const module = await importTypeScript(outputFile(member.outDir, /^ts\/errors\.ts$/));
        expectTypeScriptValues(module, member.input);
      }
    });
  });
}

/** gofmt, go vet and one go test binary over the batch. */
function describeGo(options: TargetChecksOptions): void {
  describeWith(['go', 'gofmt'], 'Go', () => {
    let go: GoBatchResult;

    beforeAll(() => {
      go = runGoBatch(join(options.scratch(), 'go'), options.members());
    }, options.timeout);

    it('is gofmt-clean and passes go vet, every package', () => {
      expectSomeMembers(options);
      expect(go.unformatted).toEqual([]);
      expectTool(go.vet, 'go vet');
    });

    it.each(options.labels)('%s: Infos, constants and Lookup hold every value', (label) => {
      const member = memberOf(options, label);
      if (member) {
        const result = go.tests.get(label);
        expect(
          result,
          `go test did not run ${label}:\n${go.testOutput.slice(0, 4000)}`,
        ).toBeDefined();
        expectTool(result!, `go test of ${label}`);
      }
    });
  });
}

/** mypy and the read-back script over the batch. */
function describePython(options: TargetChecksOptions): void {
  describeWith(['python3'], 'Python', () => {
    let python: PythonBatchResult;

    beforeAll(() => {
      python = runPythonBatch(join(options.scratch(), 'python'), options.members());
    }, options.timeout);

    it('passes mypy --strict for Python 3.9, every package but the large ones, in one run', () => {
      expectSomeMembers(options);
      expectTool(python.mypy, 'mypy');
    });

    it.each(options.labels)(
      '%s: ErrorCode and ERROR_INFOS hold every value; PyYAML reads the YAML as the JSON',
      (label) => {
        const member = memberOf(options, label);
        if (member) {
          expect([...python.crashed]).toEqual([]);
          for (const [interpreter, problems] of python.readBack) {
            expect(problems.get(label), `${label} on ${interpreter}`).toEqual([]);
          }
        }
      },
    );
  });
}

/** OpenAPI read back three ways, and the text checks of every output. */
function describeOpenApiAndText(options: TargetChecksOptions): void {
  describe('OpenAPI and text', () => {
    it.each(options.labels)('%s: JSON, YAML 1.2 and YAML 1.1 hold every value', (label) => {
      const member = memberOf(options, label);
      if (member) {
        expectOpenApiValues(member.outDir, member.input, member.large);
      }
    });

    it.each(options.labels)('%s: no output has escaping debris, a BOM or a CR', (label) => {
      const member = memberOf(options, label);
      if (member) {
        expect(textProblems(member.outDir, member.input)).toEqual([]);
      }
    });
  });
}

/** Registers the toolchain checks of a batch: TypeScript, Go, Python, OpenAPI and text. */
export function describeTargetChecks(options: TargetChecksOptions): void {
  describeTypeScript(options);
  describeGo(options);
  describePython(options);
  describeOpenApiAndText(options);
}

/** Reads one JSON value per line. */
export function readJsonLines<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}
