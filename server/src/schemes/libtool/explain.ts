import type { ParsedVersion, VersionFlag } from './versionInfo';
import { platformNames, type PlatformNames } from './platformNames';
import { CHANGE_LABEL, formatTriple, nextTriple, nextVersionNumber, type ChangeKind } from './nextVersions';

/**
 * Step 4 of the libtool scheme: what a declaration means, for people (the hover, `versionwise explain`)
 * and for programs (the `fields` of the JSON output).
 */
export interface VersioningFacts {
  readonly library: string;
  /** False when the name is a guess (no automake target names it). */
  readonly libraryKnown: boolean;
  /** The version flag given, if any (also when its value is computed and so not parsed). */
  readonly flag?: VersionFlag;
  readonly parsed?: ParsedVersion;
  /** Why the value cannot be known before the build runs. */
  readonly computedReason?: string;
  /** The value depends on a variable set nowhere Versionwise reads (rather than on build-time computation). */
  readonly unresolved?: boolean;
  readonly module?: boolean;
  readonly release?: string;
  readonly releaseComputedReason?: string;
  readonly avoidVersion: boolean;
  /** `file:line (ROLE)` of every place the value is written. */
  readonly writtenAt?: readonly string[];
}

const CHANGES: ChangeKind[] = ['revision', 'added', 'removed-or-changed'];

export function namesOf(facts: VersioningFacts): PlatformNames | undefined {
  if (facts.computedReason || facts.releaseComputedReason || facts.parsed?.error) return undefined;
  const parsed = facts.parsed;
  const triple = parsed && parsed.current !== undefined ? { current: parsed.current, revision: parsed.revision!, age: parsed.age! } : undefined;
  return platformNames({ library: facts.library, triple, release: facts.release, avoidVersion: facts.avoidVersion, module: facts.module });
}

/** The next value for each kind of change, in the syntax of the flag that declares it. */
export function nextValues(parsed: ParsedVersion): Record<ChangeKind, string> | undefined {
  if (parsed.error || parsed.current === undefined) return undefined;
  if (parsed.flag === 'version-number') {
    const [major, minor] = parsed.written.map((w) => Number(w.text));
    return Object.fromEntries(CHANGES.map((c) => [c, nextVersionNumber(major, minor, parsed.revision!, c)])) as Record<ChangeKind, string>;
  }
  const from = { current: parsed.current, revision: parsed.revision!, age: parsed.age! };
  return Object.fromEntries(CHANGES.map((c) => [c, formatTriple(nextTriple(from, c))])) as Record<ChangeKind, string>;
}

export function explainFields(facts: VersioningFacts): Record<string, unknown> {
  const parsed = facts.parsed;
  const number = (text: string | undefined) => (text !== undefined && /^(0|[1-9][0-9]{0,14})$/.test(text) ? Number(text) : text ?? null);
  const written = parsed?.written.map((w) => w.text) ?? [];
  const fields: Record<string, unknown> = {
    current: parsed?.current ?? (parsed?.flag === 'version-info' ? number(written[0]) : null),
    revision: parsed?.revision !== undefined ? number(parsed.revision) : parsed?.flag === 'version-info' ? number(written[1]) : null,
    age: parsed?.age ?? (parsed?.flag === 'version-info' ? number(written[2]) : null),
    library: facts.libraryKnown ? facts.library : null,
    computed: Boolean(facts.computedReason),
    unresolved: Boolean(facts.unresolved),
    flag: facts.flag ?? parsed?.flag ? `-${facts.flag ?? parsed!.flag}` : null,
    module: Boolean(facts.module),
    release: facts.release ?? null,
    avoidVersion: facts.avoidVersion,
  };
  if (parsed?.flag === 'version-number') {
    fields.major = number(written[0]);
    fields.minor = number(written[1]);
  }
  if (facts.computedReason) fields.computedReason = facts.computedReason;
  const names = namesOf(facts);
  if (names) {
    fields.interfaces = parsed?.current !== undefined ? { oldest: parsed.current - parsed.age!, newest: parsed.current } : null;
    fields.platforms = names;
    const next = parsed && nextValues(parsed);
    if (next) fields.next = next;
  }
  return fields;
}

