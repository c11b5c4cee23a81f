/**
 * Runs the errgen command line in-process and captures what it prints.
 */
import { vi } from 'vitest';

import { main } from '../../generators/cli/main.ts';

/** What one run printed and returned. */
export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `errgen <args>` in this process, capturing stdout and stderr. */
export async function runCli(args: readonly string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const exitCode = await main(args);
    return { exitCode, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
