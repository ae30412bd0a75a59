import type { ValueExplanation } from '../../core/model';
import type { ExplainOptions } from '../../core/scheme';
import type { DriverRequest } from './drivers';
import { describeProblem, eightBitFields, eightBitProblem, FAMILIES, fieldsOf, KIND_LABEL, parseFirmwareName, versionText, type FieldName, type FirmwareKind, type NameResult, type ParsedName } from './names';
import { CHANGE_LABEL, nextNames } from './nextNames';
import type { WhenceVersion } from './whence';

/**
 * Step 4 of the firmware scheme: what a name means, for people (hover, `versionwise explain NAME --scheme
 * firmware`) and programs (`fields`: exactly platform, kind, family, base, major, minor, patch, build).
 */

/** i915's notice for an older minor (intel_uc_fw.c, intel_uc_fw_fetch), verbatim. */
export const I915_NOTICE = '%s firmware %s (%d.%d.%d) is recommended, but only %s (%d.%d.%d) was found';
/** xe's notice for the same case (xe_uc_fw.c, xe_uc_fw_check_version_requirements), verbatim. */
export const XE_NOTICE = '%s firmware (%u.%u.%u) is recommended, but only (%u.%u.%u) was found in %s';

export function i915Notice(kind: FirmwareKind, wantedPath: string, wanted: readonly number[], foundPath: string, found: readonly number[]): string {
  const v = (n: readonly number[]) => [0, 1, 2].map((i) => n[i] ?? 0).join('.');
  return `${KIND_LABEL[kind]} firmware ${wantedPath} (${v(wanted)}) is recommended, but only ${foundPath} (${v(found)}) was found`;
}

export function xeNotice(kind: FirmwareKind, wanted: readonly number[], foundPath: string, found: readonly number[]): string {
  const v = (n: readonly number[]) => [0, 1, 2].map((i) => n[i] ?? 0).join('.');
  return `${KIND_LABEL[kind]} firmware (${v(wanted)}) is recommended, but only (${v(found)}) was found in ${foundPath}`;
}

/** Whether a value is shaped like a firmware file name at all (so that `explain` without --scheme tries it). */
export function looksLikeFirmwareName(value: string): boolean {
  const name = value.trim().slice(value.trim().lastIndexOf('/') + 1);
  return /^[A-Za-z0-9_.-]+\.bin$/.test(name) && /guc|huc|dmc|gsc/i.test(name);
}

const FIELD_MEANING = (p: ParsedName, field: FieldName): string => {
  const kind = p.kind;
  const proposal = p.family === 'guc-base-proposal';
  switch (field) {
    case 'base':
      return 'BASE: names a set of releases whose MAJOR.MINOR.PATCH can be compared; a new BASE resets MAJOR to 1';
    case 'major':
      if (kind === 'gsc') return p.family === 'gsc-release' ? 'release major' : 'major of the GSC compatibility version (the interface the driver checks)';
      if (kind === 'dmc') return 'DMC major';
      return proposal ? 'MAJOR: backwards-incompatible interface changes; resets to 1 on a new BASE, MINOR resets to 0 when it changes' : 'major: a backwards-incompatible interface change; the driver requires the same major';
    case 'minor':
      if (kind === 'dmc') return 'DMC minor';
      if (kind === 'gsc') return 'release minor';
      return proposal ? 'MINOR: backwards-compatible changes (optional new interfaces, or substantial internal functionality); PATCH resets to 0 when it changes' : 'minor: backwards-compatible changes; the driver wants at least its own';
    case 'patch':
      return kind === 'gsc' ? 'hotfix' : proposal ? 'PATCH: backwards-compatible internal changes, usually bug fixes' : 'patch: internal fixes';
    case 'build':
      return 'build number';
  }
};

