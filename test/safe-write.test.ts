/**
 * A generate run killed while it writes leaves every output either as it was or as it should
 * become, never partly written; the next run clears what the killed one left behind. Nothing
 * is written through a symbolic link below the output folder.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { OutputError, writeOutput } from '../generators/write/output.ts';
import { runCli } from './support/cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'errgen-safe-write-'));
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

/**
 * Every file below `dir` (dot files included), by relative path, with its text; a symbolic
 * link, unfollowed, as `-> ` and the path it holds.
 */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      const stats = lstatSync(path);
      if (stats.isSymbolicLink()) {
        files.set(relative(dir, path), `-> ${readlinkSync(path)}`);
      } else if (stats.isDirectory()) {
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
  // One catalog file, edited between runs: the output's notice cites the same catalog.
  const catalog = join(scratch, 'errors.yaml');

  it('leaves each file old or new, and the next run finishes the job', async () => {
    const reference = join(scratch, 'reference');
    writeFileSync(catalog, catalogText('two'));
    await runCli(['generate', '--catalog', catalog, '--out', reference, '--only', targets]);
    const wanted = snapshot(reference);
    const original = join(scratch, 'original');
    writeFileSync(catalog, catalogText('one'));
    await runCli(['generate', '--catalog', catalog, '--out', original, '--only', targets]);
    const old = snapshot(original);
    writeFileSync(catalog, catalogText('two'));

    const delays = [0, 3, 10];
    for (const delayMs of delays) {
      const out = join(scratch, `killed-${delayMs}`);
      cpSync(original, out, { recursive: true });
      await generateAndKill(catalog, out, delayMs);

      for (const [path, text] of snapshot(out)) {
        if (/\.errgen-tmp$/.test(path)) {
          continue; // a killed run's temporary file; never an output
        }
        const whole = text === old.get(path) || text === wanted.get(path);
        expect(whole, `${path} after a kill ${delayMs} ms into writing`).toBe(true);
      }
    }

    const killed = join(scratch, `killed-${delays[0]}`);
    await runCli(['generate', '--catalog', catalog, '--out', killed, '--only', targets]);
    expect(snapshot(killed)).toEqual(wanted);
  });
});

