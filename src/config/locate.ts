/**
 * Best-effort line and column of a key path in a TOML document, so schema errors can point
 * at the line to edit. It reads table headers and `key =` lines; anything it cannot place
 * falls back to the enclosing table's header.
 */
export interface Location {
  line: number;
  column: number;
}

interface Header {
  path: string[];
  arrayIndex: number;
  line: number;
  column: number;
}

const HEADER = /^(\s*)\[(\[)?\s*([^\]]+?)\s*\]\]?/;

function splitKey(key: string): string[] {
  return key.split('.').map((part) => part.trim().replace(/^["']|["']$/g, ''));
}

function readHeaders(lines: string[]): Header[] {
  const headers: Header[] = [];
  const arrayCounts = new Map<string, number>();
  lines.forEach((text, i) => {
    const match = HEADER.exec(text);
    if (!match) return;
    const path = splitKey(match[3]!);
    let arrayIndex = -1;
    if (match[2]) {
      const key = path.join('.');
      arrayIndex = arrayCounts.get(key) ?? 0;
      arrayCounts.set(key, arrayIndex + 1);
    }
    headers.push({ path, arrayIndex, line: i + 1, column: match[1]!.length + 1 });
  });
  return headers;
}

/** The header whose table holds `keyPath`, and how many segments of the path it covers. */
function enclosingHeader(headers: Header[], keyPath: (string | number)[]): [Header | undefined, number] {
  let best: Header | undefined;
  let covered = 0;
  for (const header of headers) {
    let i = 0;
    let ok = true;
    for (const segment of header.path) {
      if (keyPath[i] !== segment) {
        ok = false;
        break;
      }
      i++;
      if (header.arrayIndex >= 0 && i === header.path.length) {
        if (keyPath[i] !== header.arrayIndex) ok = false;
        else i++;
      }
    }
    if (ok && i > covered) {
      best = header;
      covered = i;
    }
  }
  return [best, covered];
}

/** `domains.api.scope[1]` → `['domains', 'api', 'scope', 1]`. */
export function parseKeyPath(keyPath: string): (string | number)[] {
  return [...keyPath.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

export function locateKey(text: string, path: string | (string | number)[]): Location | undefined {
  const keyPath = typeof path === 'string' ? parseKeyPath(path) : path;
  const lines = text.split(/\r?\n/);
  const headers = readHeaders(lines);
  const [header, covered] = enclosingHeader(headers, keyPath);
  const key = keyPath[covered];
  const start = header ? header.line : 0;
  const end = headers.find((h) => h.line > start)?.line ?? lines.length + 1;
  if (typeof key === 'string') {
    const keyLine = new RegExp(`^(\\s*)["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*[=.]`);
    for (let i = start; i < end - 1; i++) {
      const match = keyLine.exec(lines[i]!);
      if (match) return { line: i + 1, column: match[1]!.length + 1 };
    }
  }
  // A table only defined through its subtables (`[domain.api]` for `domain`): point at the first of them.
  const nested = keyPath.length > 0 && headers.find((h) => h.path.length > keyPath.length && keyPath.every((segment, i) => h.path[i] === segment));
  if (nested) return { line: nested.line, column: nested.column };
  return header ? { line: header.line, column: header.column } : undefined;
}
