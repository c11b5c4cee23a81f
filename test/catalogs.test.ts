/**
 * Real error catalogs that nobody on this team wrote (fixtures/catalogs/*.json), fed to errgen
 * as they stand. Those without problems generate and compile in every target; the others are
 * rejected with one diagnostic per problem, naming every offending entry, and nothing is
 * written. The problems are worked out here from the JSON, independently of errgen.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  type BatchMember,
  type CatalogInput,
  describeTargetChecks,
  generateCatalog,
  type GenerateRun,
  layoutOf,
  OUTPUT_LAYOUT,
} from './support/targets.ts';

/** A catalog file as the fixtures hold it: text exactly as the source has it. */
interface RealCatalog {
  source: string;
  codeType: 'integer' | 'string';
  errors: { code: number | string; status: number; name: string | null; message: string }[];
}

/** A problem errgen must report: its diagnostic code and the entry it is about. */
interface Problem {
  code: string;
  entry: string;
}

const folder = fileURLToPath(new URL('./fixtures/catalogs/', import.meta.url));
const files = readdirSync(folder)
  .filter((file) => file.endsWith('.json'))
  .sort();
const catalogs = new Map(
  files.map((file) => [
    basename(file, '.json'),
    JSON.parse(readFileSync(join(folder, file), 'utf8')) as RealCatalog,
  ]),
);

/** What the README's rules say is wrong with each entry; an entry with no name gets no more. */
function problemsOf(catalog: RealCatalog): Problem[] {
  const problems: Problem[] = [];
  const names = new Set<string>();
  const codes = new Set<number | string>();
  catalog.errors.forEach((entry, index) => {
    if (typeof entry.name !== 'string') {
      problems.push({ code: 'E203', entry: `errors[${index}]` });
      return;
    }
    const add = (code: string) => problems.push({ code, entry: entry.name! });
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(entry.name)) {
      add('E401');
    }
    if (names.has(entry.name)) {
      add('E303');
    }
    if (codes.has(entry.code)) {
      add('E302');
    }
    if (entry.message.trim() === '') {
      add('E306');
    }
    if (entry.status < 100 || entry.status > 599) {
      add('E304');
    }
    names.add(entry.name);
    codes.add(entry.code);
  });
  return problems;
}

/** Every entry a problem is about, with the first holders of duplicated codes and names. */
function offendingEntries(catalog: RealCatalog): string[] {
  const named = new Set(problemsOf(catalog).map((p) => p.entry));
  const counts = new Map<number | string, number>();
  catalog.errors.forEach((e) => counts.set(e.code, (counts.get(e.code) ?? 0) + 1));
  for (const entry of catalog.errors) {
    if (counts.get(entry.code)! > 1 && typeof entry.name === 'string') {
      named.add(entry.name);
    }
  }
  return [...named].sort();
}

const order = (problems: readonly Problem[]) => problems.map((p) => `${p.code} ${p.entry}`).sort();

const validLabels = [...catalogs].filter(([, c]) => problemsOf(c).length === 0).map(([l]) => l);
const rejectedLabels = [...catalogs].filter(([, c]) => problemsOf(c).length > 0).map(([l]) => l);

let scratch: string;
const runs = new Map<string, GenerateRun>();
const members: BatchMember[] = [];

const outDirOf = (label: string) => join(scratch, 'out', label);
const catalogPath = (label: string) => join(scratch, 'catalogs', `${label}.json`);

/** The catalog as the outputs must hold it. */
function inputOf(catalog: RealCatalog): CatalogInput {
  const errors = catalog.errors.map(({ name, code, status, message }) => {
    return { name: name ?? '', code, status, message };
  });
  return { codeType: catalog.codeType, errors };
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'errgen-catalogs-'));
  mkdirSync(join(scratch, 'catalogs'));
  for (const [label, catalog] of catalogs) {
    copyFileSync(join(folder, `${label}.json`), catalogPath(label));
    const result = await generateCatalog(catalogPath(label), outDirOf(label));
    runs.set(label, result);
    if (result.exitCode === 0) {
      members.push({ label, outDir: outDirOf(label), input: inputOf(catalog) });
    }
  }
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

it('sorts the four catalogs: two valid as they stand, two to reject', () => {
  expect(validLabels).toEqual(['grpc-status-codes', 'python-httpstatus']);
  expect(rejectedLabels).toEqual(['http-statuses-jshttp', 's3-minio-api-errors']);
});

describe('catalogs valid as they stand', () => {
  it.each(validLabels)(
    '%s: generates the five targets; warns only of statuses below 400',
    (label) => {
      const result = runs.get(label)!;
      const below400 = catalogs.get(label)!.errors.filter((e) => e.status < 400);

      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(layoutOf(outDirOf(label))).toEqual(OUTPUT_LAYOUT);
      expect(result.diagnostics.map((d) => [d.code, d.entry])).toEqual(
        below400.map((e) => ['W101', e.name]),
      );
    },
  );
});

describe('catalogs to reject', () => {
  it.each(rejectedLabels)('%s: one diagnostic per problem; nothing is written', (label) => {
    const result = runs.get(label)!;
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    const problems = problemsOf(catalogs.get(label)!);

    expect(result.exitCode).toBe(1);
    expect(existsSync(outDirOf(label))).toBe(false);
    expect(errors).toHaveLength(problems.length);
    expect(order(errors.map((d) => ({ code: d.code, entry: d.entry ?? '' })))).toEqual(
      order(problems),
    );
    expect(errors.filter((d) => !d.position?.line)).toEqual([]);
  });

  it.each(rejectedLabels)('%s: every offending entry is named in a message', (label) => {
    const messages = runs.get(label)!.diagnostics.map((d) => d.message);
    const unnamed = offendingEntries(catalogs.get(label)!).filter(
      (name) => !messages.some((m) => m.includes(JSON.stringify(name))),
    );
    expect(unnamed).toEqual([]);
  });
});

describe('toolchains', () => {
  describeTargetChecks({
    labels: validLabels,
    members: () => members,
    scratch: () => join(scratch, 'tools'),
  });
});
