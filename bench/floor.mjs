// The floor errgen is compared with: the least any generator must do. It parses the catalog
// with the same `yaml` package and options as generators/yaml/source.ts, turns it into plain
// values as generators/catalog/load.ts does, and writes files of the given sizes.
//
//   node bench/floor.mjs <catalog> <out-dir> <bytes,bytes,...>
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { LineCounter, parseDocument } from 'yaml';

const [catalogPath, outDir, sizeList] = process.argv.slice(2);
if (!catalogPath || !outDir || !sizeList) {
  console.error('usage: node bench/floor.mjs <catalog> <out-dir> <bytes,bytes,...>');
  process.exit(2);
}

const text = readFileSync(catalogPath, 'utf8');
const document = parseDocument(text, {
  version: '1.2',
  schema: 'core',
  uniqueKeys: true,
  prettyErrors: false,
  lineCounter: new LineCounter(),
  logLevel: 'error',
});
const catalog = document.toJS({ maxAliasCount: 100 });

// The bytes written are the catalog's entries as JSON, repeated or cut to each size, so the
// output depends on what was parsed.
const source = Buffer.from(JSON.stringify(catalog.errors));
mkdirSync(outDir, { recursive: true });
sizeList.split(',').forEach((size, index) => {
  writeFileSync(join(outDir, `file-${index}`), Buffer.alloc(Number(size), source));
});
