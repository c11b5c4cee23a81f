/**
 * The `errgen` command line: a thin layer that parses arguments, runs the pipeline and
 * reports. Exit codes: 0 success, 1 diagnostics or drift, 2 bad usage.
 */
import { Command, CommanderError, Option } from 'commander';

import { DiagnosticBag } from '../diagnostics.ts';
import { TARGET_NAMES, type TargetName } from '../emit/emitter.ts';
import { prestartLane } from '../emit/off-thread.ts';
import { UserError } from '../user-error.ts';
import type { ResolvedConfig } from './config.ts';
import type { DiffOptions } from './diff.ts';
import { describeImportCommand, type ImportOptions } from './import-command.ts';
import { EXIT, type GlobalOptions, type Reporter, reporterFor } from './reporter.ts';

// Each command's module is imported when the command runs, not here: `--help` and
// `validate` should not pay for loading diff, csv-parse or the emitters.

/** Options of commands that generate. */
interface GenerateOptions extends GlobalOptions {
  config?: string;
  catalog?: string;
  out?: string;
  only?: TargetName[];
}

/** Options of the diff command. */
interface DiffCommandOptions extends GlobalOptions, DiffOptions {
  config?: string;
}

function parseTargets(value: string): TargetName[] {
  const targets = value.split(',').map((t) => t.trim());
  for (const target of targets) {
    if (!TARGET_NAMES.includes(target as TargetName)) {
      throw new CommanderError(
        EXIT.usage,
        'errgen.invalidTarget',
        `error: unknown target ${JSON.stringify(target)}; targets are ${TARGET_NAMES.join(', ')}`,
      );
    }
  }
  // A target named twice is generated once.
  return [...new Set(targets)] as TargetName[];
}

function addGlobalOptions(command: Command): Command {
  return command
    .option('-q, --quiet', 'print nothing but errors')
    .option('-v, --verbose', 'also print per-phase timings')
    .option('--no-color', 'never colour the output')
    .addOption(
      new Option('--format <format>', 'diagnostics as text or JSON')
        .choices(['text', 'json'])
        .default('text'),
    )
    .option('--strict', 'treat warnings as errors');
}

function addGenerateOptions(command: Command): Command {
  return addGlobalOptions(command)
    .option('-c, --config <file>', 'configuration file (default: errgen.config.yaml if present)')
    .option('--catalog <file>', 'catalog file (default: from the config, else spec/errors.yaml)')
    .option('-o, --out <dir>', 'output folder (default: from the config, else out)')
    .option(
      '--only <targets>',
      `comma-separated targets: ${TARGET_NAMES.join(', ')}`,
      parseTargets,
    );
}

/** Starts the worker lane for the TypeScript target unless `--only` leaves the target out. */
function prestartTargets(options: GenerateOptions): void {
  if (options.only === undefined || options.only.includes('typescript')) {
    prestartLane('typescript');
  }
}

/** Loads the configuration for a generating command, or reports why it cannot. */
async function configFor(
  options: GenerateOptions,
  reporter: Reporter,
): Promise<ResolvedConfig | undefined> {
  const { loadConfig } = await import('./config.ts');
  const bag = new DiagnosticBag();
  const config = loadConfig(options, bag);
  if (!config || reporter.fails(bag.items)) {
    reporter.report(bag.items);
    return undefined;
  }
  return config;
}

/** What the command that ran leaves for main(): its exit code, and the reporter it used. */
interface Run {
  exitCode: number;
  reporter?: Reporter;
}

function buildProgram(argv: readonly string[], run: Run): Command {
  const program = new Command('errgen')
    .description('Generate TypeScript, OpenAPI, Go, Python and docs from one error catalog.')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run errgen --help for usage)')
    .exitOverride();

  addGenerateOptions(
    program
      .command('generate')
      .description('write every output of the catalog into the output folder'),
  ).action(async (options: GenerateOptions) => {
    prestartTargets(options);
    const reporter = (run.reporter = reporterFor(options));
    const config = await configFor(options, reporter);
    const { runGenerate } = await import('./generate.ts');
    run.exitCode = config ? await runGenerate(config, reporter) : EXIT.failed;
  });

  addGenerateOptions(
    program
      .command('check')
      .description(
        'fail when the output folder differs from what generate would write; writes nothing',
      ),
  ).action(async (options: GenerateOptions) => {
    prestartTargets(options);
    const reporter = (run.reporter = reporterFor(options));
    const config = await configFor(options, reporter);
    const args = argv.slice(argv.indexOf('check') + 1);
    const { runCheck } = await import('./check.ts');
    run.exitCode = config ? await runCheck(config, reporter, args) : EXIT.failed;
  });

  addGlobalOptions(
    program
      .command('validate')
      .description('check catalog files only; writes nothing')
      .argument('[files...]', 'catalog files (default: spec/errors.yaml)'),
  ).action(async (files: string[], options: GlobalOptions) => {
    const reporter = (run.reporter = reporterFor(options));
    const { runValidate } = await import('./validate.ts');
    run.exitCode = runValidate(files.length > 0 ? files : ['spec/errors.yaml'], reporter);
  });

  addGlobalOptions(
    program
      .command('diff')
      .description('compare two versions of a catalog; exit 1 on a breaking change')
      .argument('<old>', 'the old catalog: a file, or <git-ref>:<path> read with git show')
      .argument('[new]', 'the new catalog, the same way (default: the configured catalog)')
      .option('-c, --config <file>', 'configuration file naming the default new catalog')
      .option('--allow-breaking', 'report breaking changes but exit 0'),
  ).action(async (old: string, next: string | undefined, options: DiffCommandOptions) => {
    const reporter = (run.reporter = reporterFor(options));
    const newSide = next ?? (await configFor(options, reporter))?.catalogPath;
    const { runDiff } = await import('./diff.ts');
    run.exitCode = newSide === undefined ? EXIT.failed : runDiff(old, newSide, options, reporter);
  });

  // import's --format names the input format, so its diagnostics are always text.
  describeImportCommand(program.command('import')).action(
    async (file: string, options: ImportOptions) => {
      const reporter = (run.reporter = reporterFor({ ...options, format: 'text' }));
      const { runImport } = await import('./import.ts');
      run.exitCode = await runImport(file, options, reporter);
    },
  );

  return program;
}

/** Runs the command line with `argv` (without `node` and the script); resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const run: Run = { exitCode: EXIT.ok };
  const program = buildProgram(argv, run);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return run.exitCode;
  } catch (error) {
    return handleFailure(error, run.reporter);
  }
}

function handleFailure(error: unknown, reporter: Reporter | undefined): number {
  if (error instanceof CommanderError) {
    // Help and version are successes; anything else commander refuses is bad usage.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
      return EXIT.ok;
    }
    if (error.code === 'commander.help') {
      return EXIT.ok;
    }
    if (error.code === 'errgen.invalidTarget') {
      process.stderr.write(`${error.message}\n`);
    }
    return EXIT.usage;
  }
  if (error instanceof UserError) {
    process.stderr.write(`errgen: error: ${error.message}\n`);
    reporter?.fail(error.message);
    return EXIT.failed;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(
    'errgen: internal error (this is a bug in errgen; please report it with the text below)\n' +
      `${stack}\n`,
  );
  reporter?.fail(`internal error: ${error instanceof Error ? error.message : String(error)}`);
  return EXIT.failed;
}
