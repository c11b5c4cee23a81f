/**
 * The measurements at one catalog size: errgen, the floor and the peer, each run several times
 * in its own process, and at 10,000 codes tsc over the generated TypeScript.
 */
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { TARGET_NAMES } from '../generators/emit/emitter.ts';
import { catalogYaml, type SyntheticEntry, syntheticEntries } from './catalog.ts';
import { failureOf, type Measurement, measureNode, type NodeRun, succeeded } from './measure.ts';
import { PEER_LANGUAGES, type PeerLanguage, peerRun, writePeerSchema } from './peer.ts';
import {
  type ErrgenSample,
  median,
  type PeerSample,
  type Sample,
  type SizeResult,
  type TypecheckResult,
} from './report.ts';
import { checkTimeMs, tscRun, writeTypecheckPair } from './typecheck.ts';

/** The repository root: errgen runs from here, as a user would. */
export const root = fileURLToPath(new URL('..', import.meta.url));

/** Where catalogs, outputs and profiles go (git-ignored). */
export const tmp = join(root, 'bench', 'tmp');

const errgenScript = join(root, 'bin', 'errgen.js');

/** The size whose generated TypeScript is type-checked (and profiled by default). */
export const TYPECHECK_SIZE = 10_000;

/** How each size is measured. */
export interface StepOptions {
  runs: number;
  timeoutMs: number;
  /** Whether quicktype runs at this size. */
  peer: boolean;
}

/** Progress goes to stderr so that stdout holds only the results. */
export function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** One command the benchmark repeats, and what its runs measured so far. */
interface Contender {
  label: string;
  once: () => Promise<Measurement>;
  /** False while the contender cannot run yet (the floor needs errgen's output). */
  ready?: () => boolean;
  measurements: Measurement[];
}

function contender(
  label: string,
  once: () => Promise<Measurement>,
  ready?: () => boolean,
): Contender {
  return { label, once, ready, measurements: [] };
}

function stopped(c: Contender): boolean {
  return c.measurements.some((m) => !succeeded(m)) || (c.ready !== undefined && !c.ready());
}

/**
 * Runs every contender once per round, `runs` rounds. Interleaving spreads any change in the
 * machine's load over all of them, which keeps their ratios fair. A contender that fails or
 * times out is not run again.
 */
async function rounds(runs: number, contenders: readonly Contender[]): Promise<void> {
  for (let i = 1; i <= runs; i++) {
    for (const c of contenders) {
      if (stopped(c)) {
        continue;
      }
      const m = await c.once();
      c.measurements.push(m);
      const outcome = succeeded(m) ? `${(m.ms / 1000).toFixed(2)} s` : failureOf(m);
      progress(`  ${c.label} ${i}/${runs}: ${outcome}`);
    }
  }
}

/** Median time and peak memory of runs; a failure if any run did not succeed. */
function sampleOf(measurements: readonly Measurement[]): Sample {
  const failed = measurements.find((m) => !succeeded(m));
  const runsMs = measurements.filter(succeeded).map((m) => Math.round(m.ms));
  const rss = measurements.map((m) => m.maxRssMiB).filter((r) => r !== undefined);
  const maxRssMiB = rss.length > 0 ? Math.round(Math.max(...rss)) : undefined;
  if (failed) {
    return { runsMs, maxRssMiB, failure: failureOf(failed) };
  }
  const cpu = measurements.map((m) => m.cpuMs).filter((c) => c !== undefined);
  const cpuMedianMs = cpu.length === measurements.length ? median(cpu) : undefined;
  return { runsMs, medianMs: median(runsMs), cpuMedianMs: round(cpuMedianMs), maxRssMiB };
}

function round(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.round(ms);
}

