/**
 * `errgen check`: regenerates in memory and compares with the output folder. Reports each
 * differing file as a bounded unified diff, missing and extra files, and the command that
 * fixes it. Writes nothing.
 */
import { existsSync, readFileSync } from 'node:fs';

import { createTwoFilesPatch } from 'diff';

import { planOutput, resolveInside } from '../write/output.ts';
import type { ResolvedConfig } from './config.ts';
import { generateFiles } from './generate.ts';
import { EXIT, type Reporter } from './reporter.ts';

/** At most this many diff lines are printed per file. */
const MAX_DIFF_LINES = 60;

/** Compares generated output with the output folder; returns the exit code. */
export async function runCheck(
  config: ResolvedConfig,
  reporter: Reporter,
  args: readonly string[],
): Promise<number> {
  const { log } = reporter;
  const generated = await generateFiles(config, reporter);
  if (!generated) {
    return EXIT.failed;
  }
  const plan = planOutput(config.outDir, generated.files, generated.notice);
  const paths = plan.changed.map((f) => ({ file: f, path: resolveInside(config.outDir, f.path) }));
  const missing = paths.filter((p) => !existsSync(p.path)).map((p) => p.file.path);
  const differ = paths.filter((p) => existsSync(p.path));
  const upToDate = differ.length === 0 && missing.length === 0 && plan.extra.length === 0;
  reporter.report(generated.diagnostics, {
    ok: upToDate,
    differ: differ.map((p) => p.file.path),
    missing,
    extra: plan.extra,
  });
  if (upToDate) {
    const noun = plan.unchanged.length === 1 ? 'file' : 'files';
    log.info(`${plan.unchanged.length} ${noun} up to date in ${config.outDir}`);
    return EXIT.ok;
  }
  for (const { file, path } of differ) {
    log.error(boundedDiff(file.path, readFileSync(path, 'utf8'), file.contents));
  }
  for (const file of missing) {
    log.error(`missing: ${config.outDir}/${file}`);
  }
  for (const file of plan.extra) {
    log.error(`no longer generated: ${config.outDir}/${file}`);
  }
  const counts = `${differ.length} differ, ${missing.length} missing, ${plan.extra.length} extra`;
  log.error(`errgen check: ${config.outDir} is out of date (${counts}).`);
  // generate refuses to replace these, so the fix starts with moving them.
  const blocked = [...plan.foreign, ...plan.claimed.map((f) => f.path)];
  if (blocked.length > 0) {
    const files = blocked.map((f) => `${config.outDir}/${f}`).join(', ');
    log.error(`Move ${files} away (not generated from this catalog), then run`);
    log.error(`\`${fixCommand(args)}\`.`);
  } else {
    log.error(`Run \`${fixCommand(args)}\` to update it.`);
  }
  return EXIT.failed;
}

/** Flags of check that do not choose what is generated, so the fix leaves them out. */
const REPORTING_FLAGS = new Set(['--quiet', '-q', '--verbose', '-v', '--no-color']);

/** The `generate` command with the same flags the check ran with. */
function fixCommand(args: readonly string[]): string {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--format') {
      i++; // and its value
    } else if (!REPORTING_FLAGS.has(arg) && !arg.startsWith('--format=')) {
      kept.push(arg);
    }
  }
  return ['npx errgen generate', ...kept].join(' ');
}

function boundedDiff(path: string, before: string, after: string): string {
  const patch = createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, '', '', {
    context: 3,
  });
  const lines = patch
    .split('\n')
    .filter((line) => !line.startsWith('====='))
    .map((line) => (line.startsWith('--- ') || line.startsWith('+++ ') ? line.trimEnd() : line));
  if (lines.length <= MAX_DIFF_LINES) {
    return lines.join('\n').trimEnd();
  }
  const shown = lines.slice(0, MAX_DIFF_LINES).join('\n');
  return `${shown}\n... (${lines.length - MAX_DIFF_LINES} more diff lines in ${path})`;
}
