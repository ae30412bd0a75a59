import { baseName, dirName, type Span } from '../../core/text';
import { lineStarts } from '../../sources/scanning';
import { writtenAt, type ReleaseSite } from './site';

/**
 * The top heading of a changelog (`CHANGELOG.md`, `CHANGELOG`, `CHANGES`, `NEWS`, `NEWS.md`, and their
 * `.rst`/`.txt`/`.markdown` spellings; not GNU's dated `ChangeLog`, not `debian/changelog`): the first
 * heading that names a version. Headings are markdown `#` headings, setext/reStructuredText titles with
 * an underline (`===`, `---`, `~~~`…), `*` outline headings (GNU NEWS, org-mode) and unmarked lines that
 * read as a release title. Recognised titles:
 *   `## [1.2.3] - 2024-01-31` (Keep a Changelog), `## [1.2.3](https://…/compare/…) (2024-01-31)`,
 *   `# 1.2.3`, `## v1.2.3 / 2024-01-31`, `varnish-modules 0.15.0 (2018-05-15)`, `libfoo-1.2.3`,
 *   `Changes in version 2.0.3 (2021-11-01)`, `Noteworthy changes in release 1.2.3 (2024-01-31) [stable]`,
 *   `* Version 1.2.3`, `Overview of changes in glib 2.78.0`, `Release 1.2.3`.
 * A title must be only that: `Fixed a crash in 1.2.3 parsing` is prose, not a heading.
 *
 * `## [Unreleased]` (also `Unreleased`, and GNU's `release ?.? (????-??-??) [?]`) is not a version site: it
 * collects what is not released yet. When one sits above the first versioned heading, that heading records
 * the *last release*, and the build files may already be ahead of it: the site compares as `last-release`.
 * A versioned heading that says it is unreleased (`## 1.2.4 (unreleased)`) announces the version being
 * prepared, and is compared like any other site.
 */
export const CHANGELOG_NAMES = /^(?:changelog|changes|news|releases|release-notes|history)(?:\.(?:md|markdown|rst|txt))?$/i;

export function isChangelogFile(path: string): boolean {
  const base = baseName(path);
  // GNU's ChangeLog is dated entries, not releases; debian/changelog has its own reader.
  if (base === 'ChangeLog' || /(^|\/)debian\/changelog$/.test(path)) return false;
  return CHANGELOG_NAMES.test(base);
}

/** A changelog in `doc/` or `docs/` describes the package of the directory above. */
export function changelogHome(path: string): string {
  const dir = dirName(path);
  return /^(?:doc|docs|documentation)$/i.test(baseName(dir)) ? dirName(dir) : dir;
}

/**
 * A version in a title: the numbers (all of them: the lookahead keeps the regex from backtracking into
 * them), then any suffix (`rc1`, `-beta.2`, `~rc1`, `+build`). Unambiguous, so a failed match is linear.
 */
