import type { Range } from './text';

/**
 * What every scheme reports. These shapes are the CLI's JSON contract (`versionwise check --format json`)
 * and map one to one onto LSP diagnostics and code actions.
 */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface FileEdit {
  readonly file: string;
  readonly range: Range;
  readonly newText: string;
}

/** A file renamed by a fix (a misnamed firmware file); paths are workspace-relative. */
export interface FileRename {
  readonly from: string;
  readonly to: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly FileEdit[];
  /** Files the fix renames (applied after the edits). */
  readonly renames?: readonly FileRename[];
  /** The fix a user most likely wants (LSP `isPreferred`). */
  readonly preferred?: boolean;
}

/** A place that is related to a finding, e.g. the CURRENT that an AGE is compared with. */
export interface RelatedLocation {
  readonly file: string;
  readonly range: Range;
  readonly message: string;
}

export interface Finding {
  readonly file: string;
  readonly range: Range;
  readonly severity: Severity;
  /** A stable rule code, e.g. `libtool/age-exceeds-current`; each has a page in docs/rules/. */
  readonly code: string;
  readonly message: string;
  readonly fixes: readonly Fix[];
  readonly related?: readonly RelatedLocation[];
}

/** Where one part of a declaration is written. */
export interface Site {
  readonly file: string;
  readonly range: Range;
  /** What is written there, e.g. 'CURRENT', 'value', '-version-info'. */
  readonly role: string;
}

/**
 * A version declared somewhere in the workspace. `file`/`range` is where its value is written (when the
 * value is split over several places, where its first part is); `sites` lists every place that
 * contributes to it, which is where hovers answer.
 */
export interface Declaration {
  readonly scheme: string;
  readonly file: string;
  readonly range: Range;
  /** The value as written, after resolving variables (e.g. `6:0:2`), or the raw text when computed. */
  readonly text: string;
  /** The normalised value, or null when it is computed at build time and cannot be known. */
  readonly value: string | null;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly sites: readonly Site[];
}

/** A scheme's answer for one bare value (`versionwise explain`). */
export interface ValueExplanation {
  readonly scheme: string;
  readonly value: string;
  readonly valid: boolean;
  readonly fields: Readonly<Record<string, unknown>>;
  /** Markdown: the same text as the hover. For an invalid value, starts with why it is invalid. */
  readonly message: string;
}
