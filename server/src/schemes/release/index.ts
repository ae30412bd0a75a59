import type { Declaration, Finding, Site } from '../../core/model';
import type { AnalysisInput, AnalyzedDeclaration, SchemeResult, VersionScheme } from '../../core/scheme';
import { baseName, dirName, joinPath, type Span } from '../../core/text';
import { automakeFiles, CONFIGURE_NAMES, discoverProjects, isConfigureScript, type ProjectDiscovery } from '../../sources/buildProject';
import { judge, mismatchFindings, MISMATCH_RULE, type PackageVerdict } from './agreement';
import { autoconfSites } from './autoconf';
import { CHANGELOG_NAMES, changelogSite, isChangelogFile } from './changelog';
import { CMakeWorkspace } from './cmake';
import { debianSite, isDebianChangelog } from './debian';
import { explainPackage } from './explain';
import { checkNewerThanLastRelease, NOT_NEWER_RULE } from './lastRelease';
import { readMeson } from './meson';
import { packageJsonSite } from './packageJson';
import { rpmSite, specHome } from './rpm';
import type { ReleaseSite } from './site';
import { checkSonames, libtoolSonames, SONAME_RULE, type SharedLibrary } from './soname';
import { versionFileSite } from './versionFile';

/**
 * The release scheme: a package's release version is written in several places (AC_INIT, package.json,
 * meson's and CMake's project(), an Open MPI/PMIx VERSION file, debian/changelog, an RPM spec, the top of
 * the changelog), and they must agree. One file per kind of site reads it with the exact span of its
 * characters; agreement.ts decides which value is the release and flags the others; soname.ts checks that
 * a library built by both autotools and meson/CMake gets one soname; lastRelease.ts holds the check against
 * the last release tag, for the git baseline to call.
 *
 * Sites belong to the package of their directory (`home`): a debian/changelog to the directory holding
 * `debian/`, a spec file to the nearest directory above it that has another site, a changelog in `doc/`
 * to its parent. Each directory's sites are compared with each other only, so a monorepo's packages and
 * bundled third-party projects each keep their own version.
 */
export const RULES = {
  mismatch: MISMATCH_RULE,
  soname: SONAME_RULE,
  notNewer: NOT_NEWER_RULE,
} as const;

export { checkNewerThanLastRelease, nextVersions, NOT_NEWER_RULE, type LastReleaseCheck } from './lastRelease';
export { parseReleaseVersion, compareReleaseVersions, type Version } from './version';

interface Collected {
  readonly sites: ReleaseSite[];
  readonly libraries: SharedLibrary[];
  readonly wanted: string[];
  readonly discovery: ProjectDiscovery;
}

