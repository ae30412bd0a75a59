import type { FileEdit, Finding, Fix, RelatedLocation, Severity, Site } from '../../core/model';
import type { AnalysisInput, AnalyzedDeclaration } from '../../core/scheme';
import type { Range } from '../../core/text';

/**
 * The firmware scheme's rule codes. Severities: see each rule's use; every message names the file, the
 * numbers and the rule it breaks.
 */
export const RULES = {
  /** A name (tree file, WHENCE entry, driver request) that matches no family. Warning. */
  unknownName: 'firmware/unknown-name',
  /** A GuC version component ≥ 0xFF (i915 `is_ver_8bit()`). Error. */
  notEightBit: 'firmware/guc-version-not-8-bit',
  /** A WHENCE `Version:` that contradicts its file's name. Warning. */
  versionMismatch: 'firmware/whence-version-mismatch',
  /** A WHENCE `Link:` to a file that is neither a WHENCE File nor in the tree. Error. */
  linkMissing: 'firmware/link-target-missing',
  /** A WHENCE `Link:` to another link. Warning. */
  linkToLink: 'firmware/link-to-link',
  /** A `.bin` under i915/ or xe/ that WHENCE does not list. Warning. */
  notInWhence: 'firmware/not-in-whence',
  /** A WHENCE File/RawFile with no file in the tree. Error. */
  whenceFileMissing: 'firmware/whence-file-missing',
  /** A driver entry whose file or version the firmware tree does not have. Error (warning for an older minor). */
  requestMissing: 'firmware/requested-version-missing',
  /** A driver entry asking for an older version than the tree offers. Information. */
  requestOlder: 'firmware/requested-version-older',
  /** The 2017 proposal's reset rules broken relative to the previous release of the same platform and BASE. Warning. */
  baseReset: 'firmware/base-reset',
  /** Releases of different BASEs put in an order (a fallback list, a "latest" link). Warning. */
  crossBase: 'firmware/cross-base-order',
} as const;

export const ZERO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** A place in a workspace file by offsets (a file never read, such as a `.bin`, has only its start). */
export interface Place {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

/** Collects findings and declarations, turning offsets into LSP ranges. */
export class Reporter {
  readonly findings: Finding[] = [];
  readonly declarations: AnalyzedDeclaration[] = [];

  constructor(private readonly input: AnalysisInput) {}

  /** The text at a place, white space collapsed (e.g. a table entry for a message). */
  source(place: Place): string {
    return (this.input.sources.texts.get(place.file) ?? '').slice(place.start, place.end).replace(/\s+/g, ' ');
  }

  range(place: Place): Range {
    return this.input.sources.texts.has(place.file) ? this.input.lines(place.file).rangeOf(place.start, place.end) : ZERO_RANGE;
  }

  line(place: Place): number {
    return this.range(place).start.line + 1;
  }

  /** `file:line` for messages and hovers. */
  where(place: Place): string {
    return this.input.sources.texts.has(place.file) ? `${place.file}:${this.line(place)}` : place.file;
  }

  site(place: Place, role: string): Site {
    return { file: place.file, range: this.range(place), role };
  }

  edit(place: Place, newText: string): FileEdit {
    return { file: place.file, range: this.range(place), newText };
  }

  related(place: Place, message: string): RelatedLocation {
    return { file: place.file, range: this.range(place), message };
  }

  add(place: Place, severity: Severity, code: string, message: string, fixes: Fix[] = [], related?: RelatedLocation[]): void {
    this.findings.push({ file: place.file, range: this.range(place), severity, code, message, fixes, ...(related?.length ? { related } : {}) });
  }
}
