/**
 * Writing generated files, all or nothing: paths are confined to the output folder, every
 * file goes to a temporary sibling first, and only when all of them are written are they
 * renamed into place. Files whose bytes did not change are left alone (their mtime stays).
 * Symbolic links below the output folder are never followed, replaced or removed.
 */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

import type { OutputFile } from '../emit/emitter.ts';
import { UserError } from '../user-error.ts';

/** An output that cannot be written where it should go; a user-facing error, not a bug. */
export class OutputError extends UserError {}

/** What comparing generated files with the output folder found. */
export interface OutputPlan {
  changed: OutputFile[];
  unchanged: OutputFile[];
  /**
   * Files in the output folders that this catalog's earlier runs generated but this run does
   * not produce (relative paths). Other files there are the user's and are left alone.
   */
  extra: string[];
  /** Existing files this run would replace although errgen did not generate them. */
  foreign: string[];
  /** Existing files this run would replace that errgen generated from another catalog. */
  claimed: { path: string; source: string }[];
}

/** The absolute path of `file` under `outDir`, refusing anything that would leave it. */
export function resolveInside(outDir: string, file: string): string {
  const root = resolve(outDir);
  const target = resolve(root, file);
  const rel = relative(root, target);
  if (isAbsolute(file) || rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new OutputError(`output path ${JSON.stringify(file)} is outside ${outDir}`);
  }
  return target;
}

/**
 * Refuses symbolic links below `outDir` on the way to any of `files` (relative paths), all
 * named in one error. Writing through such a link would change what lies outside the output
 * folder, and replacing it would quietly undo the user's setup. `outDir` itself, and the
 * folders above it, may be links.
 */
function refuseLinks(outDir: string, files: readonly string[]): void {
  const links = new Map<string, string>();
  for (const file of files) {
    const link = firstLink(outDir, file);
    if (link !== undefined) {
      links.set(link.path, link.target);
    }
  }
  if (links.size === 0) {
    return;
  }
  const list = [...links.keys()]
    .sort()
    .map((path) => `${path} -> ${links.get(path)}`)
    .join(', ');
  const [noun, which] = links.size === 1 ? ['a symbolic link', 'it'] : ['symbolic links', 'each'];
  throw new OutputError(
    `refusing to write through ${noun} inside ${outDir}: ${list}; replace ${which} with a ` +
      'real folder or file (the output folder itself may be a link); no output was changed',
  );
}

/** A symbolic link as the user names it, and the path it holds. */
interface Link {
  path: string;
  target: string;
}

/** The first symbolic link from `outDir` down to `file`, if any; links in `outDir` are fine. */
function firstLink(outDir: string, file: string): Link | undefined {
  const root = resolve(outDir);
  const parts = relative(root, resolveInside(outDir, file)).split(sep);
  for (let depth = 1; depth <= parts.length; depth++) {
    const path = join(root, ...parts.slice(0, depth));
    const stats = statsOf(path);
    if (stats?.isSymbolicLink()) {
      return { path: [outDir, ...parts.slice(0, depth)].join('/'), target: readlinkSync(path) };
    }
    // Nothing below a missing path or a file exists to be a link.
    if (stats === undefined || !stats.isDirectory()) {
      return undefined;
    }
  }
  return undefined;
}

/**
 * What `path` is, without following a link; undefined when nothing is there. A path that
 * cannot be looked at (a link loop, a name too long) is an error naming it.
 */
function statsOf(path: string): Stats | undefined {
  try {
    return lstatSync(path, { throwIfNoEntry: false });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OutputError(`cannot use ${path} for output: ${reason}; no output was changed`);
  }
}

/** Refuses an output folder that is a file, or a link that leads nowhere usable. */
function refuseUnusableOutputFolder(outDir: string): void {
  let stats: Stats | undefined;
  try {
    stats = statSync(outDir, { throwIfNoEntry: false });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OutputError(`cannot use ${outDir} as the output folder: ${reason}`);
  }
  if (stats !== undefined && !stats.isDirectory()) {
    throw new OutputError(`the output folder ${outDir} is a file; choose another output folder`);
  }
}

/** The longest file or folder name common file systems take, in bytes (ext4, APFS, NTFS). */
const NAME_MAX = 255;

