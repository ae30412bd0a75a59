import type { Severity } from '../../core/model';
import { entry, type Block, type Entry } from './description';
import { alternatives, featuresOf, flatFeatures, formatVersion, migrationBlocked, normalised, parseMigrationVersion, parseRanges, versionEntry, type MigrationVersion } from './semver';

/**
 * Step 3 and 5 of the migration scheme: the rules. Semantic versioning as argued in the 2020 thread:
 *  - a feature added since the last release → minor bump (x.y.z → x.y+1.0);
 *  - a feature removed → major bump (x.y.z → x+1.0.0);
 *  - a COMPATIBLE entry (a source device that may migrate to this one) is compatible with SELF only if
 *    the device API is the same, the source's major equals SELF's, the source's minor is not greater than
 *    SELF's, and SELF has every feature the source may use.
 */
export const RULES = {
  invalidVersion: 'migration/invalid-version',
  incompatibleEntry: 'migration/incompatible-entry',
  bumpNeeded: 'migration/bump-needed',
  minorBumpRequired: 'migration/minor-bump-required',
  majorBumpRequired: 'migration/major-bump-required',
  versionDecreased: 'migration/version-decreased',
  needlessMajorBump: 'migration/needless-major-bump',
} as const;

/** Attributes that must match exactly between source and destination. */
const EXACT_KEYS = ['device_api', 'device_type'];

export interface EntryIssue {
  readonly entry: Entry;
  readonly message: string;
}

/** Why a COMPATIBLE block is not compatible with SELF (empty when it is). */
export function checkCompatible(self: Block, source: Block): EntryIssue[] {
  const issues: EntryIssue[] = [];
  const label = `COMPATIBLE entry ${source.index}`;
  for (const key of EXACT_KEYS) {
    const mine = entry(self, key);
    const theirs = entry(source, key);
    if (!mine || !theirs || alternatives(theirs.value).kind === 'any') continue;
    const values = (alternatives(theirs.value) as { values: readonly string[] }).values;
    const wrong = values.filter((v) => v !== mine.value);
    if (wrong.length) issues.push({ entry: theirs, message: `${label} cannot migrate to SELF: ${key} ${wrong.join(', ')} differs from SELF's ${mine.value} (it must match exactly)` });
  }
  const selfVersionEntry = versionEntry(self);
  const selfVersion = selfVersionEntry ? parseMigrationVersion(selfVersionEntry.value) : undefined;
  const sourceVersionEntry = versionEntry(source);
  if (selfVersion && sourceVersionEntry) {
    const alts = alternatives(sourceVersionEntry.value);
    if (alts.kind === 'list') {
      for (const value of alts.values) {
        const version = parseMigrationVersion(value);
        const blocked = version && migrationBlocked(version, selfVersion);
        if (blocked) issues.push({ entry: sourceVersionEntry, message: `${label} cannot migrate to SELF (${sourceVersionEntry.key} ${selfVersion.text}): source ${value}: ${blocked}` });
      }
    }
  }
  const mine = featuresOf(self);
  for (const [key, theirs] of featuresOf(source)) {
    if (theirs.sets === 'any') continue;
    const own = mine.get(key);
    const ownSets = own?.sets;
    if (ownSets === 'any') continue;
    // SELF without the list has none of its features; SELF written as a choice of lists is not compared.
    const available: Set<string> | undefined = ownSets === undefined ? new Set<string>() : ownSets.length === 1 ? ownSets[0] : undefined;
    if (!available) continue;
    for (const set of theirs.sets) {
      const missing = [...set].filter((f) => !available.has(f));
      if (missing.length) {
        issues.push({ entry: theirs.entry, message: `${label} cannot migrate to SELF: the source may use ${key} ${missing.join(', ')}, which SELF does not have${own ? ` (SELF: ${[...available].join('+') || 'none'})` : ''}` });
      }
    }
  }
  return issues;
}

/**
 * Cornelia Huck's `interface_version_compatible=2.0.2-2.0.4,2.1.0-` on the device itself: the source
 * versions it accepts. Each written end must be a version that semver lets migrate to the device's own.
 */
export function checkRanges(self: Block): EntryIssue[] {
  const issues: EntryIssue[] = [];
  const own = versionEntry(self);
  const selfVersion = own ? parseMigrationVersion(own.value) : undefined;
  const ranges = entry(self, 'interface_version_compatible', 'software_version_compatible');
  if (!selfVersion || !ranges) return issues;
  for (const range of parseRanges(ranges.value)) {
    for (const end of new Set([range.from, range.to])) {
      const version = end ? parseMigrationVersion(end) : undefined;
      const blocked = version && migrationBlocked(version, selfVersion);
      if (blocked) issues.push({ entry: ranges, message: `${ranges.key} lists ${range.text}, but a source at ${end} cannot migrate to ${selfVersion.text}: ${blocked}` });
    }
  }
  return issues;
}

