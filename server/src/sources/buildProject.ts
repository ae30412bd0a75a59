import type { FileListing } from '../core/listing';
import { baseName, dirName, joinPath } from '../core/text';
import { readAutoconf, type AutoconfFacts } from './autoconf';
import { readAutomake, type AutomakeFacts } from './automake';
import { readKeyValueFile, type KeyValue } from './sideFiles';

/**
 * An autotools project of the workspace: a directory with configure.ac (or configure.in), the autoconf
 * inputs it reads, the Makefile.am files below it (up to the next nested project) and its VERSION files.
 * A workspace may hold several (a monorepo, bundled third-party code); each resolves its own variables.
 */
export interface BuildProject {
  /** Directory of configure.ac, workspace-relative ('' for the root). */
  readonly root: string;
  readonly configure?: AutoconfFacts;
  /** configure.ac first, then acinclude.m4 and m4_include'd files that were read. */
  readonly autoconfInputs: readonly AutoconfFacts[];
  readonly makefiles: readonly AutomakeFacts[];
  readonly keyValueFiles: readonly KeyValueFile[];
}

export interface KeyValueFile {
  readonly path: string;
  readonly entries: readonly KeyValue[];
}

/** Everything a scheme may read: the listing (names only) and the texts read so far. */
export interface SourceSet {
  readonly listing: FileListing;
  readonly texts: ReadonlyMap<string, string>;
}

export const CONFIGURE_NAMES = ['configure.ac', 'configure.in'];

/** libtool's own macro files, copied into many projects' m4 directories: never a project's version facts. */
const LIBTOOL_OWN_MACROS = new Set(['libtool.m4', 'ltoptions.m4', 'ltsugar.m4', 'ltversion.m4', 'lt~obsolete.m4']);

export function isConfigureScript(path: string): boolean {
  return CONFIGURE_NAMES.includes(baseName(path));
}

export function isAutomakeFile(path: string): boolean {
  const base = baseName(path);
  return base === 'Makefile.am' || base === 'GNUmakefile.am' || (base.endsWith('.am') && !base.startsWith('.'));
}

/** The listing's automake files (by extension, then by the rule above). */
export function automakeFiles(listing: FileListing): string[] {
  return listing.withExtension('.am').filter(isAutomakeFile);
}

export function isVersionKeyValueFile(path: string): boolean {
  return baseName(path) === 'VERSION';
}

/**
 * Per-file facts, cached by text identity: re-analysing after an edit re-reads only the edited file.
 * (JavaScript compares equal strings cheaply when they are the same object, which they are when a file
 * did not change.)
 */
const autoconfCache = new Map<string, { text: string; facts: AutoconfFacts }>();
const automakeCache = new Map<string, { text: string; facts: AutomakeFacts }>();
const keyValueCache = new Map<string, { text: string; facts: KeyValueFile }>();

/** `read` gets the file's previous entry, if any, for readers that can reuse work on unchanged parts. */
function cached<T>(cache: Map<string, { text: string; facts: T }>, path: string, text: string, read: (previous?: { text: string; facts: T }) => T): T {
  const hit = cache.get(path);
  if (hit && hit.text === text) return hit.facts;
  const facts = read(hit);
  cache.set(path, { text, facts });
  return facts;
}

export function autoconfFacts(path: string, text: string): AutoconfFacts {
  // The file's previous version spares re-blanking its unchanged lines (an edit in a 5,000-line configure.ac).
  return cached(autoconfCache, path, text, (previous) => readAutoconf(path, text, previous && { text: previous.text, code: previous.facts.code }));
}

export function automakeFacts(path: string, text: string): AutomakeFacts {
  return cached(automakeCache, path, text, () => readAutomake(path, text));
}

export function keyValueFacts(path: string, text: string): KeyValueFile {
  return cached(keyValueCache, path, text, () => ({ path, entries: readKeyValueFile(text) }));
}

