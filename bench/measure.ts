/**
 * Runs one Node.js child and measures it: wall time from the parent, peak memory and CPU time
 * from the child itself (bench/usage-reporter.mjs), and a timeout that kills it rather than hang.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const reporter = fileURLToPath(new URL('./usage-reporter.mjs', import.meta.url));

/** How one child run went. */
export interface Measurement {
  ms: number;
  /** Peak resident memory in MiB; undefined when the child was killed. */
  maxRssMiB?: number;
  /** User plus system CPU time in ms; steadier than wall time on a busy machine. */
  cpuMs?: number;
  exitCode: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

/** What to run: a Node.js script with its arguments. */
export interface NodeRun {
  script: string;
  args: readonly string[];
  timeoutMs: number;
  /** Extra flags for node itself, before the script (e.g. --cpu-prof). */
  nodeFlags?: readonly string[];
  cwd?: string;
}

/** Runs `run.script` under node, waits for it (or the timeout), and measures it. */
export async function measureNode(run: NodeRun): Promise<Measurement> {
  const dir = mkdtempSync(join(tmpdir(), 'errgen-bench-'));
  const usageFile = join(dir, 'usage.json');
  try {
    const flags = ['--import', reporter, ...(run.nodeFlags ?? [])];
    const env = { ...process.env, BENCH_USAGE_FILE: usageFile };
    const result = await spawnTimed([...flags, run.script, ...run.args], env, run);
    return { ...result, ...readUsage(usageFile) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** True when the child ran to completion with exit code 0. */
export function succeeded(m: Measurement): boolean {
  return !m.timedOut && m.exitCode === 0;
}

/** A short reason for a run that did not succeed: a timeout, or its exit and last line. */
export function failureOf(m: Measurement): string {
  if (m.timedOut) {
    return `timed out after ${Math.round(m.ms / 1000)} s`;
  }
  const last = m.stderr.trim().split('\n').at(-1) ?? '';
  return `exit ${m.exitCode ?? 'by signal'}${last ? `: ${last}` : ''}`;
}

type Timed = Omit<Measurement, 'maxRssMiB' | 'cpuMs'>;

function spawnTimed(argv: string[], env: NodeJS.ProcessEnv, run: NodeRun): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, argv, { cwd: run.cwd, env, stdio: 'pipe' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, run.timeoutMs);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      const ms = performance.now() - start;
      const [stdout, stderr] = [out, err].map((b) => Buffer.concat(b).toString('utf8'));
      resolve({ ms, exitCode, timedOut, stdout: stdout!, stderr: stderr! });
    });
  });
}

/** The fields of process.resourceUsage() the reporter writes: KiB and microseconds. */
interface ChildUsage {
  maxRSS: number;
  userCPUTime: number;
  systemCPUTime: number;
}

/** What the child's reporter wrote, in MiB and ms; nothing when it was killed. */
function readUsage(file: string): Pick<Measurement, 'maxRssMiB' | 'cpuMs'> {
  try {
    const usage = JSON.parse(readFileSync(file, 'utf8')) as ChildUsage;
    const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
    return { maxRssMiB: usage.maxRSS / 1024, cpuMs };
  } catch {
    return {};
  }
}
