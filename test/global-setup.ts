/**
 * Runs once before all tests: builds dist/ for bin/errgen.js and makes sure the pinned Python
 * tools are in .venv/, so test files running in parallel never race to create either.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { ensurePythonTools } from './support/python-tools.ts';

const build = fileURLToPath(new URL('../bin/build.js', import.meta.url));

export default async function setup(): Promise<void> {
  execFileSync(process.execPath, [build], { stdio: ['ignore', 'ignore', 'inherit'] });
  ensurePythonTools();
}
