/**
 * What a benchmark run found: the figures per catalog size, the targets checked against
 * them, the machine they ran on, and the table printed at the end.
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';

/** Repeated runs of one command: their times, median, peak memory, or why they failed. */
export interface Sample {
  runsMs: number[];
  medianMs?: number;
  /** Median CPU time (user + system): steadier than wall time when the machine is busy. */
  cpuMedianMs?: number;
  maxRssMiB?: number;
  /** Set when a run timed out or failed; later runs are then skipped. */
  failure?: string;
}

/** errgen's runs at one size, with the per-phase timings --verbose printed and the output. */
export interface ErrgenSample extends Sample {
  phasesMs: Record<string, number>;
  outputFiles: number;
  outputBytes: number;
}

/** quicktype's runs at one size: the sum of its three languages, and each language alone. */
export interface PeerSample extends Sample {
  languagesMs: Record<string, number>;
}

/** Everything measured for one catalog size. */
export interface SizeResult {
  codes: number;
  catalogBytes: number;
  runs: number;
  errgen: ErrgenSample;
  floor?: Sample;
  peer?: PeerSample;
}

/** tsc over the generated errors.ts against tsc over a plain `as const` object. */
export interface TypecheckResult {
  codes: number;
  generated: Sample & { checkMs?: number };
  plain: Sample & { checkMs?: number };
}

/** A target from issue 7 and whether this run met it (undefined: not measured). */
export interface TargetResult {
  target: string;
  value?: number;
  limit: number;
  met?: boolean;
}

/** The whole run, as bench/results.json holds it. */
export interface BenchResults {
  date: string;
  machine: ReturnType<typeof machineInfo> & { loadAverageAtEnd: number[] };
  tree: ReturnType<typeof treeInfo>;
  commands: Record<string, string>;
  sizes: SizeResult[];
  typecheck?: TypecheckResult;
  ratios: Record<string, number | undefined>;
  targets: TargetResult[];
}

/** The machine the figures come from. */
export function machineInfo() {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    os: `${platform()} ${release()}`,
    node: process.version,
    loadAverageAtStart: loadAverage(),
  };
}

/** The 1, 5 and 15 minute load averages: above the core count, other work shared the CPUs. */
export function loadAverage(): number[] {
  return loadavg().map((l) => round(l, 2));
}

