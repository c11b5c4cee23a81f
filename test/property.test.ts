/**
 * Random catalogs with hostile text, generated into every target and compiled as one batch per
 * toolchain. The property: a catalog errgen accepts comes out, in every language, holding
 * exactly its codes, statuses, messages and names; a catalog it refuses gets positioned
 * diagnostics, no crash, and no file written.
 *
 * CI runs a fixed sample; ERRGEN_PROPERTY_RUNS (default 25) and ERRGEN_PROPERTY_SEED change
 * its size and seed. The sample depends only on the seed, so a failing label reproduces.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  type BatchMember,
  type CatalogInput,
  catalogYaml,
  describeTargetChecks,
  generateCatalog,
  type GenerateRun,
  layoutOf,
  OUTPUT_LAYOUT,
} from './support/targets.ts';

const SEED = Number(process.env.ERRGEN_PROPERTY_SEED ?? 20_251_203);
const RUNS = Number(process.env.ERRGEN_PROPERTY_RUNS ?? 25);

/** A sampled catalog: names made distinct by construction, or drawn freely. */
interface Sample {
  label: string;
  /** Free names may be invalid or collide; the validator decides. */
  freeNames: boolean;
  input: CatalogInput;
}

/** Pieces that have broken generators: quotes, escapes, comment and template syntax, entities. */
const HOSTILE_PIECES = [
  ...['"', "'", '`', '\\', '\\\\', '\\n', '\\u0041', '\\U0001F600', '\\x41', '\\N{BULLET}'],
  ...['*/', '/*', '//', '#', '"""', "'''", '${x}', '{{x}}', '{{{x}}}', '{{> p}}', '%s', '%d'],
  ...['&quot;', '&#x27;', '&amp;', '<b>', '\n', '\r\n', '\r', '\t', '\0', '\u001b', '\u007f'],
  ...['\u0085', '\u2028', '\u2029', '\ufeff', '\u200b', '\u202e', '\u00a0', '\ue000', '😀'],
  ...['👩‍💻', '文件不存在', 'e\u0301', '@param', ' * ', 'NO', 'on', '~'],
  ...['null', '0123', '-1'],
  ...['[object Promise]', '# type: ignore', ': ', '- ', '---', '|', '>', '=', '<<'],
];

/** Text made of hostile pieces and arbitrary code points, astral ones included. */
const hostileText = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_PIECES) },
      { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((pieces) => pieces.join(''));

/** Hostile text with something besides white space, as messages and string codes need. */
const visibleText = hostileText.map((text) => (text.trim() === '' ? `x${text}` : text));

const status = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 400, max: 599 }) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 399 }) },
);

const integerCode = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
  fc.constantFrom(0, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, -2147483648),
);

/** Words of names, keywords and attributes of the three languages among them. */
const NAME_WORDS = [
  ...['invalid', 'url', 'user', 'id', 'ids', 'http', 'https', 'api', 'key', 'json', 'not'],
  ...['found', 'none', 'true', 'class', 'async', 'type', 'func', 'range', 'string', 'name'],
  ...['value', 'count', 'format', 'index', 'error', 'code', 'info', 'md5', 'utf8', 'sha256'],
  ...['nan', 'infinity', 'constructor', 'prototype', 'self', 'mro', 'lookup', 'infos'],
];

/** The last word of a constructed name, one per entry; none ends another. */
const MARKERS = ['Alpha', 'Bravo', 'Delta', 'Hotel', 'India', 'Oscar', 'Romeo', 'Tango'];

type NameStyle = 'pascal' | 'acronyms' | 'camel' | 'snake' | 'upper';

const capitalized = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** A name in `style` from `words` and a marker, distinct in every target from other markers. */
function constructedName(words: readonly string[], style: NameStyle, marker: string): string {
  const all = [...words, marker.toLowerCase()];
  switch (style) {
    case 'pascal':
      return all.map(capitalized).join('');
    case 'acronyms':
      return all
        .map((w, i) => (i < words.length && w.length <= 4 ? w.toUpperCase() : capitalized(w)))
        .join('');
    case 'camel':
      return all.map((w, i) => (i === 0 ? w : capitalized(w))).join('');
    case 'snake':
      return all.join('_');
    case 'upper':
      return all.join('_').toUpperCase();
  }
}

const nameStyle = fc.constantFrom<NameStyle>('pascal', 'acronyms', 'camel', 'snake', 'upper');
const nameWords = fc.array(fc.constantFrom(...NAME_WORDS), { maxLength: 2 });

