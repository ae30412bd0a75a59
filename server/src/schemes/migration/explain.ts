import { entry, type Block } from './description';
import type { FeatureChange } from './rules';
import { flatFeatures, parseMigrationVersion, parseRanges, versionEntry, type MigrationVersion } from './semver';

/**
 * Step 4 of the migration scheme: what a description means — which devices can migrate to which — for
 * people (hover, `versionwise explain`) and programs (`fields`).
 */
export interface MigrationFacts {
  readonly block: Block;
  /** For a COMPATIBLE entry: SELF's version, which it is checked against. */
  readonly selfVersion?: MigrationVersion;
  /** Per COMPATIBLE entry of SELF: its version and why it is not compatible, if it is not. */
  readonly compatible?: readonly { readonly index: number; readonly version?: string; readonly issues: readonly string[] }[];
  readonly baseline?: { readonly ref: string; readonly version: string; readonly change: FeatureChange; readonly required: string };
  readonly problems: readonly string[];
  readonly sysfs?: boolean;
}

export function explainFields(block: Block): Record<string, unknown> {
  const versionAt = versionEntry(block);
  const version = versionAt ? parseMigrationVersion(versionAt.value) : undefined;
  const byKey = flatFeatures(block);
  const features = [...new Set([...byKey.values()].flat())];
  const ranges = entry(block, 'interface_version_compatible', 'software_version_compatible');
  return {
    major: version?.major ?? null,
    minor: version?.minor ?? null,
    bugfix: version?.bugfix ?? null,
    features: byKey.size ? features : null,
    featuresByKey: Object.fromEntries(byKey),
    versionKey: versionAt?.key ?? null,
    deviceApi: entry(block, 'device_api')?.value ?? null,
    mdevType: entry(block, 'mdev_type')?.value ?? null,
    compatibleRanges: ranges ? parseRanges(ranges.value).map((r) => ({ from: r.from ?? null, to: r.to ?? null })) : null,
  };
}

const NOT_LANDED = 'a description format from the 2020 mdev live-migration proposal (never merged: mainline mdev types have only create, name, available_instances, device_api, description)';

export function explainMarkdown(facts: MigrationFacts): string {
  const { block } = facts;
  const lines: string[] = [];
  for (const problem of facts.problems) lines.push(`**Invalid:** ${problem}`);
  if (facts.problems.length) lines.push('');
  const versionAt = versionEntry(block);
  const version = versionAt ? parseMigrationVersion(versionAt.value) : undefined;
  const title = block.kind === 'compatible' ? `COMPATIBLE entry ${block.index}` : facts.sysfs ? 'Device type (sysfs attributes)' : 'SELF';
  lines.push(`**Migration: ${title}${versionAt ? ` — ${versionAt.key} \`${versionAt.value}\`` : ''}** — ${NOT_LANDED}`, '');
  if (version) {
    lines.push(`- **major** ${version.major} · **minor** ${version.minor ?? '0 (not written)'} · **bugfix** ${version.bugfix ?? '0 (not written)'} — semantic versioning: a feature added bumps minor, a feature removed bumps major`);
  } else if (versionAt) {
    lines.push(`- \`${versionAt.value}\` is not major.minor.bugfix, so compatibility cannot be derived from it`);
  } else {
    lines.push('- no software_version / interface_version: compatibility cannot be derived from a version');
  }
  const byKey = flatFeatures(block);
  for (const [key, features] of byKey) lines.push(`- **${key}**: ${features.length ? features.map((f) => `\`${f}\``).join(', ') : 'no features'}`);
  const deviceApi = entry(block, 'device_api', 'device_type');
  if (deviceApi) lines.push(`- **${deviceApi.key}** \`${deviceApi.value}\` must match exactly`);
  if (version && block.kind === 'self') {
    const minor = version.minor ?? 0;
    lines.push(`- **Can migrate here from**: devices at ${version.major}.x with x ≤ ${minor} (same major, source minor ≤ ${minor})${byKey.size ? ' whose features are a subset of these' : ''}`);
    lines.push(`- **Can migrate from here to**: devices at ${version.major}.x with x ≥ ${minor} (destination major equal, destination minor ≥ source minor)`);
  }
  if (version && block.kind === 'compatible' && facts.selfVersion) {
    const minor = facts.selfVersion.minor ?? 0;
    lines.push(`- a source that may migrate to SELF (${facts.selfVersion.text}): it needs major ${facts.selfVersion.major} and minor ≤ ${minor}`);
  }
  const ranges = entry(block, 'interface_version_compatible', 'software_version_compatible');
  if (ranges) lines.push(`- **Accepted source versions** (${ranges.key}): ${parseRanges(ranges.value).map((r) => `${r.from ?? '…'} – ${r.to ?? '…'}`).join(', ')}`);
  for (const entryFacts of facts.compatible ?? []) {
    lines.push(`- COMPATIBLE entry ${entryFacts.index}${entryFacts.version ? ` (${entryFacts.version})` : ''}: ${entryFacts.issues.length ? `✗ ${entryFacts.issues.join('; ')}` : '✓ compatible with SELF'}`);
  }
  if (facts.baseline) {
    const { change } = facts.baseline;
    const changes = [...change.added.map((f) => `+${f}`), ...change.removed.map((f) => `−${f}`)];
    lines.push(`- **Since ${facts.baseline.ref}** (\`${facts.baseline.version}\`): ${changes.length ? changes.join(', ') : 'no feature changed'} → the next release needs **${facts.baseline.required}**`);
  }
  return lines.join('\n');
}
