/**
 * How a catalog `name` becomes an identifier in each target. One rule per target, applied the
 * same way by validation (to find collisions and reserved words) and by the emitters.
 */

/** The targets that turn entry names into identifiers. */
export type NamingTarget = 'TypeScript' | 'Go' | 'Python';

/** What a valid entry name looks like: ASCII, a letter first, then letters, digits or `_`. */
export const ENTRY_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;

// Go's initialisms, as staticcheck's ST1003 knows them, plus MD5 and the SHA family.
const GO_INITIALISMS = new Set(
  (
    'ACL API ASCII CPU CSS DNS EOF GUID HTML HTTP HTTPS ID IP JSON QPS RAM RPC SLA SMTP SQL SSH ' +
    'TCP TLS TTL UDP UI GID UID UUID URI URL UTF8 VM XML XMPP XSRF XSS SIP RTP AMQP DB TS MD5 ' +
    'SHA1 SHA256 SHA512'
  ).split(' '),
);

/**
 * Splits a name into words: at underscores, at lower-to-upper changes, and before the last
 * capital of a run followed by lower case (`HTTPError` is `HTTP`, `Error`). Digits stay with
 * the word before them (`Md5`, `UTF8`).
 */
export function splitWords(name: string): string[] {
  // No word takes in `_`, and `_` is no lower-case letter, so one match over the whole name
  // splits at underscores too.
  return name.match(WORD) ?? [];
}

const WORD = /[A-Z]+[0-9]*(?![a-z])|[A-Z]?[a-z]+[0-9]*|[0-9]+/g;

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

function goWord(word: string): string {
  const upper = word.toUpperCase();
  if (GO_INITIALISMS.has(upper)) {
    return upper;
  }
  // A plural initialism keeps its lower-case s: IDs, URLs.
  if (upper.length > 2 && upper.endsWith('S') && GO_INITIALISMS.has(upper.slice(0, -1))) {
    return upper.slice(0, -1) + 's';
  }
  return capitalize(word);
}

/** TypeScript enum member: PascalCase, acronyms written as words (`InvalidUrl`). */
export function typescriptName(name: string): string {
  return splitWords(name).map(capitalize).join('');
}

/** Go constant: exported MixedCaps with Go's initialisms upper-cased (`InvalidURL`). */
export function goName(name: string): string {
  return splitWords(name).map(goWord).join('');
}

/** Python enum member: UPPER_SNAKE_CASE (`INVALID_URL`). */
export function pythonName(name: string): string {
  return splitWords(name)
    .map((w) => w.toUpperCase())
    .join('_');
}

/** The identifier of `name` in `target`. */
export function identifierFor(target: NamingTarget, name: string): string {
  switch (target) {
    case 'TypeScript':
      return typescriptName(name);
    case 'Go':
      return goName(name);
    case 'Python':
      return pythonName(name);
  }
}

/** Every naming target, in the order diagnostics mention them. */
export const NAMING_TARGETS: readonly NamingTarget[] = ['TypeScript', 'Go', 'Python'];

/**
 * Identifiers an entry may not take in a target, with the reason. Go constants share the
 * package scope with the generated declarations; TypeScript and Python members live inside
 * their enum, where UPPER_SNAKE and PascalCase cannot meet a keyword or a helper.
 */
const RESERVED: Record<NamingTarget, ReadonlyMap<string, string>> = {
  TypeScript: new Map(),
  Go: new Map(
    ['Code', 'Info', 'Infos', 'Lookup', 'Error', 'DocsBaseURL'].map((n) => [
      n,
      'which the generated Go package already declares',
    ]),
  ),
  Python: new Map(),
};

/** Why `identifier` cannot be used in `target`, or undefined when it can. */
export function reservedReason(target: NamingTarget, identifier: string): string | undefined {
  return RESERVED[target].get(identifier);
}

const ASCII_ONLY = 'names must be ASCII letters, digits and "_"';

/** Why `name` is not a usable entry name, or undefined when it is. */
export function invalidNameReason(name: string): string | undefined {
  if (name === '') {
    return 'it is empty';
  }
  const nonAscii = /[^\0-\x7f]/u.exec(name)?.[0];
  if (nonAscii) {
    const hex = nonAscii.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    const character = `${JSON.stringify(nonAscii)} (U+${hex})`;
    return `it has the non-ASCII character ${character}; ${ASCII_ONLY}`;
  }
  if (/^[0-9]/.test(name)) {
    return 'it starts with a digit, which no target allows in an identifier';
  }
  if (name.startsWith('_')) {
    return 'it starts with "_", which Python enums reserve; start with a letter';
  }
  const bad = name.match(/[^A-Za-z0-9_]/);
  if (bad) {
    return `it has the character ${JSON.stringify(bad[0])}; ${ASCII_ONLY}`;
  }
  if (splitWords(name).length === 0) {
    return 'it has no letters or digits';
  }
  return undefined;
}

/** Lower-case words of a catalog name such as `my-api` or `upyun`, for package names. */
function catalogWords(catalog: string): string[] {
  const words = catalog
    .split(/[^A-Za-z0-9]+/)
    .flatMap((part) => splitWords(part))
    .map((w) => w.toLowerCase());
  // `my-api.errors` and `errors` should not give `myapierrorserr` or `errorserr`.
  if (words.length > 0 && /^errors?$/.test(words[words.length - 1]!)) {
    words.pop();
  }
  return words.length > 0 ? words : ['api'];
}

/** Go package name for a catalog: lower case, no separators, `err` appended (`upyunerr`). */
export function goPackageName(catalog: string): string {
  return catalogWords(catalog).join('') + 'err';
}

/** Python package name for a catalog: snake case with `_errors` appended (`upyun_errors`). */
export function pythonPackageName(catalog: string): string {
  return catalogWords(catalog).join('_') + '_errors';
}

/** Exception or error class name for a catalog in TypeScript and Python (`UpyunError`). */
export function errorClassName(catalog: string): string {
  return catalogWords(catalog).map(capitalize).join('') + 'Error';
}

/** What a usable catalog name looks like. */
export const CATALOG_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** The default catalog name for a file: its base name up to the first dot (`my-api`). */
export function catalogNameFromPath(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? '';
  return base.split('.')[0] ?? '';
}