export function explainMarkdown(facts: VersioningFacts): string {
  const parsed = facts.parsed;
  const lines: string[] = [];
  const flagName = facts.flag ?? parsed?.flag;
  const flag = parsed ? `-${parsed.flag} ${parsed.text}` : flagName ? `-${flagName}` : facts.avoidVersion ? '-avoid-version' : facts.release !== undefined ? `-release ${facts.release}` : 'version';
  const library = facts.libraryKnown ? `\`${facts.library}\`` : `library name unknown (shown as \`${facts.library}\`)`;
  lines.push(`**libtool \`${flag.trim()}\`** · ${library}`, '');

  if (facts.computedReason && facts.unresolved) {
    lines.push(
      `The value **cannot be followed**: ${facts.computedReason}.`,
      'Versionwise never runs configure, m4 or make; it reports nothing it cannot prove.',
    );
    appendWrittenAt(lines, facts);
    return lines.join('\n');
  }
  if (facts.computedReason) {
    lines.push(
      `The value is **computed when the package is built**: ${facts.computedReason}.`,
      'Versionwise never runs configure, m4 or make, so it cannot know the number; it reports nothing it cannot prove.',
    );
    appendWrittenAt(lines, facts);
    return lines.join('\n');
  }
  if (parsed?.error) {
    lines.push(`**libtool rejects this:** ${parsed.error.message}.`, '');
    lines.push('Each of CURRENT, REVISION and AGE must be a nonnegative decimal integer without leading zeros (at most 5 digits; REVISION up to 19 digits since libtool 2.6), AGE must not exceed CURRENT, and at most three fields are allowed.');
    appendWrittenAt(lines, facts);
    return lines.join('\n');
  }
  if (parsed && parsed.current !== undefined) {
    const c = parsed.current;
    const a = parsed.age!;
    const r = parsed.revision!;
    if (parsed.flag === 'version-number') {
      const [major, minor, revision] = parsed.written.map((w) => w.text);
      lines.push(
        `MAJOR ${major}, MINOR ${minor}, REVISION ${revision}: libtool turns this into \`-version-info ${c}:${r}:${a}\` on GNU/Linux and the hosts that share its naming, so that the file is \`.so.${major}.${minor}.${revision}\`.`,
        'New projects should use `-version-info`, which says which interfaces are implemented rather than copying a release number.',
        '',
      );
    }
    lines.push(
      '| Field | Value | Meaning |',
      '|---|---|---|',
      `| CURRENT | ${c} | the newest interface the library implements |`,
      `| REVISION | ${r} | the implementation of interface ${c}: between libraries with the same CURRENT and AGE, the loader prefers the higher |`,
      `| AGE | ${a} | how many interfaces before ${c} it still implements |`,
      '',
      c - a === c
        ? `Implements interface **${c}** only: programs built against any other interface cannot use it.`
        : `Implements interfaces **${c - a} to ${c}**: programs built against any of them can use it.`,
      '',
    );
  } else if (!facts.avoidVersion && facts.release !== undefined) {
    lines.push('Only `-release` is given: the release is part of the file name, so every release is a new, incompatible library.', '');
  }
  const names = namesOf(facts);
  if (names) {
    lines.push(
      '| Platform | Files |',
      '|---|---|',
      `| GNU/Linux, FreeBSD, Solaris, Hurd | \`${names.linux.real}\` (file), \`${names.linux.soname}\` (soname), \`${names.linux.linker}\` (linker name) |`,
      `| macOS | \`${names.darwin.file}\`${names.darwin.compatibilityVersion ? ` with \`-compatibility_version ${names.darwin.compatibilityVersion} -current_version ${names.darwin.currentVersion}\`` : ''} |`,
      `| Windows (MinGW) | \`${names.mingw.dll}\`, import library \`${names.mingw.importLibrary}\` |`,
      `| Cygwin | \`${names.cygwin.dll}\` |`,
      '',
    );
  }
  const next = parsed && nextValues(parsed);
  if (next) lines.push(`Next release: ${CHANGES.map((change) => `${CHANGE_LABEL[change]} → \`${next[change]}\``).join(' · ')}.`);
  if (facts.avoidVersion && parsed) lines.push('', '`-avoid-version` is also given: the library is installed without a version in its name, and the numbers above only reach the `.la` file.');
  appendWrittenAt(lines, facts);
  return lines.join('\n').trimEnd();
}

function appendWrittenAt(lines: string[], facts: VersioningFacts): void {
  if (facts.writtenAt?.length) lines.push('', `Written at ${facts.writtenAt.join(', ')}.`);
}