/** Drops cached facts of files that no longer exist (keeps memory flat across long sessions). */
export function forgetFilesExcept(listing: ReadonlySet<string>): void {
  for (const cache of [autoconfCache, automakeCache, keyValueCache] as Map<string, unknown>[]) {
    for (const path of cache.keys()) if (!listing.has(path)) cache.delete(path);
  }
}

export interface ProjectDiscovery {
  readonly projects: BuildProject[];
  /** Listed files the projects refer to (m4_include, macro directories, automake include), read or not. */
  readonly wanted: string[];
}

/**
 * Recent discoveries: the schemes that group build files into projects (libtool, release, vmod, and the
 * release tag lookup) ask for it in every round of an analysis, often over the same texts. One is reused
 * while the listing is the same object and the texts are the same paths and strings (compared by
 * identity: cheap, unlike the discovery).
 */
const recentDiscoveries: { readonly listing: FileListing; readonly entries: readonly (readonly [string, string])[]; readonly discovery: ProjectDiscovery }[] = [];
const RECENT_DISCOVERIES = 8;

/** Groups the read build files into projects. */
export function discoverProjects(sources: SourceSet): ProjectDiscovery {
  const hit = recentDiscoveries.find((d) => d.listing === sources.listing && sameTexts(d.entries, sources.texts));
  const discovery = hit?.discovery ?? discover(sources);
  if (!hit) {
    recentDiscoveries.unshift({ listing: sources.listing, entries: [...sources.texts], discovery });
    recentDiscoveries.length = Math.min(recentDiscoveries.length, RECENT_DISCOVERIES);
  }
  return { projects: [...discovery.projects], wanted: [...discovery.wanted] };
}

function sameTexts(entries: readonly (readonly [string, string])[], texts: ReadonlyMap<string, string>): boolean {
  if (entries.length !== texts.size) return false;
  let i = 0;
  for (const [path, text] of texts) {
    const [p, t] = entries[i++];
    if (p !== path || t !== text) return false;
  }
  return true;
}

/** The `.m4` files directly in these directories, in listing order (as a walk over the listing would meet them). */
function m4FilesIn(listing: FileListing, directories: ReadonlySet<string>): string[] {
  return listing.withExtension('.m4').filter((path) => directories.has(dirName(path)));
}