/**
 * Refuses paths that could only fail once writing has begun, all named in one error: a name
 * longer than file systems take, a folder where a file is to be written (`out/docs/errors.md/`)
 * and a file where a folder is needed (`out/go` as a file).
 */
function refuseBlockedPaths(outDir: string, files: readonly string[]): void {
  const blocked = new Set<string>();
  for (const file of files) {
    const parts = file.split('/');
    for (let depth = 1; depth <= parts.length; depth++) {
      const name = [outDir, ...parts.slice(0, depth)].join('/');
      const bytes = Buffer.byteLength(parts[depth - 1]!);
      if (bytes > NAME_MAX) {
        blocked.add(`${name} has a name of ${bytes} bytes, longer than file systems take`);
        break;
      }
      const path = resolveInside(outDir, parts.slice(0, depth).join('/'));
      const stats = statsOf(path);
      const isFile = depth === parts.length;
      if (stats === undefined) {
        continue;
      }
      if (isFile && stats.isDirectory()) {
        blocked.add(`${name} is a folder where errgen writes a file`);
      } else if (isFile && !stats.isFile()) {
        blocked.add(`${name} is not a regular file (a pipe or a device) where errgen writes one`);
      } else if (!isFile && !stats.isDirectory()) {
        blocked.add(`${name} is a file where errgen needs a folder`);
        break;
      }
    }
  }
  if (blocked.size > 0) {
    throw new OutputError(`${[...blocked].sort().join('; ')}; no output was changed`);
  }
}

/**
 * Compares `files` with what `outDir` holds now. `notice` is the generated-file notice of the
 * catalog (see generatedNotice): a file carrying it came from this catalog.
 */
export function planOutput(
  outDir: string,
  files: readonly OutputFile[],
  notice: string,
): OutputPlan {
  refuseUnusableOutputFolder(outDir);
  const paths = files.map((f) => f.path);
  refuseLinks(outDir, paths);
  refuseBlockedPaths(outDir, paths);
  const plan: OutputPlan = { changed: [], unchanged: [], extra: [], foreign: [], claimed: [] };
  const produced = new Set<string>();
  for (const file of files) {
    const path = resolveInside(outDir, file.path);
    produced.add(relative(resolve(outDir), path).split(sep).join('/'));
    const existing = existsSync(path) ? readFileSync(path) : undefined;
    const same = existing !== undefined && existing.equals(Buffer.from(file.contents, 'utf8'));
    (same ? plan.unchanged : plan.changed).push(file);
    if (existing === undefined || same) {
      continue;
    }
    // A file this run would replace: is it errgen's, and from this catalog?
    const source = generatedFrom(existing);
    if (source === undefined) {
      plan.foreign.push(file.path);
    } else if (!headOfBytes(existing).includes(notice)) {
      plan.claimed.push({ path: file.path, source });
    }
  }
  plan.extra = listOutputFolders(outDir, files).filter(
    (f) => !produced.has(f) && headOf(resolveInside(outDir, f)).includes(notice),
  );
  return plan;
}

/** Every file below the top-level folders the outputs live in (`ts/`, `go/`, ...), sorted. */
function listOutputFolders(outDir: string, files: readonly OutputFile[]): string[] {
  const tops = new Set(files.map((f) => f.path.split('/')[0]!).filter((t) => t !== ''));
  const found: string[] = [];
  for (const top of [...tops].sort()) {
    const path = join(outDir, top);
    if (lstatSync(path, { throwIfNoEntry: false })?.isDirectory()) {
      walk(path, top, found);
    }
  }
  return found.sort();
}

/** Caches that tools leave next to generated code; never reported or removed. */
const IGNORED = /^(\..*|__pycache__|node_modules)$/;

/** Collects the files below `dir`; links are the user's: neither followed nor listed. */
function walk(dir: string, prefix: string, found: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    if (IGNORED.test(name)) {
      continue;
    }
    const path = join(dir, name);
    const stats = lstatSync(path);
    if (stats.isDirectory()) {
      walk(path, `${prefix}/${name}`, found);
    } else if (stats.isFile()) {
      // Links are the user's, and a pipe or a device could block a read for ever.
      found.push(`${prefix}/${name}`);
    }
  }
}

/** The start of a file, where a generated notice stands. */
function headOf(path: string): string {
  return headOfBytes(readFileSync(path));
}

function headOfBytes(bytes: Buffer): string {
  return bytes.subarray(0, 1024).toString('utf8');
}

