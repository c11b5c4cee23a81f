/**
 * The two sides of a diff: each a catalog file, or `<git-ref>:<path>`, read with `git show` so
 * that a CI job can compare a pull request with its base branch. Either way the text goes
 * through the same loader as any catalog, so positions and diagnostics stay right.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { loadCatalog, parseCatalog } from '../catalog/load.ts';
import type { Catalog } from '../catalog/model.ts';
import { decodeUtf8 } from '../catalog/read.ts';
import { type DiagnosticBag, diagnostics } from '../diagnostics.ts';

/** A side read from git: the revision and the path inside the repository. */
interface GitSide {
  ref: string;
  path: string;
}

/**
 * Reads `<ref>:<path>` from git, unless `side` names an existing file. A Windows drive letter
 * (`C:\...`) is a path, never a ref; nor is anything starting with `-`, which git would take
 * for an option (`--output=<file>` writes a file).
 */
export function gitSideOf(side: string): GitSide | undefined {
  if (existsSync(side) || /^[A-Za-z]:[\\/]/.test(side) || side.startsWith('-')) {
    return undefined;
  }
  const colon = side.indexOf(':');
  if (colon < 0 || colon === side.length - 1) {
    return undefined;
  }
  return { ref: side.slice(0, colon), path: side.slice(colon + 1) };
}

/** Loads one side of a diff; undefined after reporting why it cannot be used. */
export function loadSide(side: string, bag: DiagnosticBag): Catalog | undefined {
  const git = gitSideOf(side);
  if (!git) {
    return loadCatalog(side, bag);
  }
  const text = gitShow(side, bag);
  return text === undefined ? undefined : parseCatalog(text, side, bag);
}

/** The bytes of `ref:path` as UTF-8 text, from the repository of the working directory. */
function gitShow(side: string, bag: DiagnosticBag): string | undefined {
  const result = spawnSync('git', ['show', '--end-of-options', side], {
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.error) {
    bag.add(diagnostics.gitShowFailed, { spec: side, reason: result.error.message });
    return undefined;
  }
  if (result.status !== 0) {
    const reason = result.stderr.toString('utf8').trim().split('\n')[0] || 'git show failed';
    bag.add(diagnostics.gitShowFailed, { spec: side, reason });
    return undefined;
  }
  return decodeUtf8(result.stdout, side, bag);
}
