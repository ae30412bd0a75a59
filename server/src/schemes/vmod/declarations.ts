import { baseName, dirName, type Span } from '../../core/text';
import type { FileListing } from '../../core/listing';
import { autoconfFacts, isConfigureScript, type SourceSet } from '../../sources/buildProject';
import { findMacroCalls, unquoteSpan } from '../../sources/scanning';
import { isVmodPackageName, looksLikeVmodName, parseVersionPart, parseVmodName, vmodName, type ParsedVmodName, type Part } from './names';

/**
 * Step 1 of the vmod scheme: where VMOD names and versions are written.
 *  - `AC_INIT([libvmod-foo], [1.14+4.0])` of a VMOD project (the tarball `make dist` builds is TARNAME or
 *    PACKAGE, a hyphen and VERSION);
 *  - RPM spec files (`Name:`, `Version:`, `Release:`) and `debian/changelog`'s top entry;
 *  - literal tarball and package names in README files and spec files (download links, `Source:`);
 *  - tarballs and packages lying in the workspace, by file name only (they are never read).
 * The facts a name is checked against: `VARNISH_PREREQ(MIN, [MAX])` (or `varnishapi >= X`) in
 * configure.ac, and `$ABI strict|vrt` in the project's `.vcc` files.
 */
export type OccurrenceSource = 'AC_INIT' | 'spec Version' | 'debian/changelog' | 'link' | 'file name';

export interface VmodOccurrence {
  readonly source: OccurrenceSource;
  readonly file: string;
  /** Every Part of `parsed` is an offset into `file` — except for file names, where nothing is written in a text. */
  readonly parsed: ParsedVmodName;
  readonly written: boolean;
  readonly project?: VmodProject;
  /** Where the whole name is written (link), or the value (AC_INIT version, Version:). */
  readonly span?: Span;
}

export interface VmodProject {
  readonly root: string;
  readonly configure: string;
  readonly packageName?: string;
  readonly tarname?: string;
  /** VARNISH_PREREQ's arguments, or the `varnishapi >= X` of a pkg-config check. */
  readonly prereq?: { readonly minimum?: string; readonly maximum?: string; readonly span: Span; readonly macro: string };
  readonly abi: readonly VccAbi[];
}

export interface VccAbi {
  readonly file: string;
  /** `strict`, `vrt`, or what else is written; undefined when the .vcc has no `$ABI` (Varnish's default is strict). */
  readonly level?: string;
  readonly span?: Span;
  readonly module?: string;
}

export function isVccFile(path: string): boolean {
  return path.endsWith('.vcc');
}

export function isSpecFile(path: string): boolean {
  return /\.spec(?:\.in)?$/.test(path);
}

export function isDebianChangelog(path: string): boolean {
  return /(?:^|\/)debian\/changelog(?:\.in)?$/.test(path);
}

export function isReadme(path: string): boolean {
  return /^README(?:\.(?:md|rst|txt|markdown|adoc))?$/i.test(baseName(path));
}

const VMOD_MACROS = ['VARNISH_PREREQ', 'VARNISH_VMODS', 'VARNISH_VMOD_INCLUDES', 'VARNISH_VMOD_DIR', 'VARNISH_COUNTERS'];

