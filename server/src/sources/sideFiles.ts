import { lineStarts } from './scanning';
import type { ValueSpan } from './autoconf';

/**
 * Small files that hold version facts for the build to read: libffi-style `libtool-version` files (one
 * `C:R:A` line, `#` comments) and Open MPI / PMIx `VERSION` files (shell `key=value` lines).
 */
export interface KeyValue {
  readonly key: string;
  readonly keyStart: number;
  readonly value: ValueSpan;
}

/** The first line that is neither blank nor a `#` comment, trimmed: what `grep -v '^#' FILE` hands the build. */
export function significantLine(text: string): ValueSpan | undefined {
  const starts = lineStarts(text);
  for (let n = 0; n < starts.length; n++) {
    let start = starts[n];
    let end = n + 1 < starts.length ? starts[n + 1] : text.length;
    while (end > start && /\s/.test(text[end - 1])) end--;
    while (start < end && /[ \t]/.test(text[start])) start++;
    if (start === end || text[start] === '#') continue;
    return { start, end };
  }
  return undefined;
}

/** `key=value` lines of a shell-sourced VERSION file; quotes around the value are excluded from its span. */
export function readKeyValueFile(text: string): KeyValue[] {
  const result: KeyValue[] = [];
  const starts = lineStarts(text);
  for (let n = 0; n < starts.length; n++) {
    const lineStart = starts[n];
    let lineEnd = n + 1 < starts.length ? starts[n + 1] : text.length;
    while (lineEnd > lineStart && /[\r\n]/.test(text[lineEnd - 1])) lineEnd--;
    const match = /^[ \t]*([A-Za-z_][A-Za-z0-9_]*)=/.exec(text.slice(lineStart, lineEnd));
    if (!match) continue;
    let start = lineStart + match[0].length;
    let end = lineEnd;
    // A trailing comment after blanks is not part of the value (as in the shell).
    const hash = text.slice(start, end).search(/[ \t]#/);
    if (hash >= 0) end = start + hash;
    while (end > start && /[ \t]/.test(text[end - 1])) end--;
    if (end - start >= 2 && (text[start] === '"' || text[start] === "'") && text[end - 1] === text[start]) {
      start++;
      end--;
    }
    result.push({ key: match[1], keyStart: lineStart + match[0].indexOf(match[1]), value: { start, end } });
  }
  return result;
}
