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
  readonly listing: ReadonlySet<string>;
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

function cached<T>(cache: Map<string, { text: string; facts: T }>, path: string, text: string, read: () => T): T {
  const hit = cache.get(path);
  if (hit && hit.text === text) return hit.facts;
  const facts = read();
  cache.set(path, { text, facts });
  return facts;
}

export function autoconfFacts(path: string, text: string): AutoconfFacts {
  return cached(autoconfCache, path, text, () => readAutoconf(path, text));
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
  /** Files the projects refer to (m4_include, automake include) that are listed but not read yet. */
  readonly wanted: string[];
}

/**
 * The last discovery per text map: schemes ask for it several times in one round of an analysis (and the
 * release tag lookup before that), over the same texts. It is reused while the listing is the same object
 * and every path and text of the map is the same (compared by identity: cheap, unlike the discovery).
 */
const discoveries = new WeakMap<ReadonlyMap<string, string>, { readonly entries: readonly (readonly [string, string])[]; readonly listing: ReadonlySet<string>; readonly discovery: ProjectDiscovery }>();

/** Groups the read build files into projects. */
export function discoverProjects(sources: SourceSet): ProjectDiscovery {
  const hit = discoveries.get(sources.texts);
  if (hit && hit.listing === sources.listing && hit.entries.length === sources.texts.size) {
    let same = true;
    let i = 0;
    for (const [path, text] of sources.texts) {
      const [p, t] = hit.entries[i++];
      if (p !== path || t !== text) {
        same = false;
        break;
      }
    }
    if (same) return { projects: [...hit.discovery.projects], wanted: [...hit.discovery.wanted] };
  }
  const discovery = discover(sources);
  discoveries.set(sources.texts, { entries: [...sources.texts], listing: sources.listing, discovery });
  return { projects: [...discovery.projects], wanted: [...discovery.wanted] };
}

/** `.m4` files of a listing by directory (a listing is walked once, not once per project and call). */
const m4Files = new WeakMap<ReadonlySet<string>, Map<string, { readonly path: string; readonly position: number }[]>>();

function m4FilesIn(listing: ReadonlySet<string>, directories: ReadonlySet<string>): string[] {
  let index = m4Files.get(listing);
  if (!index) {
    index = new Map();
    let position = 0;
    for (const path of listing) {
      position++;
      if (!path.endsWith('.m4')) continue;
      const dir = dirName(path);
      const list = index.get(dir);
      if (list) list.push({ path, position });
      else index.set(dir, [{ path, position }]);
    }
    m4Files.set(listing, index);
  }
  // In listing order, as a walk over the listing would meet them.
  return [...directories].flatMap((d) => index!.get(d) ?? []).sort((a, b) => a.position - b.position).map((f) => f.path);
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
        const text = sources.texts.get(path);
        if (text !== undefined) autoconfInputs.push(autoconfFacts(path, text));
        else if (sources.listing.has(path)) wanted.push(path);
      }
    }
    const makefiles = members.makefiles.sort().map((path) => automakeFacts(path, sources.texts.get(path)!));
    if (configure) {
      // The project's own macros (AC_CONFIG_MACRO_DIRS, ACLOCAL_AMFLAGS = -I dir) join the inputs when
      // configure.ac calls a macro they define, as aclocal would pull them in.
      const macroDirectories = new Set(configure.macroDirectories.map((d) => joinPath(root, d)));
      const top = makefiles.find((m) => m.path === joinPath(root, 'Makefile.am'));
      for (const assignment of top?.assignments ?? []) {
        if (assignment.name !== 'ACLOCAL_AMFLAGS') continue;
        const flags = top!.code.slice(assignment.value.start, assignment.value.end);
        for (const match of flags.matchAll(/-I\s*([^\s$@]+)/g)) macroDirectories.add(joinPath(root, match[1]));
      }
      if (macroDirectories.size) {
        for (const path of m4FilesIn(sources.listing, macroDirectories)) {
          if (LIBTOOL_OWN_MACROS.has(baseName(path))) continue;
          if (autoconfInputs.some((f) => f.path === path)) continue;
          const text = sources.texts.get(path);
          if (text === undefined) {
            wanted.push(path);
            continue;
          }
          const facts = autoconfFacts(path, text);
          if (facts.defuns.some((name) => new RegExp(`(?<![A-Za-z0-9_])${name}(?![A-Za-z0-9_])`).test(configure.code))) autoconfInputs.push(facts);
        }
      }
    }
    for (const makefile of makefiles) {
      for (const include of makefile.includes) {
        const path = resolveMakePath(include, dirName(makefile.path), root);
        if (path && !sources.texts.has(path) && sources.listing.has(path)) wanted.push(path);
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
