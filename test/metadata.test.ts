/**
 * Deprecated, retired and retryable entries in every target, run in the real toolchains: a
 * catalog with an entry at each stage of its life (test/fixtures/metadata/lifecycle.yaml) is
 * generated into a temporary folder, and each language reads back the flags, leaves the
 * retired codes out, and treats a code it does not know (a retired one) without failing.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { formatDiagnostic } from '../generators/diagnostics.ts';
import { generate } from '../generators/pipeline.ts';
import { venvBin } from './support/python-tools.ts';
import { describeWith, run } from './support/toolchain.ts';

const CATALOG = 'test/fixtures/metadata/lifecycle.yaml';
const CHECKER = fileURLToPath(new URL('./fixtures/metadata/check_lifecycle.py', import.meta.url));
const root = fileURLToPath(new URL('../', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const goEnv = { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', GOPROXY: 'off' };

/** A live entry of lifecycle.yaml, written out here rather than read through errgen. */
interface LiveEntry {
  name: string;
  code: number;
  status: number;
  message: string;
  deprecated: boolean;
  retryable: boolean;
}

const LIVE: LiveEntry[] = [
  live('OrderNotFound', 40400001, 404, 'order not found'),
  live('OrderMissing', 40400002, 404, 'order missing', { deprecated: true }),
  live('LegacyCoupon', 40300001, 403, 'legacy coupon refused', { deprecated: true }),
  live('TooManyRequests', 42900001, 429, 'too many requests', { retryable: true }),
  live('WarehouseTimeout', 50300001, 503, 'warehouse timeout, try again', {
    deprecated: true,
    retryable: true,
  }),
  live('PaymentDeclined', 40200001, 402, 'payment declined'),
];

/** The retired entries: tombstones that no target's enum or lookup may hold. */
const RETIRED = [
  { name: 'GiftCardsRemoved', code: 41000001, message: 'gift cards are no longer sold' },
  { name: 'OldInventoryFailure', code: 50300002, message: 'inventory failure' },
];

function live(
  name: string,
  code: number,
  status: number,
  message: string,
  flags: { deprecated?: boolean; retryable?: boolean } = {},
): LiveEntry {
  const { deprecated = false, retryable = false } = flags;
  return { name, code, status, message, deprecated, retryable };
}

let out: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'errgen-metadata-'));
  const result = await generate({ catalogPath: CATALOG, outDir: out });
  expect(result.diagnostics.items.map(formatDiagnostic)).toEqual([]);
  for (const file of result.files) {
    mkdirSync(dirname(join(out, file.path)), { recursive: true });
    writeFileSync(join(out, file.path), file.contents);
  }
  // tsc under NodeNext reads a .ts file as an ES module only inside a "type": "module" package.
  writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n');
});

afterAll(() => rmSync(out, { recursive: true, force: true }));

function text(path: string): string {
  return readFileSync(join(out, path), 'utf8');
}

/** What the generated TypeScript module exports, as these tests use it. */
interface TypeScriptModule {
  ErrorCode: Record<string, number | string>;
  errorInfos: readonly (Omit<LiveEntry, 'code'> & { code: number })[];
  lookupError(code: number | string): object | undefined;
  isRetryable(code: number | string): boolean;
  ShopError: {
    fromResponse(body: object, httpStatus?: number): ShopError;
  };
}

interface ShopError extends Error {
  code: number;
  status: number | undefined;
  info: object | undefined;
  retryable: boolean;
}

