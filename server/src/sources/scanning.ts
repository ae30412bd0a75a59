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

/**
 * configure.ac text with comments blanked out: `dnl` to the end of the line, and shell/m4 `#` comments that
 * start a word outside shell quotes. Backslash-newline continuations become blanks so that a shell word
 * continued over two lines reads as one.
 */
export function blankAutoconfComments(text: string): string {
  return blankAutoconfRange(text, 0, text.length);
}

/**
 * The same for a new version of a file whose previous version was blanked already: only the lines the edit
 * touched are blanked again. Blanking is line-local — quotes, `#` and `dnl` comments end at a line break
 * that no backslash continues — so the lines before and after the edited ones keep their blanked text.
 * The result is exactly `blankAutoconfComments(text)` (a property test compares the two on random edits).
 */
export function reblankAutoconfComments(text: string, previous: { readonly text: string; readonly code: string } | undefined): string {
  if (!previous || previous.code.length !== previous.text.length) return blankAutoconfComments(text);
  const old = previous.text;
  if (old === text) return previous.code;
  const shortest = Math.min(old.length, text.length);
  // The common prefix and suffix, a block at a time (native comparisons), then character by character.
  let prefix = 0;
  while (prefix + COMPARE_BLOCK <= shortest && text.startsWith(old.slice(prefix, prefix + COMPARE_BLOCK), prefix)) prefix += COMPARE_BLOCK;
  while (prefix < shortest && old.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix + COMPARE_BLOCK <= shortest - prefix && text.endsWith(old.slice(old.length - suffix - COMPARE_BLOCK, old.length - suffix), text.length - suffix)) suffix += COMPARE_BLOCK;
  while (suffix < shortest - prefix && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
  // One logical line more on each side than the edit touched: a continuation or a CR LF split by the edit
  // can never reach past it.
  const start = logicalLineStart(text, logicalLineStart(text, prefix) - 1);
  const end = logicalLineEnd(text, logicalLineEnd(text, text.length - suffix));
  const oldEnd = end - text.length + old.length;
  return previous.code.slice(0, start) + blankAutoconfRange(text, start, end) + previous.code.slice(oldEnd);
}

const COMPARE_BLOCK = 1024;

/** The start of the logical line holding `offset`: its physical line, and those a backslash continues into it. */
function logicalLineStart(text: string, offset: number): number {
  let start = Math.max(0, offset);
  while (start > 0 && !isNewlineCode(text.charCodeAt(start - 1))) start--;
  while (start > 0) {
    let terminator = start - 1;
    if (text.charCodeAt(terminator) === LF && terminator > 0 && text.charCodeAt(terminator - 1) === CR) terminator--;
    if (terminator === 0 || text.charCodeAt(terminator - 1) !== BACKSLASH) break;
    start = terminator - 1;
    while (start > 0 && !isNewlineCode(text.charCodeAt(start - 1))) start--;
  }
  return start;
}

/** Just past the line break that ends the logical line holding `offset` (or the end of the text). */
function logicalLineEnd(text: string, offset: number): number {
  let end = Math.min(text.length, Math.max(0, offset));
  for (;;) {
    while (end < text.length && !isNewlineCode(text.charCodeAt(end))) end++;
    if (end >= text.length) return text.length;
    const continued = end > 0 && text.charCodeAt(end - 1) === BACKSLASH;
    end += text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === LF ? 2 : 1;
    if (!continued) return end;
  }
}

/** Blanks the lines [start, end) of `text` (start at a logical line's start, end past a line break that ends one) and returns that part. */
function blankAutoconfRange(text: string, start: number, endOfRange: number): string {
  // One pass over char codes; the result is built from slices of the text with blanks in place of what is
  // blanked (a 5,000-line configure.ac is re-read on every keystroke).
  const out = new BlankedText(text, start, endOfRange);
  const n = endOfRange;
  let quote = 0; // the open quote's char code, or 0
  for (let i = start; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) {
      quote = 0; // quotes are tracked per line: an apostrophe in prose must not hide the rest of the file
      continue;
    }
    if (c === BACKSLASH && i + 1 < n) {
      const next = text.charCodeAt(i + 1);
      if (next === LF || next === CR) {
        const end = next === CR && text.charCodeAt(i + 2) === LF ? i + 3 : i + 2;
        out.blank(i, end);
        i = end - 1;
      } else {
        i++;
      }
      continue;
    }
    if (quote) {
      if (c === quote) quote = 0;
      continue;
    }
    if (c === DQUOTE || c === SQUOTE) {
      quote = c;
      continue;
    }
    // The character before, as blanked so far (a continuation just before reads as a blank).
    const previous = i === 0 ? -1 : out.isBlanked(i - 1) ? SPACE : text.charCodeAt(i - 1);
    if (c === HASH && (i === 0 || previous === SPACE || previous === TAB || previous === LF || previous === CR || previous === SEMICOLON || previous === LBRACKET || previous === LPAREN)) {
      const end = lineEnd(text, i);
      out.blank(i, end);
      i = end - 1;
      continue;
    }
    if (c === LOWER_D && text.charCodeAt(i + 1) === LOWER_N && text.charCodeAt(i + 2) === LOWER_L && (i === 0 || !isIdentCode(previous)) && !isIdentCode(i + 3 < text.length ? text.charCodeAt(i + 3) : -1)) {
      const end = lineEnd(text, i);
      out.blank(i, end);
      i = end - 1;
    }
  }
  return out.toString();
}

