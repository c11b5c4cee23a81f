/**
 * `errgen validate`: loads and checks catalogs, reports every diagnostic, writes nothing.
 */
import { loadCatalog } from '../catalog/load.ts';
import { DiagnosticBag } from '../diagnostics.ts';
import { EXIT, type Reporter } from './reporter.ts';

/** Validates each catalog file; returns the exit code. */
export function runValidate(files: readonly string[], reporter: Reporter): number {
  const bag = new DiagnosticBag();
  const valid = files.filter((file) => loadCatalog(file, bag) !== undefined);
  const failed = reporter.fails(bag.items);
  reporter.report(bag.items, { files });
  if (failed) {
    return EXIT.failed;
  }
  const noun = valid.length === 1 ? 'catalog' : 'catalogs';
  reporter.log.info(`${valid.length} ${noun} valid`);
  return EXIT.ok;
}
