import { formatTriple, type NextVersion } from './nextVersions';
import { describeQuantifier, isoTimestamp, type PmixVersion, type Snapshot } from './versions';

/**
 * Step 4 of the pmix scheme: what a software version, a VERSION file or a snapshot name means, for people
 * (hover, `versionwise explain`) and programs (`fields`).
 */
export function versionFields(version: PmixVersion, packageName?: string): Record<string, unknown> {
  const q = version.quantifier;
  return {
    form: 'version',
    package: packageName ?? null,
    major: version.major ?? null,
    minor: version.minor ?? null,
    release: version.release ?? null,
    quantifier: q.text === '' ? null : q.text,
    quantifierKind: q.kind ?? null,
    quantifierNumber: q.number ?? null,
    branch: version.branch ?? null,
  };
}

export function snapshotFields(snapshot: Snapshot): Record<string, unknown> {
  return {
    form: 'snapshot',
    snapshotForm: snapshot.form,
    package: snapshot.package,
    tag: snapshot.tag ?? null,
    commits: snapshot.commits ?? null,
    hash: snapshot.hash,
    branch: snapshot.branch ?? null,
    branchInferred: snapshot.branchInferred,
    timestamp: snapshot.timestamp ?? null,
    date: snapshot.timestamp && !snapshot.problem ? isoTimestamp(snapshot.timestamp) : null,
  };
}

const ORDER = 'Order within one major.minor.release: dev < aN < bN < rcN < final release.';

export function versionMarkdown(version: PmixVersion, context: { readonly packageName?: string; readonly problems?: readonly string[] } = {}): string {
  const lines: string[] = [];
  for (const problem of context.problems ?? []) lines.push(`**Invalid:** ${problem}`, '');
  const name = context.packageName === 'openmpi' || context.packageName === 'ompi' ? 'Open MPI' : 'OpenPMIx';
  lines.push(`**${name} version \`${version.text}\`** — major.minor.release + quantifier`, '');
  if (version.major !== undefined && version.minor !== undefined) {
    lines.push(`- **major** ${version.major} (significant changes), **minor** ${version.minor} (incremental changes), **release** ${version.release ?? 0} (bug fixes)${version.releaseWritten ? '' : ' — not written: Open MPI once left out a zero release number'}`);
  } else if (version.branch) {
    lines.push(`- the \`dev\` tag of branch \`${version.branch}\``);
  }
  lines.push(`- **quantifier**: ${describeQuantifier(version)}`);
  lines.push(`- ${ORDER}`);
  if (version.major !== undefined && version.minor !== undefined) {
    lines.push(`- **ABI**: forward compatible within the ${version.major}.${version.minor} feature release series; a new feature series may break it`);
  }
  return lines.join('\n');
}

export interface VersionFileFacts {
  readonly version: PmixVersion;
  readonly problems: readonly string[];
  readonly repoRev?: string;
  readonly tarballVersion?: string;
  readonly date?: string;
  readonly soVersions: readonly { readonly library: string; readonly value: string; readonly baseline?: string }[];
  readonly baseline?: { readonly ref: string; readonly value: string; readonly relation: string };
  readonly next: readonly NextVersion[];
}

export function versionFileMarkdown(facts: VersionFileFacts): string {
  const lines: string[] = [];
  for (const problem of facts.problems) lines.push(`**Invalid:** ${problem}`);
  if (facts.problems.length) lines.push('');
  const { version } = facts;
  lines.push(`**Software version \`${version.text}\`** — VERSION: major.minor.release + greek (config/pmix_get_version.sh)`, '');
  lines.push(`- **major** ${version.major ?? '?'} (significant changes) · **minor** ${version.minor ?? '?'} (incremental changes) · **release** ${version.release ?? '?'} (bug fixes)`);
  lines.push(`- **greek**: ${describeQuantifier(version)}. ${ORDER}`);
  if (version.quantifier.text !== '') {
    lines.push('- A final release tag may keep its last greek here: `make_dist_tarball` empties `greek=` only in the tarball it builds.');
  }
  lines.push(`- **repo_rev**: ${facts.repoRev ? `\`${facts.repoRev}\`` : 'empty — the build fills it in from `git describe --tags --always` (or the date outside git)'}`);
  lines.push(`- **tarball_version**: ${facts.tarballVersion ? `\`${facts.tarballVersion}\`` : `empty — the tarball is named after the version (${version.text})`}`);
  if (facts.date !== undefined) lines.push(`- **date**: ${facts.date || 'empty'}`);
  if (facts.soVersions.length) {
    const list = facts.soVersions.map((s) => `${s.library} \`${s.value}\`${s.baseline !== undefined && s.baseline !== s.value ? ` (was \`${s.baseline}\`)` : ''}`).join(', ');
    lines.push(`- **Shared libraries** (libtool C:R:A, checked by the libtool scheme): ${list}${version.quantifier.text !== '' ? ' — in snapshots and pre-releases these numbers are not meaningful; only official releases follow the libtool rules' : ''}`);
  }
  if (version.major !== undefined && version.minor !== undefined) {
    lines.push(`- **ABI**: forward compatible within the ${version.major}.${version.minor} feature release series`);
  }
  if (facts.baseline) lines.push(`- **Last release** ${facts.baseline.ref}: \`${facts.baseline.value}\` — this version is ${facts.baseline.relation}`);
  if (facts.next.length) lines.push(`- **Next**: ${facts.next.map((n) => `${n.label} \`${formatTriple(n.value)}\``).join('; ')}`);
  return lines.join('\n');
}

export function snapshotMarkdown(snapshot: Snapshot): string {
  const lines: string[] = [];
  if (snapshot.problem) lines.push(`**Invalid:** ${snapshot.problem}`, '');
  lines.push(`**Snapshot tarball \`${snapshot.text}\`** — ${snapshot.package}`, '');
  if (snapshot.form === 'describe') {
    lines.push(`- **tag**: \`${snapshot.tag}\` — the most recent git tag on the branch`);
    lines.push(`- **commits since**: ${snapshot.commits} — only orders snapshots of one branch; the number itself is fairly meaningless`);
    lines.push(`- **hash**: \`${snapshot.hash}\` (git describe writes it with a \`g\` in front) — the tip of the branch`);
    lines.push(`- **branch**: ${snapshot.branch ? `\`${snapshot.branch}\` (inferred from the tag; the name does not carry it)` : 'not in the name'}`);
  } else {
    lines.push(`- **branch**: \`${snapshot.branch}\``);
    lines.push(`- **timestamp**: \`${snapshot.timestamp}\`${snapshot.problem ? '' : ` (${isoTimestamp(snapshot.timestamp!)}, YYYYMMDDHHMM)`}`);
    lines.push(`- **hash**: \`${snapshot.hash}\` — the tip of the branch`);
    lines.push('- nightly form `<package>-<branch>-<YYYYMMDDHHMM>-<hash>` (contrib/nightly/create_tarball.sh)');
  }
  lines.push('- Shared-library versions in snapshots are not meaningful.');
  return lines.join('\n');
}
