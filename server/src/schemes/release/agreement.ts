import type { Finding, Fix } from '../../core/model';
import type { Range, Span } from '../../core/text';
import { siteName, type ReleaseSite, type SpanEdit, type WrittenVersion } from './site';
import { compareReleaseVersions, type Version } from './version';

/**
 * Check 1: the sites of one package must agree.
 *
 * Which value is right: every distinct value written at a site is a candidate, and a candidate's support is
 * the number of sites that agree with it. The candidate with the most support is the package's release
 * version, and only the sites that do not agree with it are flagged. When several candidates share the
 * most support (a tie: two sites, two values), no value can be preferred and every site that disagrees
 * with another is flagged. Computed values (m4_esyscmd…) take no part: they are never a mismatch.
 *
 * Agreement is equality of normalised versions (version.ts), except for sites that cannot write all of a
 * version (see `Comparison` in site.ts): CMake's numbers-only VERSION agrees with a pre-release of its
 * numbers, an Open MPI/PMIx VERSION with `greek=` agrees with the final release of its numbers, and a
 * changelog's last released heading (below `[Unreleased]`) agrees with any version that is not older.
 */
export const MISMATCH_RULE = 'release/version-mismatch';

export interface PackageVerdict {
  /** The package's directory. */
  readonly home: string;
  readonly packageName?: string;
  readonly sites: readonly ReleaseSite[];
  /** The release version: the value with the most support; undefined on a tie or when nothing is written. */
  readonly release?: Version;
  /** Where the release version is written (the sites that say exactly it). */
  readonly releaseSites: readonly ReleaseSite[];
  readonly tie: boolean;
  /** Sites that get a mismatch finding. */
  readonly flagged: ReadonlySet<ReleaseSite>;
}

type Known = ReleaseSite & { readonly written: WrittenVersion };

const known = (site: ReleaseSite): site is Known => site.written !== undefined && site.computed === undefined;

/** Whether a site, written as it is, agrees with a value. */
export function agreesWith(site: Known, value: Version): boolean {
  const own = site.written.version;
  if (own.key === value.key) return true;
  const sameNumbers = own.core.length > 0 && own.core.join('.') === value.core.join('.');
  switch (site.comparison) {
    case 'exact':
      return false;
    case 'numbers-only':
      return sameNumbers && !value.rest;
    case 'greek-optional':
      return sameNumbers && !value.pre && !value.rest;
    case 'last-release': {
      const order = compareReleaseVersions(value, own);
      return order !== undefined && order >= 0;
    }
  }
}

function agree(a: Known, b: Known): boolean {
  return agreesWith(a, b.written.version) || agreesWith(b, a.written.version);
}

export function judge(home: string, sites: readonly ReleaseSite[]): PackageVerdict {
  const values = sites.filter(known);
  const packageName = sites.find((s) => s.packageName)?.packageName;
  const candidates = new Map<string, Version>();
  for (const site of values) if (!candidates.has(site.written.version.key)) candidates.set(site.written.version.key, site.written.version);
  let best: Version[] = [];
  let bestSupport = 0;
  for (const candidate of candidates.values()) {
    const support = values.filter((s) => agreesWith(s, candidate)).length;
    if (support > bestSupport) {
      best = [candidate];
      bestSupport = support;
    } else if (support === bestSupport) {
      best.push(candidate);
    }
  }
  const flagged = new Set<ReleaseSite>();
  if (best.length === 1) {
    for (const site of values) if (!agreesWith(site, best[0])) flagged.add(site);
    const releaseSites = values.filter((s) => s.written.version.key === best[0].key);
    return { home, packageName, sites, release: best[0], releaseSites, tie: false, flagged };
  }
  for (const site of values) if (values.some((other) => other !== site && !agree(site, other))) flagged.add(site);
  return { home, packageName, sites, releaseSites: [], tie: best.length > 1, flagged };
}

function describe(site: Known): string {
  return site.comparison === 'last-release' ? `${siteName(site)} records release ${site.written.text}` : `${siteName(site)} says ${site.written.text}`;
}

function listing(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A finding at each flagged site, naming the sites it disagrees with, with a fix per distinct other value. */
export function mismatchFindings(verdict: PackageVerdict, range: (span: Span) => Range): Finding[] {
  const findings: Finding[] = [];
  const values = verdict.sites.filter(known);
  for (const site of values) {
    if (!verdict.flagged.has(site)) continue;
    const others = values.filter((o) => o !== site && !agree(site, o));
    if (!others.length) continue;
    // One fix per distinct value the others write (the release version first: it is the preferred one).
    const targets = new Map<string, { version: Version; sites: Known[] }>();
    const ordered = verdict.release ? [...others].sort((a, b) => Number(b.written.version.key === verdict.release!.key) - Number(a.written.version.key === verdict.release!.key)) : others;
    for (const other of ordered) {
      const key = other.written.version.key;
      const entry = targets.get(key);
      if (entry) entry.sites.push(other);
      else targets.set(key, { version: other.written.version, sites: [other] });
    }
    // Two values may read the same here (CMake writes `1.2.4` for both 1.2.4 and 1.2.4rc1): one fix each.
    const byText = new Map<string, { edits: SpanEdit[]; sites: Known[]; preferred: boolean }>();
    for (const { version, sites } of targets.values()) {
      const edits = site.written.edits(version);
      if (!edits || !edits.length) continue;
      const written = site.written.render(version) ?? version.text;
      const preferred = verdict.release !== undefined && version.key === verdict.release.key;
      const entry = byText.get(written);
      if (entry) {
        entry.sites.push(...sites);
        entry.preferred ||= preferred;
      } else byText.set(written, { edits, sites: [...sites], preferred });
    }
    const fixes: Fix[] = [...byText].map(([written, { edits, sites, preferred }]) => ({
      title: `Set to ${written} (as in ${listing([...new Set(sites.map(siteName))])})`,
      edits: edits.map((e) => ({ file: e.span.file, range: range(e.span), newText: e.newText })),
      ...(preferred ? { preferred: true } : {}),
    }));
    const firstEdit = [...byText.values()][0]?.edits[0]?.span;
    const at = firstEdit && site.written.parts.length > 1 ? firstEdit : site.written.anchor;
    findings.push({
      file: at.file,
      range: range(at),
      severity: 'warning',
      code: MISMATCH_RULE,
      message: `${describe(site)} but ${listing(others.map(describe))}`,
      fixes,
      related: others.map((o) => ({ file: o.written.anchor.file, range: range(o.written.anchor), message: describe(o) })),
    });
  }
  return findings;
}
