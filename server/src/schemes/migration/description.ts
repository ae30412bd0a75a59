import { baseName } from '../../core/text';
import { lineStarts } from '../../sources/scanning';

/**
 * Step 2 of the migration scheme: reading a description as the 2020 thread wrote them.
 *
 *     SELF:
 *         device_type=pci
 *         device_id=8086591d
 *         mdev_type=i915-GVTg_V5_2
 *         pv_mode="none+ppgtt+context"
 *         software_version=0.2.0
 *     COMPATIBLE:
 *         mdev_type=i915-GVTg_V5_{val1:int:1,2,4,8}
 *         pv_mode={val2:string:"none+ppgtt","none+ppgtt+context"}
 *         software_version=0.1.0
 *
 * `key=value` (or `key: value`) lines; `#` starts a comment at the start of a line or after a blank;
 * quotes around a value are not part of it. Lines before any `SELF:` / `COMPATIBLE:` header describe the
 * device itself. A sysfs capture has one attribute per file; its entries are gathered per type directory.
 */
export interface Entry {
  readonly file: string;
  readonly key: string;
  readonly keyStart: number;
  readonly value: string;
  readonly valueStart: number;
  readonly valueEnd: number;
  readonly quoted: boolean;
}

export interface Block {
  readonly kind: 'self' | 'compatible';
  /** 1-based position among the COMPATIBLE blocks (0 for SELF). */
  readonly index: number;
  /** Where the header is written (absent for the implicit SELF of a file without headers). */
  readonly header?: { readonly file: string; readonly start: number; readonly end: number };
  readonly entries: readonly Entry[];
}

export interface Description {
  /** The file, or the sysfs type directory. */
  readonly id: string;
  readonly self: Block;
  readonly compatible: readonly Block[];
  readonly sysfs: boolean;
}

/** A value's span with surrounding double or single quotes excluded. */
function unquote(text: string, start: number, end: number): { start: number; end: number; quoted: boolean } {
  if (end - start >= 2 && (text[start] === '"' || text[start] === "'") && text[end - 1] === text[start] && !text.slice(start + 1, end - 1).includes(text[start])) {
    return { start: start + 1, end: end - 1, quoted: true };
  }
  return { start, end, quoted: false };
}

/** Where a `#` comment starts in [start, end), outside quotes and braces; `end` when there is none. */
function commentStart(text: string, start: number, end: number): number {
  let quote = '';
  let braces = 0;
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '{') braces++;
    else if (c === '}') braces = Math.max(0, braces - 1);
    else if (c === '#' && braces === 0 && (i === start || /[ \t]/.test(text[i - 1]))) return i;
  }
  return end;
}

export function parseDescription(file: string, text: string): Description {
  const starts = lineStarts(text);
  const self: Entry[] = [];
  let selfHeader: Block['header'];
  const compatible: { header: Block['header']; entries: Entry[] }[] = [];
  let current = self;
  for (let n = 0; n < starts.length; n++) {
    const lineStart = starts[n];
    let lineEnd = n + 1 < starts.length ? starts[n + 1] : text.length;
    while (lineEnd > lineStart && /[\r\n]/.test(text[lineEnd - 1])) lineEnd--;
    const end = commentStart(text, lineStart, lineEnd);
    const line = text.slice(lineStart, end);
    const header = /^[ \t]*(SELF|COMPATIBLE)[ \t]*:[ \t]*$/i.exec(line);
    if (header) {
      const at = { file, start: lineStart + line.indexOf(header[1]), end: lineStart + line.indexOf(header[1]) + header[1].length };
      if (header[1].toUpperCase() === 'SELF') {
        selfHeader = at;
        current = self;
      } else {
        const block = { header: at, entries: [] as Entry[] };
        compatible.push(block);
        current = block.entries;
      }
      continue;
    }
    const entry = /^[ \t]*([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*(=|:)[ \t]*/.exec(line);
    if (!entry) continue;
    let valueStart = lineStart + entry[0].length;
    let valueEnd = end;
    while (valueEnd > valueStart && /[ \t]/.test(text[valueEnd - 1])) valueEnd--;
    const inner = unquote(text, valueStart, valueEnd);
    valueStart = inner.start;
    valueEnd = inner.end;
    current.push({ file, key: entry[1], keyStart: lineStart + entry[0].indexOf(entry[1]), value: text.slice(valueStart, valueEnd), valueStart, valueEnd, quoted: inner.quoted });
  }
  // A file that is only a value (the 2019 `migration_version` attribute): one entry named after the file.
  if (!self.length && !compatible.length && !selfHeader) {
    const trimmed = text.trim();
    if (trimmed && !/\s/.test(trimmed)) {
      const start = text.indexOf(trimmed);
      self.push({ file, key: baseName(file), keyStart: 0, value: trimmed, valueStart: start, valueEnd: start + trimmed.length, quoted: false });
    }
  }
  return {
    id: file,
    self: { kind: 'self', index: 0, header: selfHeader, entries: self },
    compatible: compatible.map((c, i) => ({ kind: 'compatible', index: i + 1, header: c.header, entries: c.entries })),
    sysfs: false,
  };
}

/** A sysfs type directory: one entry per attribute file, the file's trimmed text as the value. */
export function parseSysfsType(directory: string, files: ReadonlyMap<string, string>): Description {
  const entries: Entry[] = [];
  for (const [path, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    const trimmed = text.trim();
    const start = text.indexOf(trimmed);
    const inner = unquote(text, start, start + trimmed.length);
    entries.push({ file: path, key: baseName(path), keyStart: 0, value: text.slice(inner.start, inner.end), valueStart: inner.start, valueEnd: inner.end, quoted: inner.quoted });
  }
  return { id: directory, self: { kind: 'self', index: 0, entries }, compatible: [], sysfs: true };
}

export function entry(block: Block, ...keys: string[]): Entry | undefined {
  for (const key of keys) {
    const found = [...block.entries].reverse().find((e) => e.key === key);
    if (found) return found;
  }
  return undefined;
}