describe('TypeScript', () => {
  const file = () => join(out, 'ts/errors.ts');
  const load = async () => (await import(pathToFileURL(file()).href)) as TypeScriptModule;

  it('type-checks under strict tsc', () => {
    const flags = ['--noEmit', '--strict', '--exactOptionalPropertyTypes', '--noUnusedLocals'];
    const module = ['--target', 'ES2022', '--module', 'NodeNext', '--moduleResolution', 'NodeNext'];
    run(process.execPath, [tsc, ...flags, ...module, file()], { cwd: out });
  });

  it('lists the live entries with their flags, and no retired one', async () => {
    const { ErrorCode, errorInfos } = await load();

    expect(errorInfos).toEqual(LIVE);
    expect(Object.values(ErrorCode).filter((v) => typeof v === 'number')).toEqual(
      LIVE.map((e) => e.code),
    );
    for (const retired of RETIRED) {
      expect(ErrorCode[retired.name]).toBeUndefined();
    }
  });

  it('says which codes a client may retry, and no unknown one', async () => {
    const { isRetryable, lookupError } = await load();

    for (const entry of LIVE) {
      expect(isRetryable(entry.code), entry.name).toBe(entry.retryable);
    }
    for (const code of [...RETIRED.map((e) => e.code), 99_999_999, '42900001']) {
      expect([isRetryable(code), lookupError(code)]).toEqual([false, undefined]);
    }
  });

  it('keeps the raw code and message of a response with a retired code', async () => {
    const { ShopError } = await load();
    const [retired] = RETIRED;
    const error = ShopError.fromResponse(
      { msg: retired!.message, code: retired!.code, id: 'r' },
      410,
    );

    expect([error.code, error.message, error.status]).toEqual([
      retired!.code,
      retired!.message,
      410,
    ]);
    expect([error.info, error.retryable]).toEqual([undefined, false]);
  });

  it('tags deprecated members with @deprecated, linking the replacement', () => {
    const source = ts.createSourceFile(
      'errors.ts',
      text('ts/errors.ts'),
      ts.ScriptTarget.Latest,
      true,
    );
    const codeEnum = source.statements.find(ts.isEnumDeclaration)!;
    const tags = codeEnum.members.map((member) => {
      const tag = ts.getJSDocDeprecatedTag(member);
      return [member.name.getText(source), tag ? ts.getTextOfJSDocComment(tag.comment) : null];
    });

    expect(tags).toEqual([
      ['OrderNotFound', null],
      [
        'OrderMissing',
        'Sent only by API v1; v2 sends OrderNotFound. Use {@link ErrorCode.OrderNotFound} instead.',
      ],
      ['LegacyCoupon', 'The API may stop sending this code.'],
      ['TooManyRequests', null],
      ['WarehouseTimeout', 'Use {@link ErrorCode.TooManyRequests} instead.'],
      ['PaymentDeclined', null],
    ]);
  });
});

