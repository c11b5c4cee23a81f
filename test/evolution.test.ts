/**
 * `errgen diff` on pairs of catalogs made from spec/errors.yaml, one change per rule: each
 * reports its rule id, severity, the lines of the entry on both sides and the exit code. The
 * last tests compare against a git revision in a temporary repository.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
const deprecatedFailure = addFields(upyun, 'UnknownFailure', 'deprecated: true');
// FileOrDirectoryNotFound is the only code of status 404, so Error404 hangs on it.
const deprecatedNotFound = addFields(upyun, 'FileOrDirectoryNotFound', 'deprecated: true');
const retiredNotFound = addFields(deprecatedNotFound, 'FileOrDirectoryNotFound', 'retired: true');
const withoutRule = edit(upyun, 'codeRule: status-prefix\n', '');

/** One rule exercised by one change. */
interface Case {
  rule: RuleId;
  old: string;
  new: string;
  /** The lines the change points at in each file; null where it has no position. */
  lines: { old: number | null; new: number | null };
  /** Every rule the edit reports, in order, when it cannot help reporting more than `rule`. */
  reports?: RuleId[];
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
    // TooManyRequestsForSameUri keeps status 429 live, so its response stays.
    rule: 'status-changed',
    old: upyun,
    new: edit(
      withoutRule,
      '    code: 42900001\n    status: 429\n',
      '    code: 42900001\n    status: 503\n',
    ),
    lines: {
      old: fieldLine(upyun, 'TooManyRequests', 'status'),
      new: fieldLine(withoutRule, 'TooManyRequests', 'status'),
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
    old: deprecatedFailure,
    new: addFields(
      deprecatedFailure,
      'UnknownFailure',
      'retired: { reason: folded into UnknownBackendFailure }',
    ),
    lines: {
      old: lineOf(upyun, '  - name: UnknownFailure'),
      new: fieldLine(upyun, 'UnknownFailure', 'message') + 1,
    },
  },
  {
    rule: 'retired-without-deprecation',
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
  {
    // The last code of a status cannot go without a change of its own: here, its retirement.
    rule: 'status-response-removed',
    old: deprecatedNotFound,
    new: retiredNotFound,
    lines: {
      old: fieldLine(upyun, 'FileOrDirectoryNotFound', 'status'),
      new: fieldLine(retiredNotFound, 'FileOrDirectoryNotFound', 'retired'),
    },
    reports: ['code-retired', 'status-response-removed'],
  },
];

/** The case of `rule`, for tests beyond that rule's own. */
function caseOf(rule: RuleId): Case {
  return CASES.find((c) => c.rule === rule)!;
}

/** The status change, used beyond its rule's own test. */
const statusCase = caseOf('status-changed');

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
    const reports = testCase.reports ?? [testCase.rule];
    const breaking = reports.some((rule) => RULES[rule] === 'breaking');
    it(`reports ${testCase.rule} as ${severity}, with the lines on each side`, async () => {
      const paths = writePair(testCase.rule, testCase.old, testCase.new);
      const { exitCode, report } = await diffJson(paths);

      expect(report.changes.map((c) => [c.rule, c.severity])).toEqual(
        reports.map((rule) => [rule, RULES[rule]]),
      );
      const change = report.changes.find((c) => c.rule === testCase.rule);
      expect(change!.old?.line ?? null).toBe(testCase.lines.old);
      expect(change!.new?.line ?? null).toBe(testCase.lines.new);
      expect(change!.old?.file ?? paths.old).toBe(paths.old);
      expect(change!.new?.file ?? paths.new).toBe(paths.new);
      expect(exitCode).toBe(breaking ? 1 : 0);
      expect(report.ok).toBe(!breaking);
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
      `${paths.new}:${next}:13 - breaking status-changed: status of "TooManyRequests" ` +
        `(code 42900001) changed from 429 to 503 (was ${paths.old}:${old}:13)`,
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

  it('explains a retirement without a deprecation; --allow-breaking accepts it', async () => {
    const { old, new: next, lines } = caseOf('retired-without-deprecation');
    const paths = writePair('retired-text', old, next);
    const run = await runCli(['diff', paths.old, paths.new, '--no-color']);
    const allowed = await diffJson(paths, '--allow-breaking');

    const message =
      '"UnknownFailure" (code 50300000) was retired without being deprecated first, so its ' +
      'identifier leaves every target with no deprecation period; deprecate it in one ' +
      'release, retire it in a later one';
    expect(run.exitCode).toBe(1);
    expect(run.stderr.split('\n')).toEqual([
      `${paths.new}:${lines.new}:14 - breaking retired-without-deprecation: ${message} ` +
        `(was ${paths.old}:${lines.old}:5)`,
      'errgen diff: 1 breaking change; pass --allow-breaking to accept it.',
      '',
    ]);
    expect(allowed.exitCode).toBe(0);
    expect(allowed.report.ok).toBe(true);
    expect(allowed.report.changes).toEqual([
      {
        rule: 'retired-without-deprecation',
        severity: 'breaking',
        message,
        entry: 'UnknownFailure',
        old: { file: paths.old, line: lines.old, column: 5 },
        new: { file: paths.new, line: lines.new, column: 14 },
      },
    ]);
  });

  it('names the status and the response that a retirement removes', async () => {
    const { old, new: next, lines } = caseOf('status-response-removed');
    const paths = writePair('response-text', old, next);
    const run = await runCli(['diff', paths.old, paths.new, '--no-color']);
    const allowed = await runCli(['diff', paths.old, paths.new, '--allow-breaking']);

    expect(run.exitCode).toBe(1);
    expect(run.stderr.split('\n')).toEqual([
      `${paths.new}:${lines.new}:14 - breaking status-response-removed: ` +
        '"FileOrDirectoryNotFound" (code 40400001) was the last live code of status 404, so ' +
        'the OpenAPI response Error404 is removed; API descriptions that $ref ' +
        '#/components/responses/Error404 no longer resolve ' +
        `(was ${paths.old}:${lines.old}:13)`,
      'errgen diff: 1 breaking change; pass --allow-breaking to accept it.',
      '',
    ]);
    expect(run.stdout).toContain('fine code-retired: "FileOrDirectoryNotFound"');
    expect(allowed.exitCode).toBe(0);
    expect(allowed.stderr).toContain('breaking status-response-removed');
  });

  it('reports the response of a status whose last code moved to another status', async () => {
    const next = edit(
      withoutRule,
      '    code: 40400001\n    status: 404\n',
      '    code: 40400001\n    status: 410\n',
    );
    const paths = writePair('response-moved', upyun, next);
    const { exitCode, report } = await diffJson(paths);

    expect(exitCode).toBe(1);
    expect(report.changes.map((c) => [c.rule, c.old?.line, c.new?.line])).toEqual([
      [
        'status-changed',
        fieldLine(upyun, 'FileOrDirectoryNotFound', 'status'),
        fieldLine(next, 'FileOrDirectoryNotFound', 'status'),
      ],
      [
        'status-response-removed',
        fieldLine(upyun, 'FileOrDirectoryNotFound', 'status'),
        fieldLine(next, 'FileOrDirectoryNotFound', 'status'),
      ],
    ]);
  });

  it('reports the response of a status whose last code was removed', async () => {
    const next = edit(upyun, entryBlock(upyun, 'FileOrDirectoryNotFound'), '');
    const paths = writePair('response-removed', upyun, next);
    const { exitCode, report } = await diffJson(paths);

    expect(exitCode).toBe(1);
    expect(report.changes.map((c) => [c.rule, c.entry, c.old?.line, c.new])).toEqual([
      [
        'code-removed',
        'FileOrDirectoryNotFound',
        lineOf(upyun, '  - name: FileOrDirectoryNotFound'),
        undefined,
      ],
      [
        'status-response-removed',
        'FileOrDirectoryNotFound',
        fieldLine(upyun, 'FileOrDirectoryNotFound', 'status'),
        undefined,
      ],
    ]);
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
      ['retired-without-deprecation', 'UnknownFailure'],
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
  const status = fieldLine(withoutRule, 'TooManyRequests', 'status');
  const before = fieldLine(upyun, 'TooManyRequests', 'status');

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
        `"TooManyRequests" (code 42900001) changed from 429 to 503 ` +
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

  // git would take `--output=<file>` for an option of its own, and write that file.
  it('never hands git a side that starts with "-"', () => {
    const run = errgenIn(repo, 'diff', '--', '--output=written-by-git:x', 'spec/errors.yaml');

    expect(run.status).toBe(1);
    expect(run.stderr).toContain('E101');
    expect(existsSync(join(repo, 'written-by-git:x'))).toBe(false);
  });
});