describe('symbolic links in the output folder', () => {
  const catalog = 'spec/errors.yaml';
  const only = ['--only', 'docs,go'];
  const generate = (out: string) =>
    runCli(['generate', '--catalog', catalog, '--out', out, ...only]);
  const check = (out: string) => runCli(['check', '--catalog', catalog, '--out', out, ...only]);

  const reference = join(scratch, 'links-reference');
  beforeAll(async () => {
    await generate(reference);
  });

  let cases = 0;
  /** A folder holding `out/` and `outside/`, where links lead. */
  function freshCase(): string {
    const folder = join(scratch, `links-${cases++}`);
    mkdirSync(join(folder, 'out'), { recursive: true });
    mkdirSync(join(folder, 'outside'));
    return folder;
  }

  it('writes into an output folder that is itself a link', async () => {
    const folder = freshCase();
    const out = join(folder, 'linked-out');
    symlinkSync('outside', out);

    expect(await generate(out)).toMatchObject({ exitCode: 0, stdout: '4 written, 0 unchanged\n' });
    expect(snapshot(join(folder, 'outside'))).toEqual(snapshot(reference));
    expect(await check(out)).toMatchObject({ exitCode: 0, stderr: '' });
    expect(await generate(out)).toMatchObject({ stdout: '0 written, 4 unchanged\n' });
  });

  const stale = () => `${readFileSync(join(reference, 'docs/errors.md'), 'utf8')}stale\n`;
  const table: { title: string; given: (folder: string) => void; want: string[] }[] = [
    {
      title: 'a subfolder linked to a folder outside',
      given: (folder) => {
        writeFileSync(join(folder, 'outside/mine.txt'), 'my own file\n');
        symlinkSync('../outside', join(folder, 'out/go'));
      },
      want: ['go -> ../outside'],
    },
    {
      title: 'a generated file linked to a stale copy outside',
      given: (folder) => {
        writeFileSync(join(folder, 'outside/errors.md'), stale());
        mkdirSync(join(folder, 'out/docs'));
        symlinkSync('../../outside/errors.md', join(folder, 'out/docs/errors.md'));
      },
      want: ['docs/errors.md -> ../../outside/errors.md'],
    },
    {
      title: 'a generated file linked to an up-to-date copy outside',
      given: (folder) => {
        cpSync(join(reference, 'docs/errors.md'), join(folder, 'outside/errors.md'));
        mkdirSync(join(folder, 'out/docs'));
        symlinkSync('../../outside/errors.md', join(folder, 'out/docs/errors.md'));
      },
      want: ['docs/errors.md -> ../../outside/errors.md'],
    },
    {
      title: 'a dangling link at a generated path',
      given: (folder) => {
        mkdirSync(join(folder, 'out/docs'));
        symlinkSync('../../outside/missing.md', join(folder, 'out/docs/errors.md'));
      },
      want: ['docs/errors.md -> ../../outside/missing.md'],
    },
    {
      title: 'two links, both named at once',
      given: (folder) => {
        mkdirSync(join(folder, 'out/docs'));
        symlinkSync('../outside', join(folder, 'out/go'));
        symlinkSync('/nowhere/zh.md', join(folder, 'out/docs/errors.zh-CN.md'));
      },
      want: ['docs/errors.zh-CN.md -> /nowhere/zh.md', 'go -> ../outside'],
    },
  ];

  for (const { title, given, want } of table) {
    it(`refuses ${title}, in generate and check, writing nothing`, async () => {
      const folder = freshCase();
      given(folder);
      const before = snapshot(folder);
      const out = join(folder, 'out');
      const noun = want.length === 1 ? 'a symbolic link' : 'symbolic links';
      const links = want.map((link) => `${out}/${link}`).join(', ');
      const error = `errgen: error: refusing to write through ${noun} inside ${out}: ${links}; `;

      for (const run of [await generate(out), await check(out)]) {
        expect(run).toMatchObject({ exitCode: 1, stdout: '' });
        expect(run.stderr.startsWith(error), run.stderr).toBe(true);
        expect(run.stderr).toMatch(/; no output was changed\n$/);
        expect(run.stderr.split('\n')).toHaveLength(2);
      }
      expect(snapshot(folder)).toEqual(before);
    });
  }

  // Not links, but the same kind of obstacle: either would fail the run half-way through.
  it.each([
    [
      'a folder where a file is written',
      'docs/errors.md',
      'is a folder where errgen writes a file',
    ],
    ['a file where a folder is needed', 'go', 'is a file where errgen needs a folder'],
  ])('refuses %s, in generate and check, writing nothing', async (_title, path, problem) => {
    const folder = freshCase();
    const out = join(folder, 'out');
    if (path === 'go') {
      writeFileSync(join(out, 'go'), 'not a folder\n');
    } else {
      mkdirSync(join(out, path), { recursive: true });
    }
    const before = snapshot(folder);

    for (const run of [await generate(out), await check(out)]) {
      expect(run).toMatchObject({ exitCode: 1, stdout: '' });
      expect(run.stderr).toBe(`errgen: error: ${out}/${path} ${problem}; no output was changed\n`);
    }
    expect(snapshot(folder)).toEqual(before);
  });

  it('refuses a file name longer than file systems take, before writing anything', async () => {
    const folder = freshCase();
    const name = `${'é'.repeat(128)}.md`;
    const config = join(folder, 'errgen.config.yaml');
    const catalogPath = join(process.cwd(), catalog);
    writeFileSync(
      config,
      `catalog: ${catalogPath}\nout: out\ntargets: [openapi, docs]\ndocs: { file: docs/${name} }\n`,
    );

    const run = await runCli(['generate', '--config', config]);

    expect(run.exitCode).toBe(1);
    // The page and its zh-CN sibling, both named in one error.
    const out = relative(process.cwd(), join(folder, 'out'));
    const page = `${out}/docs/${name} has a name of 259 bytes`;
    const zhPage = `${out}/docs/${name.replace('.md', '.zh-CN.md')} has a name of 265 bytes`;
    const tooLong = 'longer than file systems take';
    expect(run.stderr).toBe(
      `errgen: error: ${page}, ${tooLong}; ${zhPage}, ${tooLong}; no output was changed\n`,
    );
    expect(readdirSync(join(folder, 'out'))).toEqual([]);
  });

  it('refuses an output folder that is a file and a pipe at a file, hanging on none', async () => {
    const folder = freshCase();
    const file = join(folder, 'out/file');
    writeFileSync(file, 'not a folder\n');
    expect((await generate(file)).stderr).toMatch(/the output folder .*out\/file is a file;/);

    const out = join(folder, 'out');
    mkdirSync(join(out, 'docs'));
    execFileSync('mkfifo', [join(out, 'docs/pipe'), join(out, 'docs/errors.md')]);
    const blocked = await generate(out);
    expect(blocked.exitCode).toBe(1);
    expect(blocked.stderr).toContain('docs/errors.md is not a regular file (a pipe or a device)');

    rmSync(join(out, 'docs/errors.md'));
    expect(await generate(out)).toMatchObject({ exitCode: 0, stdout: '4 written, 0 unchanged\n' });
    expect(await check(out)).toMatchObject({ exitCode: 0 });
  });

  it('leaves links it does not write to alone, and follows none', async () => {
    const folder = freshCase();
    const out = join(folder, 'out');
    await generate(out);
    const notice = `<!-- Code generated by errgen from ${catalog}. DO NOT EDIT. -->\n`;
    writeFileSync(join(folder, 'outside/old.md'), notice);
    writeFileSync(join(folder, 'outside/notes.md'), 'my notes\n');
    const links: [string, string][] = [
      ['docs/old.md', '../../outside/old.md'], // carries the notice, no longer generated
      ['docs/notes.md', '../../outside/notes.md'],
      ['docs/gone.md', '../../outside/gone.md'],
      ['docs/loop', '.'],
    ];
    for (const [path, target] of links) {
      symlinkSync(target, join(out, path));
    }
    writeFileSync(join(out, 'docs/errors.md'), stale());
    const before = snapshot(join(folder, 'outside'));

    expect(await generate(out)).toMatchObject({ exitCode: 0, stdout: '1 written, 3 unchanged\n' });
    expect(await check(out)).toMatchObject({ exitCode: 0, stderr: '' });
    for (const [path, target] of links) {
      expect(readlinkSync(join(out, path)), path).toBe(target);
    }
    expect(snapshot(join(folder, 'outside'))).toEqual(before);
  });

  it('refuses a link where import writes its catalog', () => {
    const folder = freshCase();
    const target = join(folder, 'outside/errors.yaml');
    writeFileSync(target, 'catalog: mine\n');
    symlinkSync('../outside/errors.yaml', join(folder, 'out/errors.yaml'));
    const plan = {
      changed: [{ path: 'errors.yaml', contents: 'catalog: new\n' }],
      unchanged: [],
      extra: [],
      foreign: [],
      claimed: [],
    };

    expect(() => writeOutput(join(folder, 'out'), plan)).toThrow(OutputError);
    expect(readFileSync(target, 'utf8')).toBe('catalog: mine\n');
    expect(readdirSync(join(folder, 'out'))).toEqual(['errors.yaml']);
  });
});
