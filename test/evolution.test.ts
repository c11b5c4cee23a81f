/**
 * `errgen diff` on pairs of catalogs made from spec/errors.yaml, one change per rule: each
 * reports its rule id, severity, the lines of the entry on both sides and the exit code. The
 * last tests compare against a git revision in a temporary repository.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

import { type Change, RULES, type RuleId } from '../generators/evolution/diff.ts';
import { runCli } from './support/cli.ts';
import { describeWith } from './support/toolchain.ts';

const errgen = fileURLToPath(new URL('../bin/errgen.js', import.meta.url));
const upyun = readFileSync('spec/errors.yaml', 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'errgen-evolution-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `text` with `from` replaced by `to`; `from` must occur exactly once. */
function edit(text: string, from: string, to: string): string {
  const parts = text.split(from);
  if (parts.length !== 2) {
    throw new Error(`expected one ${JSON.stringify(from)}, found ${parts.length - 1}`);
  }
  return parts.join(to);
}

/** The 1-based line of the only line equal to `line`. */
function lineOf(text: string, line: string): number {
  const lines = text.split('\n');
  const index = lines.indexOf(line);
  if (index < 0 || lines.lastIndexOf(line) !== index) {
    throw new Error(`expected one line ${JSON.stringify(line)}`);
  }
  return index + 1;
}

/** The line of a field of the entry `name`; the field must be written in that entry. */
function fieldLine(text: string, name: string, field: string): number {
  const lines = text.split('\n');
  const start = lineOf(text, `  - name: ${name}`);
  const end = lines.findIndex((l, i) => i >= start && l.startsWith('  - '));
  const entry = lines.slice(start, end < 0 ? undefined : end);
  const offset = entry.findIndex((l) => l.startsWith(`    ${field}:`));
  if (offset < 0) {
    throw new Error(`${name} has no ${field}`);
  }
  return start + offset + 1;
}

/** Adds `lines` (indented as entry fields) after the message of entry `name`. */
function addFields(text: string, name: string, ...lines: string[]): string {
  const at = fieldLine(text, name, 'message');
  const all = text.split('\n');
  all.splice(at, 0, ...lines.map((l) => `    ${l}`));
  return all.join('\n');
}

