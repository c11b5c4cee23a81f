/**
 * A generate run killed while it writes leaves every output either as it was or as it should
 * become, never partly written; the next run clears what the killed one left behind.
 */
import { spawn } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { runCli } from './support/cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'errgen-kill-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const targets = 'openapi,go,python,docs';

/** A catalog big enough that writing its outputs takes a while (megabytes of text). */
function catalogText(version: string): string {
  const lines = ['catalog: big', 'errors:'];
  for (let i = 0; i < 1500; i++) {
    lines.push(
      `  - name: Failure${i}`,
      `    code: ${400_000 + i}`,
      `    status: ${400 + (i % 100)}`,
      `    message: "failure ${i} of version ${version}, with some text to make the files bigger"`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Every file below `dir` (dot files included), by relative path, with its text. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) {
        walk(path);
      } else {
        files.set(relative(dir, path), readFileSync(path, 'utf8'));
      }
    }
  };
  walk(dir);
  return files;
}

/** Starts `errgen generate` and kills it `delayMs` after it starts writing. */
function generateAndKill(catalog: string, out: string, delayMs: number): Promise<void> {
  const args = ['bin/errgen.js', 'generate', '--catalog', catalog, '--out', out];
  const child = spawn('node', [...args, '--only', targets, '--verbose']);
  return new Promise((resolve) => {
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // `compare` is timed just before the write phase starts.
      if (/^compare: /m.test(stderr) && !child.killed) {
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.on('exit', () => resolve());
  });
}

describe('a generate run killed while writing', () => {
  const before = join(scratch, 'before.yaml');
  const after = join(scratch, 'after.yaml');
  writeFileSync(before, catalogText('one'));
  writeFileSync(after, catalogText('two'));

  it('leaves each file old or new, and the next run finishes the job', async () => {
    const reference = join(scratch, 'reference');
    await runCli(['generate', '--catalog', after, '--out', reference, '--only', targets]);
    const wanted = snapshot(reference);
    const original = join(scratch, 'original');
    await runCli(['generate', '--catalog', before, '--out', original, '--only', targets]);
    const old = snapshot(original);

    const delays = [0, 3, 10];
    for (const delayMs of delays) {
      const out = join(scratch, `killed-${delayMs}`);
      cpSync(original, out, { recursive: true });
      await generateAndKill(after, out, delayMs);

      for (const [path, text] of snapshot(out)) {
        if (/\.errgen-tmp$/.test(path)) {
          continue; // a killed run's temporary file; never an output
        }
        const whole = text === old.get(path) || text === wanted.get(path);
        expect(whole, `${path} after a kill ${delayMs} ms into writing`).toBe(true);
      }
    }

    const killed = join(scratch, `killed-${delays[0]}`);
    await runCli(['generate', '--catalog', after, '--out', killed, '--only', targets]);
    expect(snapshot(killed)).toEqual(wanted);
  });
});