const VERSION = String.raw`[0-9]+(?:\.[0-9]+)+(?![.]?[0-9])(?:[A-Za-z~+_.-][0-9A-Za-z.~+_-]*)?`;
const NAME = String.raw`[A-Za-z][\w.+]*(?:-[A-Za-z][\w.+]*)*`;
const LEAD = [
  String.raw`(?:the\s+)?(?:noteworthy\s+|user-visible\s+|major\s+)?changes\s+(?:in|for|since)\s+(?:${NAME}\s+)?(?:version\s+|release\s+)?`,
  String.raw`overview\s+of\s+changes\s+in\s+(?:${NAME}\s+)?(?:version\s+)?`,
  String.raw`(?:version|release)\s+`,
  String.raw`${NAME}\s+(?:version\s+|release\s+)?v?`,
  String.raw`${NAME}-v?`,
  String.raw`v`,
].join('|');
/** What may follow the version in a title: a date, a link, a code name in parentheses, `[stable]`… */
const TAIL = String.raw`(?:\s*$|\s*[-–—:,/(\[|]|\s+[0-9]{4}-[0-9]{2}-[0-9]{2}|\s+\(|\s+(?:released|unreleased|stable|final|lts)\b)`;
const TITLE = new RegExp(String.raw`^(?:${LEAD})?\[?v?(${VERSION})\]?${TAIL}`, 'di');
const UNRELEASED_TITLE = /^\[?(?:unreleased|upcoming|next(?:\s+release)?|in\s+progress|not\s+yet\s+released|development|work\s+in\s+progress)\]?(?:\s*[-–—:(].*)?$|release\s+\?\.\?|\(\?{4}-\?\?-\?\?\)/i;
const SAYS_UNRELEASED = /\b(?:unreleased|not\s+(?:yet\s+)?released|upcoming|in\s+development|work\s+in\s+progress)\b/i;
const UNDERLINE = /^([=\-~^*+#`'"._:])\1{2,}\s*$/;
/** How far down a changelog the first release heading is looked for. */
const MAX_LINES = 400;
const MAX_HEADING = 300;

interface Heading {
  readonly line: number;
  /** The title text and where it starts. */
  readonly title: string;
  readonly titleStart: number;
  readonly marked: boolean;
}

export function changelogSite(path: string, text: string): ReleaseSite | undefined {
  const starts = lineStarts(text);
  const lineAt = (n: number) => {
    const start = starts[n];
    let end = n + 1 < starts.length ? starts[n + 1] : text.length;
    while (end > start && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
    return text.slice(start, end);
  };
  let unreleased: { line: number } | undefined;
  let fence: string | undefined;
  const count = Math.min(starts.length, MAX_LINES);
  for (let n = 0; n < count; n++) {
    const line = lineAt(n);
    const fenceMatch = /^\s*(```|~~~)/.exec(line);
    if (fenceMatch) {
      fence = fence === undefined ? fenceMatch[1] : fence === fenceMatch[1] ? undefined : fence;
      continue;
    }
    // A heading is short: longer lines are prose (and never worth a regex).
    if (fence !== undefined || !line.trim() || line.length > MAX_HEADING) continue;
    const next = n + 1 < count ? lineAt(n + 1) : undefined;
    const heading = headingAt(line, starts[n], n, next !== undefined && next.length <= MAX_HEADING ? next : undefined);
    if (!heading) continue;
    const title = TITLE.exec(heading.title);
    if (title) {
      const from = title.indices![1][0];
      // A sentence's full stop or a dangling separator is not part of the version (`Version 1.2.3.`).
      const version = title[1].replace(/[-~+_.]+$/, '');
      const span: Span = { file: path, start: heading.titleStart + from, end: heading.titleStart + from + version.length };
      const upcoming = SAYS_UNRELEASED.test(heading.title);
      const lastRelease = unreleased !== undefined && !upcoming;
      return {
        kind: 'changelog',
        file: path,
        home: changelogHome(path),
        label: lastRelease ? 'top released heading' : 'top heading',
        comparison: lastRelease ? 'last-release' : 'exact',
        written: writtenAt(span, version, 'plain', 'heading version'),
        fields: { heading: heading.title.trim(), unreleasedSectionLine: unreleased ? unreleased.line + 1 : null, markedUnreleased: upcoming },
        notes: lastRelease
          ? [`An unreleased section (line ${unreleased!.line + 1}) sits above it, so ${version} is the last release recorded; the build files may already name the next one.`]
          : upcoming
            ? [`The heading says ${version} is not released yet.`]
            : undefined,
      };
    }
    if (UNRELEASED_TITLE.test(heading.title.trim())) unreleased ??= { line: n };
    // Only a heading can be an unreleased marker or a release; a marked heading without a version (the
    // document title, `### Added`) is passed over.
  }
  return undefined;
}

/** The title of a heading on this line, if the line is one (the next line tells a setext underline). */
function headingAt(line: string, lineStart: number, n: number, next: string | undefined): Heading | undefined {
  const atx = /^(#{1,6})[ \t]+(.*?)[ \t#]*$/d.exec(line);
  if (atx) return { line: n, title: stripEmphasis(atx[2]), titleStart: lineStart + atx.indices![2][0] + emphasisOffset(atx[2]), marked: true };
  const outline = /^(\*+)[ \t]+(.*?)[ \t]*$/d.exec(line);
  if (outline) return { line: n, title: stripEmphasis(outline[2]), titleStart: lineStart + outline.indices![2][0] + emphasisOffset(outline[2]), marked: true };
  if (/^\s/.test(line) || UNDERLINE.test(line)) return undefined;
  const trimmed = line.replace(/\s+$/, '');
  if (next !== undefined && UNDERLINE.test(next)) return { line: n, title: stripEmphasis(trimmed), titleStart: lineStart + emphasisOffset(trimmed), marked: true };
  // An unmarked line is a title only when it is nothing else (checked by the caller's patterns).
  if (/^[-+>|]/.test(line)) return undefined;
  return { line: n, title: stripEmphasis(trimmed), titleStart: lineStart + emphasisOffset(trimmed), marked: false };
}

function emphasisOffset(title: string): number {
  return /^(\*\*|__)/.test(title) ? 2 : 0;
}

function stripEmphasis(title: string): string {
  return /^(\*\*|__)(.*)\1$/.test(title) ? title.slice(2, -2) : /^(\*\*|__)/.test(title) ? title.slice(2) : title;
}