/** The UPYUN entry block of `name`, from its `- name:` line to the next entry. */
function entryBlock(text: string, name: string): string {
  const lines = text.split('\n');
  const start = lineOf(text, `  - name: ${name}`) - 1;
  const end = lines.findIndex((l, i) => i > start && /^ {2}(- |#)|^$/.test(l));
  return `${lines.slice(start, end).join('\n')}\n`;
}

const retiredValue = addFields(upyun, 'InvalidGmkerlValue', 'retired: { reason: never sent }');
const withoutRule = edit(upyun, 'codeRule: status-prefix\n', '');

/** One rule exercised by one change. */
interface Case {
  rule: RuleId;
  old: string;
  new: string;
  /** The lines the change points at in each file; null where it has no position. */
  lines: { old: number | null; new: number | null };
}

const CASES: Case[] = [
  {
    rule: 'code-removed',
    old: upyun,
    new: edit(upyun, entryBlock(upyun, 'InvalidGmkerlValue'), ''),
    lines: { old: lineOf(upyun, '  - name: InvalidGmkerlValue'), new: null },
  },
  {
    rule: 'tombstone-removed',
    old: retiredValue,
    new: edit(retiredValue, entryBlock(retiredValue, 'InvalidGmkerlValue'), ''),
    lines: { old: lineOf(retiredValue, '  - name: InvalidGmkerlValue'), new: null },
  },
  {
    rule: 'retired-code-reused',
    old: retiredValue,
    new: edit(upyun, '  - name: InvalidGmkerlValue\n', '  - name: InvalidGmkerlAmount\n'),
    lines: {
      old: lineOf(retiredValue, '  - name: InvalidGmkerlValue'),
      new: lineOf(upyun, '  - name: InvalidGmkerlValue'),
    },
  },
  {
    rule: 'retired-name-reused',
    old: retiredValue,
    new: edit(upyun, '    code: 40011002\n', '    code: 40011099\n'),
    lines: {
      old: fieldLine(retiredValue, 'InvalidGmkerlValue', 'code'),
      new: fieldLine(upyun, 'InvalidGmkerlValue', 'code'),
    },
  },
  {
    rule: 'unretired',
    old: retiredValue,
    new: upyun,
    lines: {
      old: lineOf(retiredValue, '  - name: InvalidGmkerlValue'),
      new: lineOf(upyun, '  - name: InvalidGmkerlValue'),
    },
  },
  {
    rule: 'status-changed',
    old: upyun,
    new: edit(
      withoutRule,
      '    code: 40400001\n    status: 404\n',
      '    code: 40400001\n    status: 410\n',
    ),
    lines: {
      old: fieldLine(upyun, 'FileOrDirectoryNotFound', 'status'),
      new: fieldLine(withoutRule, 'FileOrDirectoryNotFound', 'status'),
    },
  },
  {
    rule: 'name-changed',
    old: upyun,
    new: edit(upyun, '  - name: InvalidGmkerlType\n', '  - name: InvalidGmkerlKind\n'),
    lines: {
      old: lineOf(upyun, '  - name: InvalidGmkerlType'),
      new: lineOf(upyun, '  - name: InvalidGmkerlType'),
    },
  },
  {
    rule: 'code-changed',
    old: upyun,
    new: edit(upyun, '    code: 40011001\n', '    code: 40011099\n'),
    lines: {
      old: fieldLine(upyun, 'InvalidGmkerlType', 'code'),
      new: fieldLine(upyun, 'InvalidGmkerlType', 'code'),
    },
  },
  {
    rule: 'code-type-changed',
    old: upyun,
    new: withoutRule
      .replace('codeType: integer\n', 'codeType: string\n')
      .replace(/^ {4}code: (\d+)$/gm, '    code: "$1"'),
    lines: { old: lineOf(upyun, 'codeType: integer'), new: lineOf(upyun, 'codeType: integer') },
  },
  {
    rule: 'message-changed',
    old: upyun,
    new: edit(
      upyun,
      '    message: too many requests\n',
      '    message: too many requests, slow down\n',
    ),
    lines: {
      old: fieldLine(upyun, 'TooManyRequests', 'message'),
      new: fieldLine(upyun, 'TooManyRequests', 'message'),
    },
  },
  {
    rule: 'description-changed',
    old: upyun,
    new: edit(upyun, 'too far from the server clock.', 'more than 15 minutes off.'),
    lines: {
      // A description map is located at its first locale's line.
      old: fieldLine(upyun, 'DateOffsetTooLarge', 'description') + 1,
      new: fieldLine(upyun, 'DateOffsetTooLarge', 'description') + 1,
    },
  },
  {
    rule: 'deprecated-removed',
    old: addFields(upyun, 'TooManyRequestsForSameUri', 'deprecated: true'),
    new: upyun,
    lines: {
      old: fieldLine(upyun, 'TooManyRequestsForSameUri', 'message') + 1,
      new: lineOf(upyun, '  - name: TooManyRequestsForSameUri'),
    },
  },
  {
    rule: 'retryable-changed',
    old: upyun,
    new: edit(
      upyun,
      '    retryable: true\n  - name: TooManyRequestsForSameUri',
      '  - name: TooManyRequestsForSameUri',
    ),
    lines: {
      old: fieldLine(upyun, 'TooManyRequests', 'retryable'),
      new: lineOf(upyun, '  - name: TooManyRequests'),
    },
  },
  {
    rule: 'code-added',
    old: upyun,
    new:
      `${upyun.trimEnd()}\n  - name: QuotaExceeded\n    code: 50300099\n` +
      '    status: 503\n    message: quota exceeded\n',
    lines: { old: null, new: upyun.trimEnd().split('\n').length + 1 },
  },
  {
    rule: 'deprecated-added',
    old: upyun,
    new: addFields(
      upyun,
      'TooManyRequestsForSameUri',
      'deprecated: { replacedBy: TooManyRequests }',
    ),
    lines: {
      old: lineOf(upyun, '  - name: TooManyRequestsForSameUri'),
      new: fieldLine(upyun, 'TooManyRequestsForSameUri', 'message') + 1,
    },
  },
  {
    rule: 'code-retired',
    old: upyun,
    new: addFields(
      upyun,
      'UnknownFailure',
      'retired: { reason: folded into UnknownBackendFailure }',
    ),
    lines: {
      old: lineOf(upyun, '  - name: UnknownFailure'),
      new: fieldLine(upyun, 'UnknownFailure', 'message') + 1,
    },
  },
];

/** The status change, used beyond its rule's own test. */
const statusCase = CASES.find((c) => c.rule === 'status-changed')!;

/** Writes a pair of catalogs into a folder of its own and returns their paths. */
function writePair(label: string, old: string, next: string): { old: string; new: string } {
  const dir = join(scratch, label);
  mkdirSync(dir, { recursive: true });
  const paths = { old: join(dir, 'old.yaml'), new: join(dir, 'new.yaml') };
  writeFileSync(paths.old, old);
  writeFileSync(paths.new, next);
  return paths;
}

/** What `errgen diff --format json` printed. */
interface DiffReport {
  ok: boolean;
  changes: Change[];
  diagnostics: { code: string }[];
}

/** Runs `errgen diff --format json` on a pair, with extra `flags`. */
async function diffJson(paths: { old: string; new: string }, ...flags: string[]) {
  const run = await runCli(['diff', paths.old, paths.new, '--format', 'json', ...flags]);
  return { exitCode: run.exitCode, report: JSON.parse(run.stdout) as DiffReport };
}

describe('errgen diff, one rule at a time', () => {
  it('has a case for every rule', () => {
    expect(CASES.map((c) => c.rule).sort()).toEqual(Object.keys(RULES).sort());
  });

  for (const testCase of CASES) {
    const severity = RULES[testCase.rule];
    it(`reports ${testCase.rule} as ${severity}, with the lines on each side`, async () => {
      const paths = writePair(testCase.rule, testCase.old, testCase.new);
      const { exitCode, report } = await diffJson(paths);

      expect(report.changes.map((c) => [c.rule, c.severity])).toEqual([[testCase.rule, severity]]);
      const [change] = report.changes;
      expect(change!.old?.line ?? null).toBe(testCase.lines.old);
      expect(change!.new?.line ?? null).toBe(testCase.lines.new);
      expect(change!.old?.file ?? paths.old).toBe(paths.old);
      expect(change!.new?.file ?? paths.new).toBe(paths.new);
      expect(exitCode).toBe(severity === 'breaking' ? 1 : 0);
      expect(report.ok).toBe(severity !== 'breaking');
    });
  }
});

describe('errgen diff', () => {
  it('prints one line per change naming the entry and both positions', async () => {
    const paths = writePair('text', statusCase.old, statusCase.new);
    const run = await runCli(['diff', paths.old, paths.new, '--no-color']);
    const { old, new: next } = statusCase.lines;

    expect(run.exitCode).toBe(1);
    expect(run.stderr.split('\n')).toEqual([
      `${paths.new}:${next}:13 - breaking status-changed: status of "FileOrDirectoryNotFound" ` +
        `(code 40400001) changed from 404 to 410 (was ${paths.old}:${old}:13)`,
      'errgen diff: 1 breaking change; pass --allow-breaking to accept it.',
      '',
    ]);
    expect(run.stdout).toBe('1 breaking, 0 warnings, 0 notes, 0 fine\n');
  });

  it('exits 0 with --allow-breaking, still printing the change', async () => {
    const paths = writePair('allowed', statusCase.old, statusCase.new);
    const run = await runCli(['diff', paths.old, paths.new, '--allow-breaking']);

    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('breaking status-changed');
  });

  it('fails on a warning with --strict', async () => {
    const warning = CASES.find((c) => c.rule === 'message-changed')!;
    const paths = writePair('strict', warning.old, warning.new);

    expect((await diffJson(paths)).exitCode).toBe(0);
    expect((await diffJson(paths, '--strict')).exitCode).toBe(1);
  });

  it('reports nothing for the same catalog', async () => {
    const paths = writePair('same', upyun, upyun);
    const run = await runCli(['diff', paths.old, paths.new]);

    expect([run.exitCode, run.stdout, run.stderr]).toEqual([0, 'no changes\n', '']);
  });

  it('reports every change of a pull request, in catalog order', async () => {
    const next = addFields(
      edit(upyun, '  - name: InvalidGmkerlType\n', '  - name: InvalidGmkerlKind\n'),
      'UnknownFailure',
      'retired: true',
    );
    const paths = writePair('several', upyun, edit(next, entryBlock(next, 'DecodeFailed'), ''));
    const { report } = await diffJson(paths);

    expect(report.changes.map((c) => [c.rule, c.entry])).toEqual([
      ['name-changed', 'InvalidGmkerlKind'],
      ['code-retired', 'UnknownFailure'],
      ['code-removed', 'DecodeFailed'],
    ]);
  });

  it('reports the diagnostics of a side that does not load, and exits 1', async () => {
    const broken = edit(upyun, '    status: 404\n', '    status: "404"\n');
    const paths = writePair('broken', upyun, broken);
    const run = await runCli(['diff', paths.old, paths.new, '--no-color']);

    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      `${paths.new}:${fieldLine(broken, 'FileOrDirectoryNotFound', 'status')}:13 - error E203`,
    );
  });
});

/** Runs git in `cwd`, failing the test with its output when it fails. */
function git(cwd: string, ...args: string[]): void {
  const identity = ['-c', 'user.name=errgen', '-c', 'user.email=errgen@example.com'];
  const result = spawnSync('git', [...identity, ...args], { cwd, encoding: 'utf8' });
  expect(result.status, `git ${args.join(' ')}: ${result.stderr}`).toBe(0);
}

/** Runs the errgen command in `cwd`, as a CI job would. */
function errgenIn(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [errgen, ...args], { cwd, encoding: 'utf8' });
}

