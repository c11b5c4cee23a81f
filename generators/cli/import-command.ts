/**
 * How `errgen import` is called: its arguments and options, declared without loading the
 * importers, which main.ts loads only when the command runs.
 */
import { type Command, Option } from 'commander';

import { IMPORT_FORMATS, type ImportFormat } from '../import/source.ts';

/** The options of `errgen import`. `--format` is the input's format here, not the output's. */
export interface ImportOptions {
  format?: ImportFormat;
  out?: string;
  name?: string;
  allowPartial?: boolean;
  force?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  color: boolean;
  strict?: boolean;
}

/** Declares the arguments and options of the `import` command on `command`. */
export function describeImportCommand(command: Command): Command {
  return command
    .description('turn an error table (UPYUN text, Markdown, CSV or JSON) into a catalog')
    .argument('<file>', 'the table to import')
    .addOption(
      new Option(
        '--format <format>',
        'the input format (default: guessed from the content)',
      ).choices([...IMPORT_FORMATS]),
    )
    .option('-o, --out <file>', 'write the catalog to this file (default: standard output)')
    .option('--name <catalog>', 'the catalog name (default: from the input file name)')
    .option('--allow-partial', 'leave unreadable rows out with a warning instead of failing')
    .option('--force', 'replace an existing --out file that differs')
    .option('-q, --quiet', 'print nothing but errors')
    .option('-v, --verbose', 'also say which format was guessed, and per-phase timings')
    .option('--no-color', 'never colour the output')
    .option('--strict', 'treat warnings as errors');
}
