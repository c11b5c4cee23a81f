/**
 * Reads a catalog file as text: UTF-8 only, a leading BOM dropped, every failure a diagnostic.
 */
import { readFileSync, statSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';

import { type DiagnosticBag, diagnostics } from '../diagnostics.ts';

/** Reads `path` as UTF-8 text, or reports why it cannot and returns undefined. */
export function readCatalogText(path: string, bag: DiagnosticBag): string | undefined {
  let bytes: Buffer;
  try {
    if (statSync(path).isDirectory()) {
      bag.add(diagnostics.fileIsDirectory, { path }, { file: path, line: 1, column: 1 });
      return undefined;
    }
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      bag.add(diagnostics.fileNotFound, { path });
    } else {
      bag.add(diagnostics.fileUnreadable, { path, reason: (error as Error).message });
    }
    return undefined;
  }
  return decodeUtf8(bytes, path, bag);
}

/** Decodes UTF-8, reporting the byte offset of the first invalid sequence. */
export function decodeUtf8(
  bytes: Uint8Array,
  file: string,
  bag: DiagnosticBag,
): string | undefined {
  if (!isUtf8(bytes)) {
    const offset = firstInvalidUtf8Offset(bytes);
    const position = positionOfByte(bytes, offset, file);
    bag.add(diagnostics.invalidUtf8, { offset, byte: bytes[offset] ?? 0 }, position);
    return undefined;
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** Line and column of a byte, counting columns in bytes, for a file that cannot be decoded. */
function positionOfByte(bytes: Uint8Array, offset: number, file: string) {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { file, line, column: offset - lineStart + 1 };
}

/**
 * The offset of the first byte that does not start or continue a well-formed UTF-8 sequence
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
 */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : 4;
    if (b >= 0x80 && (b < 0xc2 || b > 0xf4)) {
      return i;
    }
    // The second byte's range depends on the first (excludes overlongs and surrogates).
    const low = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const high = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      const min = k === 1 ? low : 0x80;
      const max = k === 1 ? high : 0xbf;
      if (c === undefined || c < min || c > max) {
        return i;
      }
    }
    i += length;
  }
  return bytes.length;
}