export interface FeatureChange {
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/** Features added and removed between two versions of a block (plain lists only; patterns are not compared). */
export function featureChange(now: Block, then: Block): FeatureChange {
  const a = flatFeatures(now);
  const b = flatFeatures(then);
  const keys = new Set([...a.keys(), ...b.keys()]);
  const several = keys.size > 1;
  const label = (key: string, feature: string) => (several ? `${key} ${feature}` : feature);
  const added: string[] = [];
  const removed: string[] = [];
  for (const key of keys) {
    const x = new Set(a.get(key) ?? []);
    const y = new Set(b.get(key) ?? []);
    for (const f of x) if (!y.has(f)) added.push(label(key, f));
    for (const f of y) if (!x.has(f)) removed.push(label(key, f));
  }
  return { added, removed };
}

export interface BumpEvidence {
  readonly ref: string;
  readonly then: MigrationVersion;
  readonly change: FeatureChange;
}

export function changeText(evidence: BumpEvidence): string {
  const parts: string[] = [];
  if (evidence.change.removed.length) parts.push(`${evidence.change.removed.join(', ')} removed`);
  if (evidence.change.added.length) parts.push(`${evidence.change.added.join(', ')} added`);
  return parts.length ? `${parts.join('; ')} since ${evidence.ref}` : `no feature changed since ${evidence.ref}`;
}

/** The version the next release needs: the baseline's, bumped as the feature change requires. */
export function requiredVersion(evidence: BumpEvidence, written: MigrationVersion): { text: string; major: number; minor: number; bugfix: number } {
  const { then, change } = evidence;
  if (change.removed.length) return { text: formatVersion(then.major + 1, 0, 0, written.components), major: then.major + 1, minor: 0, bugfix: 0 };
  if (change.added.length) {
    const minor = (then.minor ?? 0) + 1;
    return { text: formatVersion(then.major, minor, 0, Math.max(2, written.components)), major: then.major, minor, bugfix: 0 };
  }
  return { text: then.text, major: then.major, minor: then.minor ?? 0, bugfix: then.bugfix ?? 0 };
}

export interface BumpProblem {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** Whether the fix that writes the required version applies. */
  readonly fixable: boolean;
}

export function checkBump(now: MigrationVersion, evidence: BumpEvidence, release: boolean): BumpProblem[] {
  const { then, change } = evidence;
  const required = requiredVersion(evidence, now);
  const why = changeText(evidence);
  const nowMinor = now.minor ?? 0;
  const thenMinor = then.minor ?? 0;
  if (normalised(now) === normalised(then)) {
    if (!change.added.length && !change.removed.length) return [];
    return [{ code: RULES.bumpNeeded, severity: release ? 'error' : 'information', message: `${now.text} is unchanged since ${evidence.ref}, but ${why}: the next release needs ${required.text}`, fixable: true }];
  }
  if (now.major < then.major || (now.major === then.major && (nowMinor < thenMinor || (nowMinor === thenMinor && (now.bugfix ?? 0) < (then.bugfix ?? 0))))) {
    return [{ code: RULES.versionDecreased, severity: 'error', message: `${now.text} is lower than ${then.text} at ${evidence.ref}: versions only grow; ${why}, so the next release needs ${required.text}`, fixable: true }];
  }
  if (change.removed.length && now.major === then.major) {
    return [{ code: RULES.majorBumpRequired, severity: 'error', message: `${why}: a removed feature needs a major bump (${required.text}); with ${now.text}, devices at ${then.major}.x would be told they can migrate here and lose the feature`, fixable: true }];
  }
  if (change.added.length && !change.removed.length && now.major === then.major && nowMinor <= thenMinor) {
    return [{ code: RULES.minorBumpRequired, severity: 'error', message: `${why}: an added feature needs a minor bump (${required.text}); with ${now.text}, a device using it could migrate to a ${then.text} device that lacks it`, fixable: true }];
  }
  if (!change.removed.length && now.major > then.major) {
    return [{ code: RULES.needlessMajorBump, severity: 'hint', message: `the major version changed from ${then.major} to ${now.major} but no feature was removed since ${evidence.ref}: devices at ${then.text} can no longer migrate here (${change.added.length ? `a minor bump to ${required.text} is enough` : `keep major ${then.major}`})`, fixable: false }];
  }
  return [];
}
