/**
 * The Go target in its real toolchain: the generated module must be gofmt-clean, pass go vet,
 * and hold every catalog value exactly, which a Go test checks against a JSON fixture written
 * from the catalog. Runs for the UPYUN catalog and for hostile integer and string catalogs.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Catalog, Code, Entry } from '../generators/catalog/model.ts';
import type { OutputFile } from '../generators/emit/emitter.ts';
import { goString } from '../generators/emit/literals.ts';
import { goName } from '../generators/naming.ts';
import { defaultTargetOptions, generate } from '../generators/pipeline.ts';
import { yamlQuoted } from './support/targets.ts';
import { describeWith, run } from './support/toolchain.ts';

/** Nothing is downloaded: the module has no dependencies and the local Go is used as it is. */
const goEnv = { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', GOPROXY: 'off' };

/** The line Go's tools recognise as marking a generated file. */
const GENERATED_LINE = /^\/\/ Code generated .* DO NOT EDIT\.$/;

/** A catalog to generate, and the error body the Go test decodes. */
interface Scenario {
  title: string;
  /** A catalog path, or the YAML text of a catalog written into the temp folder. */
  catalog: { path: string } | { yaml: string };
  /** A body as the API sends it, or the index of the entry to build one from. */
  error: { body: string } | { entry: number };
  /** Passages errors.go must contain, as written. */
  excerpts: string[];
}

/** An entry as a catalog file writes it. */
interface RawEntry {
  name: string;
  code: Code;
  status: number;
  message: string;
  description?: string;
}

/** The YAML text of a catalog, every string double-quoted. */
function catalogYaml(name: string, codeType: 'integer' | 'string', entries: RawEntry[]): string {
  const lines = [`catalog: ${name}`, `codeType: ${codeType}`, 'errors:'];
  for (const e of entries) {
    const code = typeof e.code === 'string' ? yamlQuoted(e.code) : String(e.code);
    lines.push(`  - name: ${e.name}`, `    code: ${code}`, `    status: ${e.status}`);
    lines.push(`    message: ${yamlQuoted(e.message)}`);
    if (e.description !== undefined) {
      lines.push(`    description: ${yamlQuoted(e.description)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Texts that could end a Go literal or comment early, or be escaped on the way. */
const HOSTILE_MESSAGES = [
  'say "hi"',
  'back\\slash',
  'C:\\new\\table',
  'ends */ a block comment',
  '/* opens a block comment',
  'two\nlines',
  'crlf\r\nline',
  'tab\there',
  'line\u2028separator and paragraph\u2029separator',
  'bidi \u202e override',
  '{{x}} and {{{y}}}',
  '&quot; & <b>',
  'emoji 😀 and 👩‍💻',
  '文件或目录不存在',
  'controls \u0001 \u001b \u007f \u0085 \ufeff \u200b',
  'trailing backslash\\',
  'trailing blanks  ',
  '%s %d %w %%',
  "`backtick` and 'quote'",
  '// not a comment',
  'private use \ue000, no-break\u00a0space',
];

const HOSTILE_DESCRIPTION =
  'First line of the description.\n\n  an indented line\n- a list item\n# not a heading\n' +
  '*/ and /* inside\n\ttabbed\nlast \u2028 line';

/** Integer codes at the edges: zero, negative, the largest safe integers. */
const HOSTILE_CODES = [0, -1, 9007199254740991, -9007199254740991];

function hostileIntegerCatalog(): string {
  const names = ['invalid_url', 'HTTPError', 'user_ids', 'String', 'Message', 'HTTPStatus'];
  const entries: RawEntry[] = HOSTILE_MESSAGES.map((message, i) => ({
    name: names[i] ?? `Hostile${i}`,
    code: HOSTILE_CODES[i] ?? 1000 + i,
    status: [400, 404, 418, 500, 599][i % 5]!,
    message,
  }));
  entries.push(
    { ...entries[0]!, name: 'Described', code: 77, description: HOSTILE_DESCRIPTION },
    { ...entries[1]!, name: 'Padded', code: 78, description: '\n\n  surrounded\n\n' },
  );
  return catalogYaml('hostile', 'integer', entries);
}

/** String codes a YAML 1.1 reader or a careless quoter would turn into something else. */
const NON_ASCII_CODES = ['中文', '😀'];
const HOSTILE_STRING_CODES = [
  'NO',
  'on',
  '0123',
  'a"b\\c',
  ' spaced ',
  ...NON_ASCII_CODES,
  'tab\tcode',
];

function hostileStringCatalog(): string {
  const entries = HOSTILE_STRING_CODES.map((code, i) => ({
    name: `Coded${i}`,
    code,
    status: 400 + i,
    message: HOSTILE_MESSAGES[i]!,
  }));
  return catalogYaml('strcodes', 'string', entries);
}

const SCENARIOS: Scenario[] = [
  {
    title: 'the UPYUN catalog',
    catalog: { path: 'spec/errors.yaml' },
    error: { body: '{"msg":"file or directory not found","code":40400001,"id":"abc"}' },
    excerpts: [
      '// Code is an error code, as the API sends it in the "code" field of an error body.\n' +
        'type Code int64\n',
      '\t// FileOrDirectoryNotFound is sent with HTTP status 404 and the message ' +
        '"file or directory not found".\n' +
        '\tFileOrDirectoryNotFound Code = 40400001\n',
      '\t// DateOffsetTooLarge is sent with HTTP status 401 and the message ' +
        '"date offset error".\n' +
        '\t//\n' +
        '\t// The Date header is too far from the server clock.\n' +
        '\tDateOffsetTooLarge Code = 40100002\n',
    ],
  },
  {
    title: 'a hostile integer catalog',
    catalog: { yaml: hostileIntegerCatalog() },
    error: { entry: 2 },
    excerpts: [
      '\tInvalidURL Code = 0\n',
      '\tHTTPError Code = -1\n',
      '\t// UserIDs is sent with HTTP status 418 and the message "C:\\\\new\\\\table".\n',
      '{Name: "user_ids", Code: UserIDs, Status: 418, Message: "C:\\\\new\\\\table"},\n',
      '\t// First line of the description.\n\t//\n\t//   an indented line\n\t// - a list item\n',
      '\t// last\n\t//  line\n\tDescribed Code = 77\n',
      '"line\\u2028separator and paragraph\\u2029separator"',
      '"bidi \\u202e override"',
      '"controls \\x01 \\x1b \\x7f \\u0085 \\ufeff \\u200b"',
      '"&quot; & <b>"',
      '"{{x}} and {{{y}}}"',
      '\t//\n\t//   surrounded\n\tPadded Code = 78\n',
    ],
  },
  {
    title: 'a hostile string catalog',
    catalog: { yaml: hostileStringCatalog() },
    error: { entry: 3 },
    excerpts: [
      'type Code string\n',
      '\tCoded0 Code = "NO"\n',
      '\tCoded2 Code = "0123"\n',
      '\tCoded3 Code = "a\\"b\\\\c"\n',
      '\tCoded7 Code = "tab\\tcode"\n',
    ],
  },
];

/** A generated module on disk. */
interface Module {
  catalogPath: string;
  root: string;
  catalog: Catalog;
  files: OutputFile[];
  packageName: string;
  /** The Go import path of the package. */
  importPath: string;
  packageDir: string;
}

/** The scenario's catalog path, after writing its YAML into `root` when it has some. */
function catalogPathOf(scenario: Scenario, root: string): string {
  if ('path' in scenario.catalog) {
    return scenario.catalog.path;
  }
  const path = join(root, 'catalog.yaml');
  writeFileSync(path, scenario.catalog.yaml);
  return path;
}

/** Generates the Go target of the scenario's catalog and writes it under `root`/out. */
async function generateModule(scenario: Scenario, root: string): Promise<Module> {
  const catalogPath = catalogPathOf(scenario, root);
  const result = await generate({ catalogPath, targets: ['go'] });
  expect(result.diagnostics.items).toEqual([]);
  const catalog = result.catalog!;
  const out = join(root, 'out');
  for (const file of result.files) {
    mkdirSync(dirname(join(out, file.path)), { recursive: true });
    writeFileSync(join(out, file.path), file.contents);
  }
  const go = defaultTargetOptions(catalog).go;
  return {
    catalogPath,
    root: join(out, go.dir),
    catalog,
    files: result.files,
    packageName: go.package,
    importPath: `${go.module}/${go.package}`,
    packageDir: join(out, go.dir, go.package),
  };
}

/** A code the catalog does not list, and how Code.String shows it. */
function unknownCode(catalog: Catalog): { code: Code; string: string } {
  if (catalog.codeType === 'string') {
    return { code: 'no-such-code', string: 'Code("no-such-code")' };
  }
  const code = Math.max(...catalog.entries.map((e) => e.code as number)) + 1;
  return { code, string: `Code(${code})` };
}

/** The body the Go test decodes, and the index of the entry whose code it carries. */
function errorBodyFor(scenario: Scenario, catalog: Catalog): { body: string; entry: number } {
  if ('body' in scenario.error) {
    const { body } = scenario.error;
    const { code } = JSON.parse(body) as { code: Code };
    const entry = catalog.entries.findIndex((e) => e.code === code);
    expect(entry, `no entry has the code of ${body}`).toBeGreaterThanOrEqual(0);
    return { body, entry };
  }
  const { entry } = scenario.error;
  const { message, code } = catalog.entries[entry]!;
  return { body: JSON.stringify({ msg: message, code, id: 'abc' }), entry };
}

/** The catalog as JSON, read by the Go test: a channel independent of Go literals. */
function fixtureJson(scenario: Scenario, catalog: Catalog, entries: readonly Entry[]): string {
  const { body, entry } = errorBodyFor(scenario, catalog);
  return JSON.stringify({
    entries: entries.map((e) => ({
      name: e.name,
      goName: goName(e.name),
      code: e.code,
      status: e.status,
      message: e.message,
      deprecated: e.deprecated !== undefined,
      retryable: e.retryable === true,
    })),
    unknown: unknownCode(catalog),
    errorBody: body,
    errorEntry: entry,
  });
}

/** A Go test that checks the package against testdata/fixture.json. */
function parityTest(module: Module): string {
  const constants = module.catalog.entries.map((e) => `\tpkg.${goName(e.name)},`).join('\n');
  return PARITY_TEST.replace('PACKAGE', () => module.packageName)
    .replace('IMPORT_PATH', () => module.importPath)
    .replace('CONSTANTS', () => constants);
}

const PARITY_TEST = `package PACKAGE_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	pkg "IMPORT_PATH"
)

type entry struct {
	Name       string   \`json:"name"\`
	GoName     string   \`json:"goName"\`
	Code       pkg.Code \`json:"code"\`
	Status     int      \`json:"status"\`
	Message    string   \`json:"message"\`
	Deprecated bool     \`json:"deprecated"\`
	Retryable  bool     \`json:"retryable"\`
}

type fixture struct {
	Entries []entry \`json:"entries"\`
	Unknown struct {
		Code   pkg.Code \`json:"code"\`
		String string   \`json:"string"\`
	} \`json:"unknown"\`
	ErrorBody  string \`json:"errorBody"\`
	ErrorEntry int    \`json:"errorEntry"\`
}

// constants lists the package's constants by their Go names, in catalog order.
var constants = []pkg.Code{
CONSTANTS
}

func load(t *testing.T) fixture {
	t.Helper()
	data, err := os.ReadFile("testdata/fixture.json")
	if err != nil {
		t.Fatal(err)
	}
	var f fixture
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestEveryEntry(t *testing.T) {
	f := load(t)
	infos := pkg.Infos()
	if len(infos) != len(f.Entries) || len(constants) != len(f.Entries) {
		t.Fatalf("%d infos and %d constants, want %d", len(infos), len(constants), len(f.Entries))
	}
	for i, want := range f.Entries {
		got := infos[i]
		wantInfo := pkg.Info{
			Name: want.Name, Code: want.Code, Status: want.Status, Message: want.Message,
			Deprecated: want.Deprecated, Retryable: want.Retryable,
		}
		if got != wantInfo {
			t.Errorf("Infos()[%d] = %#v, want %#v", i, got, wantInfo)
		}
		if constants[i] != want.Code {
			t.Errorf("%s = %#v, want %#v", want.GoName, constants[i], want.Code)
		}
		if info, ok := pkg.Lookup(want.Code); !ok || info != wantInfo {
			t.Errorf("Lookup(%s) = %#v, %v", want.GoName, info, ok)
		}
		if s := want.Code.String(); s != want.Name {
			t.Errorf("%s.String() = %q, want %q", want.GoName, s, want.Name)
		}
		if s := want.Code.HTTPStatus(); s != want.Status {
			t.Errorf("%s.HTTPStatus() = %d, want %d", want.GoName, s, want.Status)
		}
		if m := want.Code.Message(); m != want.Message {
			t.Errorf("%s.Message() = %q, want %q", want.GoName, m, want.Message)
		}
		if r := want.Code.Retryable(); r != want.Retryable {
			t.Errorf("%s.Retryable() = %v, want %v", want.GoName, r, want.Retryable)
		}
	}
}

func TestInfosIsACopy(t *testing.T) {
	first := pkg.Infos()
	first[0].Message = "changed"
	if pkg.Infos()[0].Message == "changed" {
		t.Error("Infos returns the package's own array")
	}
}

func TestUnknownCode(t *testing.T) {
	c := load(t).Unknown.Code
	if info, ok := pkg.Lookup(c); ok {
		t.Errorf("Lookup(unknown) = %#v, true", info)
	}
	if s, want := c.String(), load(t).Unknown.String; s != want {
		t.Errorf("String() = %q, want %q", s, want)
	}
	if c.HTTPStatus() != 0 || c.Message() != "" || c.Retryable() {
		t.Errorf("HTTPStatus() = %d, Message() = %q, Retryable() = %v, want 0, empty, false",
			c.HTTPStatus(), c.Message(), c.Retryable())
	}
}

func TestErrorBody(t *testing.T) {
	f := load(t)
	want := f.Entries[f.ErrorEntry]
	var body pkg.Error
	if err := json.Unmarshal([]byte(f.ErrorBody), &body); err != nil {
		t.Fatal(err)
	}
	if body.Msg != want.Message || body.Code != want.Code || body.ID != "abc" {
		t.Fatalf("decoded %#v", body)
	}
	if body.HTTPStatus() != want.Status {
		t.Errorf("HTTPStatus() = %d, want %d", body.HTTPStatus(), want.Status)
	}
	if !strings.Contains(body.Error(), want.Message) {
		t.Errorf("Error() = %q lacks the message", body.Error())
	}

	wrapped := fmt.Errorf("request failed: %w", &body)
	var target *pkg.Error
	if !errors.As(wrapped, &target) || target.Code != want.Code {
		t.Errorf("errors.As found %#v", target)
	}
	if !errors.Is(wrapped, &pkg.Error{Code: want.Code}) {
		t.Error("errors.Is does not match the same code")
	}
	if errors.Is(wrapped, &pkg.Error{Code: f.Unknown.Code}) {
		t.Error("errors.Is matches another code")
	}
	if errors.Is(wrapped, errors.New(want.Message)) {
		t.Error("errors.Is matches an error that is not an *Error")
	}
}
`;

/** Writes the fixture and the parity test into the package folder. */
function writeParity(module: Module, scenario: Scenario, entries: readonly Entry[]): void {
  mkdirSync(join(module.packageDir, 'testdata'), { recursive: true });
  writeFileSync(
    join(module.packageDir, 'testdata', 'fixture.json'),
    fixtureJson(scenario, module.catalog, entries),
  );
  writeFileSync(join(module.packageDir, 'parity_test.go'), parityTest(module));
}

function goTest(module: Module): void {
  run('go', ['test', '-count=1', './...'], { cwd: module.root, env: goEnv });
}

describeWith(['go', 'gofmt'], 'Go target', () => {
  for (const scenario of SCENARIOS) {
    describe(scenario.title, () => {
      let temp: string;
      let module: Module;

      beforeAll(async () => {
        temp = mkdtempSync(join(tmpdir(), 'errgen-go-'));
        module = await generateModule(scenario, temp);
      });

      afterAll(() => {
        rmSync(temp, { recursive: true, force: true });
      });

      it('writes go.mod and errors.go, each starting with the generated-code line', () => {
        const paths = module.files.map((f) => f.path);
        const go = defaultTargetOptions(module.catalog).go;
        expect(paths).toEqual([`${go.dir}/go.mod`, `${go.dir}/${go.package}/errors.go`]);
        for (const file of module.files) {
          expect(file.contents.split('\n')[0]).toMatch(GENERATED_LINE);
        }
      });

      it('writes LF-only files ending in one newline, the same bytes each run', async () => {
        for (const file of module.files) {
          expect(file.contents).not.toContain('\r');
          expect(file.contents).toMatch(/[^\n]\n$/);
        }
        const again = await generate({ catalogPath: module.catalogPath, targets: ['go'] });
        expect(again.files).toEqual(module.files);
      });

      it('declares each code as Go reads it', () => {
        const errors = module.files.find((f) => f.path.endsWith('errors.go'))!.contents;
        for (const excerpt of scenario.excerpts) {
          expect(errors).toContain(excerpt);
        }
      });

      it('is gofmt-clean and passes go vet', () => {
        const gofmt = run('gofmt', ['-l', '.'], { cwd: module.root, env: goEnv });
        expect(gofmt.stdout).toBe('');
        run('go', ['vet', './...'], { cwd: module.root, env: goEnv });
      });

      it('holds every catalog value exactly, as the Go parity test checks', () => {
        writeParity(module, scenario, module.catalog.entries);
        goTest(module);
      });

      it('never HTML-escapes catalog text', () => {
        const errors = module.files.find((f) => f.path.endsWith('errors.go'))!.contents;
        let outside = errors;
        for (const entry of module.catalog.entries) {
          outside = outside.split(goString(entry.message)).join('');
        }
        expect(outside).not.toMatch(/&quot;|&#x|&#\d|&amp;|&lt;|&gt;/);
      });
    });
  }

  describe('the parity test itself', () => {
    let temp: string;

    beforeAll(() => {
      temp = mkdtempSync(join(tmpdir(), 'errgen-go-'));
    });

    afterAll(() => {
      rmSync(temp, { recursive: true, force: true });
    });

    it('fails when the package and the catalog disagree on a message', async () => {
      const scenario = SCENARIOS[0]!;
      const module = await generateModule(scenario, temp);
      const changed = module.catalog.entries[5]!;
      const entries = module.catalog.entries.map((e) =>
        e === changed ? { ...e, message: `${e.message}!` } : e,
      );
      writeParity(module, scenario, entries);
      expect(() => goTest(module)).toThrow(`${goName(changed.name)}.Message() = `);
    });
  });
});

describe('Go target on hostile text', () => {
  it('reads back the catalog texts the YAML meant', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'errgen-go-'));
    try {
      const module = await generateModule(SCENARIOS[1]!, temp);
      const messages = module.catalog.entries.map((e) => e.message);
      expect(messages.slice(0, HOSTILE_MESSAGES.length)).toEqual(HOSTILE_MESSAGES);
      expect(module.catalog.entries.slice(0, 4).map((e) => e.code)).toEqual(HOSTILE_CODES);
      expect(module.catalog.entries.at(-2)!.description).toBe(HOSTILE_DESCRIPTION);
      const strings = await generateModule(SCENARIOS[2]!, mkdtempSync(join(temp, 's-')));
      expect(strings.catalog.entries.map((e) => e.code)).toEqual(HOSTILE_STRING_CODES);
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  });
});
