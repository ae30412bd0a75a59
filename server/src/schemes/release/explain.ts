import type { LineIndex } from '../../core/text';
import { agreesWith, type PackageVerdict } from './agreement';
import type { ReleaseSite } from './site';

/**
 * The hover on any site: the package's release version and every site that writes it (file:line, what it
 * is, what it says), with the sites that disagree marked.
 */
export function explainPackage(verdict: PackageVerdict, hovered: ReleaseSite, lines: (path: string) => LineIndex): string {
  const out: string[] = [];
  const where = verdict.packageName ? `package \`${verdict.packageName}\`` : 'package';
  const inDir = verdict.home ? ` in \`${verdict.home}/\`` : '';
  if (verdict.release) {
    out.push(`**release version ${verdict.release.text}** · ${where}${inDir}`, '');
  } else if (verdict.tie) {
    out.push(`**release version: the sites disagree** · ${where}${inDir}`, '', 'No value is written at more sites than the others, so each site that disagrees is flagged.', '');
  } else {
    out.push(`**release version: not known before the build** · ${where}${inDir}`, '', 'No site writes the version as a value: it is computed when the package is built.', '');
  }
  for (const site of verdict.sites) {
    const anchor = site.written?.anchor ?? site.computed!.span;
    const line = lines(anchor.file).positionAt(anchor.start).line + 1;
    const me = site === hovered ? ' *(this site)*' : '';
    let says: string;
    if (!site.written) {
      says = `computed: ${site.computed!.reason} — not compared`;
    } else if (verdict.flagged.has(site)) {
      says = `**${site.written.text}** — ⚠ disagrees`;
    } else if (site.comparison === 'last-release') {
      says = `${site.written.text} — the last release recorded (agrees: the release version is not older)`;
    } else if (verdict.release && site.written.version.key !== verdict.release.key && agreesWith(site as ReleaseSite & { written: NonNullable<ReleaseSite['written']> }, verdict.release)) {
      says = `${site.written.text} — agrees (${site.comparison === 'numbers-only' ? 'it can only hold the numbers' : 'greek is blanked for the final release'})`;
    } else {
      says = site.written.text;
    }
    out.push(`- \`${anchor.file}:${line}\` ${site.label}: ${says}${me}`);
  }
  const notes = verdict.sites.flatMap((s) => s.notes ?? []);
  if (notes.length) out.push('', ...notes);
  out.push('', '_Versions are compared without a leading `v`; `1.2.3~rc1`, `1.2.3rc1`, `1.2.3-rc1` and `1.2.3-rc.1` are the same pre-release. Debian and RPM sites are compared on their upstream version._');
  return out.join('\n');
}
