/**
 * generators/code-cache.ts: CommonJS files loaded with V8's code cache kept on disk. The cache
 * only saves time, so what is checked is that it never changes what is loaded, that V8 takes
 * the cache it wrote, and that a bad or unwritable cache costs nothing but the time.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { afterAll, beforeEach, describe, expect, it } from 'vitest';

import { loadWithCodeCache } from '../generators/code-cache.ts';

const scratch = mkdtempSync(join(tmpdir(), 'errgen-code-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const require = createRequire(import.meta.url);

/** Node.js 22 and later cache compiled code themselves, and the module then does nothing. */
const nodeCachesCode = 'enableCompileCache' in Module;

let folder: string;
let files: { shout: string; greet: string };

/** Two fresh modules, one requiring the other, and a cache folder for them. */
beforeEach(() => {
  folder = mkdtempSync(join(scratch, 'case-'));
  files = { shout: join(folder, 'shout.cjs'), greet: join(folder, 'greet.cjs') };
  writeFileSync(files.shout, 'exports.shout = (text) => `${text.toUpperCase()}!`;\n');
  writeFileSync(
    files.greet,
    "const { shout } = require('./shout.cjs');\n" +
      'module.exports = { greet: (name) => shout(`hello ${name}`), file: __filename };\n',
  );
});

/** What one process that loaded the two modules saw. */
interface Loaded {
  greeting: string;
  reused: string[];
  kept: string[];
}

const codeCacheModule = fileURLToPath(new URL('../generators/code-cache.ts', import.meta.url));
const memoryModule = fileURLToPath(new URL('../generators/memory.ts', import.meta.url));

/**
 * Loads the two modules as errgen loads ts-morph, in a process of its own: V8 also keeps
 * compiled code in memory for the life of a process, and takes it over any cache on disk.
 */
function loadBoth(cacheFolder: string, name: string, collectFirst = false): Loaded {
  const script = `
    import { createRequire } from 'node:module';
    import { loadWithCodeCache } from ${JSON.stringify(pathToFileURL(codeCacheModule).href)};
    import { collectGarbage } from ${JSON.stringify(pathToFileURL(memoryModule).href)};
    const [shout, greet, folder, name] = process.argv.slice(1);
    if (${collectFirst}) collectGarbage();
    const load = loadWithCodeCache([shout, greet], folder);
    const greeting = createRequire(import.meta.url)(greet).greet(name);
    console.log(JSON.stringify({ greeting, reused: load.reused, kept: load.keep() }));
  `;
  const argv = ['--import', 'tsx', '--input-type=module', '-e', script];
  const run = spawnSync(process.execPath, [...argv, files.shout, files.greet, cacheFolder, name], {
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as Loaded;
}

function cacheFiles(cacheFolder: string): string[] {
  return readdirSync(cacheFolder).sort();
}

describe.runIf(!nodeCachesCode)('loadWithCodeCache on Node.js 20', () => {
  it('loads modules as require does, then keeps a cache file for each', () => {
    const cacheFolder = join(folder, 'cache');
    const load = loadWithCodeCache([files.shout, files.greet], cacheFolder);
    const greet = require(files.greet) as { greet(name: string): string; file: string };

    expect(greet.greet('errgen')).toBe('HELLO ERRGEN!');
    expect(greet.file).toBe(files.greet);
    expect(require.cache[files.shout]?.loaded).toBe(true);
    expect(load.reused).toEqual([]);
    expect(load.keep()).toEqual([files.shout, files.greet]);
    expect(cacheFiles(cacheFolder)).toHaveLength(2);
    expect(cacheFiles(cacheFolder).every((name) => name.endsWith('.bin'))).toBe(true);
  });

  it('is given the kept code next time, and writes nothing then', () => {
    const cacheFolder = join(folder, 'cache');
    expect(loadBoth(cacheFolder, 'first').kept).toEqual([files.shout, files.greet]);
    const mtimes = () =>
      cacheFiles(cacheFolder).map((name) => statSync(join(cacheFolder, name)).mtimeMs);
    const written = mtimes();

    expect(loadBoth(cacheFolder, 'again')).toEqual({
      greeting: 'HELLO AGAIN!',
      reused: [files.shout, files.greet],
      kept: [],
    });
    expect(mtimes()).toEqual(written);
  });

  // V8 refuses code cached under other flags, and collectGarbage() turns --expose-gc on.
  it('is given the kept code whether or not the run collected garbage first', () => {
    const cacheFolder = join(folder, 'cache');
    loadBoth(cacheFolder, 'first');
    expect(loadBoth(cacheFolder, 'after gc', true).reused).toEqual([files.shout, files.greet]);

    const other = join(folder, 'other-cache');
    loadBoth(other, 'first', true);
    expect(loadBoth(other, 'no gc').reused).toEqual([files.shout, files.greet]);
  });

  it('refuses a damaged cache, loads all the same and writes a good one', () => {
    const cacheFolder = join(folder, 'cache');
    loadBoth(cacheFolder, 'first');
    for (const name of cacheFiles(cacheFolder)) {
      writeFileSync(join(cacheFolder, name), 'not V8 code at all');
    }

    expect(loadBoth(cacheFolder, 'you')).toEqual({
      greeting: 'HELLO YOU!',
      reused: [],
      kept: [files.shout, files.greet],
    });
    expect(loadBoth(cacheFolder, 'then').reused).toEqual([files.shout, files.greet]);
  });

  it('takes no cache made for an older version of a file', () => {
    const cacheFolder = join(folder, 'cache');
    loadBoth(cacheFolder, 'first');
    writeFileSync(files.shout, 'exports.shout = (text) => `${text}?`;\n');

    expect(loadBoth(cacheFolder, 'new')).toEqual({
      greeting: 'hello new?',
      reused: [files.greet],
      kept: [files.shout],
    });
  });

  it('runs without a cache where the folder cannot be written', () => {
    const notAFolder = join(folder, 'file');
    writeFileSync(notAFolder, '');
    expect(loadBoth(join(notAFolder, 'cache'), 'still')).toEqual({
      greeting: 'HELLO STILL!',
      reused: [],
      kept: [],
    });
    expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('leaves nothing registered for a module that throws while it loads', () => {
    writeFileSync(files.shout, "throw new Error('shout is broken');\n");

    expect(() => loadWithCodeCache([files.shout, files.greet], join(folder, 'cache'))).toThrow(
      'shout is broken',
    );
    expect(require.cache[files.shout]).toBeUndefined();
    expect(require.cache[files.greet]).toBeUndefined();
  });
});

describe('loadWithCodeCache without a folder, or where Node.js caches code itself', () => {
  it('leaves the modules to require', () => {
    const load = loadWithCodeCache([files.shout, files.greet], undefined);
    expect(load.reused).toEqual([]);
    expect(load.keep()).toEqual([]);
    expect(require.cache[files.shout]).toBeUndefined();
  });

  it(`keeps a cache of its own only where Node.js keeps none (${process.version})`, () => {
    const cacheFolder = join(folder, 'cache');
    mkdirSync(cacheFolder);
    const kept = loadBoth(cacheFolder, 'node').kept;
    expect(kept).toEqual(nodeCachesCode ? [] : [files.shout, files.greet]);
    expect(cacheFiles(cacheFolder)).toHaveLength(kept.length);
  });
});