/** VMOD projects: configure.ac files whose package is a VMOD, that call Varnish's macros, or that have a .vcc below them. */
export function findVmodProjects(sources: SourceSet): VmodProject[] {
  const projects: VmodProject[] = [];
  const vccFiles = sources.listing.withExtension('.vcc');
  for (const [path, text] of sources.texts) {
    if (!isConfigureScript(path)) continue;
    const facts = autoconfFacts(path, text);
    const root = dirName(path);
    const argument = (span: { start: number; end: number } | undefined) => {
      if (!span) return undefined;
      const inner = unquoteSpan(facts.code, span.start, span.end);
      const value = facts.code.slice(inner.start, inner.end).trim();
      return value && !/[$`()[\]]/.test(value) ? value : undefined;
    };
    const packageName = argument(facts.init?.package);
    const tarname = argument(facts.init?.tarname);
    const calls = findMacroCalls(facts.code, VMOD_MACROS);
    const under = (file: string) => root === '' || file.startsWith(`${root}/`);
    const vccs = vccFiles.filter(under);
    const isVmod = [packageName, tarname].some((n) => n !== undefined && isVmodPackageName(n)) || calls.length > 0 || vccs.length > 0;
    if (!isVmod) continue;
    let prereq: VmodProject['prereq'];
    const call = calls.find((c) => c.name === 'VARNISH_PREREQ');
    if (call && call.args[0]) {
      const minimum = call.args[0];
      const inner = unquoteSpan(facts.code, minimum.start, minimum.end);
      prereq = { minimum: argument(call.args[0]), maximum: argument(call.args[1]), span: { file: path, start: inner.start, end: inner.end }, macro: 'VARNISH_PREREQ' };
    } else {
      const pkg = /varnishapi\s*>=\s*(\d+(?:\.\d+)*)/.exec(facts.code);
      if (pkg) prereq = { minimum: pkg[1], span: { file: path, start: pkg.index + pkg[0].length - pkg[1].length, end: pkg.index + pkg[0].length }, macro: 'varnishapi >=' };
    }
    const abi = vccs.map((file) => readVcc(file, sources.texts.get(file)));
    projects.push({ root, configure: path, packageName, tarname, prereq, abi });
  }
  return projects;
}

/** `$ABI strict|vrt` and `$Module NAME` of one .vcc file (unread files yield what the name says). */
export function readVcc(file: string, text: string | undefined): VccAbi {
  const fromName = /^vmod_(.+)\.vcc$/.exec(baseName(file))?.[1];
  if (text === undefined) return { file, module: fromName };
  const abi = /^\$ABI[ \t]+(\S+)/m.exec(text);
  const module = /^\$(?:Module|Vmod)[ \t]+(\S+)/m.exec(text)?.[1] ?? fromName;
  if (!abi) return { file, module };
  const start = abi.index + abi[0].length - abi[1].length;
  return { file, level: abi[1], span: { file, start, end: start + abi[1].length }, module };
}

export function projectOf(projects: readonly VmodProject[], file: string): VmodProject | undefined {
  let best: VmodProject | undefined;
  for (const project of projects) {
    if (project.root !== '' && !file.startsWith(`${project.root}/`)) continue;
    if (!best || project.root.length > best.root.length) best = project;
  }
  return best;
}

function shift(part: Part | undefined, by: number): Part | undefined {
  return part && { text: part.text, start: part.start + by, end: part.end + by };
}

/** A parsed name whose offsets are moved to where the name starts in a file. */
export function shiftParsed(parsed: ParsedVmodName, by: number): ParsedVmodName {
  return {
    ...parsed,
    packageName: shift(parsed.packageName, by),
    version: shift(parsed.version, by),
    branch: shift(parsed.branch, by),
    release: shift(parsed.release, by),
    arch: shift(parsed.arch, by),
    upstream: shift(parsed.upstream, by),
  };
}

/** AC_INIT of a VMOD project: the tarball `make dist` builds, with VERSION's parts at their offsets in configure.ac. */
export function acInitOccurrence(project: VmodProject, text: string): VmodOccurrence | undefined {
  const facts = autoconfFacts(project.configure, text);
  const versionSpan = facts.init?.version;
  if (!versionSpan) return undefined;
  const inner = unquoteSpan(facts.code, versionSpan.start, versionSpan.end);
  const written = facts.code.slice(inner.start, inner.end);
  // A computed version (m4_esyscmd, a macro) cannot be read without running m4.
  if (!written.trim() || /[$`()[\]]/.test(written)) return undefined;
  const lead = written.length - written.trimStart().length;
  const versionText = written.trim();
  const name = project.tarname ?? project.packageName;
  if (!name) return undefined;
  const nameSpan = facts.init?.tarname && project.tarname ? facts.init.tarname : facts.init!.package!;
  const nameInner = unquoteSpan(facts.code, nameSpan.start, nameSpan.end);
  const start = inner.start + lead;
  const part = parseVersionPart(versionText, start);
  const parsed: ParsedVmodName = {
    ...part,
    text: `${name}-${versionText}.tar.gz`,
    kind: 'tarball',
    extension: '.tar.gz',
    packageName: { text: name, start: nameInner.start, end: nameInner.end },
    name: vmodName(name),
    upstream: { text: versionText, start, end: start + versionText.length },
  };
  return { source: 'AC_INIT', file: project.configure, parsed, written: true, project, span: { file: project.configure, start, end: start + versionText.length } };
}

/** `Name:` / `Version:` / `Release:` of an RPM spec file: the package it builds. */
export function specOccurrence(file: string, text: string, project: VmodProject | undefined): VmodOccurrence | undefined {
  const tag = (name: string) => {
    const match = new RegExp(`^${name}[ \\t]*:[ \\t]*(\\S(?:[^\\r\\n]*\\S)?)[ \\t]*\\r?$`, 'mi').exec(text);
    if (!match) return undefined;
    // The value ends with a non-blank, followed only by blanks (and a CR) to the end of the line.
    const start = match.index + match[0].trimEnd().length - match[1].length;
    return { text: match[1], start, end: start + match[1].length };
  };
  const name = tag('Name');
  const version = tag('Version');
  if (!name || !version || /[%@]/.test(version.text) || /[%@]/.test(name.text)) return undefined;
  if (!isVmodPackageName(name.text) && !project) return undefined;
  const release = tag('Release');
  const releaseText = release?.text.replace(/%\{\?dist\}|%\{dist\}/g, '');
  const part = parseVersionPart(version.text, version.start);
  const parsed: ParsedVmodName = {
    ...part,
    text: `${name.text}-${version.text}-${releaseText || '1'}.ARCH.rpm`,
    kind: 'rpm',
    extension: '.rpm',
    packageName: name,
    name: vmodName(name.text),
    release: release && releaseText && !releaseText.includes('%') ? { text: releaseText, start: release.start, end: release.start + releaseText.length } : undefined,
    upstream: version,
  };
  return { source: 'spec Version', file, parsed, written: true, project, span: { file, start: version.start, end: version.end } };
}

/** The top entry of debian/changelog: `vmod-foo (1.14+4.0-1) unstable; urgency=low`. */
export function changelogOccurrence(file: string, text: string, project: VmodProject | undefined): VmodOccurrence | undefined {
  const match = /^([a-z0-9][a-z0-9+.-]*)[ \t]+\(([^)\s]+)\)/m.exec(text);
  if (!match || /[@%]/.test(match[2])) return undefined;
  const packageName = match[1];
  if (!isVmodPackageName(packageName) && !project) return undefined;
  const versionStart = match.index + match[0].indexOf('(') + 1;
  let version = match[2];
  let start = versionStart;
  const epoch = /^\d+:/.exec(version);
  if (epoch) {
    start += epoch[0].length;
    version = version.slice(epoch[0].length);
  }
  const dash = version.lastIndexOf('-');
  const upstream = dash > 0 ? version.slice(0, dash) : version;
  const release = dash > 0 ? { text: version.slice(dash + 1), start: start + dash + 1, end: start + version.length } : undefined;
  const part = parseVersionPart(upstream, start);
  const parsed: ParsedVmodName = {
    ...part,
    text: `${packageName}_${version}_ARCH.deb`,
    kind: 'deb',
    extension: '.deb',
    packageName: { text: packageName, start: match.index, end: match.index + packageName.length },
    name: vmodName(packageName),
    release,
    upstream: { text: upstream, start, end: start + upstream.length },
  };
  return { source: 'debian/changelog', file, parsed, written: true, project, span: { file, start, end: start + upstream.length } };
}