/** The per-phase timings `errgen --verbose` prints as `label: 12.3 ms`. */
export function phasesOf(stderr: string): Record<string, number> {
  const phases: Record<string, number> = {};
  for (const match of stderr.matchAll(/^([\w-]+): ([\d.]+) ms$/gm)) {
    phases[match[1]!] = Number(match[2]);
  }
  return phases;
}

/** The median of each phase over the runs. */
function medianPhases(measurements: readonly Measurement[]): Record<string, number> {
  const perRun = measurements.filter(succeeded).map((m) => phasesOf(m.stderr));
  const labels = [...new Set(perRun.flatMap((p) => Object.keys(p)))];
  const values = (label: string) => perRun.map((p) => p[label]).filter((v) => v !== undefined);
  return Object.fromEntries(labels.map((l) => [l, Math.round(median(values(l)) ?? 0)]));
}

/** The size of every file below `dir`, in a stable order. */
function fileSizes(dir: string): number[] {
  const sizes: number[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stat = statSync(path);
    sizes.push(...(stat.isDirectory() ? fileSizes(path) : [stat.size]));
  }
  return sizes;
}

/**
 * The errgen command the benchmark times: every target, with per-phase timings. Paths are
 * relative to the repository, as a user would write them, so that the generated headers (which
 * cite the catalog) and the byte counts do not depend on where the clone is.
 */
export function errgenRun(catalog: string, outDir: string, timeoutMs: number): NodeRun {
  const paths = ['--catalog', relative(root, catalog), '--out', relative(root, outDir)];
  return {
    script: errgenScript,
    args: ['generate', ...paths, '--only', TARGET_NAMES.join(','), '--verbose'],
    timeoutMs,
    cwd: root,
  };
}

/** errgen on `catalog`, each run into an emptied folder so that every file is written. */
function errgenContender(catalog: string, outDir: string, timeoutMs: number): Contender {
  return contender('errgen', () => {
    rmSync(outDir, { recursive: true, force: true });
    return measureNode(errgenRun(catalog, outDir, timeoutMs));
  });
}

function errgenSample(measurements: readonly Measurement[], outDir: string): ErrgenSample {
  const sample = sampleOf(measurements);
  const sizes = sample.failure ? [] : fileSizes(outDir);
  return {
    ...sample,
    phasesMs: medianPhases(measurements),
    outputFiles: sizes.length,
    outputBytes: sizes.reduce((sum, size) => sum + size, 0),
  };
}

/** The floor: parse the same catalog, write files of the sizes errgen just wrote. */
function floorContender(catalog: string, errgen: Contender, errgenOut: string, timeoutMs: number) {
  const outDir = join(tmp, 'floor-out');
  const script = join(root, 'bench', 'floor.mjs');
  const once = () => {
    const args = [catalog, outDir, fileSizes(errgenOut).join(',')];
    rmSync(outDir, { recursive: true, force: true });
    return measureNode({ script, args, timeoutMs, cwd: root });
  };
  return contender('floor', once, () => errgen.measurements.some(succeeded) && !stopped(errgen));
}

/** One peer run: quicktype once per language; the times add up, the memory is the largest. */
async function peerOnce(schema: string, timeoutMs: number): Promise<Measurement[]> {
  const outDir = join(tmp, 'peer-out');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const all: Measurement[] = [];
  for (const language of Object.keys(PEER_LANGUAGES) as PeerLanguage[]) {
    const m = await measureNode(peerRun(language, schema, outDir, timeoutMs));
    all.push(m);
    if (!succeeded(m)) {
      break;
    }
  }
  return all;
}

/** The three languages of one peer run as one measurement. */
function combined(parts: readonly Measurement[]): Measurement {
  const rss = parts.map((p) => p.maxRssMiB ?? 0);
  const failed = parts.find((p) => !succeeded(p)) ?? parts[0]!;
  const cpu = parts.map((p) => p.cpuMs);
  return {
    ...failed,
    ms: parts.reduce((sum, p) => sum + p.ms, 0),
    cpuMs: cpu.every((c) => c !== undefined) ? cpu.reduce((sum, c) => sum + c, 0) : undefined,
    maxRssMiB: Math.max(...rss),
  };
}

