/**
 * All console output of the command line goes through here: quiet by default, errors and
 * diagnostics to stderr, colours only on a terminal.
 */
import { readFileSync } from 'node:fs';

import { type Diagnostic, formatDiagnostic, type SourcePosition } from '../diagnostics.ts';

/** How much to print. */
export type Verbosity = 'quiet' | 'normal' | 'verbose';

/** The command line's printer. */
export interface Logger {
  /** A result line (summary); not printed with --quiet. */
  info(line: string): void;
  /** Per-phase detail; printed only with --verbose. */
  debug(line: string): void;
  /** Problems; always printed, to stderr. */
  error(line: string): void;
  diagnostic(d: Diagnostic): void;
  /** Runs `phase` and, with --verbose, prints how long it took. */
  time<T>(label: string, phase: () => Promise<T>): Promise<T>;
}

/** Options of a logger; `color` defaults to whether stderr is a terminal. */
export interface LoggerOptions {
  verbosity: Verbosity;
  color?: boolean;
  out?: NodeJS.WritableStream;
  err?: NodeJS.WritableStream;
}

const RED = '\u001b[31m';
const YELLOW = '\u001b[33m';
const RESET = '\u001b[0m';

/** Creates the logger for one run. */
export function createLogger(options: LoggerOptions): Logger {
  const out = options.out ?? process.stdout;
  const err = options.err ?? process.stderr;
  const color =
    options.color ?? (Boolean((err as NodeJS.WriteStream).isTTY) && !process.env.NO_COLOR);
  const paint = (code: string, text: string) => (color ? `${code}${text}${RESET}` : text);
  const verbose = options.verbosity === 'verbose';
  return {
    info(line) {
      if (options.verbosity !== 'quiet') {
        out.write(`${line}\n`);
      }
    },
    debug(line) {
      if (verbose) {
        err.write(`${line}\n`);
      }
    },
    error(line) {
      err.write(`${line}\n`);
    },
    diagnostic(d) {
      const text = formatDiagnostic(d);
      err.write(`${paint(d.severity === 'error' ? RED : YELLOW, text)}\n`);
      // On a terminal, show the line the diagnostic points at.
      const frame = color && d.position ? codeFrame(d.position) : undefined;
      if (frame) {
        err.write(`${frame}\n`);
      }
    },
    async time(label, phase) {
      const start = performance.now();
      try {
        return await phase();
      } finally {
        if (verbose) {
          err.write(`${label}: ${(performance.now() - start).toFixed(1)} ms\n`);
        }
      }
    },
  };
}

/** The source line at `position` with a caret under its column, or undefined if unreadable. */
export function codeFrame(position: SourcePosition): string | undefined {
  let text: string;
  try {
    text = readFileSync(position.file, 'utf8');
  } catch {
    return undefined;
  }
  const line = text.replace(/^\uFEFF/, '').split(/\r?\n/)[position.line - 1];
  if (line === undefined) {
    return undefined;
  }
  const number = String(position.line);
  const gutter = ' '.repeat(number.length);
  const caret = ' '.repeat(Math.max(0, position.column - 1));
  return `  ${number} | ${line}\n  ${gutter} | ${caret}^`;
}
