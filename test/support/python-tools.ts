/**
 * The Python tools the tests need (mypy, ruff, openapi-spec-validator), installed at the
 * versions pinned in requirements-dev.txt into the git-ignored .venv/ on first use.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const venv = join(root, '.venv');
const requirements = join(root, 'requirements-dev.txt');
const stamp = join(venv, '.errgen-requirements');

/** The python3 that creates the venv; PYTHON overrides it. */
export const systemPython = process.env.PYTHON ?? 'python3';

/** Path of a program inside the tools venv (`python`, `mypy`, `ruff`, ...). */
export function venvBin(program: string): string {
  return join(venv, 'bin', program);
}

/**
 * Creates or updates .venv/ so that it holds exactly the pinned tools; a no-op when the
 * recorded requirements match. Throws, naming Python, when Python is missing.
 */
export function ensurePythonTools(): void {
  const wanted = readFileSync(requirements, 'utf8');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) {
    return;
  }
  const steps: [string, string[]][] = [
    [systemPython, ['-m', 'venv', venv]],
    [
      venvBin('python'),
      ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements],
    ],
  ];
  for (const [command, args] of steps) {
    const result = spawnSync(command, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (result.error || result.status !== 0) {
      const why = result.error?.message ?? result.stderr;
      throw new Error(
        `could not install the Python test tools (${command} ${args.join(' ')}): ${why}`,
      );
    }
  }
  writeFileSync(stamp, wanted);
}