/** quicktype over an enum of the catalog's names, in TypeScript, Go and Python. */
function peerContender(entries: readonly SyntheticEntry[], timeoutMs: number) {
  const schema = join(tmp, `peer-schema-${entries.length}.json`);
  writePeerSchema(
    schema,
    entries.map((e) => e.name),
  );
  const perRun: Measurement[][] = [];
  const peer = contender('peer', async () => {
    const parts = await peerOnce(schema, timeoutMs);
    perRun.push(parts);
    return combined(parts);
  });
  return { peer, perRun };
}

function peerSample(perRun: readonly Measurement[][]): PeerSample {
  const languages = Object.keys(PEER_LANGUAGES).map((language, index) => {
    const times = perRun.map((parts) => parts[index]).filter((m) => m && succeeded(m));
    return [language, Math.round(median(times.map((m) => m!.ms)) ?? 0)];
  });
  return { ...sampleOf(perRun.map(combined)), languagesMs: Object.fromEntries(languages) };
}

/** tsc over the generated errors.ts and over the equivalent plain object, in turns. */
async function benchTypecheck(
  entries: readonly SyntheticEntry[],
  outDir: string,
  options: StepOptions,
): Promise<TypecheckResult> {
  const dir = join(tmp, `typecheck-${entries.length}`);
  const pair = writeTypecheckPair(dir, join(outDir, 'ts', 'errors.ts'), entries);
  const tsc = (label: string, project: string) =>
    contender(label, () => measureNode(tscRun(project, options.timeoutMs)));
  const generated = tsc('tsc errors.ts', pair.generated);
  const plain = tsc('tsc plain.ts', pair.plain);
  await rounds(options.runs, [generated, plain]);
  const withCheckTime = (c: Contender) => {
    const checks = c.measurements.map((m) => checkTimeMs(m.stdout)).filter((t) => t !== undefined);
    return { ...sampleOf(c.measurements), checkMs: median(checks) };
  };
  return {
    codes: entries.length,
    generated: withCheckTime(generated),
    plain: withCheckTime(plain),
  };
}

/** Writes the catalog of `codes` entries into bench/tmp; returns its entries, path and size. */
export function prepareCatalog(codes: number) {
  const entries = syntheticEntries(codes);
  const path = join(tmp, `catalog-${codes}.yaml`);
  const text = catalogYaml(entries);
  mkdirSync(tmp, { recursive: true });
  writeFileSync(path, text);
  return { entries, path, bytes: Buffer.byteLength(text) };
}

/** Everything measured at one size. */
export async function benchSize(codes: number, options: StepOptions) {
  progress(`${codes.toLocaleString('en-US')} codes, ${options.runs} run(s) each`);
  const catalog = prepareCatalog(codes);
  const outDir = join(tmp, `errgen-out-${codes}`);
  const errgen = errgenContender(catalog.path, outDir, options.timeoutMs);
  const floor = floorContender(catalog.path, errgen, outDir, options.timeoutMs);
  const peer = options.peer ? peerContender(catalog.entries, options.timeoutMs) : undefined;
  await rounds(options.runs, [errgen, floor, ...(peer ? [peer.peer] : [])]);

  const result: SizeResult = {
    codes,
    catalogBytes: catalog.bytes,
    runs: options.runs,
    errgen: errgenSample(errgen.measurements, outDir),
  };
  if (floor.measurements.length > 0) {
    result.floor = sampleOf(floor.measurements);
  }
  if (peer) {
    result.peer = peerSample(peer.perRun);
  }
  const typecheck =
    codes === TYPECHECK_SIZE && !result.errgen.failure
      ? await benchTypecheck(catalog.entries, outDir, options)
      : undefined;
  return { result, typecheck };
}
