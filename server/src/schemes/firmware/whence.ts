import { dirName, joinPath } from '../../core/text';
import type { NumberPart } from './names';

/**
 * Step 1 (find) for linux-firmware's `WHENCE`: the `File:`, `RawFile:` and `Link: a -> b` lines of the
 * `i915/` and `xe/` entries, and the `Version:` line that describes each file (it belongs to the preceding
 * `File:`/`RawFile:`, even when `Link:` lines come between). Every path and number keeps its offsets.
 * One pass over the lines; nothing else in the file is interpreted.
 */
export type WhenceEntryKind = 'File' | 'RawFile' | 'Link';

export interface WhenceVersion {
  /** The free text after `Version:`. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /**
   * The interface version it states: `ver 70.49.4` → 70.49.4, `ver 9 - release 33` → 9.33, `ver 2 release
   * 20` → 2.20, `v1.0, release 102.1.15.1926` (GSC) → 1.0. Empty when no version can be read.
   */
  readonly numbers: readonly NumberPart[];
  /** A multi-part release after the interface version (GSC: 102.1.15.1926). */
  readonly release: readonly NumberPart[];
}

export interface WhenceEntry {
  readonly kind: WhenceEntryKind;
  /** The path as written, relative to the tree (the WHENCE folder). */
  readonly rel: string;
  readonly start: number;
  readonly end: number;
  /** For a Link: the target as written and resolved against the link's folder. */
  readonly target?: { readonly text: string; readonly rel: string; readonly start: number; readonly end: number };
  /** For a File/RawFile: its Version line. */
  version?: WhenceVersion;
}

export interface WhenceFile {
  readonly path: string;
  /** The tree the WHENCE describes: its folder ('' for the workspace root). */
  readonly root: string;
  readonly entries: readonly WhenceEntry[];
  /** File and RawFile entries by relative path (the first, when one is listed twice). */
  readonly files: ReadonlyMap<string, WhenceEntry>;
  readonly links: ReadonlyMap<string, WhenceEntry>;
}

const OURS = /^(?:i915|xe)\//;

export function isOurPath(rel: string): boolean {
  return OURS.test(rel);
}

export function parseWhence(path: string, text: string): WhenceFile {
  const root = dirName(path);
  const entries: WhenceEntry[] = [];
  const files = new Map<string, WhenceEntry>();
  const links = new Map<string, WhenceEntry>();
  /** The File/RawFile a following Version: line describes (undefined after a Driver: line). */
  let current: WhenceEntry | undefined;
  let currentIsOurs = false;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const fileMatch = /^(File|RawFile):[ \t]*(?:"([^"]*)"|(\S+))/.exec(line);
    const linkMatch = fileMatch ? null : /^Link:[ \t]*(?:"([^"]*)"|(\S+))[ \t]*->[ \t]*(?:"([^"]*)"|(\S+))/.exec(line);
    if (fileMatch) {
      const rel = fileMatch[2] ?? fileMatch[3];
      const start = lineStart + fileMatch[0].length - rel.length - (fileMatch[2] !== undefined ? 1 : 0);
      const entry: WhenceEntry = { kind: fileMatch[1] as WhenceEntryKind, rel, start, end: start + rel.length };
      current = entry;
      currentIsOurs = isOurPath(rel);
      if (currentIsOurs) {
        entries.push(entry);
        if (!files.has(rel)) files.set(rel, entry);
      }
    } else if (linkMatch) {
      const name = linkMatch[1] ?? linkMatch[2];
      const targetText = linkMatch[3] ?? linkMatch[4];
      if (isOurPath(name)) {
        const nameStart = lineStart + line.indexOf(name, line.indexOf(':') + 1);
        const arrow = line.indexOf('->', nameStart - lineStart + name.length);
        const targetStart = lineStart + line.indexOf(targetText, arrow + 2);
        const entry: WhenceEntry = {
          kind: 'Link',
          rel: name,
          start: nameStart,
          end: nameStart + name.length,
          target: { text: targetText, rel: joinPath(dirName(name), targetText), start: targetStart, end: targetStart + targetText.length },
        };
        entries.push(entry);
        if (!links.has(name)) links.set(name, entry);
      }
    } else if (line.startsWith('Version:')) {
      if (current && currentIsOurs && !current.version) {
        const offset = 'Version:'.length;
        const lead = /^[ \t]*/.exec(line.slice(offset))![0].length;
        const start = lineStart + offset + lead;
        const versionText = line.slice(offset + lead).trimEnd();
        current.version = parseVersionText(versionText, start);
      }
    } else if (line.startsWith('Driver:')) {
      current = undefined;
      currentIsOurs = false;
    }
    lineStart = lineEnd + 1;
  }
  return { path, root, entries, files, links };
}

/** Reads the version a WHENCE `Version:` text states (offsets are absolute: `start` is the text's). */
export function parseVersionText(text: string, start: number): WhenceVersion {
  const numbersAt = (digits: string, at: number): NumberPart[] => {
    const parts: NumberPart[] = [];
    let offset = at;
    for (const piece of digits.split('.')) {
      parts.push({ value: Number(piece), text: piece, start: start + offset, end: start + offset + piece.length });
      offset += piece.length + 1;
    }
    return parts;
  };
  const ver = /\b(?:version|ver|v)\.?[ \t]*(\d{1,9}(?:\.\d{1,9})*)/i.exec(text);
  if (!ver) {
    const bare = /\b(\d{1,9}(?:\.\d{1,9})+)\b/.exec(text);
    return { text, start, end: start + text.length, numbers: bare ? numbersAt(bare[1], bare.index) : [], release: [] };
  }
  const first = numbersAt(ver[1], ver.index + ver[0].length - ver[1].length);
  const after = text.slice(ver.index + ver[0].length);
  const release = /^[ \t]*[,;]?[ \t]*-?[ \t]*release[ \t]+(\d{1,9}(?:\.\d{1,9})*)/i.exec(after);
  let numbers = first;
  let releaseParts: NumberPart[] = [];
  if (release) {
    const parts = numbersAt(release[1], ver.index + ver[0].length + release[0].length - release[1].length);
    // "ver 9 - release 33" is 9.33; "v1.0, release 102.1.15.1926" is interface 1.0 of release 102.1.15.1926.
    if (first.length === 1 && parts.length === 1) numbers = [...first, ...parts];
    else releaseParts = parts;
  }
  return { text, start, end: start + text.length, numbers, release: releaseParts };
}
