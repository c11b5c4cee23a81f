/**
 * `npm run bench`: times `errgen generate` on synthetic catalogs of 154, 10,000 and 100,000
 * codes against the floor (bench/floor.mjs) and the peer (quicktype), checks the targets of
 * issue 7, prints a table and writes the figures to bench/results.json. See bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';

import { format } from 'prettier';

import { TARGET_NAMES } from '../generators/emit/emitter.ts';
import { failureOf, type Measurement, measureNode, succeeded } from './measure.ts';
import { summarizeProfile } from './profile.ts';
import {
  type BenchResults,
  checkTargets,
  formatCpuTable,
  formatTable,
  formatTargets,
  loadAverage,
  machineInfo,
  ratiosOf,
  seconds,
  type SizeResult,
  treeInfo,
  type TypecheckResult,
} from './report.ts';
import {
  benchSize,
  errgenRun,
  phasesOf,
  prepareCatalog,
  progress,
  root,
  tmp,
  TYPECHECK_SIZE,
} from './steps.ts';

/** The sizes of a full run, each with its number of runs (the median is reported). */
const DEFAULT_RUNS = new Map([
  [154, 5],
  [10_000, 3],
  [100_000, 1],
]);

// quicktype's time grows about with the square of the enum's size (its Go run at 100,000 values
// had not finished after 15 minutes of CPU), and no target compares with it there.
const PEER_MAX_CODES = 10_000;

/** What the command line asked for. */
interface BenchOptions {
  sizes: number[];
  runs?: number;
  timeoutMs: number;
  /** The largest catalog the peer runs on. */
  peerMax: number;
  quick: boolean;
  profile: boolean;
}

const USAGE = `usage: npm run bench -- [options]
  --sizes <n,n,...>   catalog sizes (default 154,10000,100000; env BENCH_SIZES)
  --runs <n>          runs per size (default 5, 3 and 1 by size; median reported)
  --quick             154 and 10,000 codes, one run each; results in bench/tmp/
  --timeout <min>     minutes before a run is killed and reported "timed out" (default 15)
  --peer-max <n>      run quicktype only on catalogs up to n codes (default 10000)
  --profile           profile errgen (--cpu-prof) at each size instead of benchmarking`;

function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string' },
      runs: { type: 'string' },
      quick: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '15' },
      'peer-max': { type: 'string', default: String(PEER_MAX_CODES) },
      profile: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const { quick, profile } = values;
  const sizeList = values.sizes ?? process.env.BENCH_SIZES;
  return {
    sizes: sizeList ? sizeList.split(',').map((s) => positive(s, 'size')) : defaultSizes(values),
    runs: values.runs ? positive(values.runs, 'runs') : quick ? 1 : undefined,
    timeoutMs: positive(values.timeout, 'timeout', false) * 60_000,
    peerMax: positive(values['peer-max'], 'peer-max'),
    quick,
    profile,
  };
}

function defaultSizes(mode: { quick: boolean; profile: boolean }): number[] {
  if (mode.profile) {
    return [TYPECHECK_SIZE];
  }
  return mode.quick ? [154, 10_000] : [...DEFAULT_RUNS.keys()];
}

