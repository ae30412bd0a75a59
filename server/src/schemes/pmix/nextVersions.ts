/**
 * Step 5 of the pmix scheme: the versions that can follow one, in the a < b < rc < final order. A series
 * starts with a pre-release (the VERSION file of a new branch has `greek=a1` or `rc1`), goes through its
 * quantifiers and ends with the final release, whose VERSION may keep the last greek in git because
 * `contrib/make_dist_tarball` empties it only in the tarball it builds.
 */
export interface PmixTriple {
  readonly major: number;
  readonly minor: number;
  readonly release: number;
  readonly greek: string;
}

export interface NextVersion {
  readonly label: string;
  readonly value: PmixTriple;
}

export function formatTriple(v: PmixTriple): string {
  return `${v.major}.${v.minor}.${v.release}${v.greek}`;
}

export function nextVersions(current: PmixTriple): NextVersion[] {
  const next: NextVersion[] = [];
  const same = (greek: string): PmixTriple => ({ ...current, greek });
  const pre = /^(a|b|rc)(\d+)$/.exec(current.greek);
  if (pre) {
    const kind = pre[1];
    next.push({ label: `next ${kind === 'a' ? 'alpha' : kind === 'b' ? 'beta' : 'release candidate'}`, value: same(`${kind}${Number(pre[2]) + 1}`) });
    if (kind === 'a') next.push({ label: 'first beta', value: same('b1') });
    if (kind !== 'rc') next.push({ label: 'first release candidate', value: same('rc1') });
    next.push({ label: 'final release', value: same('') });
    return next;
  }
  if (current.greek === 'dev') {
    next.push({ label: 'first alpha', value: same('a1') });
    next.push({ label: 'first release candidate', value: same('rc1') });
    return next;
  }
  next.push({ label: 'bugfix release (first release candidate)', value: { ...current, release: current.release + 1, greek: 'rc1' } });
  next.push({ label: 'feature release series (first alpha)', value: { major: current.major, minor: current.minor + 1, release: 0, greek: 'a1' } });
  next.push({ label: 'major release series (first alpha)', value: { major: current.major + 1, minor: 0, release: 0, greek: 'a1' } });
  return next;
}
