/**
 * `errgen diff <old> [<new>]`: loads two versions of a catalog and reports every change with
 * its rule id and both positions. Exits 1 when a change is breaking, unless the run allows it.
 */
import { DiagnosticBag, type SourcePosition } from '../diagnostics.ts';
import { type Change, type ChangeSeverity, diffCatalogs } from '../evolution/diff.ts';
import { loadSide } from '../evolution/sides.ts';
import { EXIT, type Reporter } from './reporter.ts';

/** Options of the diff command. */
export interface DiffOptions {
  /** Report breaking changes but exit 0. */
  allowBreaking?: boolean;
}

/** Compares the catalog `oldSide` with `newSide`; returns the exit code. */
export function runDiff(
  oldSide: string,
  newSide: string,
  options: DiffOptions,
  reporter: Reporter,
): number {
  const bag = new DiagnosticBag();
  const before = loadSide(oldSide, bag);
  const after = loadSide(newSide, bag);
  if (!before || !after) {
    reporter.report(bag.items, { changes: [] });
    return EXIT.failed;
  }
  const changes = diffCatalogs(before, after);
  const blocking = changes.filter((c) => blocks(c.severity, reporter.strict));
  const failed = blocking.length > 0 && !options.allowBreaking;
  if (reporter.format === 'json') {
    reporter.report([], { ok: !failed, changes });
  } else {
    printChanges(changes, reporter);
    printSummary(changes, blocking.length, failed, reporter);
  }
  return failed ? EXIT.failed : EXIT.ok;
}

/** Breaking changes fail the run; with --strict, warnings do too. */
function blocks(severity: ChangeSeverity, strict: boolean): boolean {
  return severity === 'breaking' || (strict && severity === 'warning');
}

/** Breaking changes and warnings go to stderr, always; notes and fine ones are results. */
function printChanges(changes: readonly Change[], reporter: Reporter): void {
  for (const change of changes) {
    const line = formatChange(change);
    if (change.severity === 'breaking' || change.severity === 'warning') {
      reporter.log.error(line);
    } else {
      reporter.log.info(line);
    }
  }
}

/** `new.yaml:12:13 - breaking status-changed: ... (was old.yaml:12:13)`. */
export function formatChange(change: Change): string {
  const primary = change.new ?? change.old;
  const where = primary ? `${positionText(primary)} - ` : '';
  const before = change.new && change.old ? ` (was ${positionText(change.old)})` : '';
  return `${where}${change.severity} ${change.rule}: ${change.message}${before}`;
}

function positionText(position: SourcePosition): string {
  return `${position.file}:${position.line}:${position.column}`;
}

function printSummary(
  changes: readonly Change[],
  blocking: number,
  failed: boolean,
  reporter: Reporter,
): void {
  const count = (severity: ChangeSeverity) => changes.filter((c) => c.severity === severity).length;
  const counts = [
    `${count('breaking')} breaking`,
    `${count('warning')} ${count('warning') === 1 ? 'warning' : 'warnings'}`,
    `${count('note')} ${count('note') === 1 ? 'note' : 'notes'}`,
    `${count('fine')} fine`,
  ];
  reporter.log.info(changes.length === 0 ? 'no changes' : counts.join(', '));
  if (failed) {
    const what = blocking === 1 ? 'breaking change' : 'breaking changes';
    const strict = reporter.strict ? ' (warnings count under --strict)' : '';
    const them = blocking === 1 ? 'it' : 'them';
    reporter.log.error(
      `errgen diff: ${blocking} ${what}${strict}; pass --allow-breaking to accept ${them}.`,
    );
  }
}
