/**
 * A file's bytes as text, the way editors and the TypeScript compiler read it: UTF-8, with or
 * without a byte order mark, or UTF-16 (little or big endian) announced by its byte order mark.
 * Read as UTF-8, a UTF-16 file would look like a string of NUL-separated letters and its
 * imports would silently vanish.
 */
export function decodeText(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return buffer.toString('utf8', 3);
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.toString('utf16le', 2);
  if (buffer[0] === 0xfe && buffer[1] === 0xff) {
    const swapped = Buffer.from(buffer.subarray(2, 2 + ((buffer.length - 2) & ~1)));
    return swapped.swap16().toString('utf16le');
  }
  return buffer.toString('utf8');
}

/** git's own test for binary content: a NUL character (no text source has one) in the first 8,000. */
// (lastIndexOf from 7,999 reads at most those characters, however long the file.)
export const looksBinary = (text: string): boolean => text.lastIndexOf('\0', 7999) >= 0;
