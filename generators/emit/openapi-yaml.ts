/**
 * The OpenAPI document as YAML text that YAML 1.2 and YAML 1.1 readers read the same: the 1.2
 * core schema, with strings that 1.1 would resolve to something else (`NO`, `on`, `0123`)
 * quoted as well.
 *
 * The yaml package decides how each scalar is written (plain, which quotes, which escapes),
 * through the same schema, tags and options a whole `Document` uses; this module only lays
 * the scalars out as block maps and lists, one scalar per line. A `Document` of a catalog of
 * 100,000 codes takes half a minute and more than a gigabyte; a list of lines takes neither.
 * What that layout cannot place (an empty collection, a key over 1024 characters, a scalar
 * over several lines) sends the whole document to a `Document` instead, and
 * test/openapi-yaml.test.ts checks that both ways give the same bytes.
 */
import {
  type CreateNodeOptions,
  Document,
  type DocumentOptions,
  Scalar,
  type ScalarTag,
  type SchemaOptions,
  type Tags,
  type ToStringOptions,
} from 'yaml';
import type { StringifyContext } from 'yaml/util';

import { INVISIBLE } from './literals.ts';

/** A JSON value as the document holds it. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A JSON object. */
export type JsonObject = { [key: string]: Json };

type Primitive = string | number | boolean | null;

const DOCUMENT_OPTIONS: DocumentOptions & SchemaOptions & CreateNodeOptions = {
  schema: 'core',
  compat: 'yaml-1.1',
  customTags: withPortableStrings,
  // No anchors or aliases: many OpenAPI tools do not resolve them.
  aliasDuplicateObjects: false,
};

// lineWidth 0: never fold, so long messages stay on one line, unchanged. The document has no
// directives to print, and looking for them walks every node.
const TO_STRING_OPTIONS: ToStringOptions = { lineWidth: 0, directives: false };

/** The package writes a longer key as an explicit `? key`, which the layout here does not. */
const MAX_IMPLICIT_KEY = 1024;

/**
 * YAML text of `document` after a `# comment` line: laid out here when it can be, else from a
 * whole `Document`.
 */
export function yamlText(document: JsonObject, comment: string): string {
  return laidOutYaml(document, comment) ?? `# ${comment}\n${documentYaml(document)}`;
}

/** The same laid out here, or undefined when the layout cannot place a part of `document`. */
export function laidOutYaml(document: JsonObject, comment: string): string | undefined {
  try {
    // The comment is the first line, so that the text is one string, never copied again.
    const layout = new Layout(new ScalarWriter(), `# ${comment}`);
    layout.map(document, 0, '');
    return layout.text();
  } catch (error) {
    if (error instanceof Unplaceable) {
      return undefined;
    }
    throw error;
  }
}

/** YAML text of `document` from a whole yaml `Document`: the reference, and the fallback. */
export function documentYaml(document: JsonObject): string {
  return new Document(document, DOCUMENT_OPTIONS).toString(TO_STRING_OPTIONS);
}

/** Lines joined into one string at a time. */
const CHUNK_LINES = 4096;

/** Something the line layout does not write the way a `Document` would. */
class Unplaceable extends Error {}

/**
 * Block maps and lists as lines. A level is a depth: its lines are indented by two spaces
 * per level, as the package indents them, and its scalars are written one level deeper.
 */
class Layout {
  readonly #lines: string[];
  readonly #indents = [''];
  readonly #chunks: string[] = [];

  constructor(
    private readonly scalars: ScalarWriter,
    firstLine: string,
  ) {
    this.#lines = [firstLine];
  }

  /** The map's pairs at `level`; the first line starts with `lead` (`- ` for a list item). */
  map(map: JsonObject, level: number, lead: string): void {
    const keys = Object.keys(map);
    if (keys.length === 0) {
      throw new Unplaceable('an empty map is written in flow style');
    }
    for (const key of keys) {
      const keyText = this.scalars.key(key, level + 1);
      this.#item(`${lead}${keyText}:`, map[key]!, level);
      lead = this.#indent(level);
    }
  }

  /** The whole text, ending in a newline. */
  text(): string {
    // An empty last line ends the text in a newline without a copy of it.
    this.#lines.push('');
    this.#chunks.push(this.#lines.join('\n'));
    return this.#chunks.join('\n');
  }

  /**
   * Lines are joined a few thousand at a time, so that each line's string is short-lived:
   * a million lines kept to the end cost more memory than the text they make.
   */
  #push(line: string): void {
    this.#lines.push(line);
    if (this.#lines.length === CHUNK_LINES) {
      this.#chunks.push(this.#lines.join('\n'));
      this.#lines.length = 0;
    }
  }

  /** A pair's value after its `key:` head: on the same line if a scalar, else below it. */
  #item(head: string, value: Json, level: number): void {
    if (Array.isArray(value)) {
      this.#push(head);
      this.#list(value, level + 1);
    } else if (isObject(value)) {
      this.#push(head);
      this.map(value, level + 1, this.#indent(level + 1));
    } else {
      this.#push(`${head} ${this.scalars.value(value, level + 1)}`);
    }
  }

  #list(list: Json[], level: number): void {
    if (list.length === 0) {
      throw new Unplaceable('an empty list is written in flow style');
    }
    const lead = `${this.#indent(level)}- `;
    for (const item of list) {
      if (Array.isArray(item)) {
        throw new Unplaceable('a list in a list');
      } else if (isObject(item)) {
        this.map(item, level + 1, lead);
      } else {
        this.#push(lead + this.scalars.value(item, level + 1));
      }
    }
  }

  #indent(level: number): string {
    while (this.#indents.length <= level) {
      this.#indents.push(this.#indents.at(-1) + '  ');
    }
    return this.#indents[level]!;
  }
}

function isObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null;
}

/** Texts kept per context: enough for the keys and fixed values that repeat in every entry. */
const MEMO_SIZE = 256;

/**
 * Writes one scalar as the yaml package does at a place in a block document, with the tag a
 * `Document` would pick and the package's own stringify context. That context depends on the
 * place only through its level (its indent is two spaces a level) and whether it is a key.
 */
class ScalarWriter {
  readonly #base = packageContext();
  readonly #tags = new Map<string, ScalarTag>();
  readonly #places = [new Map<boolean, Place>()];
  // The tags read the node and keep nothing of it, so one node carries every value.
  readonly #node = new Scalar<Primitive>(null);

  /** The text of a map key at `level`. */
  key(value: string, level: number): string {
    const text = this.#text(value, this.#place(level, true));
    if (text.length > MAX_IMPLICIT_KEY) {
      throw new Unplaceable('a long key is written as an explicit key');
    }
    return text;
  }

  /** The text of a map value or list item at `level`. */
  value(value: Primitive, level: number): string {
    return this.#text(value, this.#place(level, false));
  }

  #text(value: Primitive, place: Place): string {
    let text = place.memo.get(value);
    if (text === undefined) {
      this.#node.value = value;
      text = this.#tag(value).stringify!(this.#node, place.ctx);
      if (text.includes('\n')) {
        throw new Unplaceable('a scalar over several lines');
      }
      if (place.memo.size < MEMO_SIZE) {
        place.memo.set(value, text);
      }
    }
    return text;
  }

  #place(level: number, implicitKey: boolean): Place {
    while (this.#places.length <= level) {
      this.#places.push(new Map());
    }
    const places = this.#places[level]!;
    let place = places.get(implicitKey);
    if (place === undefined) {
      const ctx = { ...this.#base, indent: '  '.repeat(level), implicitKey };
      place = { ctx, memo: new Map() };
      places.set(implicitKey, place);
    }
    return place;
  }

  /** The schema's default tag for the value's type, as a `Document` resolves it. */
  #tag(value: Primitive): ScalarTag {
    const type = value === null ? 'null' : Number.isInteger(value) ? 'integer' : typeof value;
    let tag = this.#tags.get(type);
    if (tag === undefined) {
      tag = this.#base.doc.schema.tags.find(
        (t): t is ScalarTag => !t.format && t.identify?.(value) === true,
      );
      if (tag?.stringify === undefined) {
        throw new Unplaceable(`no tag writes a ${type} scalar`);
      }
      this.#tags.set(type, tag);
    }
    return tag;
  }
}

/** Where a scalar goes: the package's context there, and the texts already written there. */
interface Place {
  ctx: StringifyContext;
  memo: Map<Primitive, string>;
}

/**
 * The context the yaml package passes to a string tag when it writes a document with our
 * options: its `doc` holds the schema, its `options` the defaults merged with ours. It is
 * taken from a one-pair document, where the string tag sees it.
 */
function packageContext(): StringifyContext {
  const doc = new Document(null, DOCUMENT_OPTIONS);
  let found: StringifyContext | undefined;
  const capture = (tags: Tags): Tags =>
    withPortableStrings(tags).map((tag) => {
      if (!isStringTag(tag)) {
        return tag;
      }
      return { ...tag, stringify: (item, ctx) => ((found ??= ctx), tag.stringify!(item, ctx)) };
    });
  new Document({ key: 'value' }, { ...DOCUMENT_OPTIONS, customTags: capture }).toString(
    TO_STRING_OPTIONS,
  );
  // The tags a scalar is resolved against are the real ones, not the capturing copies.
  return { ...found!, doc };
}

/** The core schema's tags with strings quoted for YAML 1.1 readers too (the importer uses it). */
export function withPortableStrings(tags: Tags): Tags {
  return tags.map((tag) => (isStringTag(tag) ? portableStrings(tag) : tag));
}

function isStringTag(tag: Tags[number]): tag is ScalarTag {
  return typeof tag === 'object' && tag.tag === 'tag:yaml.org,2002:str';
}

/** Text that has no invisible character, found sooner than INVISIBLE's classes find it. */
const PRINTABLE_ASCII = /^[ -~]*$/;

/**
 * The string tag, changed so that every YAML reader takes strings back unchanged. Line
 * breaks, tabs and other invisible characters are escaped in a one-line double-quoted scalar,
 * since 1.1 readers fold U+2028 and NEL and PyYAML refuses tabs in plain scalars. `=` is
 * quoted because 1.1 gives it a tag of its own. The rest is the yaml package's choice.
 */
function portableStrings(tag: ScalarTag): ScalarTag {
  const stringify = tag.stringify!;
  return {
    ...tag,
    stringify(item, ctx, onComment, onChompKeep) {
      const value = String(item.value);
      if (!PRINTABLE_ASCII.test(value) && INVISIBLE.test(value)) {
        return yamlDoubleQuoted(value);
      }
      return value === '=' ? '"="' : stringify(item, ctx, onComment, onChompKeep);
    },
  };
}

const YAML_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\t': '\\t',
  '\r': '\\r',
};

/** A double-quoted YAML scalar on one line, with escapes both YAML 1.1 and 1.2 define. */
function yamlDoubleQuoted(text: string): string {
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (YAML_ESCAPES[ch]) {
      out += YAML_ESCAPES[ch];
    } else if (!INVISIBLE.test(ch)) {
      out += ch;
    } else if (cp <= 0xff) {
      out += `\\x${cp.toString(16).padStart(2, '0')}`;
    } else if (cp <= 0xffff) {
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    } else {
      out += `\\U${cp.toString(16).padStart(8, '0')}`;
    }
  }
  return out + '"';
}
