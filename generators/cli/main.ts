/**
 * The `errgen` command line: a thin layer that parses arguments, runs the pipeline and
 * reports. Exit codes: 0 success, 1 diagnostics or drift, 2 bad usage.
 */
import { Command, CommanderError, Option } from 'commander';

import { type Diagnostic, DiagnosticBag, sortDiagnostics } from '../diagnostics.ts';
import { TARGET_NAMES, type TargetName, TargetOptionsError } from '../emit/emitter.ts';
import { TemplateError } from '../emit/templates.ts';
import { OutputError } from '../write/output.ts';
import { runCheck } from './check.ts';
import { loadConfig, type ResolvedConfig } from './config.ts';
import { type DiffOptions, runDiff } from './diff.ts';
import { runGenerate } from './generate.ts';
import { describeImportCommand, type ImportOptions, runImport } from './import.ts';
import { createLogger, type Logger } from './log.ts';
import { runValidate } from './validate.ts';

/** Exit codes, as documented in the README. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Options every command accepts. */
interface GlobalOptions {
  quiet?: boolean;
  verbose?: boolean;
  color: boolean;
  format: 'text' | 'json';
  strict?: boolean;
}

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

/** What a command needs to report. */
export interface Reporter {
  log: Logger;
  format: 'text' | 'json';
  strict: boolean;
  /** True when these diagnostics fail the run (errors, or warnings under --strict). */
  fails(items: readonly Diagnostic[]): boolean;
  /** Prints diagnostics as text, or the run's one JSON object with `extra` fields. */
  report(items: readonly Diagnostic[], extra?: Record<string, unknown>): void;
}

function reporterFor(options: GlobalOptions): Reporter {
  const json = options.format === 'json';
  const verbosity = options.quiet || json ? 'quiet' : options.verbose ? 'verbose' : 'normal';
  const log = createLogger({ verbosity, color: options.color ? undefined : false });
  const fails = (items: readonly Diagnostic[]) =>
    items.some((d) => options.strict || d.severity === 'error');
  return {
    log,
    format: options.format,
    strict: Boolean(options.strict),
    fails,
    report(items, extra = {}) {
      const sorted = sortDiagnostics(items);
      if (json) {
        const body = { ok: !fails(items), diagnostics: sorted, ...extra };
        process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      } else {
        sorted.forEach((d) => log.diagnostic(d));
      }
    },
  };
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
  return targets as TargetName[];
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

/** Loads the configuration for a generating command, or reports why it cannot. */
function configFor(options: GenerateOptions, reporter: Reporter): ResolvedConfig | undefined {
  const bag = new DiagnosticBag();
  const config = loadConfig(options, bag);
  if (!config || reporter.fails(bag.items)) {
    reporter.report(bag.items);
    return undefined;
  }
  return config;
}

function buildProgram(argv: readonly string[], setExit: (code: number) => void): Command {
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
    const reporter = reporterFor(options);
    const config = configFor(options, reporter);
    setExit(config ? await runGenerate(config, reporter) : EXIT.failed);
  });

  addGenerateOptions(
    program
      .command('check')
      .description(
        'fail when the output folder differs from what generate would write; writes nothing',
      ),
  ).action(async (options: GenerateOptions) => {
    const reporter = reporterFor(options);
    const config = configFor(options, reporter);
    const args = argv.slice(argv.indexOf('check') + 1);
    setExit(config ? await runCheck(config, reporter, args) : EXIT.failed);
  });

  addGlobalOptions(
    program
      .command('validate')
      .description('check catalog files only; writes nothing')
      .argument('[files...]', 'catalog files (default: spec/errors.yaml)'),
  ).action(async (files: string[], options: GlobalOptions) => {
    setExit(runValidate(files.length > 0 ? files : ['spec/errors.yaml'], reporterFor(options)));
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
    const reporter = reporterFor(options);
    const newSide = next ?? configFor(options, reporter)?.catalogPath;
    setExit(newSide === undefined ? EXIT.failed : runDiff(old, newSide, options, reporter));
  });

  // import's --format names the input format, so its diagnostics are always text.
  describeImportCommand(program.command('import')).action(
    async (file: string, options: ImportOptions) => {
      setExit(await runImport(file, options, reporterFor({ ...options, format: 'text' })));
    },
  );

  return program;
}

/** Runs the command line with `argv` (without `node` and the script); resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(argv, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return handleFailure(error);
  }
}

function handleFailure(error: unknown): number {
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
  const userErrors = [TemplateError, OutputError, TargetOptionsError];
  if (userErrors.some((kind) => error instanceof kind)) {
    process.stderr.write(`errgen: error: ${(error as Error).message}\n`);
    return EXIT.failed;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(
    'errgen: internal error (this is a bug in errgen; please report it with the text below)\n' +
      `${stack}\n`,
  );
  return EXIT.failed;
}
