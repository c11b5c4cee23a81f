/**
 * The command line runs the TypeScript target on a worker thread (generators/emit/off-thread.ts),
 * which the in-process tests never reach: they run the sources, where the target stays on the
 * main thread. These runs start bin/errgen.js as users do and check that the thread changes
 * nothing but timing: the same bytes, its failures reported, no run left hanging.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import Module from 'node:module';
import { dirname, join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { generate } from '../generators/pipeline.ts';

const scratch = mkdtempSync(join(tmpdir(), 'errgen-off-thread-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `errgen generate` as a separate process; a run that hangs fails after a minute. */
function errgen(catalog: string, out: string, ...args: string[]) {
  const argv = ['bin/errgen.js', 'generate', '--catalog', catalog, '--out', out, ...args];
  const run = spawnSync(process.execPath, argv, { encoding: 'utf8', timeout: 60_000 });
  expect(run.error, 'errgen did not exit within a minute').toBeUndefined();
  return run;
}

describe('the TypeScript target on its own thread', () => {
  it('writes the same bytes as the in-process pipeline, for every target', async () => {
    const catalog = 'test/fixtures/typescript/hostile-strings.yaml';
    const out = join(scratch, 'same');
    const run = errgen(catalog, out);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const expected = await generate({ catalogPath: catalog, outDir: out });
    expect(expected.files.length).toBeGreaterThan(0);
    for (const file of expected.files) {
      expect(readFileSync(join(out, file.path), 'utf8'), file.path).toBe(file.contents);
    }
  });

  // On the thread, prettier cannot load the plugin, or cannot read the config at all. prettier's
  // JSON errors hold their code frame twice; it is printed once.
  const plugin = '{ "plugins": ["errgen-no-such-plugin"] }';
  const broken = '{ "printWidth": 40,, }';
  it.each([
    { title: 'a plugin that does not load', file: '.prettierrc', config: plugin, frames: 0 },
    { title: 'a config that does not parse', file: '.prettierrc', config: broken, frames: 0 },
    {
      title: 'a JSON config that does not parse',
      file: '.prettierrc.json',
      config: broken,
      frames: 1,
    },
  ])('reports $title as a user error, exits 1 and writes nothing', ({ file, config, frames }) => {
    const out = mkdtempSync(join(scratch, 'prettierrc-'));
    writeFileSync(join(out, file), `${config}\n`);
    const run = errgen('spec/errors.yaml', out);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('the prettier config that applies to');
    expect(run.stderr).toContain(config === plugin ? 'errgen-no-such-plugin' : file);
    expect(run.stderr).not.toContain('bug in errgen');
    expect(run.stderr.split('\n').filter((line) => line.startsWith('> 1 |'))).toHaveLength(frames);
    expect(existsSync(join(out, 'ts'))).toBe(false);
    expect(existsSync(join(out, 'go'))).toBe(false);
  });

  it('is stopped when the catalog has errors, so the run exits at once', () => {
    const catalog = join(scratch, 'broken.yaml');
    writeFileSync(catalog, 'errors:\n  - name: A\n    code: x\n');
    const run = errgen(catalog, join(scratch, 'broken'));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('broken.yaml:');
  });
});

// Node.js 22 and later cache compiled code themselves (generators/code-cache.ts).
describe.runIf(!('enableCompileCache' in Module))('the code cache in the build', () => {
  // ts-morph's three files, prettier's standalone formatter and its two TypeScript plugins.
  it('is written to dist/<build>/code-cache/ by a run, one file for each library file', () => {
    errgen('spec/errors.yaml', join(scratch, 'code-cache'));
    const main = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "console.log(await (await import('./bin/build.js')).builtMain())",
      ],
      { encoding: 'utf8' },
    ).stdout.trim();
    const cacheFolder = join(dirname(dirname(main)), 'code-cache');
    expect(readdirSync(cacheFolder).filter((name) => name.endsWith('.bin'))).toHaveLength(6);
  });
});
