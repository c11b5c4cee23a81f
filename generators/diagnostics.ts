/**
 * errgen's own diagnostics: every problem the tool reports has a stable code, a severity
 * and a message built from a template, so users (and tests) can rely on the text.
 */

/** How bad a diagnostic is; `--strict` promotes warnings to errors. */
export type Severity = 'error' | 'warning';

/** A position in a source file; line and column are 1-based, as editors show them. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** One reported problem. */
export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  position?: SourcePosition;
  /** The catalog entry the problem is about, by name or index, when there is one. */
  entry?: string;
}

interface DiagnosticDefinition<Args> {
  code: string;
  severity: Severity;
  message: (args: Args) => string;
}

function define<Args>(
  code: string,
  severity: Severity,
  message: (args: Args) => string,
): DiagnosticDefinition<Args> {
  return { code, severity, message };
}

const q = JSON.stringify;

/** The catalog of every diagnostic errgen can report. Codes never change meaning. */
export const diagnostics = {
  // E1xx: reading files
  fileNotFound: define('E101', 'error', (a: { path: string }) => `file not found: ${a.path}`),
  fileIsDirectory: define(
    'E102',
    'error',
    (a: { path: string }) => `${a.path} is a directory, not a catalog file`,
  ),
  fileUnreadable: define(
    'E103',
    'error',
    (a: { path: string; reason: string }) => `cannot read ${a.path}: ${a.reason}`,
  ),
  invalidUtf8: define(
    'E104',
    'error',
    (a: { offset: number; byte: number }) =>
      `file is not valid UTF-8: byte 0x${a.byte.toString(16).padStart(2, '0')} ` +
      `at byte offset ${a.offset}`,
  ),
  gitShowFailed: define(
    'E105',
    'error',
    (a: { spec: string; reason: string }) => `cannot read ${a.spec} from git: ${a.reason}`,
  ),

  // E2xx: YAML syntax and structure
  yamlSyntax: define('E201', 'error', (a: { detail: string }) => `YAML syntax error: ${a.detail}`),
  duplicateKey: define(
    'E202',
    'error',
    (a: { key: string; where: string }) => `duplicate key ${q(a.key)} in ${a.where}`,
  ),
  wrongType: define(
    'E203',
    'error',
    (a: { field: string; expected: string; actual: string }) =>
      `${a.field} must be ${a.expected}, not ${a.actual}`,
  ),
  missingField: define(
    'E204',
    'error',
    (a: { field: string; where: string }) =>
      `${a.where} is missing the required field ${q(a.field)}`,
  ),
  unknownField: define(
    'E205',
    'error',
    (a: { field: string; where: string; suggestion?: string }) =>
      `unknown field ${q(a.field)} in ${a.where}` +
      (a.field === '<<'
        ? '; YAML 1.2 has no merge keys: write the fields out (an alias can repeat one value)'
        : a.suggestion
          ? `; did you mean ${q(a.suggestion)}?`
          : ''),
  ),
  unsafeInteger: define(
    'E206',
    'error',
    (a: { text: string; where: string }) =>
      `integer ${a.text}${a.where} is outside ±(2^53 - 1) and would be rounded; ` +
      `use a smaller code or codeType: string`,
  ),
  invalidValue: define(
    'E207',
    'error',
    (a: { field: string; detail: string }) => `${a.field} ${a.detail}`,
  ),

  // E3xx: catalog semantics
  emptyCatalog: define(
    'E301',
    'error',
    () => 'catalog has no errors; add at least one entry under "errors"',
  ),
  duplicateCode: define(
    'E302',
    'error',
    (a: { code: string; name: string; other: string; otherLine: number }) =>
      `code ${a.code} of ${q(a.name)} is already used by ${q(a.other)} (line ${a.otherLine})`,
  ),
  duplicateName: define(
    'E303',
    'error',
    (a: { name: string; otherLine: number }) =>
      `name ${q(a.name)} is already used by the entry on line ${a.otherLine}`,
  ),
  statusOutOfRange: define(
    'E304',
    'error',
    (a: { status: number; name: string }) =>
      `status ${a.status} of ${q(a.name)} is not an HTTP status (100-599)`,
  ),
  codeRuleBroken: define(
    'E305',
    'error',
    (a: { code: string; status: number; name: string }) =>
      `code ${a.code} of ${q(a.name)} does not start with its status ${a.status} ` +
      `(codeRule: status-prefix)`,
  ),
  emptyMessage: define(
    'E306',
    'error',
    (a: { name: string }) => `message of ${q(a.name)} is empty`,
  ),
  codeRuleNeedsIntegers: define(
    'E307',
    'error',
    () => 'codeRule: status-prefix applies to integer codes only (codeType is string)',
  ),
  invalidText: define(
    'E308',
    'error',
    (a: { field: string; name: string; detail: string }) =>
      `${a.field} of ${q(a.name)} ${a.detail}`,
  ),
  unknownReplacement: define(
    'E309',
    'error',
    (a: { name: string; replacedBy: string; suggestion?: string }) =>
      `deprecated.replacedBy of ${q(a.name)} names ${q(a.replacedBy)}, which is not an entry` +
      (a.suggestion ? `; did you mean ${q(a.suggestion)}?` : ''),
  ),
  retiredReplacement: define(
    'E310',
    'error',
    (a: { name: string; replacedBy: string; otherLine: number }) =>
      `deprecated.replacedBy of ${q(a.name)} names ${q(a.replacedBy)} (line ${a.otherLine}), ` +
      `which is retired; name a live entry`,
  ),
  selfReplacement: define(
    'E311',
    'error',
    (a: { name: string }) => `deprecated.replacedBy of ${q(a.name)} names the entry itself`,
  ),
  everyEntryRetired: define(
    'E312',
    'error',
    () => 'every entry of the catalog is retired; keep at least one live entry',
  ),

  invalidLocale: define(
    'E313',
    'error',
    (a: { tag: string }) =>
      `locale ${q(a.tag)} in locales is not a BCP 47 language tag (such as "en" or "zh-CN")`,
  ),
  unknownLocale: define(
    'E314',
    'error',
    (a: { name: string; tag: string; locales: string; suggestion?: string }) =>
      `description of ${q(a.name)} has text in ${q(a.tag)}, which is not one of the ` +
      `catalog's locales (${a.locales})` +
      (a.suggestion ? `; did you mean ${q(a.suggestion)}?` : ''),
  ),

  // E4xx: names and identifiers
  invalidName: define(
    'E401',
    'error',
    (a: { name: string; reason: string }) => `name ${q(a.name)} cannot be used: ${a.reason}`,
  ),
  reservedName: define(
    'E402',
    'error',
    (a: { name: string; target: string; identifier: string; reason: string }) =>
      `name ${q(a.name)} becomes the ${a.target} identifier ${a.identifier}, ${a.reason}`,
  ),
  nameCollision: define(
    'E403',
    'error',
    (a: { name: string; other: string; otherLine: number; identifiers: string }) =>
      `names ${q(a.name)} and ${q(a.other)} (line ${a.otherLine}) become the same ` +
      `identifier: ${a.identifiers}`,
  ),
  invalidCatalogName: define(
    'E404',
    'error',
    (a: { name: string; origin: string }) =>
      `catalog name ${q(a.name)} (${a.origin}) must start with a letter and hold only ` +
      `ASCII letters, digits, "-" and "_"; set "catalog:" to choose one`,
  ),

  // E5xx and W5xx: importing a table (errgen import)
  importFormatUnknown: define(
    'E501',
    'error',
    (a: { path: string }) =>
      `cannot tell the format of ${a.path}: it is not a JSON object, a Markdown table, CSV ` +
      `with a header row or UPYUN text; pass --format upyun-text, markdown, csv or json`,
  ),
  importNothingFound: define(
    'E502',
    'error',
    (a: { format: string; expected: string }) =>
      `found nothing to import as ${a.format}: expected ${a.expected}`,
  ),
  importMissingColumns: define(
    'E503',
    'error',
    (a: { missing: string; found: string }) =>
      `the header row has no ${a.missing} column (it has ${a.found}); ` +
      `name the columns status, code and message (and optionally name, description)`,
  ),
  importBadRow: define(
    'E504',
    'error',
    (a: { detail: string }) => `row cannot be read: ${a.detail}`,
  ),
  importRowLeftOut: define(
    'W501',
    'warning',
    (a: { detail: string }) => `row left out (--allow-partial): ${a.detail}`,
  ),
  importDuplicateCode: define(
    'W502',
    'warning',
    (a: { code: string; name?: string; other: string }) =>
      `code ${a.code}${a.name ? ` of ${q(a.name)}` : ''} is already used by ${a.other}; ` +
      `this row is left out (a catalog holds each code once)`,
  ),
  importNameChanged: define(
    'W503',
    'warning',
    (a: { subject: string; reason: string; chosen: string }) =>
      `${a.subject} ${a.reason}; named ${q(a.chosen)} instead`,
  ),

  // W: legal but suspicious
  successStatus: define(
    'W101',
    'warning',
    (a: { status: number; name: string }) =>
      `status ${a.status} of ${q(a.name)} is not an error status (4xx or 5xx)`,
  ),
  missingTranslation: define(
    'W102',
    'warning',
    (a: { name: string; missing: string; fallback: string }) =>
      `description of ${q(a.name)} has no text in ${a.missing}; ${a.fallback}`,
  ),
} as const;

