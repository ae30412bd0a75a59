import { branchVarnishVersion, compareVmodVersions, isNumericVersion, PLACEHOLDER_VERSIONS, type ParsedVmodName } from './names';
import { CHANGE_LABEL, nextVmodVersion, type VmodChange } from './nextVersions';
import { canonicalUpstream, type VmodProblem } from './validate';

/**
 * Step 4 of the vmod scheme: what a name means, for people (hover, `versionwise explain`) and programs
 * (the `fields` of the JSON output).
 */
export interface VmodFacts {
  readonly parsed: ParsedVmodName;
  /** Where the name comes from: "AC_INIT (configure.ac)", "file name", … */
  readonly source?: string;
  readonly problems: readonly VmodProblem[];
  readonly prereq?: { readonly minimum?: string; readonly maximum?: string; readonly where: string; readonly macro: string };
  /** `$ABI` of each .vcc of the project (level undefined: no `$ABI` line). */
  readonly abi?: readonly { readonly level?: string; readonly where: string; readonly module?: string }[];
  /** Other versions of the same VMOD on the same branch in the workspace, as "1.9 (README.md:3)". */
  readonly newerThan?: readonly string[];
  readonly olderThan?: readonly string[];
  readonly baseline?: { readonly ref: string; readonly version: string };
}

const KIND_LABEL: Record<ParsedVmodName['kind'], string> = {
  tarball: 'source tarball',
  rpm: 'RPM package',
  deb: 'Debian package',
  dsc: 'Debian source package',
  apk: 'Alpine package',
  tag: 'tag or name',
};

const PACKAGE_KINDS = new Set(['rpm', 'deb', 'dsc', 'apk']);

export function explainFields(parsed: ParsedVmodName): Record<string, unknown> {
  return {
    name: parsed.name ?? null,
    version: parsed.version?.text ?? null,
    branch: parsed.branch?.text ?? null,
    kind: parsed.kind,
    release: parsed.release?.text ?? null,
    arch: parsed.arch?.text ?? null,
    package: parsed.packageName?.text ?? null,
    varnish: parsed.branch ? branchVarnishVersion(parsed.branch.text) ?? null : null,
    branchFirst: parsed.branchFirst,
  };
}

/** What VIP13 and Varnish say about loading a VMOD with each `$ABI` level. */
export function abiMeaning(level: string | undefined): string {
  if (level === 'vrt') return '`$ABI vrt`: the VMOD uses only the VRT (Varnish RunTime) interface, so it loads into any Varnish whose VRT major version equals the one it was built against and whose VRT minor version is the same or higher';
  if (level === undefined || level === 'strict') return `${level ? '`$ABI strict`' : 'no `$ABI` line, so `$ABI strict` (Varnish\'s default)'}: the VMOD loads only into the exact Varnish build it was compiled against; every Varnish release needs a rebuild`;
  return `\`$ABI ${level}\` is neither \`strict\` nor \`vrt\`; vmodtool rejects it`;
}

function branchMeaning(branch: string | undefined): string {
  if (branch === undefined) return 'none: a single-branch VMOD (VIP13: skip GITBRANCH when there is only master, or write `+release`)';
  if (branch === 'release') return '`release`: the master branch, marked so the name does not look like a git snapshot (VIP13)';
  const varnish = branchVarnishVersion(branch);
  if (/^\d{8}$/.test(branch)) return `\`${branch}\` (looks like a snapshot date rather than a git branch)`;
  return `\`${branch}\`: the git branch it was released from; each branch has its own version sequence (the same VMODVER may exist on another branch)${varnish ? `; the name says Varnish ${varnish}` : ''}`;
}

