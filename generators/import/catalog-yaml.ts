/**
 * An imported catalog as YAML text: the fields in the order the README shows them, strings
 * quoted wherever a YAML 1.2 or 1.1 reader would take them for something else, one line per
 * value. The same catalog always gives the same bytes.
 */
import { Document } from 'yaml';

import type { Catalog, Entry } from '../catalog/model.ts';
import { withPortableStrings } from '../emit/openapi.ts';

/** The catalog file's text, after a first comment line saying where it came from. */
export function catalogYaml(catalog: Catalog, origin: string): string {
  const document = new Document(catalogData(catalog), {
    schema: 'core',
    compat: 'yaml-1.1',
    customTags: withPortableStrings,
    aliasDuplicateObjects: false,
  });
  // lineWidth 0: never fold, so every message stays on one line, exactly as imported.
  return `# ${origin}\n${document.toString({ lineWidth: 0 })}`;
}

function catalogData(catalog: Catalog): Record<string, unknown> {
  return {
    catalog: catalog.name,
    codeType: catalog.codeType,
    ...(catalog.codeRule ? { codeRule: catalog.codeRule } : {}),
    errors: catalog.entries.map(entryData),
  };
}

function entryData(entry: Entry): Record<string, unknown> {
  const data: Record<string, unknown> = {
    name: entry.name,
    code: entry.code,
    status: entry.status,
    message: entry.message,
  };
  if (entry.description !== undefined) {
    data.description = entry.description;
  }
  return data;
}
