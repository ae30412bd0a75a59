/**
 * Lexical helpers shared by the autoconf and automake readers. Everything here works on offsets into the
 * original text and never changes lengths, so every fact found points back at the exact characters a
 * maintainer wrote. All scans are linear and bounded: a malformed or hostile file costs at most its size.
 */

/** Longest shell word or macro argument we follow; beyond this a construct is treated as unterminated. */
export const MAX_CONSTRUCT_LENGTH = 64 * 1024;

const isBlank = (c: string) => c === ' ' || c === '\t';
const isNewline = (c: string) => c === '\n' || c === '\r';
export const isIdentStart = (c: string) => /[A-Za-z_]/.test(c);
export const isIdentChar = (c: string) => /[A-Za-z0-9_]/.test(c);

/** The UTF-16 code units of a text, one array slot each, so that offsets stay LSP offsets. */
function toUnits(text: string): string[] {
  const units: string[] = new Array(text.length);
  for (let i = 0; i < text.length; i++) units[i] = text[i];
  return units;
}

/** Replaces the characters in [start, end) with spaces, keeping line breaks. */
function blank(chars: string[], start: number, end: number): void {
  for (let i = start; i < end; i++) if (!isNewline(chars[i])) chars[i] = ' ';
}

/**
 * configure.ac text with comments blanked out: `dnl` to the end of the line, and shell/m4 `#` comments that
 * start a word outside shell quotes. Backslash-newline continuations become blanks so that a shell word
 * continued over two lines reads as one.
 */
export function blankAutoconfComments(text: string): string {
  const chars = toUnits(text);
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (isNewline(c)) {
      quote = null; // quotes are tracked per line: an apostrophe in prose must not hide the rest of the file
      continue;
    }
    if (c === '\\' && i + 1 < chars.length) {
      if (isNewline(chars[i + 1])) {
        const end = chars[i + 1] === '\r' && chars[i + 2] === '\n' ? i + 3 : i + 2;
        for (let j = i; j < end; j++) chars[j] = ' ';
        i = end - 1;
      } else {
        i++;
      }
      continue;
    }
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      continue;
    }
    const wordStart = i === 0 || isBlank(chars[i - 1]) || isNewline(chars[i - 1]) || chars[i - 1] === ';' || chars[i - 1] === '[' || chars[i - 1] === '(';
    if (c === '#' && wordStart) {
      let end = i;
      while (end < chars.length && !isNewline(chars[end])) end++;
      blank(chars, i, end);
      i = end - 1;
      continue;
    }
    if (c === 'd' && chars[i + 1] === 'n' && chars[i + 2] === 'l' && (i === 0 || !isIdentChar(chars[i - 1])) && !isIdentChar(chars[i + 3] ?? '')) {
      let end = i;
      while (end < chars.length && !isNewline(chars[end])) end++;
      blank(chars, i, end);
      i = end - 1;
    }
  }
  return chars.join('');
}

/**
 * Makefile.am text with `#` comments blanked (make ends a comment only at a newline that is not escaped) and
 * backslash-newline continuations turned into blanks, so one logical line is one physical line of the
 * result.
 */
export function blankMakeComments(text: string): string {
  const chars = toUnits(text);
  let inComment = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '\\' && i + 1 < chars.length && isNewline(chars[i + 1])) {
      const end = chars[i + 1] === '\r' && chars[i + 2] === '\n' ? i + 3 : i + 2;
      for (let j = i; j < end; j++) chars[j] = ' ';
      i = end - 1;
      continue;
    }
    if (isNewline(c)) {
      inComment = false;
      continue;
    }
    if (inComment) {
      chars[i] = ' ';
      continue;
    }
    if (c === '\\' && chars[i + 1] === '#') {
      i++;
      continue;
    }
    if (c === '#') {
      inComment = true;
      chars[i] = ' ';
    }
  }
  return chars.join('');
}