/** A positive number from the command line (`10_000` allowed); exits with the usage if not. */
function positive(text: string, what: string, integer = true): number {
  const value = Number(text.replace(/_/g, ''));
  if (!(value > 0) || (integer && !Number.isInteger(value))) {
    const kind = integer ? 'a positive integer' : 'a positive number';
    console.error(`bench: ${what} must be ${kind}, not ${JSON.stringify(text)}\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

function runsFor(codes: number, options: BenchOptions): number {
  return options.runs ?? DEFAULT_RUNS.get(codes) ?? (codes <= 1_000 ? 5 : codes <= 20_000 ? 3 : 1);
}

/** The command lines measured, for the record. */
function commandsMeasured(): Record<string, string> {
  const only = TARGET_NAMES.join(',');
  return {
    errgen: `node bin/errgen.js generate --catalog <catalog> --out <dir> --only ${only} --verbose`,
    floor: 'node bench/floor.mjs <catalog> <dir> <sizes of the files errgen wrote>',
    peer: [
      'quicktype --src-lang schema --lang <typescript|go|python> --top-level ErrorResponse',
      '-o <file> <schema>',
    ].join(' '),
    tsc: 'tsc -p <tsconfig: strict, noEmit, NodeNext, skipLibCheck> --extendedDiagnostics',
  };
}

/** Where the figures go: bench/results.json for a full run, bench/tmp/ for a partial one. */
function resultsPath(options: BenchOptions): string {
  const full = [...DEFAULT_RUNS.keys()].every((codes) => options.sizes.includes(codes));
  return full && !options.quick ? join(root, 'bench', 'results.json') : join(tmp, 'results.json');
}

async function bench(options: BenchOptions): Promise<void> {
  const machine = machineInfo();
  const tree = treeInfo(root);
  if (machine.loadAverageAtStart[0]! > machine.cores) {
    progress(`warning: load average ${machine.loadAverageAtStart[0]} on ${machine.cores} cores;`);
    progress('other work shares the CPUs, so wall times will be high: compare the CPU times');
  }
  // bin/errgen.js rebuilds dist/ when the sources changed, and the first run of a build
  // writes its code cache (generators/code-cache.ts): once per install, so neither is timed.
  execFileSync(process.execPath, [join(root, 'bin', 'build.js')], { stdio: 'ignore' });
  const warmUp = ['generate', '--catalog', 'spec/errors.yaml', '--out', join(tmp, 'warm-up')];
  execFileSync(process.execPath, [join(root, 'bin', 'errgen.js'), ...warmUp, '--quiet'], {
    cwd: root,
    stdio: 'ignore',
  });
  const sizes: SizeResult[] = [];
  let typecheck: TypecheckResult | undefined;
  for (const codes of options.sizes) {
    const runs = runsFor(codes, options);
    const peer = codes <= options.peerMax;
    const measured = await benchSize(codes, { runs, timeoutMs: options.timeoutMs, peer });
    sizes.push(measured.result);
    typecheck ??= measured.typecheck;
  }
  const ratios = ratiosOf(sizes, typecheck);
  const results: BenchResults = {
    date: new Date().toISOString(),
    machine: { ...machine, loadAverageAtEnd: loadAverage() },
    tree,
    commands: commandsMeasured(),
    sizes,
    ...(typecheck ? { typecheck } : {}),
    ratios,
    targets: checkTargets(sizes, ratios),
  };
  const path = resultsPath(options);
  // Formatted as prettier would, so that `prettier --check bench` stays clean.
  writeFileSync(path, await format(JSON.stringify(results), { parser: 'json' }));
  printSummary(results, relative(root, path));
}

function printSummary(results: BenchResults, path: string): void {
  const { ratios, typecheck } = results;
  const scaling = ratios['time@100000/time@10000'];
  const tsc = ratios['tsc generated/plain@10000'];
  console.log(
    `\n${formatTable(results)}\n\nIn CPU time (user + system):\n\n${formatCpuTable(results)}\n`,
  );
  if (scaling !== undefined) {
    console.log(`time(100,000) / time(10,000): ${scaling.toFixed(2)}`);
  }
  if (typecheck && tsc !== undefined) {
    const { generated, plain } = typecheck;
    const detail = `${seconds(generated.medianMs)} vs ${seconds(plain.medianMs)}`;
    console.log(
      `tsc on errors.ts / on a plain object (10,000 codes): ${tsc.toFixed(2)} (${detail})`,
    );
    const check = ratios['tsc check time generated/plain@10000'];
    const checkDetail = `${seconds(generated.checkMs)} vs ${seconds(plain.checkMs)}`;
    console.log(`  tsc's own "Check time" alone: ${check?.toFixed(2) ?? '-'} (${checkDetail})`);
  }
  console.log(`\n${formatTargets(results.targets)}\n\nFigures written to ${path}`);
}

/** `--profile`: one errgen run per size under --cpu-prof; prints phases and the busiest code. */
async function profile(options: BenchOptions): Promise<void> {
  for (const codes of options.sizes) {
    const catalog = prepareCatalog(codes);
    const outDir = join(tmp, `errgen-out-${codes}`);
    const profileDir = join(tmp, `profile-${codes}`);
    rmSync(outDir, { recursive: true, force: true });
    rmSync(profileDir, { recursive: true, force: true });
    const run = errgenRun(catalog.path, outDir, options.timeoutMs);
    const m = await measureNode({
      ...run,
      nodeFlags: ['--cpu-prof', '--cpu-prof-dir', profileDir],
    });
    if (!succeeded(m)) {
      console.log(`${codes} codes: ${failureOf(m)}`);
      continue;
    }
    printProfile(codes, m, join(profileDir, readdirSync(profileDir)[0]!));
  }
}

function printProfile(codes: number, m: Measurement, profilePath: string): void {
  const summary = summarizeProfile(profilePath);
  const line = (name: string, ms: number) => `  ${(ms / 1000).toFixed(2).padStart(7)} s  ${name}`;
  console.log(`\n${codes.toLocaleString('en-US')} codes: ${(m.ms / 1000).toFixed(2)} s wall`);
  console.log('phases (--verbose):');
  Object.entries(phasesOf(m.stderr)).forEach(([name, ms]) => console.log(line(name, ms)));
  console.log(`self time by area (profile of the main thread, ${relative(root, profilePath)}):`);
  summary.areas.slice(0, 12).forEach((a) => console.log(line(a.name, a.ms)));
  console.log('busiest functions (self time):');
  summary.functions.slice(0, 15).forEach((f) => console.log(line(f.name, f.ms)));
}

const options = parseOptions(process.argv.slice(2));
await (options.profile ? profile(options) : bench(options));