describeWith(['git'], 'errgen diff against a git revision', () => {
  const repo = join(scratch, 'repo');
  const status = fieldLine(withoutRule, 'FileOrDirectoryNotFound', 'status');
  const before = fieldLine(upyun, 'FileOrDirectoryNotFound', 'status');

  it('reads HEAD:spec/errors.yaml with git show and compares the working copy', () => {
    mkdirSync(join(repo, 'spec'), { recursive: true });
    writeFileSync(join(repo, 'spec/errors.yaml'), upyun);
    git(repo, 'init', '-q');
    git(repo, 'add', 'spec/errors.yaml');
    git(repo, 'commit', '-q', '-m', 'catalog');
    writeFileSync(join(repo, 'spec/errors.yaml'), statusCase.new);

    const run = errgenIn(repo, 'diff', 'HEAD:spec/errors.yaml', 'spec/errors.yaml');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `spec/errors.yaml:${status}:13 - breaking status-changed: status of ` +
        `"FileOrDirectoryNotFound" (code 40400001) changed from 404 to 410 ` +
        `(was HEAD:spec/errors.yaml:${before}:13)`,
    );
  });

  it('compares with the configured catalog when no new side is given', () => {
    const run = errgenIn(repo, 'diff', 'HEAD:spec/errors.yaml', '--format', 'json');
    const report = JSON.parse(run.stdout) as DiffReport;

    expect(run.status).toBe(1);
    expect(report.changes.map((c) => [c.rule, c.old?.file, c.new?.file])).toEqual([
      ['status-changed', 'HEAD:spec/errors.yaml', 'spec/errors.yaml'],
    ]);
  });

  it('names a revision git cannot read, and exits 1', () => {
    const run = errgenIn(repo, 'diff', 'no-such-branch:spec/errors.yaml');

    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^error E105: cannot read no-such-branch:spec\/errors\.yaml from git: /,
    );
  });
});
