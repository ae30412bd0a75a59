import type { Span } from '../core/text';

/**
 * Text assembled from several places of the workspace, remembering where each character was written.
 * Resolving `-version-info $(LT_CURRENT):$(LT_REVISION):$(LT_AGE)` yields `6:0:2` whose `6` still knows
 * it came from `LT_CURRENT=6` in configure.ac: that is how diagnostics and quick fixes land on the number
 * the maintainer typed, however many variables stand in between.
 */
export interface TextPiece {
  readonly kind: 'text';
  readonly text: string;
  /** Where `text[0]` is written; absent for text Versionwise supplies itself (a directory name, a default). */
  readonly origin?: { readonly file: string; readonly offset: number };
}

/** A part whose value only exists at build time (shell arithmetic, a command, an unknown variable). */
export interface ComputedPiece {
  readonly kind: 'computed';
  /** Why it cannot be known, for people: e.g. "shell arithmetic `$((a + b))`". */
  readonly reason: string;
  readonly span: Span;
  /** A reference to a variable set nowhere Versionwise reads, rather than something computed by the build. */
  readonly unresolved?: boolean;
}

export type Piece = TextPiece | ComputedPiece;

export class LocatedText {
  constructor(readonly pieces: readonly Piece[]) {}

  static empty = new LocatedText([]);

  get text(): string {
    return this.pieces.map((p) => (p.kind === 'text' ? p.text : '')).join('');
  }

  get computed(): ComputedPiece | undefined {
    return this.pieces.find((p): p is ComputedPiece => p.kind === 'computed');
  }

  /** Splits on blanks like the shell and make do; a computed piece stays inside the word it touches. */
  words(): LocatedText[] {
    const words: LocatedText[] = [];
    let current: Piece[] = [];
    const flush = () => {
      if (current.length) words.push(new LocatedText(current));
      current = [];
    };
    for (const piece of this.pieces) {
      if (piece.kind === 'computed') {
        current.push(piece);
        continue;
      }
      let runStart = 0;
      for (let i = 0; i <= piece.text.length; i++) {
        const atBlank = i < piece.text.length && /\s/.test(piece.text[i]);
        if (i === piece.text.length || atBlank) {
          if (i > runStart) current.push(slicePiece(piece, runStart, i));
          if (atBlank) flush();
          runStart = i + 1;
        }
      }
    }
    flush();
    return words;
  }

  /** The characters [from, to) of `text`, with their origins. */
  slice(from: number, to: number): LocatedText {
    const out: Piece[] = [];
    let position = 0;
    for (const piece of this.pieces) {
      if (piece.kind === 'computed') continue;
      const pieceStart = position;
      const pieceEnd = position + piece.text.length;
      position = pieceEnd;
      const start = Math.max(from, pieceStart);
      const end = Math.min(to, pieceEnd);
      if (start < end) out.push(slicePiece(piece, start - pieceStart, end - pieceStart));
    }
    return new LocatedText(out);
  }

  /**
   * Where these characters are written, when they are written contiguously in one file; otherwise undefined
   * (the text is assembled from several places, or supplied by Versionwise).
   */
  span(): Span | undefined {
    let file: string | undefined;
    let start = -1;
    let end = -1;
    for (const piece of this.pieces) {
      if (piece.kind === 'computed') return undefined;
      if (!piece.origin) {
        if (piece.text.length) return undefined;
        continue;
      }
      if (file === undefined) {
        file = piece.origin.file;
        start = piece.origin.offset;
        end = start + piece.text.length;
      } else if (piece.origin.file === file && piece.origin.offset === end) {
        end += piece.text.length;
      } else {
        return undefined;
      }
    }
    return file === undefined ? undefined : { file, start, end };
  }

  /** The span of the first written character onwards within its own piece: a fallback anchor. */
  firstSpan(): Span | undefined {
    for (const piece of this.pieces) {
      if (piece.kind === 'computed') return piece.span;
      if (piece.origin && piece.text.length) return { file: piece.origin.file, start: piece.origin.offset, end: piece.origin.offset + piece.text.length };
    }
    return undefined;
  }

  /** The text as written: known characters, and the source text of each computed part (`$((A + B))`). */
  writtenText(texts: ReadonlyMap<string, string>): string {
    return this.pieces.map((p) => (p.kind === 'text' ? p.text : texts.get(p.span.file)?.slice(p.span.start, p.span.end) ?? '')).join('');
  }

  /** Every place these characters come from (one span per contiguous run). */
  spans(): Span[] {
    const spans: Span[] = [];
    for (const piece of this.pieces) {
      if (piece.kind === 'computed') spans.push(piece.span);
      else if (piece.origin && piece.text.length) {
        const last = spans[spans.length - 1];
        if (last && last.file === piece.origin.file && last.end === piece.origin.offset) {
          spans[spans.length - 1] = { ...last, end: last.end + piece.text.length };
        } else {
          spans.push({ file: piece.origin.file, start: piece.origin.offset, end: piece.origin.offset + piece.text.length });
        }
      }
    }
    return spans;
  }
}

function slicePiece(piece: TextPiece, from: number, to: number): TextPiece {
  return {
    kind: 'text',
    text: piece.text.slice(from, to),
    origin: piece.origin ? { file: piece.origin.file, offset: piece.origin.offset + from } : undefined,
  };
}

/** Builds a LocatedText while merging adjacent text that continues in the same file. */
export class LocatedTextBuilder {
  private readonly pieces: Piece[] = [];

  text(text: string, origin?: { file: string; offset: number }): void {
    if (!text) return;
    const last = this.pieces[this.pieces.length - 1];
    if (last && last.kind === 'text' && origin && last.origin && last.origin.file === origin.file && last.origin.offset + last.text.length === origin.offset) {
      this.pieces[this.pieces.length - 1] = { kind: 'text', text: last.text + text, origin: last.origin };
      return;
    }
    this.pieces.push({ kind: 'text', text, origin });
  }

  computed(reason: string, span: Span): void {
    this.pieces.push({ kind: 'computed', reason, span });
  }

  append(value: LocatedText): void {
    for (const piece of value.pieces) {
      if (piece.kind === 'text') this.text(piece.text, piece.origin);
      else this.pieces.push(piece);
    }
  }

  build(): LocatedText {
    return new LocatedText(this.pieces);
  }
}