export function explainMarkdown(facts: VmodFacts): string {
  const { parsed } = facts;
  const lines: string[] = [];
  const errors = facts.problems.filter((p) => p.severity === 'error');
  for (const problem of errors) lines.push(`**Invalid:** ${problem.message}`);
  if (errors.length) lines.push('');
  const upstream = parsed.version ? canonicalUpstream(parsed.version.text, parsed.branch?.text) : parsed.upstream?.text ?? '';
  lines.push(`**VMOD ${parsed.name ? `\`${parsed.name}\`` : '(name not written)'} ${upstream}** — VIP13 \`libvmod-NAME-VMODVER[+GITBRANCH]\``, '');
  lines.push(`- **${KIND_LABEL[parsed.kind]}**: \`${parsed.text}\`${facts.source ? ` (${facts.source})` : ''}`);
  const version = parsed.version?.text;
  if (version && isNumericVersion(version)) {
    const [feature] = version.split('.');
    let text = `- **Feature level (VMODVER)**: \`${version}\` — feature level ${feature}; the numbers after it count bugfix releases. Versions sort numerically (1.10 after 1.9)`;
    if (parsed.vPrefix) text += '; the `v` before it is a tag prefix, not part of VMODVER';
    lines.push(text);
    if (facts.newerThan?.length) lines.push(`  - newer than ${facts.newerThan.join(', ')}`);
    if (facts.olderThan?.length) lines.push(`  - older than ${facts.olderThan.join(', ')}`);
    if (facts.baseline) {
      const relation = compareText(version, facts.baseline.version);
      lines.push(`  - ${relation} ${facts.baseline.version} at ${facts.baseline.ref} (the last release)`);
    }
  } else if (version && PLACEHOLDER_VERSIONS.has(version)) {
    lines.push(`- **Feature level (VMODVER)**: \`${version}\` — a development placeholder; a release needs a number`);
  } else if (version) {
    lines.push(`- **Feature level (VMODVER)**: \`${version}\` — not a number, so it cannot be ordered`);
  } else {
    lines.push('- **Feature level (VMODVER)**: not written');
  }
  lines.push(`- **Branch (GITBRANCH)**: ${branchMeaning(parsed.branch?.text)}${parsed.branchFirst ? ' — written before VMODVER, which VIP13 says to avoid' : ''}`);
  const varnish = parsed.branch ? branchVarnishVersion(parsed.branch.text) : undefined;
  const targets: string[] = [];
  if (varnish) targets.push(`Varnish ${varnish} (the branch name)`);
  if (facts.prereq) {
    const range = `${facts.prereq.minimum ? `≥ ${facts.prereq.minimum}` : ''}${facts.prereq.minimum && facts.prereq.maximum ? ', ' : ''}${facts.prereq.maximum ? `< ${facts.prereq.maximum}` : ''}`;
    targets.push(`Varnish ${range} (\`${facts.prereq.macro}\`, ${facts.prereq.where})`);
  }
  lines.push(`- **Targets**: ${targets.length ? targets.join('; ') : 'not declared (no Varnish version in the branch name, no VARNISH_PREREQ)'}`);
  if (facts.abi?.length) {
    for (const abi of facts.abi) lines.push(`- **Loading (VRT ABI)**${abi.module ? ` of vmod_${abi.module}` : ''}: ${abiMeaning(abi.level)} (${abi.where})`);
  } else {
    lines.push(`- **Loading (VRT ABI)**: set by \`$ABI\` in the VMOD's .vcc file — ${abiMeaning('strict')}; with \`$ABI vrt\` it loads into any Varnish with the same VRT major and a VRT minor that is the same or higher`);
  }
  if (PACKAGE_KINDS.has(parsed.kind)) {
    lines.push(`- **Package**: release ${parsed.release ? `\`${parsed.release.text}\`` : 'not written'}${parsed.arch ? `, architecture \`${parsed.arch.text}\`` : ''}; VIP13 asks packages to Require the VRT ABI they were built against`);
  }
  if (version && isNumericVersion(version)) {
    const next = (['bugfix', 'feature'] as VmodChange[]).map((c) => `${CHANGE_LABEL[c]}: \`${canonicalUpstream(nextVmodVersion(version, c)!, parsed.branch?.text)}\``);
    lines.push(`- **Next**: ${next.join('; ')}`);
  }
  const warnings = facts.problems.filter((p) => p.severity !== 'error');
  if (warnings.length) lines.push('', ...warnings.map((p) => `⚠ ${p.message}`));
  return lines.join('\n');
}

function compareText(version: string, other: string): string {
  const order = compareVmodVersions(version, other);
  return order > 0 ? 'newer than' : order < 0 ? 'older than' : 'the same as';
}
