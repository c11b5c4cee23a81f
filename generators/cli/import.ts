/**
 * `errgen import <file>`: turns an error table into a catalog, printed or written with --out.
 * Any error (an unreadable row, a missing column) prints every diagnostic and writes nothing.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';

import { readCatalogText } from '../catalog/read.ts';
import { DiagnosticBag } from '../diagnostics.ts';
import { importCatalog, type ImportResult } from '../import/import-catalog.ts';
import { OutputError, writeOutput } from '../write/output.ts';
import type { ImportOptions } from './import-command.ts';
import { EXIT, type Reporter } from './reporter.ts';

/** Imports `file` and prints or writes the catalog; returns the exit code. */
export async function runImport(
  file: string,
  options: ImportOptions,
  reporter: Reporter,
): Promise<number> {
  const { log } = reporter;
  const bag = new DiagnosticBag();
  const result = await log.time('import', async () => {
    const text = readCatalogText(file, bag);
    return text === undefined ? undefined : importCatalog(text, file, requestOf(options), bag);
  });
  if (result?.format) {
    log.debug(`format: ${result.format}${result.guessed ? ' (guessed from the content)' : ''}`);
  }
  const failed = reporter.fails(bag.items);
  reporter.report(bag.items);
  if (failed || !result?.yaml) {
    explainFailure(result, options, reporter);
    return EXIT.failed;
  }
  await log.time('write', async () => writeCatalog(result.yaml!, options));
  log[options.out ? 'info' : 'debug'](summary(result, options.out));
  return EXIT.ok;
}

function requestOf(options: ImportOptions) {
  return {
    ...(options.format ? { format: options.format } : {}),
    ...(options.name ? { catalogName: options.name } : {}),
    allowPartial: options.allowPartial === true,
  };
}

function explainFailure(
  result: ImportResult | undefined,
  options: ImportOptions,
  reporter: Reporter,
): void {
  const hint =
    result && result.badRows > 0 && !options.allowPartial && !reporter.strict
      ? '; fix the rows above, or pass --allow-partial to leave them out'
      : '';
  reporter.log.error(`errgen: no catalog written${hint}`);
}

/** Prints the catalog, or writes it to --out (all or nothing, refusing to clobber edits). */
function writeCatalog(yaml: string, options: ImportOptions): void {
  const out = options.out;
  if (!out) {
    process.stdout.write(yaml);
    return;
  }
  const existing = existingText(out);
  if (existing !== undefined && existing !== yaml && !options.force) {
    throw new OutputError(`${out} already exists and differs; pass --force to replace it`);
  }
  const file = { path: basename(out), contents: yaml };
  writeOutput(dirname(out), {
    changed: [file],
    unchanged: [],
    extra: [],
    foreign: [],
    claimed: [],
  });
}

/** The text of the file at `path`, or undefined when there is none. */
function existingText(path: string): string | undefined {
  if (!existsSync(path)) {
    return undefined;
  }
  if (statSync(path).isDirectory()) {
    throw new OutputError(`${path} is a directory; --out names the catalog file to write`);
  }
  return readFileSync(path, 'utf8');
}

function summary(result: ImportResult, out: string | undefined): string {
  const entries = result.catalog!.entries.length;
  const derived = result.naming?.derived ?? 0;
  const names = derived > 0 ? `, ${derived} ${derived === 1 ? 'name' : 'names'} derived` : '';
  return `${out ?? 'standard output'}: ${entries} entries imported from ${result.format}${names}`;
}
