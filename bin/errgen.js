#!/usr/bin/env node
// The errgen command. It runs the build of generators/ in dist/, rebuilt first whenever the
// sources changed, so no TypeScript loader is needed at run time.
import module from 'node:module';
import { pathToFileURL } from 'node:url';

import { builtMain } from './build.js';

/** The command line's main(), or undefined when the sources do not build. */
async function loadMain() {
  let path;
  try {
    path = await builtMain();
  } catch (error) {
    // esbuild has already printed what is wrong, with file and line.
    const [firstLine] = String(error?.message ?? error).split('\n');
    process.stderr.write(`errgen: cannot build dist/ from generators/: ${firstLine}\n`);
    return undefined;
  }
  return (await import(pathToFileURL(path).href)).main;
}

// Node.js 22 and later can keep compiled code between runs; ts-morph's copy of TypeScript
// alone is 9 MB of it. Node.js 20 has no such cache, and this line does nothing there.
module.enableCompileCache?.();

const main = await loadMain();
process.exitCode = main ? await main(process.argv.slice(2)) : 1;
