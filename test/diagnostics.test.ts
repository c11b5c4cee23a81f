/**
 * Scenario tests for errgen's diagnostics. Each folder under test/scenarios/diagnostics holds
 * a bad catalog.yaml (or none, or a folder of that name), optional args.txt with extra flags,
 * and expected.txt: the exit code and everything `errgen generate` printed. Every scenario
 * also proves that nothing was written. Re-record with UPDATE_SCENARIOS=1.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { runCli } from './support/cli.ts';

const root = 'test/scenarios/diagnostics';
const allowed = new Set(['catalog.yaml', 'expected.txt', 'args.txt', 'README.md']);
const update = process.env.UPDATE_SCENARIOS === '1';
const scratch = mkdtempSync(join(tmpdir(), 'errgen-diagnostics-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('diagnostics scenarios', () => {
  for (const name of readdirSync(root).sort()) {
    it(name, async () => {
      const folder = join(root, name);
      const extraFiles = readdirSync(folder).filter((f) => !allowed.has(f));
      expect(extraFiles, `unexpected files in ${folder}`).toEqual([]);

      const out = join(scratch, name);
      const argsFile = join(folder, 'args.txt');
      const extra = existsSync(argsFile) ? readFileSync(argsFile, 'utf8').trim().split(/\s+/) : [];
      const args = ['generate', '--catalog', `${folder}/catalog.yaml`, '--out', out, '--no-color'];
      const run = await runCli([...args, ...extra]);
      const actual = `exit: ${run.exitCode}\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}`;

      const expectedFile = join(folder, 'expected.txt');
      if (update) {
        writeFileSync(expectedFile, actual);
      }
      expect(existsSync(expectedFile), `${expectedFile} is missing; record it`).toBe(true);
      expect(actual).toBe(readFileSync(expectedFile, 'utf8'));
      expect(run.exitCode).toBe(1);
      expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(existsSync(out), 'a failed run must write nothing').toBe(false);
    });
  }
});