function collect(input: Pick<AnalysisInput, 'sources'>): Collected {
  const { sources } = input;
  const discovery = discoverProjects(sources);
  const wanted = [...discovery.wanted];
  const sites: ReleaseSite[] = [];
  const libraries: SharedLibrary[] = [];

  const autoconf = autoconfSites(discovery, sources);
  sites.push(...autoconf.sites);
  wanted.push(...autoconf.wanted);
  const specs: string[] = [];
  for (const [path, text] of [...sources.texts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const base = baseName(path);
    if (base === 'meson.build') {
      const meson = readMeson(path, text, sources);
      if (meson.site) sites.push(meson.site);
      libraries.push(...meson.libraries);
      wanted.push(...meson.wanted);
    } else if (base === 'VERSION') {
      const site = versionFileSite(path, text);
      if (site) sites.push(site);
    } else if (isDebianChangelog(path)) {
      const site = debianSite(path, text);
      if (site) sites.push(site);
    } else if (isChangelogFile(path)) {
      const site = changelogSite(path, text);
      if (site) sites.push(site);
    } else if (base.endsWith('.spec')) {
      specs.push(path);
    }
  }
  const cmake = new CMakeWorkspace(sources.texts);
  sites.push(...cmake.projectSites());
  libraries.push(...cmake.libraries());

  const homes = new Set(sites.map((s) => s.home));
  for (const path of specs) {
    const site = rpmSite(path, sources.texts.get(path)!, specHome(path, homes));
    if (site) sites.push(site);
  }
  // package.json only next to another site: read exactly those.
  for (const home of new Set(sites.map((s) => s.home))) {
    const path = joinPath(home, 'package.json');
    if (sources.listing.has(path)) wanted.push(path);
    const text = sources.texts.get(path);
    if (text !== undefined) {
      const site = packageJsonSite(path, text);
      if (site) sites.push(site);
    }
  }
  // Build files first, then packaging, then changelogs: the order sites are listed in messages and hovers.
  const order = (site: ReleaseSite) => KIND_ORDER.indexOf(site.kind);
  const sorted = [...sites].sort((a, b) => order(a) - order(b) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { sites: dedupe(sorted), libraries, wanted, discovery };
}

const KIND_ORDER: readonly ReleaseSite['kind'][] = ['autoconf', 'meson', 'cmake', 'package.json', 'version-file', 'rpm', 'debian', 'changelog'];

/** Two declarations reaching the same characters (a shared m4 file) are one site. */
function dedupe(sites: ReleaseSite[]): ReleaseSite[] {
  const seen = new Set<string>();
  return sites.filter((site) => {
    const span = site.written?.anchor ?? site.computed?.span;
    const key = span ? `${site.home}\0${span.file}:${span.start}:${span.end}` : undefined;
    if (key === undefined) return true;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const releaseScheme: VersionScheme = {
  id: 'release',
  displayName: 'release version',
  rules: RULES,
  candidateNames: { names: [...CONFIGURE_NAMES, 'meson.build', 'CMakeLists.txt', 'VERSION'], extensions: ['.spec'], pattern: CHANGELOG_NAMES },

  isCandidate(path: string): boolean {
    const base = baseName(path);
    // package.json and Makefile.am are asked for (wantedFiles) only where they matter.
    return isConfigureScript(path) || base === 'meson.build' || base === 'CMakeLists.txt' || base === 'VERSION' || isDebianChangelog(path) || base.endsWith('.spec') || isChangelogFile(path);
  },

  analyze(input: AnalysisInput): SchemeResult {
    const { sites, libraries, wanted, discovery } = collect(input);
    const range = (span: Span) => input.lines(span.file).rangeOf(span.start, span.end);
    const findings: Finding[] = [];

    const byHome = new Map<string, ReleaseSite[]>();
    for (const site of sites) {
      let list = byHome.get(site.home);
      if (!list) byHome.set(site.home, (list = []));
      list.push(site);
    }
    const verdicts: PackageVerdict[] = [...byHome].map(([home, list]) => judge(home, list));
    for (const verdict of verdicts) findings.push(...mismatchFindings(verdict, range));

    if (libraries.some((l) => l.soversion?.text !== undefined || l.version?.text !== undefined)) {
      // The libtool side needs the automake files of the autotools projects above the libraries.
      const roots = [...input.sources.texts.keys()].filter(isConfigureScript).map(dirName);
      for (const path of automakeFiles(input.sources.listing)) {
        if (roots.some((root) => root === '' || path.startsWith(`${root}/`))) wanted.push(path);
      }
      const libtool = libtoolSonames(discovery, input.sources);
      wanted.push(...libtool.wanted);
      findings.push(...checkSonames(libraries, libtool.sonames, range));
    }

    // Once the sources changed since the last release tag, the release version must be newer than it.
    const baseline = input.baseline;
    // The tag's version: a VIP13 `+GITBRANCH` suffix is not part of it (`vmod-foo-1.10+4.0` is 1.10).
    const tagVersion = baseline && /(\d+(?:[._]\d+)+(?:[-~._]?(?:rc|alpha|beta|a|b|pre)\.?\d*)?)$/i.exec(baseline.ref.replace(/\+[A-Za-z0-9.-]*$/, ''))?.[1]?.replace(/_/g, '.');
    if (baseline && tagVersion && (baseline.commitsSince ?? 0) > 0) {
      for (const verdict of verdicts) {
        const site = verdict.releaseSites.find((s) => s.written);
        if (!verdict.release || !site?.written) continue;
        const finding = checkNewerThanLastRelease({
          working: verdict.release.text,
          at: { file: site.written.anchor.file, range: range(site.written.anchor) },
          dialect: site.comparison === 'numbers-only' ? 'numbers' : site.kind === 'debian' || site.kind === 'rpm' ? 'tilde' : 'plain',
          lastRelease: tagVersion,
          lastReleaseTag: baseline.ref,
          sourcesChanged: true,
          release: input.settings.release,
        });
        if (finding) findings.push(finding);
      }
    }

    const declarations: AnalyzedDeclaration[] = [];
    for (const verdict of verdicts) {
      for (const site of verdict.sites) declarations.push(declare(site, verdict, input));
    }
    return { declarations, findings, wantedFiles: [...new Set(wanted)] };
  },

  packageNames(input: AnalysisInput): string[] {
    const names = new Set<string>();
    for (const site of collect(input).sites) {
      if (site.packageName && /^[A-Za-z0-9_.+-]+$/.test(site.packageName)) names.add(site.packageName);
    }
    return [...names];
  },

  explainValue(): undefined {
    // The release scheme has no value syntax of its own: a bare `1.2.3` is semver's or another scheme's.
    return undefined;
  },
};

function declare(site: ReleaseSite, verdict: PackageVerdict, input: AnalysisInput): AnalyzedDeclaration {
  const range = (span: Span) => input.lines(span.file).rangeOf(span.start, span.end);
  const anchor = site.written?.anchor ?? site.computed!.span;
  const sites: Site[] = [
    ...(site.written?.parts ?? []).map((p) => ({ file: p.span.file, range: range(p.span), role: p.role })),
    ...(site.computed ? [{ file: site.computed.span.file, range: range(site.computed.span), role: 'computed version' }] : []),
    ...(site.extraParts ?? []).map((p) => ({ file: p.span.file, range: range(p.span), role: p.role })),
  ];
  const declaration: Declaration = {
    scheme: 'release',
    file: anchor.file,
    range: range(anchor),
    text: site.written?.text ?? input.sources.texts.get(anchor.file)?.slice(anchor.start, anchor.end) ?? '',
    value: site.written ? site.written.version.key : null,
    fields: {
      kind: site.kind,
      label: site.label,
      declaredIn: site.file,
      package: verdict.packageName ?? null,
      packageDirectory: verdict.home,
      comparison: site.comparison,
      releaseVersion: verdict.release?.text ?? null,
      agrees: !verdict.flagged.has(site),
      computed: Boolean(site.computed),
      computedReason: site.computed?.reason ?? null,
      ...site.fields,
    },
    sites,
  };
  return { declaration, explain: () => explainPackage(verdict, site, input.lines) };
}
