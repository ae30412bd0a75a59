import type { FileListing } from '../../core/listing';
import { baseName, dirName } from '../../core/text';
import { parsePmixVersion, parseSnapshotName, SNAPSHOT_PACKAGES, type PmixVersion, type Snapshot } from './versions';

/**
 * Step 1 (continued) of the pmix scheme: versions written in prose and names in the listing.
 *  - versions with a quantifier (`v1.2.3rc4`, `5.0.0a1`) and snapshot tarball names in NEWS, README and
 *    the docs about versions and news next to a PMIx VERSION file;
 *  - snapshot tarballs lying in the workspace, by name.
 * Plain versions (`1.2.3`) in prose are too common to be declarations.
 */
export interface TextVersion {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly version?: PmixVersion;
  readonly snapshot?: Snapshot;
  readonly packageName?: string;
}

/** Prose files a VERSION file's project documents its versions in. */
export function isVersionProse(path: string, versionDir: string): boolean {
  const dir = dirName(path);
  const base = baseName(path);
  if (dir === versionDir) return /^(?:NEWS|README|HISTORY|CHANGES|ChangeLog)(?:\.(?:md|rst|txt))?$/i.test(base);
  const docs = versionDir === '' ? 'docs' : `${versionDir}/docs`;
  return path.startsWith(`${docs}/`) && base.endsWith('.rst') && /news|version/i.test(path.slice(docs.length));
}

const QUANTIFIED = /(?<![\w.+-])v?\d{1,4}\.\d{1,4}(?:\.\d{1,4})?(?:a|b|rc)\d+(?![\w]|\.\w)/g;
const PACKAGE_NAMES = new RegExp(`(?<![\\w.+-])(?:${SNAPSHOT_PACKAGES.join('|')})-[\\w.+-]{0,200}?\\.(?:tar\\.(?:gz|bz2|xz|zst)|tgz|zip)(?![\\w])`, 'g');

export function findTextVersions(file: string, text: string): TextVersion[] {
  const found: TextVersion[] = [];
  const taken: [number, number][] = [];
  PACKAGE_NAMES.lastIndex = 0;
  for (let match = PACKAGE_NAMES.exec(text); match; match = PACKAGE_NAMES.exec(text)) {
    const snapshot = parseSnapshotName(match[0]);
    if (!snapshot) continue;
    found.push({ file, start: match.index, end: match.index + match[0].length, snapshot, packageName: snapshot.package });
    taken.push([match.index, match.index + match[0].length]);
  }
  QUANTIFIED.lastIndex = 0;
  for (let match = QUANTIFIED.exec(text); match; match = QUANTIFIED.exec(text)) {
    const start = match.index;
    if (taken.some(([s, e]) => s <= start && start < e)) continue;
    const version = parsePmixVersion(match[0]);
    if (version) found.push({ file, start, end: start + match[0].length, version });
  }
  return found.sort((a, b) => a.start - b.start);
}

const SNAPSHOT_PREFIXES = SNAPSHOT_PACKAGES.map((p) => `${p}-`);

/** Snapshot tarballs in the listing. */
export function snapshotFiles(listing: FileListing): { file: string; snapshot: Snapshot }[] {
  const found: { file: string; snapshot: Snapshot }[] = [];
  for (const path of listing) {
    if (!SNAPSHOT_PREFIXES.some((p) => path.includes(p))) continue; // most of a large listing, without slicing names
    const base = baseName(path);
    if (!SNAPSHOT_PREFIXES.some((p) => base.startsWith(p))) continue;
    const snapshot = parseSnapshotName(base);
    if (snapshot && snapshot.extension) found.push({ file: path, snapshot });
  }
  return found;
}
