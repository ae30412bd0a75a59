import { minimatch } from 'minimatch';
import { baseName, dirName } from '../../core/text';

/**
 * Step 1 of the migration scheme: which files describe a device's migration feature set. Nothing of the
 * 2020 proposal landed in Linux, so there is no standard location; the scheme recognises:
 *  - files named after the proposed sysfs attributes: `migration_version` (2019 RFC), `migration_compatible`
 *    (Yan Zhao, 29 Jul 2020) and `migration_info`;
 *  - `*.migration` files (a description kept in a repository, e.g. a vendor driver's test data);
 *  - captured sysfs trees: every file directly in `…/mdev_supported_types/<type>/` is one attribute
 *    (`device_api`, `software_version`, `compatible_type`, `compatible_pci_ids`, `pv_mode`, …) of that type;
 *  - anything matched by the `versionwise.migration.files` glob patterns (read through `wantedFiles`,
 *    since `isCandidate` sees the path but not the settings), matched like `versionwise.exclude`.
 */
export const DESCRIPTION_NAMES = new Set(['migration_version', 'migration_compatible', 'migration_info']);

/** The `mdev_supported_types/<type>` directory an attribute file belongs to, if it is one. */
export function sysfsTypeDirectory(path: string): string | undefined {
  const dir = dirName(path);
  const parent = dirName(dir);
  if (baseName(parent) !== 'mdev_supported_types' || dir === parent) return undefined;
  const base = baseName(path);
  if (base.startsWith('.') || base.includes('.') || DESCRIPTION_NAMES.has(base)) return undefined;
  return dir;
}

export function isDescriptionFile(path: string): boolean {
  const base = baseName(path);
  return DESCRIPTION_NAMES.has(base) || (base.endsWith('.migration') && base.length > '.migration'.length);
}

export function isMigrationCandidate(path: string): boolean {
  return isDescriptionFile(path) || sysfsTypeDirectory(path) !== undefined;
}

/**
 * Listed files that the user's patterns name, matched as `versionwise.exclude` is: minimatch, dot files
 * included, and a pattern without a `/` matching the file name at any depth.
 */
export function matchSettingsFiles(listing: Iterable<string>, patterns: readonly string[]): string[] {
  if (!patterns.length) return [];
  const matchers = patterns.map((pattern) => minimatch.filter(pattern.trim(), { dot: true, matchBase: !pattern.includes('/') }));
  return [...listing].filter((path) => matchers.some((matches) => matches(path)));
}