/** The commit measured, and whether the working tree had changes on top of it. */
export function treeInfo(cwd: string) {
  const git = (...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
  try {
    return {
      commit: git('rev-parse', '--short', 'HEAD'),
      dirty: git('status', '--porcelain') !== '',
    };
  } catch {
    return { commit: 'unknown', dirty: true };
  }
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) {
    return undefined;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** `a / b` when both were measured. */
export function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined || b === 0 ? undefined : a / b;
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

/** The ratios the targets are about, keyed by what they compare. */
export function ratiosOf(sizes: readonly SizeResult[], typecheck?: TypecheckResult) {
  const at = (codes: number) => sizes.find((s) => s.codes === codes);
  const ratios: Record<string, number | undefined> = {};
  for (const size of sizes) {
    ratios[`errgen/floor@${size.codes}`] = ratio(size.errgen.medianMs, size.floor?.medianMs);
    ratios[`peer/errgen@${size.codes}`] = ratio(size.peer?.medianMs, size.errgen.medianMs);
    ratios[`cpu errgen/floor@${size.codes}`] = ratio(
      size.errgen.cpuMedianMs,
      size.floor?.cpuMedianMs,
    );
    ratios[`cpu peer/errgen@${size.codes}`] = ratio(
      size.peer?.cpuMedianMs,
      size.errgen.cpuMedianMs,
    );
  }
  ratios['time@100000/time@10000'] = ratio(
    at(100_000)?.errgen.medianMs,
    at(10_000)?.errgen.medianMs,
  );
  ratios['tsc generated/plain@10000'] = ratio(
    typecheck?.generated.medianMs,
    typecheck?.plain.medianMs,
  );
  // tsc's own check time, without its start-up (loading itself and the lib files).
  ratios['tsc check time generated/plain@10000'] = ratio(
    typecheck?.generated.checkMs,
    typecheck?.plain.checkMs,
  );
  return ratios;
}

/** The targets of issue 7, each checked against this run's figures. */
export function checkTargets(
  sizes: readonly SizeResult[],
  ratios: Record<string, number | undefined>,
): TargetResult[] {
  const rss = sizes.find((s) => s.codes === 100_000)?.errgen.maxRssMiB;
  const upTo = (target: string, value: number | undefined, limit: number) =>
    verdict(target, value, limit, value !== undefined && value <= limit);
  const atLeast = (target: string, value: number | undefined, limit: number) =>
    verdict(target, value, limit, value !== undefined && value >= limit);
  return [
    upTo('154 codes: errgen / floor at most 5', ratios['errgen/floor@154'], 5),
    atLeast('154 codes: peer / errgen at least 4', ratios['peer/errgen@154'], 4),
    upTo('10,000 codes: errgen / floor at most 3', ratios['errgen/floor@10000'], 3),
    atLeast('10,000 codes: peer / errgen at least 6', ratios['peer/errgen@10000'], 6),
    upTo('100,000 codes: errgen / floor at most 3', ratios['errgen/floor@100000'], 3),
    upTo('100,000 codes: peak memory under 1.5 GiB (MiB)', rss, 1536),
    upTo('time(100,000) / time(10,000) at most 12', ratios['time@100000/time@10000'], 12),
    upTo(
      'tsc on errors.ts / tsc on a plain object under 3',
      ratios['tsc generated/plain@10000'],
      3,
    ),
  ];
}

function verdict(target: string, value: number | undefined, limit: number, ok: boolean) {
  return value === undefined
    ? { target, limit }
    : { target, value: round(value, 2), limit, met: ok };
}

/** A time in seconds, or why there is none. */
export function seconds(ms: number | undefined, failure?: string): string {
  return failure ?? (ms === undefined ? '-' : `${(ms / 1000).toFixed(2)} s`);
}

function times(value: number | undefined): string {
  return value === undefined ? '-' : `${value.toFixed(2)}x`;
}

function mib(value: number | undefined): string {
  return value === undefined ? '-' : `${Math.round(value)} MiB`;
}

/** A Markdown table's header and its separator, every column right-aligned. */
function markdownHeader(columns: readonly string[]): string {
  return `| ${columns.join(' | ')} |\n|${' ---: |'.repeat(columns.length)}`;
}

/** One table row per size, as Markdown, so it can be pasted into bench/README.md. */
export function formatTable(results: BenchResults): string {
  const header = markdownHeader([
    'codes',
    'errgen',
    'peak memory',
    'floor',
    'errgen / floor',
    'peer (ts+go+py)',
    'peer / errgen',
    'output',
  ]);
  const rows = results.sizes.map((s) => {
    const output = `${s.errgen.outputFiles} files, ${(s.errgen.outputBytes / 1e6).toFixed(2)} MB`;
    const cells = [
      s.codes.toLocaleString('en-US'),
      seconds(s.errgen.medianMs, s.errgen.failure),
      mib(s.errgen.maxRssMiB),
      seconds(s.floor?.medianMs, s.floor?.failure),
      times(results.ratios[`errgen/floor@${s.codes}`]),
      seconds(s.peer?.medianMs, s.peer?.failure),
      times(results.ratios[`peer/errgen@${s.codes}`]),
      s.errgen.outputFiles > 0 ? output : '-',
    ];
    return `| ${cells.join(' | ')} |`;
  });
  return [header, ...rows].join('\n');
}

/** The same table in CPU time (user + system), which other load on the machine disturbs less. */
export function formatCpuTable(results: BenchResults): string {
  const header = markdownHeader([
    'codes',
    'errgen CPU',
    'floor CPU',
    'errgen / floor',
    'peer CPU',
    'peer / errgen',
  ]);
  const rows = results.sizes.map((s) => {
    const cells = [
      s.codes.toLocaleString('en-US'),
      seconds(s.errgen.cpuMedianMs, s.errgen.failure),
      seconds(s.floor?.cpuMedianMs, s.floor?.failure),
      times(results.ratios[`cpu errgen/floor@${s.codes}`]),
      seconds(s.peer?.cpuMedianMs, s.peer?.failure),
      times(results.ratios[`cpu peer/errgen@${s.codes}`]),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  return [header, ...rows].join('\n');
}

/** The targets as a Markdown list: met, not met, or not measured. */
export function formatTargets(targets: readonly TargetResult[]): string {
  return targets
    .map((t) => {
      const mark = t.met === undefined ? 'not measured' : t.met ? 'met' : 'NOT MET';
      const value = t.value === undefined ? '' : `: ${t.value}`;
      return `- [${mark}] ${t.target}${value}`;
    })
    .join('\n');
}