/**
 * Makefile.am text with `#` comments blanked (make ends a comment only at a newline that is not escaped) and
 * backslash-newline continuations turned into blanks, so one logical line is one physical line of the
 * result.
 */
export function blankMakeComments(text: string): string {
  const out = new BlankedText(text);
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH && i + 1 < n && isNewlineCode(text.charCodeAt(i + 1))) {
      const end = text.charCodeAt(i + 1) === CR && text.charCodeAt(i + 2) === LF ? i + 3 : i + 2;
      out.blank(i, end);
      i = end - 1;
      continue;
    }
    if (c === BACKSLASH && text.charCodeAt(i + 1) === HASH) {
      i++;
      continue;
    }
    if (c === HASH) {
      // The comment runs to the first newline that is not escaped; everything in it is blanked, the
      // continuations' line breaks included.
      let end = i;
      while (end < n) {
        const d = text.charCodeAt(end);
        if (d === BACKSLASH && end + 1 < n && isNewlineCode(text.charCodeAt(end + 1))) end += text.charCodeAt(end + 1) === CR && text.charCodeAt(end + 2) === LF ? 3 : 2;
        else if (isNewlineCode(d)) break;
        else end++;
      }
      out.blank(i, end);
      i = end - 1;
    }
  }
  return out.toString();
}

const LF = 10;
const CR = 13;
const TAB = 9;
const SPACE = 32;
const DQUOTE = 34;
const HASH = 35;
const SQUOTE = 39;
const LPAREN = 40;
const SEMICOLON = 59;
const LBRACKET = 91;
const BACKSLASH = 92;
const LOWER_D = 100;
const LOWER_L = 108;
const LOWER_N = 110;

const isNewlineCode = (c: number) => c === LF || c === CR;
export const isIdentCode = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/** Offset of the line break that ends the line holding `from` (or the text's length). */
function lineEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && !isNewlineCode(text.charCodeAt(end))) end++;
  return end;
}

/**
 * A text with ranges replaced by spaces, built from slices of the original (lengths never change). Ranges
 * are blanked in increasing order and never overlap.
 */
class BlankedText {
  private readonly parts: string[] = [];
  private copied: number;

  /** The text's range [from, to) (all of it by default), blanked where asked. */
  constructor(private readonly text: string, private readonly from = 0, private readonly to = text.length) {
    this.copied = from;
  }

  blank(start: number, end: number): void {
    if (end <= start) return;
    if (start > this.copied) this.parts.push(this.text.slice(this.copied, start));
    this.parts.push(spaces(end - start));
    this.copied = end;
  }

  /** Whether the offset lies in the last blanked range (offsets before it were copied or blanked earlier). */
  isBlanked(offset: number): boolean {
    return offset < this.copied && this.parts.length > 0 && offset >= this.copied - this.lastBlankLength();
  }

  private lastBlankLength(): number {
    return this.parts[this.parts.length - 1].length;
  }

  toString(): string {
    if (!this.parts.length) return this.from === 0 && this.to === this.text.length ? this.text : this.text.slice(this.from, this.to);
    if (this.copied < this.to) this.parts.push(this.text.slice(this.copied, this.to));
    this.copied = this.to;
    return this.parts.join('');
  }
}

const SPACES = ' '.repeat(256);
function spaces(count: number): string {
  return count <= SPACES.length ? SPACES.slice(0, count) : ' '.repeat(count);
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
  return Math.min(i, limit); // a backslash at the very end does not reach past it
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
export function parseMacroArguments(code: string, open: number, maxLength = MAX_CONSTRUCT_LENGTH): { args: MacroArgument[]; end: number } | undefined {
  const args: MacroArgument[] = [];
  let quoteDepth = 0;
  let parenDepth = 0;
  let argStart = open + 1;
  const limit = Math.min(code.length, open + maxLength);
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
  // Calls nest, so text is scanned once per call around it; an unterminated call scans up to
  // MAX_CONSTRUCT_LENGTH. A budget keeps a file of a million `AC_INIT(` linear: real files spend a small part.
  let budget = 8 * code.length + 4 * MAX_CONSTRUCT_LENGTH;
  for (let match = pattern.exec(code); match && budget > 0; match = pattern.exec(code)) {
    const open = match.index + match[1].length;
    const maxLength = Math.min(MAX_CONSTRUCT_LENGTH, budget);
    const parsed = parseMacroArguments(code, open, maxLength);
    budget -= parsed ? parsed.end - open : Math.min(maxLength, code.length - open);
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