/** The diagnostics of one run, collected so that all of them can be reported together. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];

  /** Records a diagnostic from the catalog above. */
  add<Args>(
    definition: DiagnosticDefinition<Args>,
    args: Args,
    position?: SourcePosition,
    entry?: string,
  ): void {
    this.items.push({
      code: definition.code,
      severity: definition.severity,
      message: definition.message(args),
      position,
      entry,
    });
  }

  /** True when any diagnostic is an error (or any at all, when warnings count as errors). */
  hasErrors(strict = false): boolean {
    return this.items.some((d) => strict || d.severity === 'error');
  }
}

/** Orders diagnostics by file, then line, then column, so output is stable. */
export function sortDiagnostics(items: readonly Diagnostic[]): Diagnostic[] {
  return [...items].sort((a, b) => {
    const pa = a.position;
    const pb = b.position;
    if (!pa || !pb) {
      return pa ? 1 : pb ? -1 : 0;
    }
    return pa.file.localeCompare(pb.file) || pa.line - pb.line || pa.column - pb.column;
  });
}

/** Formats one diagnostic as `path:line:col - error CODE: message`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.position ? `${d.position.file}:${d.position.line}:${d.position.column} - ` : '';
  return `${where}${d.severity} ${d.code}: ${d.message}`;
}
