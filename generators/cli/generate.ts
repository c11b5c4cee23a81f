/**
 * `errgen generate`: everything in memory first, then all files written at once; nothing is
 * written when any diagnostic fails the run.
 */
import { generate } from '../pipeline.ts';
import { planOutput, writeOutput } from '../write/output.ts';
import type { ResolvedConfig } from './config.ts';
import { EXIT, type Reporter } from './main.ts';

/** Generates and writes every output; returns the exit code. */
export async function runGenerate(config: ResolvedConfig, reporter: Reporter): Promise<number> {
  const { log } = reporter;
  const result = await generate({
    catalogPath: config.catalogPath,
    catalogName: config.catalogName,
    outDir: config.outDir,
    targets: config.targets,
    options: config.options,
    strict: reporter.strict,
    time: log.time,
  });
  const items = result.diagnostics.items;
  if (!result.catalog || reporter.fails(items)) {
    reporter.report(items);
    return EXIT.failed;
  }
  const plan = await log.time('compare', async () => planOutput(config.outDir, result.files));
  const removed = await log.time('write', async () => writeOutput(config.outDir, plan));
  reporter.report(items, {
    written: plan.changed.map((f) => f.path),
    unchanged: plan.unchanged.map((f) => f.path),
    removed,
  });
  const parts = [`${plan.changed.length} written`, `${plan.unchanged.length} unchanged`];
  if (removed.length > 0) {
    parts.push(`${removed.length} removed`);
  }
  log.info(parts.join(', '));
  return EXIT.ok;
}