/** The interface version a name states, in words. */
export function interfaceSentence(p: ParsedName, whence?: readonly number[]): string {
  const known = (whence ?? []).slice(0, 3);
  const fromWhence = known.length >= 2 && known[0] === p.major ? ` (WHENCE: ${known.join('.')}, interface ${known[0]}.${known[1]})` : '';
  switch (p.kind) {
    case 'guc':
      if (p.family === 'guc-base-proposal') {
        return `Interface version: **MAJOR.MINOR ${p.major}.${p.minor} within BASE ${p.base}**. Releases of the same BASE compare by MAJOR.MINOR.PATCH (${p.major}.${p.minor} is backwards compatible with every ${p.major}.x before it); versions from different BASEs cannot be compared.`;
      }
      if (p.minor === null) return `Interface version (MAJOR.MINOR): **${p.major}.x** — the name carries the major only; the minor is in the file's header${fromWhence}.`;
      return `Interface version (MAJOR.MINOR): **${p.major}.${p.minor}**.`;
    case 'huc':
      return p.major === null
        ? `A versionless HuC name: the version is in the file${known.length ? ` (WHENCE: ${known.join('.')})` : ''}. The kernel driver does not use an interface of HuC, so new HuC files carry no version at all.`
        : `HuC version ${versionText(p)}: the kernel driver has no interface with HuC; i915 checks the major only when its table names one.`;
    case 'dmc':
      return p.major === null
        ? `A versionless DMC name${known.length ? ` (WHENCE: ${known.join('.')})` : ''}: i915 loads the file it names and does not check its version.`
        : `DMC version ${p.minor === null ? `${p.major}.x` : `${p.major}.${p.minor}`}: i915 loads the file it names (DMC_LEGACY_PATH: "New DMC additions should not use this") and does not check the version.`;
    case 'gsc':
      return p.family === 'gsc-release'
        ? `GSC release ${versionText(p)} (major.minor.hotfix.build); the driver checks the GSC compatibility version, which this name does not carry.`
        : `GSC compatibility version **${p.major}.x** — what the driver checks (a major bump is a backwards-incompatible change)${known.length >= 2 && known[0] === p.major ? ` (WHENCE: ${known.slice(0, 2).join('.')})` : ''}.`;
  }
}

/** What i915 and xe require of a GuC/HuC/GSC version; DMC is loaded by path. */
export function requirementSentence(kind: FirmwareKind | null): string {
  if (kind === 'dmc') return 'i915 asks for one path per display (`DMC_PATH(plat)` → `<plat>_dmc.bin`, legacy `DMC_LEGACY_PATH(plat, M, m)` → `<plat>_dmc_ver<M>_<m>.bin`, digits as written) and loads it without a version check.';
  return [
    '**i915**: the table names a wanted MAJOR.MINOR.PATCH; the file must have the **same major** (else it is rejected, -ENOEXEC) and a **minor ≥ the wanted one** — an older minor, or the same minor with an older patch, still loads, with the notice',
    `"\`${I915_NOTICE}\`". GuC version components must be 8-bit (i915 \`is_ver_8bit()\`: each below 0xFF).`,
    '**xe**: the same for released platforms; on force-probe platforms (`mmp_ver`, `full_ver_required`) major, minor **and** patch must match exactly.',
  ].join(' ');
}

export interface NameContext {
  /** Where the name is written or listed, e.g. `linux-firmware/i915/tgl_guc_70.bin (file)`. */
  readonly where?: readonly string[];
  readonly whenceVersion?: WhenceVersion;
  /** For a WHENCE Link: the file it points to. */
  readonly linkTarget?: string;
  readonly linkedFrom?: readonly string[];
}