/** Names that may be unusable or collide: the validator must refuse those, never crash. */
const freeName = fc.oneof(
  fc.constantFrom(
    ...['5xx', '-date', 'Nm³', '_hidden', 'Etc/GMT+1', '', 'a b', 'HTTPError', 'HttpError'],
    ...['Foo_Bar', 'FooBar', 'Error', 'Code', 'Info', 'Infos', 'Lookup', 'None', 'name', 'NaN'],
  ),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,10}$/),
);

/** The shared fields of an entry, before its name. */
const entryFields = <C>(code: fc.Arbitrary<C>) =>
  fc.record(
    {
      code,
      status,
      message: visibleText,
      description: hostileText,
      words: nameWords,
      style: nameStyle,
      free: freeName,
    },
    { requiredKeys: ['code', 'status', 'message', 'words', 'style', 'free'] },
  );

/** A catalog of up to eight entries with distinct codes. */
const catalogArbitrary = fc
  .record({
    codeType: fc.constantFrom<'integer' | 'string'>('integer', 'string'),
    freeNames: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, fc.constant(true)),
    integers: fc.uniqueArray(entryFields(integerCode), {
      minLength: 1,
      maxLength: 8,
      selector: (e) => e.code,
    }),
    strings: fc.uniqueArray(entryFields(visibleText), {
      minLength: 1,
      maxLength: 8,
      selector: (e) => e.code,
    }),
  })
  .map(({ codeType, freeNames, integers, strings }) => {
    const fields = codeType === 'integer' ? integers : strings;
    const errors = fields.map((f, i) => ({
      name: freeNames ? f.free : constructedName(f.words, f.style, MARKERS[i]!),
      code: f.code,
      status: f.status,
      message: f.message,
      ...(f.description === undefined ? {} : { description: f.description }),
    }));
    return { freeNames, input: { codeType, errors } };
  });

const samples: Sample[] = fc
  .sample(catalogArbitrary, { seed: SEED, numRuns: RUNS })
  .map((s, i) => ({ label: `prop-${i}`, ...s }));

/** Toolchains get a minute per 25 catalogs, at least five. */
const toolTimeout = Math.max(300_000, RUNS * 2_400);

let scratch: string;
const runs = new Map<string, GenerateRun>();
const members: BatchMember[] = [];

const outDirOf = (label: string) => join(scratch, 'out', label);

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'errgen-property-'));
  mkdirSync(join(scratch, 'catalogs'));
  for (const sample of samples) {
    const path = join(scratch, 'catalogs', `${sample.label}.yaml`);
    writeFileSync(path, catalogYaml(sample.input));
    const result = await generateCatalog(path, outDirOf(sample.label));
    runs.set(sample.label, result);
    if (result.exitCode === 0) {
      members.push({ label: sample.label, outDir: outDirOf(sample.label), input: sample.input });
    }
  }
}, toolTimeout);

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe(`${RUNS} random catalogs (seed ${SEED})`, () => {
  it('accepts every catalog whose names are distinct by construction', () => {
    const refused = samples
      .filter((s) => !s.freeNames && runs.get(s.label)!.exitCode !== 0)
      .map((s) => ({ label: s.label, diagnostics: runs.get(s.label)!.diagnostics }));
    expect(refused).toEqual([]);
  });

  it.runIf(RUNS >= 25)('samples both code types and both kinds of names', () => {
    const kinds = new Set(samples.map((s) => `${s.input.codeType} ${s.freeNames}`));
    expect([...kinds].sort()).toEqual([
      'integer false',
      'integer true',
      'string false',
      'string true',
    ]);
  });

  it.each(samples.map((s) => s.label))(
    '%s: writes all five targets, or refuses with positioned diagnostics and writes nothing',
    (label) => {
      const result = runs.get(label)!;
      expect(result.stderr).toBe('');
      if (result.exitCode === 0) {
        expect(layoutOf(outDirOf(label))).toEqual(OUTPUT_LAYOUT);
        return;
      }
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      expect(result.exitCode).toBe(1);
      expect(existsSync(outDirOf(label))).toBe(false);
      expect(errors.length).toBeGreaterThan(0);
      for (const d of errors) {
        expect(d.code).toMatch(/^E[34]\d\d$/);
        expect(d.position?.line, d.message).toBeGreaterThan(0);
        expect(d.entry, d.message).toBeDefined();
      }
    },
  );
});

describe('toolchains', () => {
  describeTargetChecks({
    labels: samples.map((s) => s.label),
    members: () => members,
    scratch: () => join(scratch, 'tools'),
    allowMissing: true,
    timeout: toolTimeout,
  });
});