/** True when a file says errgen generated it (so replacing it loses nothing). */
export function isGeneratedByErrgen(path: string): boolean {
  return hasGeneratedNotice(readFileSync(path));
}

function hasGeneratedNotice(bytes: Buffer): boolean {
  return generatedFrom(bytes) !== undefined;
}

/** The catalog a file's generated notice names, or undefined when it has none. */
function generatedFrom(bytes: Buffer): string | undefined {
  return /Code generated by errgen from (.*)\. DO NOT EDIT\./.exec(headOfBytes(bytes))?.[1];
}

/** Temporary files of a run that was killed before it could rename or remove them. */
const LEFTOVER = /^\.\d+\.\d+\.errgen-tmp$/;

function temporaryName(path: string, index: number): string {
  return join(dirname(path), `.${process.pid}.${index}.errgen-tmp`);
}

/**
 * Renames each staged file over its path. Everything that can be checked was checked before
 * the first rename, so a failure here is the file system's (a disk error, a folder changed
 * underneath): it is reported with what was replaced already, and the rest is cleaned up.
 */
function moveIntoPlace(outDir: string, staged: readonly { temp: string; path: string }[]): void {
  staged.forEach(({ temp, path }, index) => {
    try {
      renameSync(temp, path);
    } catch (error) {
      for (const { temp: left } of staged.slice(index)) {
        rmSync(left, { force: true });
      }
      const reason = error instanceof Error ? error.message : String(error);
      const file = relative(resolve(outDir), path).split(sep).join('/');
      throw new OutputError(
        `cannot move ${outDir}/${file} into place: ${reason}; ` +
          `${index} of ${staged.length} changed files were written before it`,
      );
    }
  });
}

/** Removes what killed runs left in the folders this run writes to. */
function removeLeftovers(outDir: string, plan: OutputPlan): void {
  const folders = new Set(plan.changed.map((f) => dirname(resolveInside(outDir, f.path))));
  for (const folder of folders) {
    if (existsSync(folder) && statSync(folder).isDirectory()) {
      for (const name of readdirSync(folder).filter((n) => LEFTOVER.test(n))) {
        rmSync(join(folder, name), { recursive: true, force: true });
      }
    }
  }
}

/**
 * Writes the changed files of `plan`: all into temporary files first, then all renamed. On
 * any failure the temporary files are removed and no output has changed. Refuses to replace
 * a file errgen did not generate. Returns the extra files it removed.
 */
export function writeOutput(outDir: string, plan: OutputPlan): string[] {
  if (plan.foreign.length > 0) {
    const files = plan.foreign.map((f) => `${outDir}/${f}`).join(', ');
    throw new OutputError(
      `refusing to overwrite ${files}: errgen did not generate it; move it or choose another path`,
    );
  }
  if (plan.claimed.length > 0) {
    const files = plan.claimed.map((f) => `${outDir}/${f.path} (from ${f.source})`).join(', ');
    throw new OutputError(
      `refusing to overwrite ${files}: another catalog's output; give each ` +
        'catalog its own output folder or paths, or delete the files if the catalog was renamed',
    );
  }
  // Again here: import writes without a plan, and links may have appeared since planning.
  refuseLinks(
    outDir,
    plan.changed.map((f) => f.path),
  );
  removeLeftovers(outDir, plan);
  const staged: { temp: string; path: string }[] = [];
  const created: string[] = [];
  let current = '';
  try {
    for (const file of plan.changed) {
      current = file.path;
      const path = resolveInside(outDir, file.path);
      const first = mkdirSync(dirname(path), { recursive: true });
      if (first !== undefined) {
        created.push(first);
      }
      const temp = temporaryName(path, staged.length);
      staged.push({ temp, path });
      writeFileSync(temp, file.contents, { encoding: 'utf8', flag: 'wx' });
    }
  } catch (error) {
    for (const { temp } of staged) {
      rmSync(temp, { force: true });
    }
    // Folders this run created held only its temporary files.
    for (const folder of created.reverse()) {
      rmSync(folder, { recursive: true, force: true });
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new OutputError(`cannot write ${outDir}/${current}: ${reason}; no output was changed`);
  }
  moveIntoPlace(outDir, staged);
  for (const file of plan.extra) {
    rmSync(resolveInside(outDir, file));
  }
  return plan.extra;
}