export function explainNameMarkdown(result: NameResult, context: NameContext = {}): string {
  const lines: string[] = [];
  if (!result.ok) {
    lines.push(`**Firmware name \`${result.input}\`** · matches no family`, '', `${describeProblem(result)}.`);
    if (result.almost) {
      const family = FAMILIES[result.almost];
      lines.push('', `The closest family, \`${family.id}\` — ${family.title}: \`${family.pattern}\`, e.g. ${family.examples.map((e) => `\`${e}\``).join(', ')}.`);
    }
    appendContext(lines, context);
    return lines.join('\n');
  }
  const family = FAMILIES[result.family];
  lines.push(
    `**${KIND_LABEL[result.kind]} firmware \`${result.input}\`** · family \`${family.id}\` — ${family.title}`,
    '',
    `Pattern \`${family.pattern}\`; ${family.era}.${result.folder ? ` Folder \`${result.folder}/\`: loaded by ${result.folder === 'xe' ? 'xe' : 'i915 (and by xe for platforms it shares with i915)'}.` : ''}`,
    '',
    '| Field | Value | Meaning |',
    '|---|---|---|',
    `| platform | \`${result.platform}\` | the platform (or display IP) short name the driver uses |`,
    `| kind | \`${result.kind}\` | ${KIND_DESCRIPTION[result.kind]} |`,
    ...family.fields.map((f) => `| ${f} | ${result.parts[f]!.text}${result.parts[f]!.text !== String(result.parts[f]!.value) ? ` (${result.parts[f]!.value})` : ''} | ${FIELD_MEANING(result, f)} |`),
    '',
    interfaceSentence(result, context.whenceVersion?.numbers.map((n) => n.value)),
  );
  const bits = eightBitFields(result.family).map((f) => [f, result.parts[f]!.value] as const).map(([f, v]) => (eightBitProblem(v) ? `${f} ${eightBitProblem(v)}` : '')).filter(Boolean);
  if (bits.length) lines.push('', `**Not loadable:** GuC version components must be 8-bit: ${bits.join('; ')}.`);
  if (result.kind !== 'dmc' || result.family !== 'dmc-blank') lines.push('', requirementSentence(result.kind));
  if (context.whenceVersion) lines.push('', `WHENCE \`Version: ${context.whenceVersion.text}\`.`);
  const next = nextNames(result);
  if (next.length) lines.push('', `Next release: ${next.map((n) => `${CHANGE_LABEL[n.change]} → \`${n.name}\``).join(' · ')}.`);
  appendContext(lines, context);
  return lines.join('\n');
}

const KIND_DESCRIPTION: Record<FirmwareKind, string> = {
  guc: 'GuC: the graphics microcontroller (submission, power); the driver talks to its interface',
  huc: 'HuC: the media microcontroller (HEVC/AVC authentication); no interface with the driver',
  dmc: 'DMC: the display microcontroller (display power states)',
  gsc: 'GSC: the graphics security controller',
};

function appendContext(lines: string[], context: NameContext): void {
  if (context.linkTarget) lines.push('', `A WHENCE \`Link:\` to \`${context.linkTarget}\`.`);
  if (context.linkedFrom?.length) lines.push('', `Linked from ${context.linkedFrom.map((l) => `\`${l}\``).join(', ')}.`);
  if (context.where?.length) lines.push('', `Written at ${context.where.join(', ')}.`);
}

/** What a driver's table entry asks for, and what the firmware tree answers. */
export function explainRequestMarkdown(request: DriverRequest, status: readonly string[]): string {
  const lines: string[] = [];
  const call = request.form === 'string' ? `"${request.path}"` : `${request.form}(…)`;
  lines.push(`**${request.driver} firmware request \`${call}\`**${request.row ? ` · ${request.row}` : ''}`, '', `Asks for \`${request.path}\`.`);
  if (request.wanted) {
    const w = [request.wanted.major, request.wanted.minor, request.wanted.patch].filter((p) => p).map((p) => p!.value).join('.');
    lines.push('', request.rule === 'exact'
      ? `Wants exactly **${w}**: xe requires major, minor and patch to match on force-probe platforms (\`full_ver_required\`).`
      : `Wants **${w}**: the file must have major ${request.wanted.major.value}${request.wanted.minor ? ` and a minor ≥ ${request.wanted.minor.value}` : ''}; ${request.driver === 'xe' ? `an older one loads with the notice "\`${XE_NOTICE}\`"` : `an older one loads with the notice "\`${I915_NOTICE}\`"`}.`);
  } else if (request.rule === 'path') {
    lines.push('', 'The driver loads this path and checks no version against it.');
  }
  for (const line of status) lines.push('', line);
  lines.push('', '---', '', explainNameMarkdown(request.parsed));
  return lines.join('\n');
}

/** `versionwise explain NAME --scheme firmware`. */
export function explainFirmwareValue(value: string, options: ExplainOptions): ValueExplanation | undefined {
  const trimmed = value.trim();
  if (!options.explicit && !looksLikeFirmwareName(trimmed)) return undefined;
  const parsed = parseFirmwareName(trimmed);
  if (!parsed.ok && !parsed.firmwareLike && !options.explicit) return undefined;
  const bits = parsed.ok ? eightBitFields(parsed.family).map((f) => [f, eightBitProblem(parsed.parts[f]!.value)] as const).filter(([, why]) => why) : [];
  // For an invalid value the message starts with why it is invalid.
  const why = !parsed.ok ? `${describeProblem(parsed)}.` : bits.length ? `GuC version components must be 8-bit: ${bits.map(([f, w]) => `${f} ${w}`).join('; ')}.` : '';
  return {
    scheme: 'firmware',
    value: trimmed,
    valid: parsed.ok && !bits.length,
    fields: { ...fieldsOf(parsed) },
    message: why ? `${why}\n\n${explainNameMarkdown(parsed)}` : explainNameMarkdown(parsed),
  };
}
