/**
 * Synthetic catalogs for the benchmark: PascalCase names built from word lists, statuses
 * 400-599 with `status-prefix` codes, messages with some Chinese and accented text. Seeded, so
 * a size always gives the same bytes.
 */

/** One catalog entry as the YAML file holds it. */
export interface SyntheticEntry {
  name: string;
  code: number;
  status: number;
  message: string;
  description?: string;
}

/** Returns numbers in [0, 1) from a 32-bit seed (mulberry32): the same seed, the same run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

const QUALIFIERS = words(
  'Invalid Missing Expired Duplicate Unknown Unsupported Malformed Forbidden Locked Disabled ' +
    'Deleted Revoked Stale Conflicting Oversized Empty Unverified Suspended Exhausted Throttled ' +
    'Corrupted Unavailable Pending Archived Immutable Incomplete Mismatched Reserved Orphaned ' +
    'Truncated',
);

const SUBJECTS = words(
  'Bucket Object File Directory Token Session Account User Group Role Policy Quota Region Zone ' +
    'Domain Certificate Signature Checksum Header Parameter Query Cursor Upload Download Part ' +
    'Chunk Snapshot Volume Image Thumbnail Watermark Webhook Callback Invoice Payment ' +
    'Subscription Plan Coupon Order Cart Address Contact Device Key Secret Url Id Json Acl Cache ' +
    'Index Table Column Row Shard Replica Backup Job Task Queue Message Topic Channel Stream Tag ' +
    'Label Version Revision Branch Project Tenant Workspace',
);

const MODIFIERS = words(
  'Name Type Size Format Owner Limit Count Length Path Prefix Suffix Range State Mode Scope ' +
    'Origin Target Encoding Language Timestamp Window',
);

/** Endings of `<Subject><Ending>` names, each with its message words. */
const CONDITIONS: readonly [string, string][] = [
  ['NotFound', 'not found'],
  ['TooLarge', 'is too large'],
  ['TooSmall', 'is too small'],
  ['TooLong', 'is too long'],
  ['Expired', 'has expired'],
  ['Exists', 'already exists'],
  ['Conflict', 'conflicts with the current state'],
  ['Denied', 'access denied'],
  ['Required', 'is required'],
  ['Unreachable', 'is unreachable'],
  ['Timeout', 'timed out'],
  ['Busy', 'is busy, retry later'],
  ['Mismatch', 'does not match'],
  ['Overflow', 'overflowed'],
  ['Rejected', 'was rejected'],
];

/** HTTP statuses and how often each appears, roughly as in public API error tables. */
const STATUS_WEIGHTS: readonly [number, number][] = [
  [400, 30],
  [401, 6],
  [403, 12],
  [404, 12],
  [405, 1],
  [406, 1],
  [408, 1],
  [409, 5],
  [410, 1],
  [411, 1],
  [412, 2],
  [413, 2],
  [415, 1],
  [416, 1],
  [422, 4],
  [423, 1],
  [424, 1],
  [429, 3],
  [451, 1],
  [500, 5],
  [501, 1],
  [502, 2],
  [503, 4],
  [504, 2],
  [507, 1],
  [599, 1],
];

/** Text that real catalogs carry beyond ASCII: Chinese translations and accented words. */
const NON_ASCII = [
  '请求参数无效',
  '对象不存在',
  '签名不匹配',
  '配额已用完',
  '服务暂时不可用',
  '存储空间已满',
  'café',
  'résumé',
  'naïve',
  'déjà vu',
  'façade',
  'Zürich',
  'São Paulo',
  'Ångström',
  'Größe überschritten',
];

function words(list: string): readonly string[] {
  return list.split(' ');
}

function pick<T>(random: Random, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

/** The name's words, as a message reads them. */
function lowerWords(parts: readonly string[]): string {
  return parts.map((p) => p.toLowerCase()).join(' ');
}

/** A name and its message: `<Qualifier><Subject>[<Modifier>]`, or `<Subject>[...]<Condition>`. */
function nameAndMessage(random: Random): [string, string] {
  const subject = [pick(random, SUBJECTS)];
  if (random() < 0.6) {
    subject.push(pick(random, MODIFIERS));
    if (random() < 0.3) {
      subject.push(pick(random, MODIFIERS));
    }
  }
  if (random() < 0.55) {
    const qualifier = pick(random, QUALIFIERS);
    return [qualifier + subject.join(''), lowerWords([qualifier, ...subject])];
  }
  const [ending, phrase] = pick(random, CONDITIONS);
  return [subject.join('') + ending, `${lowerWords(subject)} ${phrase}`];
}

/** Decorates a message now and then: non-ASCII text, quotes, a hint. */
function decorate(random: Random, message: string, status: number): string {
  const roll = random();
  if (roll < 0.1) {
    return `${message} (${pick(random, NON_ASCII)})`;
  }
  if (roll < 0.13) {
    return `the "${message}" check failed; see the request's headers`;
  }
  if (roll < 0.2 && status >= 500) {
    return `${message}, retry later`;
  }
  return message;
}

function describe(random: Random, message: string): string | undefined {
  if (random() >= 0.3) {
    return undefined;
  }
  const extra = random() < 0.2 ? ` ${pick(random, NON_ASCII)}.` : '';
  return `Returned when ${message}. Check the request and try again.${extra}`;
}

function weightedStatus(random: Random): number {
  const total = STATUS_WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [status, weight] of STATUS_WEIGHTS) {
    roll -= weight;
    if (roll < 0) {
      return status;
    }
  }
  return STATUS_WEIGHTS[0]![0];
}

/** `count` entries with distinct names, codes `<status><5-digit serial>`, sorted by code. */
export function syntheticEntries(count: number, seed = 7): SyntheticEntry[] {
  const random = seededRandom(seed);
  const names = new Set<string>();
  const serials = new Map<number, number>();
  const entries: SyntheticEntry[] = [];
  while (entries.length < count) {
    const [name, base] = nameAndMessage(random);
    if (names.has(name)) {
      continue;
    }
    names.add(name);
    const status = weightedStatus(random);
    const serial = (serials.get(status) ?? 0) + 1;
    serials.set(status, serial);
    const message = decorate(random, base, status);
    const description = describe(random, base);
    const code = status * 100_000 + serial;
    entries.push({ name, code, status, message, ...(description ? { description } : {}) });
  }
  return entries.sort((a, b) => a.code - b.code);
}

/** A YAML scalar: plain when nothing in it can be misread, else double-quoted (JSON is YAML). */
function scalar(text: string): string {
  return /^[\p{L}][\p{L}\p{N} ,.'()-]*$/u.test(text) ? text : JSON.stringify(text);
}

/** The catalog file's text, in the layout of spec/errors.yaml. */
export function catalogYaml(entries: readonly SyntheticEntry[]): string {
  const lines = [
    `# A synthetic catalog of ${entries.length} codes, written by bench/catalog.ts.`,
    'catalog: synthetic',
    'codeType: integer',
    'codeRule: status-prefix',
    'errors:',
  ];
  for (const entry of entries) {
    lines.push(`  - name: ${entry.name}`);
    lines.push(`    code: ${entry.code}`);
    lines.push(`    status: ${entry.status}`);
    lines.push(`    message: ${scalar(entry.message)}`);
    if (entry.description) {
      lines.push(`    description: ${scalar(entry.description)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
