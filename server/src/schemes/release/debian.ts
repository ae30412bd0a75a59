import { dirName } from '../../core/text';
import { writtenAt, type ReleaseSite } from './site';

/**
 * `debian/changelog`: the top entry `pkg (1:1.2.3-1~bpo12+1) unstable; urgency=medium`. Only the upstream
 * version is the package's release: the epoch (`1:`) and the Debian revision (after the last `-`, with its
 * `~bpo12+1`) are Debian's, and so is a repack suffix of the upstream part (`+dfsg`, `+ds1`, `~repack`).
 * The site's characters are exactly the upstream version, so a fix leaves the rest as it is. A native
 * package (no `-`) is all upstream. The package it describes is the directory that holds `debian/`.
 */
const ENTRY = /^([a-z0-9][a-z0-9+.-]*)[ \t]+\(([^()\s]+)\)[ \t]+([^;\r\n]*);/;
const REPACK = /(?:[+~](?:dfsg|ds|repack)[0-9.]*)+$/i;

export function isDebianChangelog(path: string): boolean {
  return path === 'debian/changelog' || path.endsWith('/debian/changelog');
}

export function debianSite(path: string, text: string): ReleaseSite | undefined {
  const first = /[^\s]/.exec(text);
  if (!first) return undefined;
  const match = ENTRY.exec(text.slice(first.index, first.index + 1024));
  if (!match) return undefined;
  const full = match[2];
  const fullStart = first.index + match[0].indexOf(`(${full})`) + 1;
  const epoch = /^[0-9]+:/.exec(full)?.[0];
  const afterEpoch = epoch ? full.slice(epoch.length) : full;
  const dash = afterEpoch.lastIndexOf('-');
  const upstreamAll = dash > 0 ? afterEpoch.slice(0, dash) : afterEpoch;
  const revision = dash > 0 ? afterEpoch.slice(dash + 1) : undefined;
  const repack = REPACK.exec(upstreamAll)?.[0] ?? '';
  const upstream = upstreamAll.slice(0, upstreamAll.length - repack.length);
  if (!upstream) return undefined;
  const upstreamStart = fullStart + (epoch?.length ?? 0);
  const span = { file: path, start: upstreamStart, end: upstreamStart + upstream.length };
  const extraParts = [];
  if (epoch) extraParts.push({ span: { file: path, start: fullStart, end: fullStart + epoch.length - 1 }, role: 'Debian epoch' });
  if (revision !== undefined) {
    const revisionStart = upstreamStart + upstreamAll.length + 1;
    extraParts.push({ span: { file: path, start: revisionStart, end: revisionStart + revision.length }, role: 'Debian revision' });
  }
  const distribution = match[3].trim();
  const home = dirName(dirName(path));
  return {
    kind: 'debian',
    file: path,
    home,
    label: 'debian/changelog top entry (upstream version)',
    packageName: match[1],
    comparison: 'exact',
    written: writtenAt(span, upstream, 'tilde', 'upstream version'),
    extraParts,
    fields: { debianVersion: full, epoch: epoch ? Number(epoch.slice(0, -1)) : null, revision: revision ?? null, repackSuffix: repack || null, distribution },
    notes: distribution === 'UNRELEASED' ? ['The top entry is UNRELEASED (being prepared with dch).'] : undefined,
  };
}
