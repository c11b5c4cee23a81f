/**
 * Failures that only the file system can cause once writing has begun (a full disk, an I/O
 * error): everything errgen can check is checked before the first byte is written, so these
 * are made here by a `node:fs` whose write or rename fails for one chosen file.
 */
import * as fs from 'node:fs';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';

import { runCli } from './support/cli.ts';

/** The call that fails, and on which file; undefined while no test has asked for a failure. */
const failure: { call?: 'writeFileSync' | 'renameSync'; path?: string } = {};

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof fs>();
  const failing =
    <Args extends unknown[], Result>(
      call: 'writeFileSync' | 'renameSync',
      original: (...args: Args) => Result,
    ) =>
    (...args: Args): Result => {
      const path = String(call === 'renameSync' ? args[1] : args[0]);
      if (failure.call === call && failure.path !== undefined && path.endsWith(failure.path)) {
        throw Object.assign(new Error(`ENOSPC: no space left on device, ${call} '${path}'`), {
          code: 'ENOSPC',
        });
      }
      return original(...args);
    };
  return {
    ...real,
    writeFileSync: failing('writeFileSync', real.writeFileSync),
    renameSync: failing('renameSync', real.renameSync),
  };
});

const scratch = mkdtempSync(join(tmpdir(), 'errgen-write-failures-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
afterEach(() => {
  failure.call = undefined;
  failure.path = undefined;
});

let runs = 0;
function generate(): Promise<{ out: string; run: Awaited<ReturnType<typeof runCli>> }> {
  const out = join(scratch, String(runs++));
  const args = ['--catalog', 'spec/errors.yaml', '--out', out, '--only', 'openapi,docs'];
  return runCli(['generate', ...args]).then((run) => ({ out, run }));
}

/** Every file below `folder`, as paths relative to it. */
function filesBelow(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(folder.length + 1))
    .sort();
}

describe('a file system that fails while errgen writes', () => {
  it('writes nothing when a temporary file cannot be written, removing what it made', async () => {
    failure.call = 'writeFileSync';
    // The third staged file is the page: the two OpenAPI files are staged before it.
    failure.path = `${process.pid}.2.errgen-tmp`;

    const { out, run } = await generate();

    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(
      /^errgen: error: cannot write .*\/docs\/errors\.md: ENOSPC: .*; no output was changed\n$/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('names the files already replaced when a rename fails, and cleans up', async () => {
    failure.call = 'renameSync';
    failure.path = 'docs/errors.md';

    const { out, run } = await generate();

    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      `errgen: error: cannot move ${out}/docs/errors.md into place: ENOSPC: no space left on ` +
        `device, renameSync '${out}/docs/errors.md'; 2 of 4 changed files were written before it\n`,
    );
    expect(filesBelow(out)).toEqual(['openapi/errors.json', 'openapi/errors.yaml']);
  });
});