// Bounded, so that a long run of name characters costs linear time (names are far shorter than 200).
const NAME_IN_TEXT = /(?<![A-Za-z0-9_.+~-])[A-Za-z0-9][A-Za-z0-9_.+~-]{0,200}?\.(?:tar\.(?:gz|bz2|xz|zst)|tgz|zip|rpm|deb|dsc|apk)(?![A-Za-z0-9])/g;

/** Literal VMOD tarball and package names in a text (download links, `Source:` lines, instructions). */
export function linkOccurrences(file: string, text: string, projects: readonly VmodProject[]): VmodOccurrence[] {
  const found: VmodOccurrence[] = [];
  NAME_IN_TEXT.lastIndex = 0;
  for (let match = NAME_IN_TEXT.exec(text); match; match = NAME_IN_TEXT.exec(text)) {
    const before = text[match.index - 1];
    // Names assembled from macros (`%{name}-%{version}.tar.gz`) are checked where the macros are set.
    if (before === '}' || before === '%' || before === '@' || before === '$') continue;
    if (!looksLikeVmodName(match[0])) continue;
    const parsed = shiftParsed(parseVmodName(match[0]), match.index);
    found.push({ source: 'link', file, parsed, written: true, project: projectOf(projects, file), span: { file, start: match.index, end: match.index + match[0].length } });
  }
  return found;
}

/** Tarballs and packages in the listing, by name. */
export function fileNameOccurrences(listing: FileListing, projects: readonly VmodProject[]): VmodOccurrence[] {
  const found: VmodOccurrence[] = [];
  for (const path of listing) {
    if (!path.includes('vmod') && !path.includes('varnish-modules')) continue; // most of a large listing, without slicing names
    const base = baseName(path);
    if (!base.includes('vmod') && !base.startsWith('varnish-modules')) continue;
    const parsed = parseVmodName(base);
    if (parsed.kind === 'tag' || !looksLikeVmodName(base)) continue;
    found.push({ source: 'file name', file: path, parsed, written: false, project: projectOf(projects, path) });
  }
  return found;
}
