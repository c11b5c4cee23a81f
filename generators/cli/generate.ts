/**
 * `errgen generate`: everything in memory first, then all files written at once; nothing is
 * written when any diagnostic fails the run.
 */
import type { Diagnostic } from '../diagnostics.ts';
import { generatedNotice, type OutputFile } from '../emit/emitter.ts';
import { generate } from '../pipeline.ts';
import { planOutput, writeOutput } from '../write/output.ts';
import type { ResolvedConfig } from './config.ts';
import { EXIT, type Reporter } from './reporter.ts';

/** What a command gets from the pipeline: the files and the diagnostics (warnings) to report. */
export interface Generated {
  files: OutputFile[];
  /** The notice the catalog's files carry, which marks files as this catalog's. */
  notice: string;
  diagnostics: Diagnostic[];
}

/**
 * Runs the pipeline for `generate` and `check`: the files in memory, or undefined after
 * reporting the diagnostics that fail the run.
 */
export async function generateFiles(
  config: ResolvedConfig,
  reporter: Reporter,
): Promise<Generated | undefined> {
  const result = await generate({
    catalogPath: config.catalogPath,
    catalogName: config.catalogName,
    outDir: config.outDir,
    targets: config.targets,
    options: config.options,
    strict: reporter.strict,
    time: reporter.log.time,
  });
  const diagnostics = result.diagnostics.items;
  if (!result.catalog || reporter.fails(diagnostics)) {
    reporter.report(diagnostics);
    return undefined;
  }
  return { files: result.files, notice: generatedNotice(result.catalog), diagnostics };
}

/** Generates and writes every output; returns the exit code. */
export async function runGenerate(config: ResolvedConfig, reporter: Reporter): Promise<number> {
  const { log } = reporter;
  const generated = await generateFiles(config, reporter);
  if (!generated) {
    return EXIT.failed;
  }
  const plan = await log.time('compare', async () =>
    planOutput(config.outDir, generated.files, generated.notice),
  );
  const removed = await log.time('write', async () => writeOutput(config.outDir, plan));
  reporter.report(generated.diagnostics, {
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
