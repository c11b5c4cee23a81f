/**
 * Finding the real toolchains the tests run the generated code in. A missing toolchain is
 * reported by name: loudly skipped on a developer's machine, a failure under CI=true.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';

import { describe, it } from 'vitest';

/** True when CI=true (or any non-empty CI other than "false"), as on the CI machines. */
export const inCI = Boolean(process.env.CI) && process.env.CI !== 'false';

/** True when `command` can be started at all (gofmt has no version flag, go rejects --version). */
export function hasCommand(command: string): boolean {
  const result = spawnSync(command, ['--help'], { stdio: 'ignore', timeout: 30_000 });
  return result.error === undefined;
}

/**
 * `describe`, but only when every command in `needs` runs. Otherwise: under CI a failing
 * test that names what is missing; elsewhere a skipped block and a warning on stderr.
 */
export function describeWith(needs: readonly string[], title: string, body: () => void): void {
  const missing = needs.filter((command) => !hasCommand(command));
  if (missing.length === 0) {
    describe(title, body);
    return;
  }
  const message = `${title}: toolchain not found: ${missing.join(', ')}`;
  if (inCI) {
    describe(title, () => {
      it('has its toolchain', () => {
        throw new Error(`${message} (CI=true, so this fails instead of skipping)`);
      });
    });
    return;
  }
  process.stderr.write(`\n*** SKIPPED ${message} ***\n\n`);
  describe.skip(title, body);
}

/** Runs a command and throws with its output when it exits non-zero. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) {
    throw result.error;
  }
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited with ${result.status}\n` +
        `${result.stdout}\n${result.stderr}`,
    );
  }
  return result;
}
