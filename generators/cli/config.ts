/**
 * errgen.config.yaml: where the catalog is, where outputs go, which targets, and per-target
 * options. Optional; command-line flags win over it, and defaults give the UPYUN layout.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

import { decodeUtf8 } from '../catalog/read.ts';
import { type DiagnosticBag, diagnostics } from '../diagnostics.ts';
import { TARGET_NAMES, type TargetName, type TargetOptions } from '../emit/emitter.ts';
import { packagePath } from '../package-root.ts';
import { checkSchema, type SchemaVocabulary } from '../yaml/schema.ts';
import { parseYamlSource } from '../yaml/source.ts';
import { validatorFor } from '../yaml/validators.ts';

/** The file looked for in the working directory when --config is not given. */
export const DEFAULT_CONFIG_FILE = 'errgen.config.yaml';

const schema = JSON.parse(readFileSync(packagePath('schema', 'config.schema.json'), 'utf8')) as {
  properties: Record<string, { properties?: Record<string, unknown> }>;
};

/** The configuration file as written. */
interface ConfigFile {
  catalog?: string;
  out?: string;
  targets?: TargetName[];
  templates?: string;
  typescript?: Partial<TargetOptions['typescript']>;
  openapi?: Partial<TargetOptions['openapi']>;
  go?: Partial<TargetOptions['go']>;
  python?: Partial<TargetOptions['python']>;
  docs?: Partial<TargetOptions['docs']>;
  docsBaseUrl?: string;
}

/** Everything a generating command needs, with flags, config and defaults merged. */
export interface ResolvedConfig {
  catalogPath: string;
  /**
   * The catalog as generated headers cite it: as written in the config file (relative to
   * it) or on the command line, so headers do not depend on the working directory.
   */
  catalogName: string;
  outDir: string;
  targets: readonly TargetName[];
  /** The config file used, if any. */
  configPath?: string;
  /** Applies the config's per-target options over the defaults. */
  options: (defaults: TargetOptions) => TargetOptions;
}

/** Flags that override the configuration. */
export interface ConfigFlags {
  config?: string;
  catalog?: string;
  out?: string;
  only?: TargetName[];
}

/** Loads the configuration (if any) and merges the flags; undefined after an error. */
export function loadConfig(flags: ConfigFlags, bag: DiagnosticBag): ResolvedConfig | undefined {
  const path = flags.config ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  const file = path === undefined ? {} : readConfigFile(path, bag);
  if (file === undefined) {
    return undefined;
  }
  // Paths in the config file are relative to the file; flags are relative to the shell.
  const base = path === undefined ? '.' : dirname(path);
  const fromConfig = (p: string | undefined) =>
    p === undefined ? undefined : isAbsolute(p) ? p : tidy(join(base, p));
  const templates = fromConfig(file.templates);
  if (templates !== undefined && !existsSync(templates)) {
    bag.add(diagnostics.fileNotFound, { path: templates });
    return undefined;
  }
  const catalogPath = flags.catalog ?? fromConfig(file.catalog) ?? 'spec/errors.yaml';
  return {
    catalogPath,
    catalogName:
      flags.catalog === undefined && file.catalog !== undefined
        ? citedPath(file.catalog, base)
        : citedPath(catalogPath, '.'),
    outDir: flags.out ?? fromConfig(file.out) ?? 'out',
    targets: flags.only ?? file.targets ?? TARGET_NAMES,
    ...(path === undefined ? {} : { configPath: path }),
    options: (defaults) => ({
      outDir: defaults.outDir,
      typescript: { ...defaults.typescript, ...file.typescript },
      openapi: { ...defaults.openapi, ...file.openapi },
      go: goOptions(defaults.go, file.go),
      python: { ...defaults.python, ...file.python },
      docs: { ...defaults.docs, ...file.docs },
      ...(templates === undefined ? {} : { templates }),
      ...(file.docsBaseUrl === undefined ? {} : { docsBaseUrl: file.docsBaseUrl }),
    }),
  };
}

/** A chosen Go package also names the default module path. */
function goOptions(
  defaults: TargetOptions['go'],
  chosen: Partial<TargetOptions['go']> | undefined,
): TargetOptions['go'] {
  const pkg = chosen?.package ?? defaults.package;
  return { ...defaults, module: `example.com/${pkg}`, ...chosen, package: pkg };
}

/**
 * A catalog path as generated headers cite it: relative to `base` (the config file's folder
 * for a path from the config, else the working directory), with `/` between names, however
 * it was spelled (`./spec/errors.yaml`, an absolute path), so that the output's bytes do not
 * depend on the spelling.
 */
function citedPath(path: string, base: string): string {
  // Real paths on both sides: a working folder reached through a link (macOS's /tmp) is
  // spelled one way by the shell's $PWD and another by process.cwd().
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : resolve(p));
  const cited = relative(real(base), real(resolve(base, path))) || basename(path);
  return cited.split(sep).join('/');
}

function tidy(path: string): string {
  return relative('.', path) || '.';
}

function readConfigFile(path: string, bag: DiagnosticBag): ConfigFile | undefined {
  if (!existsSync(path)) {
    bag.add(diagnostics.fileNotFound, { path });
    return undefined;
  }
  const text = decodeUtf8(readFileSync(path), path, bag);
  const source = text === undefined ? undefined : parseYamlSource(text, path, bag);
  if (!source || bag.hasErrors()) {
    return undefined;
  }
  const data = (source.document.toJS() ?? {}) as ConfigFile;
  const reported = checkSchema(source, data, validatorFor('config'), configVocabulary, bag);
  return reported.length > 0 ? undefined : data;
}

const configVocabulary: SchemaVocabulary = {
  entry: () => undefined,
  where: (path) => (path.length === 0 ? 'the configuration' : `configuration ${path.join('.')}`),
  field: (path) => (path.length === 0 ? 'the configuration' : path.join('.')),
  knownFields: (path) =>
    Object.keys(
      path.length === 0
        ? schema.properties
        : (schema.properties[String(path[0])]?.properties ?? {}),
    ),
  deferred: new Set<string>(),
  schema: 'config',
};
