import { entry, type Block, type Entry } from './description';

/**
 * Step 2 (continued): versions, feature lists and the compatibility rule of the proposal, read as Sean
 * Mooney argued on 30 Jul 2020 ("addition of a feature is a minor version bump … when you remove a
 * feature … you have to bump the major version") and as Yan Zhao's 9 Sep 2020 summary states it:
 * `software_version` is `major.minor.bugfix`; a device can migrate to another when the destination's
 * major equals the source's and the destination's minor is greater than or equal to the source's.
 */
export interface MigrationVersion {
  readonly text: string;
  readonly major: number;
  /** Undefined when not written (`interface_version=3`); compared as 0. */
  readonly minor?: number;
  readonly bugfix?: number;
  /** How many components are written (1 to 3). */
  readonly components: number;
}

export const VERSION_KEYS = ['software_version', 'interface_version', 'version', 'migration_version'];

export function parseMigrationVersion(text: string): MigrationVersion | undefined {
  const match = /^v?(\d{1,9})(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?$/.exec(text.trim());
  if (!match) return undefined;
  return {
    text,
    major: Number(match[1]),
    minor: match[2] === undefined ? undefined : Number(match[2]),
    bugfix: match[3] === undefined ? undefined : Number(match[3]),
    components: match[3] !== undefined ? 3 : match[2] !== undefined ? 2 : 1,
  };
}

export function compareVersions(a: MigrationVersion, b: MigrationVersion): number {
  return a.major - b.major || (a.minor ?? 0) - (b.minor ?? 0) || (a.bugfix ?? 0) - (b.bugfix ?? 0);
}

export function formatVersion(major: number, minor: number, bugfix: number, components: number): string {
  return [major, minor, bugfix].slice(0, Math.max(1, Math.min(3, components))).join('.');
}

export function normalised(version: MigrationVersion): string {
  return `${version.major}.${version.minor ?? 0}.${version.bugfix ?? 0}`;
}

/** The version entry of a block: `software_version`, `interface_version`, `version`, or a version-shaped `migration_version`. */
export function versionEntry(block: Block): Entry | undefined {
  const found = entry(block, 'software_version', 'interface_version', 'version');
  if (found) return found;
  const legacy = entry(block, 'migration_version');
  return legacy && /^v?\d+(?:\.\d+){0,2}$/.test(legacy.value) ? legacy : undefined;
}

/** Why a source version cannot migrate to a destination version, or undefined when it can. */
export function migrationBlocked(source: MigrationVersion, destination: MigrationVersion): string | undefined {
  if (source.major !== destination.major) return `major ${source.major} differs from the destination's ${destination.major}: a major change means a feature was removed, so the versions are not compatible`;
  if ((source.minor ?? 0) > (destination.minor ?? 0)) return `minor ${source.minor} is greater than the destination's ${destination.minor ?? 0}: the destination lacks features added since`;
  return undefined;
}

/**
 * A value the proposal writes as a pattern: `{val1:int:1,2,4,8}` lists the values it may take, `{val1}`
 * refers to a value chosen elsewhere (any), `{val1}/2` computes one (any).
 */
export type Alternatives = { readonly kind: 'any' } | { readonly kind: 'list'; readonly values: readonly string[] };

export function alternatives(value: string): Alternatives {
  const list = /^\{\s*[A-Za-z_][A-Za-z0-9_]*\s*:\s*[A-Za-z]+\s*:(.*)\}$/s.exec(value.trim());
  if (list) return { kind: 'list', values: splitList(list[1]) };
  const open = value.indexOf('{');
  if (open >= 0 && value.indexOf('}', open) > open) return { kind: 'any' };
  return { kind: 'list', values: [value] };
}

/** Comma-separated items, commas inside quotes kept, quotes removed. */
function splitList(text: string): string[] {
  const items: string[] = [];
  let current = '';
  let quote = '';
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = '';
      else current += c;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ',') {
      items.push(current.trim());
      current = '';
    } else current += c;
  }
  items.push(current.trim());
  return items;
}

const FEATURE_KEY = /(?:^|_)(?:modes?|features?|caps|capabilities)$/i;
const FEATURE_LIST = /^[A-Za-z0-9_.-]+(?:\+[A-Za-z0-9_.-]+)+$/;

/** Whether an entry is a feature list (`pv_mode="none+ppgtt+context"`, `features=a+b`). */
export function isFeatureEntry(e: Entry): boolean {
  if (VERSION_KEYS.includes(e.key) || e.key.endsWith('_version') || e.key.endsWith('_version_compatible')) return false;
  if (FEATURE_KEY.test(e.key)) return true;
  const alts = alternatives(e.value);
  return alts.kind === 'list' && alts.values.some((v) => FEATURE_LIST.test(v));
}

/** The features of one written list (`none+ppgtt` → none, ppgtt; `""` → none at all). */
export function featureSet(value: string): Set<string> {
  return new Set(value.split('+').map((f) => f.trim()).filter(Boolean));
}

/** Feature lists of a block, by key: each the set of alternatives it may take, or 'any' for a reference. */
export function featuresOf(block: Block): Map<string, { readonly entry: Entry; readonly sets: readonly Set<string>[] | 'any' }> {
  const result = new Map<string, { entry: Entry; sets: Set<string>[] | 'any' }>();
  for (const e of block.entries) {
    if (!isFeatureEntry(e)) continue;
    const alts = alternatives(e.value);
    result.set(e.key, { entry: e, sets: alts.kind === 'any' ? 'any' : alts.values.map(featureSet) });
  }
  return result;
}

/** Every feature of a block's plain (non-pattern) lists, as `key:feature` when several keys are lists. */
export function flatFeatures(block: Block): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const [key, { sets }] of featuresOf(block)) {
    if (sets === 'any' || sets.length !== 1) continue;
    result.set(key, [...sets[0]]);
  }
  return result;
}

/** Cornelia Huck's `interface_version_compatible=2.0.2-2.0.4,2.1.0-`: ranges of compatible source versions. */
export interface VersionRange {
  readonly from?: string;
  readonly to?: string;
  readonly text: string;
  /** Offset of the range in the entry's value. */
  readonly offset: number;
}

export function parseRanges(value: string): VersionRange[] {
  const ranges: VersionRange[] = [];
  let offset = 0;
  for (const raw of value.split(',')) {
    const text = raw.trim();
    const at = offset + raw.indexOf(text);
    offset += raw.length + 1;
    if (!text) continue;
    const match = /^([^-\s]*)(?:\s*-\s*([^-\s]*))?$/.exec(text);
    if (!match) continue;
    const single = match[2] === undefined && !text.includes('-');
    ranges.push({ from: match[1] || undefined, to: single ? match[1] : match[2] || undefined, text, offset: at });
  }
  return ranges;
}
