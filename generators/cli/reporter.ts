/**
 * What every command shares: its exit codes and the reporter that prints its diagnostics.
 * Kept apart from main.ts so a command's module can be loaded on its own.
 */
import { type Diagnostic, sortDiagnostics } from '../diagnostics.ts';
import { createLogger, type Logger } from './log.ts';

/** Exit codes, as documented in the README. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Options every command accepts. */
export interface GlobalOptions {
  quiet?: boolean;
  verbose?: boolean;
  color: boolean;
  format: 'text' | 'json';
  strict?: boolean;
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
  /**
   * Reports a failure that is not a diagnostic (an output folder that cannot be written),
   * which main() has printed to stderr: under --format json, the run's one JSON object.
   */
  fail(message: string): void;
}

const isError = (d: Diagnostic) => d.severity === 'error';

/** The reporter for a command run with `options`. */
export function reporterFor(options: GlobalOptions): Reporter {
  const json = options.format === 'json';
  const verbosity = options.quiet || json ? 'quiet' : options.verbose ? 'verbose' : 'normal';
  const log = createLogger({ verbosity, color: options.color ? undefined : false });
  const fails = (items: readonly Diagnostic[]) =>
    items.some((d) => options.strict || d.severity === 'error');
  let reported = false;
  return {
    log,
    format: options.format,
    strict: Boolean(options.strict),
    fails,
    report(items, extra = {}) {
      const sorted = sortDiagnostics(items);
      reported = true;
      if (json) {
        const body = { ok: !fails(items), diagnostics: sorted, ...extra };
        process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      } else {
        // --quiet prints nothing but errors; under --strict, warnings are errors.
        const shown = options.quiet && !options.strict ? sorted.filter(isError) : sorted;
        shown.forEach((d) => log.diagnostic(d));
        if (options.strict && fails(items) && !items.some(isError)) {
          log.error('errgen: --strict counts the warnings above as errors');
        }
      }
    },
    fail(message) {
      // A run prints one JSON object; one that has reported already keeps its own.
      if (json && !reported) {
        const body = { ok: false, diagnostics: [], error: message };
        process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      }
    },
  };
}
