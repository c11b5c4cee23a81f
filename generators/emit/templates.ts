/**
 * Handlebars for the Go and Python emitters. Templates are logic-free: they receive a view
 * model that is already sorted and named, and every catalog text goes through a literal or
 * comment helper for the template's language. HTML escaping is off, and a bare `{{value}}`
 * is refused unless the value is an identifier the emitter has already validated.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import Handlebars from 'handlebars';

import { packagePath } from '../package-root.ts';
import { UserError } from '../user-error.ts';

/** The built-in templates folder. */
export const BUILTIN_TEMPLATES = packagePath('templates');

/** A helper set for one language: name to function of one text argument. */
export type LiteralHelpers = Record<string, (text: string) => string>;

/** A template that could not be loaded or checked; reported as a user error. */
export class TemplateError extends UserError {}

/**
 * Loads `<language>/<name>` from the override folder when it has one, else from the
 * built-in folder, and compiles it with `helpers`. Bare mustaches may only name
 * `identifierFields` (values that cannot hold arbitrary text).
 */
export function loadTemplate(
  language: string,
  name: string,
  helpers: LiteralHelpers,
  identifierFields: readonly string[],
  overrides?: string,
): (view: object) => string {
  const override = overrides ? join(overrides, language, name) : undefined;
  const path =
    override && existsSync(override) ? override : join(BUILTIN_TEMPLATES, language, name);
  const source = readFileSync(path, 'utf8');
  const hb = Handlebars.create();
  for (const [helper, fn] of Object.entries(helpers)) {
    hb.registerHelper(helper, (value: unknown) => fn(String(value)));
  }
  registerPartials(hb, language, overrides);
  checkMustaches(
    parse(hb, source, path),
    path,
    new Set([...Object.keys(helpers), ...identifierFields]),
  );
  const template = hb.compile(source, { noEscape: true, strict: true });
  return (view) => {
    try {
      return normalizeText(template(view));
    } catch (error) {
      // An unknown partial or helper in an override is the user's to fix, not a crash.
      if (path === override) {
        throw new TemplateError(`${path}: ${(error as Error).message}`);
      }
      throw error;
    }
  };
}

/** LF line ends and exactly one newline at the end, whatever a template override holds. */
function normalizeText(text: string): string {
  const lf = text.replace(/\r\n?/g, '\n');
  let end = lf.length;
  while (end > 0 && lf[end - 1] === '\n') {
    end--;
  }
  return `${lf.slice(0, end)}\n`;
}

/** Parses a template; a syntax error is the template author's to fix, so it names the file. */
function parse(hb: typeof Handlebars, source: string, path: string): hbs.AST.Program {
  try {
    return hb.parse(source);
  } catch (error) {
    throw new TemplateError(`${path}: ${(error as Error).message}`);
  }
}

function registerPartials(hb: typeof Handlebars, language: string, overrides?: string): void {
  // Partials are files named `_<name>.hbs`, overridable like templates.
  for (const folder of [
    join(BUILTIN_TEMPLATES, language),
    overrides && join(overrides, language),
  ]) {
    if (!folder || !existsSync(folder)) {
      continue;
    }
    for (const file of readdirHbs(folder)) {
      const name = file.slice(1, -'.hbs'.length);
      hb.registerPartial(name, readFileSync(join(folder, file), 'utf8'));
    }
  }
}

function readdirHbs(folder: string): string[] {
  // Sorted, so partial registration does not depend on the file system's order.
  return readdirSync(folder)
    .filter((f) => /^_.+\.hbs$/.test(f))
    .sort();
}

/**
 * Refuses `{{x}}` and `{{{x}}}` where x is neither a helper call nor an identifier field,
 * so catalog text can never be inserted raw.
 */
function checkMustaches(
  program: hbs.AST.Program,
  path: string,
  allowed: ReadonlySet<string>,
): void {
  const problems: string[] = [];
  const visitor = new Handlebars.Visitor();
  visitor.MustacheStatement = function (node: hbs.AST.MustacheStatement) {
    const head = node.path.type === 'PathExpression' ? (node.path as hbs.AST.PathExpression) : null;
    const name = head ? (node.params.length > 0 ? head.original : head.parts.at(-1)) : undefined;
    if (!name || !allowed.has(name)) {
      problems.push(`line ${node.loc.start.line}: {{${head?.original ?? '?'}}}`);
    }
  };
  visitor.accept(program);
  if (problems.length > 0) {
    throw new TemplateError(
      `${path}: values must go through a literal or comment helper: ${problems.join(', ')}`,
    );
  }
}
