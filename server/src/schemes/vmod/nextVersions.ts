import { isNumericVersion } from './names';

/**
 * Step 5 of the vmod scheme: VIP13's sequence. "Start at 0.1 and bump to 1.0 when you are happy with the
 * code. Next big feature release is 2.0, bugfix after that 2.1 and so on. Keep going and use 2.10 if it
 * comes to that." Each branch keeps its own sequence, so GITBRANCH is carried over unchanged.
 */
export type VmodChange = 'bugfix' | 'feature';

export const CHANGE_LABEL: Record<VmodChange, string> = {
  bugfix: 'a bugfix release',
  feature: 'a big feature release',
};

/** The next VMODVER, keeping the number of components written (1.14 → 1.15 / 2.0; 0.28.0 → 0.28.1 / 1.0.0). */
export function nextVmodVersion(version: string, change: VmodChange): string | undefined {
  if (!isNumericVersion(version)) return undefined;
  const parts = version.split('.').map((p) => BigInt(p));
  if (change === 'feature') return [parts[0] + 1n, ...parts.slice(1).map(() => 0n)].join('.');
  if (parts.length === 1) return `${parts[0]}.1`;
  parts[parts.length - 1] += 1n;
  return parts.join('.');
}
