#!/usr/bin/env node
// Builds generators/ into dist/<fingerprint>/ with esbuild, so the errgen command runs plain
// JavaScript. `node bin/build.js` (npm run build) builds now; bin/errgen.js asks builtMain()
// on every run, which only builds when the sources changed since the last build.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');

/** Builds nobody has used for this long are removed when a new build is made. */
const UNUSED_BUILD_MS = 60 * 60 * 1000;

/**
 * The path of the bundled command line for the sources as they are now, built first when no
 * build matches them.
 */
export async function builtMain() {
  const folder = join(dist, sourceFingerprint());
  const main = join(folder, 'cli', 'main.js');
  if (existsSync(main)) {
    markUsed(folder);
  } else {
    await build(folder);
    pruneUnused(folder);
  }
  return main;
}

/**
 * A hash of the path, size and modification time of every source file, schema and this
 * script: any edit, addition, removal or rename gives a new build folder. About one stat call
 * per file.
 */
function sourceFingerprint() {
  const hash = createHash('sha1');
  const files = [
    fileURLToPath(import.meta.url),
    ...sourceFiles(join(root, 'generators'), '.ts'),
    ...sourceFiles(join(root, 'schema'), '.schema.json'),
  ];
  for (const file of files) {
    const { size, mtimeMs } = statSync(file);
    hash.update(`${relative(root, file)}\0${size}\0${mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

function sourceFiles(dir, suffix) {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        return sourceFiles(path, suffix);
      }
      return entry.name.endsWith(suffix) ? [path] : [];
    });
}

/**
 * Bundles into a private folder, then renames it to `folder`. A run never sees a half-written
 * build, and when two runs build at once the second rename fails and its copy is dropped.
 */
async function build(folder) {
  const { build: esbuild } = await import('esbuild');
  const scratch = join(dist, `.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
  makeWritableFolder(scratch);
  try {
    await esbuild({
      entryPoints: ['cli/main.ts', 'emit/worker.ts'].map((entry) =>
        join(root, 'generators', entry),
      ),
      outbase: join(root, 'generators'),
      outdir: scratch,
      chunkNames: 'chunks/[name]-[hash]',
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      logLevel: 'warning',
      plugins: [precompiledValidators],
    });
    renameSync(scratch, folder);
  } catch (error) {
    if (!existsSync(join(folder, 'cli', 'main.js'))) {
      throw error;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Creates `folder`, or says in one line why dist/ cannot be written and what to do. */
function makeWritableFolder(folder) {
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    const reason = error?.code ?? error?.message ?? String(error);
    throw new Error(
      `${relative(process.cwd(), dist) || 'dist'} is not writable (${reason}); ` +
        'run `npm run build` as a user who can write it',
    );
  }
}

/** Puts ajv's standalone code for schema/ in place of generators/yaml/validators.ts. */
const precompiledValidators = {
  name: 'precompiled-validators',
  setup(build) {
    build.onLoad({ filter: /[\\/]generators[\\/]yaml[\\/]validators\.ts$/ }, async () => ({
      contents: await standaloneValidators(),
      loader: 'js',
    }));
  },
};

/** A module with the exports of validators.ts whose validators were compiled at build time. */
async function standaloneValidators() {
  const { Ajv } = await import('ajv');
  const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
  // The options of validators.ts, plus keeping the generated source.
  const ajv = new Ajv({ allErrors: true, strict: false, code: { source: true, esm: true } });
  const names = readdirSync(join(root, 'schema'))
    .filter((file) => file.endsWith('.schema.json'))
    .map((file) => file.slice(0, -'.schema.json'.length));
  for (const name of names) {
    ajv.addSchema(
      JSON.parse(readFileSync(join(root, 'schema', `${name}.schema.json`), 'utf8')),
      name,
    );
  }
  const code = standaloneCode(ajv, Object.fromEntries(names.map((name) => [name, name])));
  // The ESM code still loads ajv's small runtime helpers with require().
  return [
    "import { createRequire } from 'node:module';",
    'const require = createRequire(import.meta.url);',
    code,
    `const validators = { ${names.join(', ')} };`,
    'export function validatorFor(name) {',
    '  return validators[name];',
    '}',
  ].join('\n');
}

/** Touches a build at the start of a run, so pruning leaves builds in use alone. */
function markUsed(folder) {
  try {
    const now = new Date();
    utimesSync(folder, now, now);
  } catch {
    // A read-only install still runs; its builds are never pruned, which is harmless.
  }
}

/** Removes the builds (and abandoned scratch folders) no run has used for a while. */
function pruneUnused(current) {
  for (const name of readdirSync(dist)) {
    const path = join(dist, name);
    // Another run may be pruning too, so an entry can vanish between the listing and the stat.
    const unusedFor = Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0);
    if (path !== current && unusedFor > UNUSED_BUILD_MS) {
      rmSync(path, { recursive: true, force: true });
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(relative(root, await builtMain()));
}