/** Start offsets of each line of a text (after \n, \r\n or \r). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10) starts.push(i + 1);
  }
  return starts;
}

/** Offset just past a run of the given bracket pair starting at `open` (nesting counted); -1 when unterminated. */
export function skipBalanced(code: string, open: number, openChar: string, closeChar: string, limit = MAX_CONSTRUCT_LENGTH): number {
  let depth = 0;
  const end = Math.min(code.length, open + limit);
  for (let i = open; i < end; i++) {
    const c = code[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === openChar) depth++;
    else if (c === closeChar) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * The end of the shell word that starts at `start`: quotes, `$(…)`, `${…}`, backticks and m4 `[…]` quotes
 * are kept whole; blanks, newlines, `;`, `&`, `|`, `<`, `>` and an unmatched `)` or `]` end it.
 */
export function scanShellWord(code: string, start: number): number {
  const limit = Math.min(code.length, start + MAX_CONSTRUCT_LENGTH);
  let i = start;
  while (i < limit) {
    const c = code[i];
    if (isBlank(c) || isNewline(c) || c === ';' || c === '&' || c === '|' || c === '<' || c === '>' || c === ')' || c === ']') return i;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const close = findClosingQuote(code, i, c);
      if (close < 0) return i; // unterminated: stop at the quote rather than swallow the file
      i = close + 1;
      continue;
    }
    if (c === '$' && (code[i + 1] === '(' || code[i + 1] === '{')) {
      const next = code[i + 1] === '(' ? skipBalanced(code, i + 1, '(', ')') : skipBalanced(code, i + 1, '{', '}');
      if (next < 0) return i;
      i = next;
      continue;
    }
    if (c === '[') {
      const next = skipBalanced(code, i, '[', ']');
      if (next < 0) return i;
      i = next;
      continue;
    }
    i++;
  }
  return i;
}

/** The offset of the quote that closes the one at `open` (backslash escapes honoured except in '…'); -1 if none. */
export function findClosingQuote(code: string, open: number, quote: string): number {
  const limit = Math.min(code.length, open + MAX_CONSTRUCT_LENGTH);
  for (let i = open + 1; i < limit; i++) {
    const c = code[i];
    if (c === '\\' && quote !== "'") {
      i++;
      continue;
    }
    if (c === quote) return i;
  }
  return -1;
}

export interface MacroArgument {
  /** Offsets of the argument with surrounding blanks trimmed (m4 drops leading unquoted blanks). */
  readonly start: number;
  readonly end: number;
}

export interface MacroCall {
  readonly name: string;
  readonly nameStart: number;
  readonly args: readonly MacroArgument[];
  /** Offset just past the closing parenthesis. */
  readonly end: number;
}

/**
 * Parses the arguments of an m4 macro call whose `(` is at `open`: commas split arguments only outside
 * m4 quotes and nested parentheses. Returns undefined for an unterminated call.
 */
export function parseMacroArguments(code: string, open: number): { args: MacroArgument[]; end: number } | undefined {
  const args: MacroArgument[] = [];
  let quoteDepth = 0;
  let parenDepth = 0;
  let argStart = open + 1;
  const limit = Math.min(code.length, open + MAX_CONSTRUCT_LENGTH);
  const push = (end: number) => {
    let s = argStart;
    let e = end;
    while (s < e && /\s/.test(code[s])) s++;
    while (e > s && /\s/.test(code[e - 1])) e--;
    args.push({ start: s, end: e });
  };
  for (let i = open + 1; i < limit; i++) {
    const c = code[i];
    if (c === '[') quoteDepth++;
    else if (c === ']') quoteDepth = Math.max(0, quoteDepth - 1);
    else if (quoteDepth > 0) continue;
    else if (c === '(') parenDepth++;
    else if (c === ')') {
      if (parenDepth === 0) {
        push(i);
        return { args, end: i + 1 };
      }
      parenDepth--;
    } else if (c === ',' && parenDepth === 0) {
      push(i);
      argStart = i + 1;
    }
  }
  return undefined;
}

/** Every call of the named macros in m4 code (names matched as whole identifiers, `(` directly after). */
export function findMacroCalls(code: string, names: readonly string[]): MacroCall[] {
  const calls: MacroCall[] = [];
  const pattern = new RegExp(`(?<![A-Za-z0-9_])(${names.map(escapeRegExp).join('|')})\\(`, 'g');
  for (let match = pattern.exec(code); match; match = pattern.exec(code)) {
    const open = match.index + match[1].length;
    const parsed = parseMacroArguments(code, open);
    if (!parsed) continue;
    calls.push({ name: match[1], nameStart: match.index, args: parsed.args, end: parsed.end });
    pattern.lastIndex = open + 1; // calls may nest (AC_SUBST inside AS_IF): keep scanning inside
  }
  return calls;
}

/** The span inside one level of m4 quotes, if the argument is fully quoted (`[6]` → `6`). */
export function unquoteSpan(code: string, start: number, end: number): { start: number; end: number } {
  if (end - start >= 2 && code[start] === '[' && code[end - 1] === ']' && skipBalanced(code, start, '[', ']') === end) {
    return { start: start + 1, end: end - 1 };
  }
  return { start, end };
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