/** A Go test of the generated package, reading testdata/fixture.json. */
const GO_TEST = `package shoperr_test

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	pkg "example.com/shoperr/shoperr"
)

type fixture struct {
	Live    []pkg.Info \`json:"live"\`
	Retired []struct {
		Code    pkg.Code \`json:"code"\`
		Message string   \`json:"message"\`
	} \`json:"retired"\`
	Deprecated []string \`json:"deprecated"\`
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

func TestLiveInfos(t *testing.T) {
	f := load(t)
	if got := pkg.Infos(); !reflect.DeepEqual(got, f.Live) {
		t.Fatalf("Infos() = %#v, want %#v", got, f.Live)
	}
	for _, want := range f.Live {
		if got := want.Code.Retryable(); got != want.Retryable {
			t.Errorf("%s.Retryable() = %v", want.Name, got)
		}
		if info, ok := pkg.Lookup(want.Code); !ok || info != want {
			t.Errorf("Lookup(%s) = %#v, %v", want.Name, info, ok)
		}
	}
}

func TestRetiredCodesAreUnknown(t *testing.T) {
	for _, retired := range load(t).Retired {
		c := retired.Code
		if info, ok := pkg.Lookup(c); ok || c.Retryable() || c.HTTPStatus() != 0 {
			t.Errorf("retired %d: Lookup = %#v, %v; Retryable = %v", c, info, ok, c.Retryable())
		}
		if s, want := c.String(), fmt.Sprintf("Code(%d)", int64(c)); s != want {
			t.Errorf("String() = %q, want %q", s, want)
		}
		body := fmt.Sprintf(\`{"msg": %q, "code": %d, "id": "r"}\`, retired.Message, int64(c))
		var e pkg.Error
		if err := json.Unmarshal([]byte(body), &e); err != nil {
			t.Fatal(err)
		}
		if e.Code != c || e.Msg != retired.Message || e.HTTPStatus() != 0 || e.Retryable() {
			t.Errorf("decoded %#v", e)
		}
	}
}

// TestDeprecatedParagraphs finds deprecated constants as staticcheck's SA1019 does: a doc
// comment paragraph that starts with "Deprecated: ".
func TestDeprecatedParagraphs(t *testing.T) {
	file, err := parser.ParseFile(token.NewFileSet(), "errors.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var deprecated []string
	for _, decl := range file.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.CONST {
			continue
		}
		for _, spec := range gen.Specs {
			value := spec.(*ast.ValueSpec)
			for _, paragraph := range strings.Split(value.Doc.Text(), "\\n\\n") {
				if strings.HasPrefix(paragraph, "Deprecated: ") {
					deprecated = append(deprecated, value.Names[0].Name)
				}
			}
		}
	}
	want := load(t).Deprecated
	sort.Strings(deprecated)
	sort.Strings(want)
	if !reflect.DeepEqual(deprecated, want) {
		t.Errorf("deprecated constants %v, want %v", deprecated, want)
	}
}
`;

describeWith(['go', 'gofmt'], 'Go', () => {
  const module = () => join(out, 'go');
  const pkg = () => join(out, 'go/shoperr');

  it('is gofmt-clean and passes go vet', () => {
    expect(run('gofmt', ['-l', '.'], { cwd: module(), env: goEnv }).stdout).toBe('');
    run('go', ['vet', './...'], { cwd: module(), env: goEnv });
  });

  it('writes a deprecation as a paragraph of its own, after the description', () => {
    expect(text('go/shoperr/errors.go')).toContain(
      '\t// The old spelling of OrderNotFound.\n' +
        '\t//\n' +
        '\t// Deprecated: Sent only by API v1; v2 sends OrderNotFound. ' +
        'Use [OrderNotFound] instead.\n' +
        '\tOrderMissing Code = 40400002\n',
    );
  });

  it('holds the flags, leaves retired codes unknown, marks deprecations for staticcheck', () => {
    mkdirSync(join(pkg(), 'testdata'), { recursive: true });
    const deprecated = LIVE.filter((e) => e.deprecated).map((e) => e.name);
    const fixture = { live: LIVE, retired: RETIRED, deprecated };
    writeFileSync(join(pkg(), 'testdata/fixture.json'), JSON.stringify(fixture));
    writeFileSync(join(pkg(), 'lifecycle_test.go'), GO_TEST);
    run('go', ['test', '-count=1', './...'], { cwd: module(), env: goEnv });
  });
});