function discover(sources: SourceSet): ProjectDiscovery {
  const roots = new Set<string>();
  const configureByRoot = new Map<string, string>();
  for (const path of sources.texts.keys()) {
    if (!isConfigureScript(path)) continue;
    const root = dirName(path);
    // configure.ac wins over the obsolete configure.in when both exist, as in autoconf.
    if (!configureByRoot.has(root) || baseName(path) === 'configure.ac') configureByRoot.set(root, path);
    roots.add(root);
  }
  const makefilesWithoutProject: string[] = [];
  const byRoot = new Map<string, { makefiles: string[]; keyValues: string[] }>();
  const entry = (root: string) => {
    let found = byRoot.get(root);
    if (!found) byRoot.set(root, (found = { makefiles: [], keyValues: [] }));
    return found;
  };
  for (const root of roots) entry(root);
  for (const path of sources.texts.keys()) {
    const isMake = isAutomakeFile(path);
    const isKeyValue = isVersionKeyValueFile(path);
    if (!isMake && !isKeyValue) continue;
    const root = nearestRoot(dirName(path), roots);
    if (root === undefined) {
      if (isMake) makefilesWithoutProject.push(path);
      else entry(dirName(path)).keyValues.push(path);
      continue;
    }
    if (isMake) entry(root).makefiles.push(path);
    else entry(root).keyValues.push(path);
  }
  // Makefile.am files with no configure.ac above them (a partial checkout) still form a project.
  for (const path of makefilesWithoutProject) entry(dirName(path)).makefiles.push(path);

  const wanted: string[] = [];
  const projects: BuildProject[] = [];
  for (const [root, members] of [...byRoot.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const configurePath = configureByRoot.get(root);
    const autoconfInputs: AutoconfFacts[] = [];
    let configure: AutoconfFacts | undefined;
    if (configurePath) {
      configure = autoconfFacts(configurePath, sources.texts.get(configurePath)!);
      autoconfInputs.push(configure);
      const extra = [joinPath(root, 'acinclude.m4'), ...configure.includes.map((p) => joinPath(root, p))];
      for (const path of extra) {
        if (!sources.listing.has(path)) continue;
        wanted.push(path);
        const text = sources.texts.get(path);
        if (text !== undefined) autoconfInputs.push(autoconfFacts(path, text));
      }
    }
    const makefiles = members.makefiles.sort().map((path) => automakeFacts(path, sources.texts.get(path)!));
    if (configure) {
      // The project's own macros (AC_CONFIG_MACRO_DIRS, ACLOCAL_AMFLAGS = -I dir) join the inputs when
      // configure.ac calls a macro they define, as aclocal would pull them in.
      const macroDirectories = new Set(configure.macroDirectories.map((d) => joinPath(root, d)));
      // ACLOCAL_AMFLAGS in the top Makefile.am names macro directories too: a scheme that does not read
      // Makefile.am files asks for that one.
      const topPath = joinPath(root, 'Makefile.am');
      if (sources.listing.has(topPath)) wanted.push(topPath);
      const top = makefiles.find((m) => m.path === topPath);
      for (const assignment of top?.assignments ?? []) {
        if (assignment.name !== 'ACLOCAL_AMFLAGS') continue;
        const flags = top!.code.slice(assignment.value.start, assignment.value.end);
        for (const match of flags.matchAll(/-I\s*([^\s$@]+)/g)) macroDirectories.add(joinPath(root, match[1]));
      }
      if (macroDirectories.size) {
        for (const path of m4FilesIn(sources.listing, macroDirectories)) {
          if (LIBTOOL_OWN_MACROS.has(baseName(path))) continue;
          if (autoconfInputs.some((f) => f.path === path)) continue;
          wanted.push(path);
          const text = sources.texts.get(path);
          if (text === undefined) continue;
          const facts = autoconfFacts(path, text);
          if (facts.defuns.some((name) => new RegExp(`(?<![A-Za-z0-9_])${name}(?![A-Za-z0-9_])`).test(configure.code))) autoconfInputs.push(facts);
        }
      }
    }
    for (const makefile of makefiles) {
      for (const include of makefile.includes) {
        const path = resolveMakePath(include, dirName(makefile.path), root);
        if (path && sources.listing.has(path)) wanted.push(path);
      }
    }
    const keyValueFiles = members.keyValues.sort().map((path) => keyValueFacts(path, sources.texts.get(path)!));
    projects.push({ root, configure, autoconfInputs, makefiles, keyValueFiles });
  }
  return { projects, wanted };
}

function nearestRoot(dir: string, roots: ReadonlySet<string>): string | undefined {
  let current: string | undefined = dir;
  while (current !== undefined) {
    if (roots.has(current)) return current;
    current = current === '' ? undefined : dirName(current);
  }
  return undefined;
}

/** A path written in a Makefile.am (with $(srcdir), $(top_srcdir) and friends) as a workspace path. */
export function resolveMakePath(written: string, makefileDir: string, projectRoot: string): string | undefined {
  let path = written;
  const top = /^(?:\$\(top_srcdir\)|\$\{top_srcdir\}|@top_srcdir@|\$\(abs_top_srcdir\)|\$\(top_builddir\)|\$top_srcdir|\$\{top_srcdir\})\/?/;
  const here = /^(?:\$\(srcdir\)|\$\{srcdir\}|@srcdir@|\$\(abs_srcdir\)|\$\(builddir\)|\$srcdir|\$\{srcdir\}|\$\(abs_builddir\))\/?/;
  let base = makefileDir;
  if (top.test(path)) {
    path = path.replace(top, '');
    base = projectRoot;
  } else if (here.test(path)) {
    path = path.replace(here, '');
  }
  if (/[$@`]/.test(path) || path.startsWith('/')) return undefined;
  return joinPath(base, path);
}
