import type { Severity } from '../../core/model';
import { isNumericVersion, PLACEHOLDER_VERSIONS, type Part, type VersionPart } from './names';

/**
 * Step 3 of the vmod scheme: what VIP13 rules out in one name, independent of where it is written. The
 * rules that need the rest of the workspace (the Varnish requirement, the last release) are in index.ts.
 */
export const RULES = {
  underscoreInBranch: 'vmod/underscore-in-branch',
  emptyBranch: 'vmod/empty-branch',
  branchBeforeVersion: 'vmod/branch-before-version',
  versionNotNumeric: 'vmod/version-not-numeric',
  trunkVersion: 'vmod/trunk-version',
  missingVersion: 'vmod/missing-version',
  branchVarnishMismatch: 'vmod/branch-varnish-mismatch',
  versionDecreased: 'vmod/version-decreased',
  branchNotCheckedOut: 'vmod/branch-not-checked-out',
} as const;

export interface VmodProblem {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** The characters the problem is about. */
  readonly at?: Part;
  /** A rewrite of the whole `VMODVER[+GITBRANCH]` that fixes it, when there is one. */
  readonly upstreamFix?: { readonly title: string; readonly text: string };
}

/** The canonical `VMODVER[+GITBRANCH]` for a version part (used by fixes). */
export function canonicalUpstream(version: string, branch: string | undefined): string {
  return branch === undefined ? version : `${version}+${branch}`;
}

export function validateVersionPart(part: VersionPart): VmodProblem[] {
  const problems: VmodProblem[] = [];
  const { version, branch } = part;
  if (!version) {
    problems.push(
      branch
        ? { code: RULES.missingVersion, severity: 'error', message: `'${branch.text}' names a branch, not a release: VIP13 names are NAME-VMODVER[+GITBRANCH] and VMODVER is missing`, at: branch }
        : { code: RULES.missingVersion, severity: 'error', message: 'no VMODVER: VIP13 names are libvmod-NAME-VMODVER[+GITBRANCH] (e.g. libvmod-foo-1.14+4.0.tar.gz)' },
    );
  } else if (PLACEHOLDER_VERSIONS.has(version.text)) {
    problems.push({
      code: RULES.trunkVersion,
      severity: 'warning',
      message: `'${version.text}' is a development placeholder, not a VMODVER: on a release the version should be a number (VIP13: start at 0.1, bump to 1.0 when the code is ready, 2.0 for the next big feature, 2.1 for a bugfix after it)`,
      at: version,
    });
  } else if (!isNumericVersion(version.text)) {
    problems.push({
      code: RULES.versionNotNumeric,
      severity: 'error',
      message: `VMODVER '${version.text}' is not a number: VIP13 versions are dot-separated numbers (0.1, 1.14, 2.10) so that they sort numerically`,
      at: version,
    });
  }
  if (branch && branch.text === '') {
    problems.push({ code: RULES.emptyBranch, severity: 'error', message: "GITBRANCH is empty: drop the '+' or write the branch name after it (VIP13: +release for master)", at: branch });
  }
  if (branch && branch.text.includes('_')) {
    const fixed = branch.text.replace(/_/g, '-');
    problems.push({
      code: RULES.underscoreInBranch,
      severity: 'error',
      message: `GITBRANCH '${branch.text}' contains an underscore: VIP13: "Underscores are not permitted" in GITBRANCH (Debian file names use them to separate name, version and architecture)`,
      at: branch,
      upstreamFix: version && !part.branchFirst ? { title: `Replace underscores: ${canonicalUpstream(version.text, fixed)}`, text: canonicalUpstream(version.text, fixed) } : undefined,
    });
  }
  if (part.branchFirst && branch && version) {
    const fixed = canonicalUpstream(version.text, branch.text);
    problems.push({
      code: RULES.branchBeforeVersion,
      severity: 'warning',
      message: `GITBRANCH '${branch.text}' is placed before VMODVER '${version.text}': VIP13 says to avoid it (it does not help sorting and makes the version less clear); write ${fixed}`,
      at: branch,
      upstreamFix: branch.text.includes('_') ? undefined : { title: `Put the version first: ${fixed}`, text: fixed },
    });
  }
  return problems;
}