describeWith(['python3'], 'Python', () => {
  const packageDir = () => join(out, 'python/shop_errors');

  it('passes mypy --strict, ruff check and ruff format for Python 3.9', () => {
    const cache = join(out, '.mypy_cache');
    run(venvBin('mypy'), [
      '--strict',
      '--python-version',
      '3.9',
      '--cache-dir',
      cache,
      packageDir(),
    ]);
    const ruff = ['--isolated', '--no-cache', '--target-version', 'py39'];
    run(venvBin('ruff'), ['check', ...ruff, '--select', 'E,F,W,I,N,UP,B,SIM,RUF', packageDir()]);
    run(venvBin('ruff'), ['format', '--check', ...ruff, packageDir()]);
  });

  it('says deprecated in the member comment, naming the replacement', () => {
    expect(text('python/shop_errors/__init__.py')).toContain(
      '    #: Deprecated: Sent only by API v1; v2 sends OrderNotFound.\n' +
        '    #: Use ErrorCode.ORDER_NOT_FOUND instead.\n' +
        '    ORDER_MISSING = 40400002\n',
    );
  });

  it('holds the flags and leaves retired codes unknown, as a script checks', () => {
    const member = (name: string) => name.replace(/(?<=[a-z])(?=[A-Z])/g, '_').toUpperCase();
    const expected = {
      errorClass: 'ShopError',
      live: LIVE.map((e) => ({ ...e, member: member(e.name) })),
      retired: RETIRED.map((e) => ({ ...e, member: member(e.name) })),
    };
    const expectedPath = join(out, 'lifecycle.expected.json');
    writeFileSync(expectedPath, JSON.stringify(expected));
    const env = { ...process.env, PYTHONPATH: join(out, 'python'), PYTHONDONTWRITEBYTECODE: '1' };
    const result = run(venvBin('python'), [CHECKER, 'shop_errors', expectedPath], { env });
    expect(result.stdout).toContain('lifecycle checked');
  });
});

/** The parts of the OpenAPI document these tests read. */
interface OpenApiDocument {
  components: {
    schemas: { ErrorCode: Record<string, unknown[]> };
    responses: Record<string, { content: { 'application/json': { examples: object } } }>;
  };
}

describe('OpenAPI', () => {
  const document = () => JSON.parse(text('openapi/errors.json')) as OpenApiDocument;

  it('lists the live codes with index-aligned deprecated and retryable flags', () => {
    const schema = document().components.schemas.ErrorCode;

    expect(schema['enum']).toEqual(LIVE.map((e) => e.code));
    expect(schema['x-enum-deprecated']).toEqual(LIVE.map((e) => e.deprecated));
    expect(schema['x-enum-retryable']).toEqual(LIVE.map((e) => e.retryable));
    expect(schema['x-retired-codes']).toEqual(RETIRED.map((e) => e.code));
  });

  it('has no response for a status whose codes are all retired', () => {
    expect(Object.keys(document().components.responses)).toEqual([
      'Error402',
      'Error403',
      'Error404',
      'Error429',
      'Error503',
    ]);
  });

  it('says in the example description that a code is deprecated or retryable', () => {
    const examples = document().components.responses['Error503']!.content['application/json']
      .examples as Record<string, { description?: string }>;

    expect(examples['WarehouseTimeout']!.description).toBe(
      'Deprecated: Use TooManyRequests instead. A retry of the failed request may succeed.',
    );
  });

  it('passes redocly lint and openapi-spec-validator', () => {
    const env = {
      ...process.env,
      REDOCLY_TELEMETRY: 'off',
      REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
    };
    const file = join(out, 'openapi/errors.yaml');
    const lint = ['--prefix', root, '--no', '--', 'redocly', 'lint', file, '--format=json'];
    const config = ['--config', join(root, 'redocly.yaml')];
    const report = run('npx', [...lint, ...config], { cwd: out, env }).stdout;
    expect((JSON.parse(report) as { problems: unknown[] }).problems).toEqual([]);
    expect(run(venvBin('openapi-spec-validator'), [file]).stdout).toContain('OK');
  });
});

describe('reference page', () => {
  it('strikes retired rows through and gives the reason', () => {
    expect(text('docs/errors.md')).toContain(
      '| <a id="41000001"></a>~~41000001~~ | ~~GiftCardsRemoved~~ | ' +
        '~~gift cards are no longer sold~~ |  | **Retired**: Gift cards were withdrawn in 2021. |',
    );
  });

  it('marks deprecated and retryable codes, linking the replacement', () => {
    expect(text('docs/errors.md')).toContain(
      '| **Deprecated**: Use [TooManyRequests](#42900001) instead.<br>**Retryable** |',
    );
  });
});
