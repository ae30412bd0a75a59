/**
 * Step 2 of the firmware scheme: Intel GPU firmware file names (linux-firmware `i915/`, `xe/`), parsed into
 * their fields, and — for a name that matches no family — which family it almost matches and what is wrong.
 *
 * Facts: shared/reference/formats.md §1 (every family below with real names, how i915 and xe build names).
 * The families, by stable id (the `family` field of the JSON output):
 *
 * | id | pattern | real examples | era |
 * |---|---|---|---|
 * | `guc-ver-major` | `<plat>_guc_ver<M>.bin` | `skl_guc_ver1.bin`, `skl_guc_ver4.bin`, `skl_guc_ver6.bin` (link) | 2015; major-only symlink until 2016 |
 * | `guc-ver-build` | `<plat>_guc_ver<M>_<build>.bin` (build ≥ 4 digits) | `skl_guc_ver1_1059.bin` | 2015 |
 * | `guc-ver-major-minor` | `<plat>_guc_ver<M>_<m>.bin` | `skl_guc_ver6_1.bin`, `skl_guc_ver9_33.bin`, `bxt_guc_ver8_7.bin` | 2016–18 |
 * | `guc-mmp` | `<plat>_guc_<M>.<m>.<p>.bin` | `skl_guc_32.0.3.bin`, `tgl_guc_70.1.1.bin`, `adlp_guc_70.44.0.bin` | 2019–22 |
 * | `guc-major` | `<plat>_guc_<M>.bin` | `tgl_guc_70.bin`, `xe/bmg_guc_70.bin` | 2022– |
 * | `guc-base-proposal` | `<plat>_guc_ver<base>_<major>_<minor>_<patch>.bin` | `skl_guc_ver1_5_4_7.bin` | 2017 proposal (never shipped) |
 * | `huc-ver-build` | `<plat>_huc_ver<MM>_<mm>_<build>.bin` (zero padding inconsistent) | `skl_huc_ver01_07_1398.bin`, `bxt_huc_ver01_8_2893.bin`, `icl_huc_ver8_4_3238.bin` | 2016–19 |
 * | `huc-mmp` | `<plat>_huc_<M>.<m>.<p>.bin` | `kbl_huc_4.0.0.bin`, `tgl_huc_7.9.3.bin` | 2019–22 |
 * | `huc-blank` | `<plat>_huc.bin` | `tgl_huc.bin`, `xe/ptl_huc.bin` | 2022– |
 * | `huc-gsc` | `<plat>_huc_gsc.bin` | `dg2_huc_gsc.bin`, `mtl_huc_gsc.bin` | 2022– |
 * | `huc-mmp-gsc` | `<plat>_huc_<M>.<m>.<p>_gsc.bin` | `dg2_huc_7.10.3_gsc.bin` | intel-gpu-firmware |
 * | `dmc-ver-major-minor` | `<plat>_dmc_ver<M>_<mm>.bin` (minor zero-padded to 2; one 3-digit case) | `skl_dmc_ver1_27.bin`, `dg2_dmc_ver2_064.bin` | legacy |
 * | `dmc-ver-major` | `<plat>_dmc_ver<M>.bin` | `skl_dmc_ver1.bin` (WHENCE `Link:`) | legacy link |
 * | `dmc-blank` | `<plat>_dmc.bin`, display-IP names | `adlp_dmc.bin`, `xe2lpd_dmc.bin`, `xe3lpd_3002_dmc.bin`, `xe3p_lpd_dmc.bin` | 2022– |
 * | `gsc-major` | `<plat>_gsc_<compat major>.bin` | `mtl_gsc_1.bin`, `xe/lnl_gsc_1.bin` | 2023– |
 * | `gsc-release` | `<plat>_gsc_<M>.<m>.<hotfix>.<build>.bin` | `mtl_gsc_102.0.0.1511.bin` | intel-gpu-firmware |
 *
 * Platforms are read liberally (lowercase letters and digits, underscore-separated tokens such as the display
 * IPs `xe3lpd_3002` and `xe3p_lpd`); the version part is read strictly. Everything here is pure and linear.
 */

export type FirmwareKind = 'guc' | 'huc' | 'dmc' | 'gsc';
export type FirmwareFolder = 'i915' | 'xe';

export type FamilyId =
  | 'guc-ver-major'
  | 'guc-ver-build'
  | 'guc-ver-major-minor'
  | 'guc-mmp'
  | 'guc-major'
  | 'guc-base-proposal'
  | 'huc-ver-build'
  | 'huc-mmp'
  | 'huc-blank'
  | 'huc-gsc'
  | 'huc-mmp-gsc'
  | 'dmc-ver-major-minor'
  | 'dmc-ver-major'
  | 'dmc-blank'
  | 'gsc-major'
  | 'gsc-release';

export type FieldName = 'base' | 'major' | 'minor' | 'patch' | 'build';

/** The fields of a name: the `fields` of `versionwise explain NAME --scheme firmware`, exactly. */
export interface FirmwareFields {
  readonly platform: string | null;
  readonly kind: FirmwareKind | null;
  readonly family: FamilyId | null;
  readonly base: number | null;
  readonly major: number | null;
  readonly minor: number | null;
  readonly patch: number | null;
  readonly build: number | null;
}

/** A number as written in a name: its value, its digits (zero padding kept) and its offsets in the input. */
export interface NumberPart {
  readonly value: number;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface FamilyInfo {
  readonly id: FamilyId;
  readonly kind: FirmwareKind;
  /** Short title, e.g. "GuC major.minor.patch". */
  readonly title: string;
  readonly pattern: string;
  readonly examples: readonly string[];
  readonly era: string;
  /** The number fields in the order they are written. */
  readonly fields: readonly FieldName[];
  /** Whether the name carries the whole version (so two names of the family can be ordered by name). */
  readonly fullVersion: boolean;
}

export const FAMILIES: Readonly<Record<FamilyId, FamilyInfo>> = {
  'guc-ver-major': { id: 'guc-ver-major', kind: 'guc', title: 'GuC major (2015)', pattern: '<platform>_guc_ver<M>.bin', examples: ['skl_guc_ver1.bin', 'skl_guc_ver4.bin'], era: '2015; later the major-only symlink to the latest recommended minor release', fields: ['major'], fullVersion: false },
  'guc-ver-build': { id: 'guc-ver-build', kind: 'guc', title: 'GuC major and build (2015)', pattern: '<platform>_guc_ver<M>_<build>.bin', examples: ['skl_guc_ver1_1059.bin'], era: '2015', fields: ['major', 'build'], fullVersion: true },
  'guc-ver-major-minor': { id: 'guc-ver-major-minor', kind: 'guc', title: 'GuC major_minor (2016–18)', pattern: '<platform>_guc_ver<M>_<m>.bin', examples: ['skl_guc_ver6_1.bin', 'skl_guc_ver9_33.bin', 'bxt_guc_ver8_7.bin'], era: '2016–2018 (GUC_FW_PATH)', fields: ['major', 'minor'], fullVersion: true },
  'guc-mmp': { id: 'guc-mmp', kind: 'guc', title: 'GuC major.minor.patch (2019–22)', pattern: '<platform>_guc_<M>.<m>.<p>.bin', examples: ['skl_guc_32.0.3.bin', 'tgl_guc_70.1.1.bin', 'adlp_guc_70.44.0.bin'], era: '2019–2022 (guc_def, guc_mmp; xe mmp_ver)', fields: ['major', 'minor', 'patch'], fullVersion: true },
  'guc-major': { id: 'guc-major', kind: 'guc', title: 'GuC major only (2022–)', pattern: '<platform>_guc_<M>.bin', examples: ['tgl_guc_70.bin', 'xe/bmg_guc_70.bin'], era: 'since Sep 2022 (guc_maj; xe major_ver)', fields: ['major'], fullVersion: false },
  'guc-base-proposal': { id: 'guc-base-proposal', kind: 'guc', title: 'GuC BASE.MAJOR.MINOR.PATCH (2017 proposal)', pattern: '<platform>_guc_ver<base>_<major>_<minor>_<patch>.bin', examples: ['skl_guc_ver1_5_4_7.bin'], era: '2017 proposal on intel-gfx; never shipped', fields: ['base', 'major', 'minor', 'patch'], fullVersion: true },
  'huc-ver-build': { id: 'huc-ver-build', kind: 'huc', title: 'HuC major_minor_build (2016–19)', pattern: '<platform>_huc_ver<MM>_<mm>_<build>.bin', examples: ['skl_huc_ver01_07_1398.bin', 'bxt_huc_ver01_8_2893.bin', 'icl_huc_ver8_4_3238.bin'], era: '2016–2019 (HUC_FW_PATH)', fields: ['major', 'minor', 'build'], fullVersion: true },
  'huc-mmp': { id: 'huc-mmp', kind: 'huc', title: 'HuC major.minor.patch (2019–22)', pattern: '<platform>_huc_<M>.<m>.<p>.bin', examples: ['kbl_huc_4.0.0.bin', 'tgl_huc_7.9.3.bin'], era: '2019–2022 (huc_def, huc_mmp)', fields: ['major', 'minor', 'patch'], fullVersion: true },
  'huc-blank': { id: 'huc-blank', kind: 'huc', title: 'HuC versionless (2022–)', pattern: '<platform>_huc.bin', examples: ['tgl_huc.bin', 'xe/ptl_huc.bin'], era: 'since Sep 2022 (huc_raw; xe no_ver)', fields: [], fullVersion: false },
  'huc-gsc': { id: 'huc-gsc', kind: 'huc', title: 'HuC with GSC headers, versionless', pattern: '<platform>_huc_gsc.bin', examples: ['dg2_huc_gsc.bin', 'mtl_huc_gsc.bin'], era: 'since 2022 (huc_gsc)', fields: [], fullVersion: false },
  'huc-mmp-gsc': { id: 'huc-mmp-gsc', kind: 'huc', title: 'HuC major.minor.patch with GSC headers', pattern: '<platform>_huc_<M>.<m>.<p>_gsc.bin', examples: ['dg2_huc_7.10.3_gsc.bin'], era: 'intel-gpu-firmware releases', fields: ['major', 'minor', 'patch'], fullVersion: true },
  'dmc-ver-major-minor': { id: 'dmc-ver-major-minor', kind: 'dmc', title: 'DMC legacy major_minor', pattern: '<platform>_dmc_ver<M>_<mm>.bin', examples: ['skl_dmc_ver1_27.bin', 'tgl_dmc_ver2_12.bin', 'dg2_dmc_ver2_064.bin'], era: 'legacy (DMC_LEGACY_PATH: "New DMC additions should not use this")', fields: ['major', 'minor'], fullVersion: true },
  'dmc-ver-major': { id: 'dmc-ver-major', kind: 'dmc', title: 'DMC legacy major link', pattern: '<platform>_dmc_ver<M>.bin', examples: ['skl_dmc_ver1.bin'], era: 'legacy WHENCE Link: to the newest minor', fields: ['major'], fullVersion: false },
  'dmc-blank': { id: 'dmc-blank', kind: 'dmc', title: 'DMC versionless', pattern: '<platform>_dmc.bin', examples: ['adlp_dmc.bin', 'xe2lpd_dmc.bin', 'xe3lpd_3002_dmc.bin', 'xe3p_lpd_dmc.bin'], era: 'current (DMC_PATH); platform or display IP', fields: [], fullVersion: false },
  'gsc-major': { id: 'gsc-major', kind: 'gsc', title: 'GSC compatibility major', pattern: '<platform>_gsc_<compat major>.bin', examples: ['mtl_gsc_1.bin', 'xe/lnl_gsc_1.bin'], era: 'since 2023 (gsc_def; xe major_ver)', fields: ['major'], fullVersion: false },
  'gsc-release': { id: 'gsc-release', kind: 'gsc', title: 'GSC four-part release', pattern: '<platform>_gsc_<M>.<m>.<hotfix>.<build>.bin', examples: ['mtl_gsc_102.0.0.1511.bin'], era: 'intel-gpu-firmware releases', fields: ['major', 'minor', 'patch', 'build'], fullVersion: true },
};

export const KIND_LABEL: Readonly<Record<FirmwareKind, string>> = { guc: 'GuC', huc: 'HuC', dmc: 'DMC', gsc: 'GSC' };
const KINDS: readonly FirmwareKind[] = ['guc', 'huc', 'dmc', 'gsc'];

export interface ParsedName extends FirmwareFields {
  readonly ok: true;
  /** The input as given (with its folder, if any). */
  readonly input: string;
  /** The file name without folder. */
  readonly name: string;
  readonly folder: FirmwareFolder | null;
  readonly platform: string;
  readonly kind: FirmwareKind;
  readonly family: FamilyId;
  /** Where each number is written, offsets into `input`. */
  readonly parts: Readonly<Partial<Record<FieldName, NumberPart>>>;
  /** Offsets of the platform in `input`. */
  readonly platformStart: number;
  readonly platformEnd: number;
  /** Offset of the file name in `input`. */
  readonly nameStart: number;
}

export interface NameProblem {
  readonly ok: false;
  readonly input: string;
  readonly name: string;
  readonly folder: FirmwareFolder | null;
  readonly platform: string | null;
  readonly kind: FirmwareKind | null;
  /** The family the name comes closest to, when there is one. */
  readonly almost: FamilyId | null;
  /** What is wrong, as a sentence fragment without a final period. */
  readonly reason: string;
  /** The name that was probably meant, when it can be known from the name alone. */
  readonly suggestion?: string;
  /** False when the name does not look like an Intel GPU firmware name at all (no guc/huc/dmc/gsc part). */
  readonly firmwareLike: boolean;
}

export type NameResult = ParsedName | NameProblem;

/** Numbers longer than this are not versions (and would lose precision). */
const MAX_DIGITS = 9;
const NUM = `(\\d{1,${MAX_DIGITS}})`;

interface FamilyPattern {
  readonly family: FamilyId;
  readonly re: RegExp;
  /** Which field each capture group is. */
  readonly fields: readonly FieldName[];
  readonly when?: (groups: readonly string[]) => boolean;
}

const PATTERNS: Readonly<Record<FirmwareKind, readonly FamilyPattern[]>> = {
  guc: [
    { family: 'guc-ver-major', re: new RegExp(`^_ver${NUM}$`), fields: ['major'] },
    // The 2015 build number (1059) and the 2016–18 minor (1, 33) are told apart by size: a minor is 8-bit.
    { family: 'guc-ver-build', re: new RegExp(`^_ver${NUM}_${NUM}$`), fields: ['major', 'build'], when: (g) => g[1].length >= 4 },
    { family: 'guc-ver-major-minor', re: new RegExp(`^_ver${NUM}_${NUM}$`), fields: ['major', 'minor'] },
    { family: 'guc-base-proposal', re: new RegExp(`^_ver${NUM}_${NUM}_${NUM}_${NUM}$`), fields: ['base', 'major', 'minor', 'patch'] },
    { family: 'guc-mmp', re: new RegExp(`^_${NUM}\\.${NUM}\\.${NUM}$`), fields: ['major', 'minor', 'patch'] },
    { family: 'guc-major', re: new RegExp(`^_${NUM}$`), fields: ['major'] },
  ],
  huc: [
    { family: 'huc-blank', re: /^$/, fields: [] },
    { family: 'huc-gsc', re: /^_gsc$/, fields: [] },
    { family: 'huc-mmp-gsc', re: new RegExp(`^_${NUM}\\.${NUM}\\.${NUM}_gsc$`), fields: ['major', 'minor', 'patch'] },
    { family: 'huc-mmp', re: new RegExp(`^_${NUM}\\.${NUM}\\.${NUM}$`), fields: ['major', 'minor', 'patch'] },
    { family: 'huc-ver-build', re: new RegExp(`^_ver${NUM}_${NUM}_${NUM}$`), fields: ['major', 'minor', 'build'] },
  ],
  dmc: [
    { family: 'dmc-ver-major-minor', re: new RegExp(`^_ver${NUM}_${NUM}$`), fields: ['major', 'minor'] },
    { family: 'dmc-ver-major', re: new RegExp(`^_ver${NUM}$`), fields: ['major'] },
    { family: 'dmc-blank', re: /^$/, fields: [] },
  ],
  gsc: [
    { family: 'gsc-major', re: new RegExp(`^_${NUM}$`), fields: ['major'] },
    { family: 'gsc-release', re: new RegExp(`^_${NUM}\\.${NUM}\\.${NUM}\\.${NUM}$`), fields: ['major', 'minor', 'patch', 'build'] },
  ],
};

const PLATFORM_TOKEN = /^[a-z0-9]+$/;

/** Splits `i915/tgl_guc_70.bin` (or a longer path) into its folder and file name. */
function splitInput(input: string): { folder: FirmwareFolder | null; name: string; nameStart: number } {
  const slash = input.lastIndexOf('/');
  const name = input.slice(slash + 1);
  const dir = slash < 0 ? '' : input.slice(0, slash);
  const last = dir.slice(dir.lastIndexOf('/') + 1);
  return { folder: last === 'i915' || last === 'xe' ? last : null, name, nameStart: slash + 1 };
}

/** Parses a strict name (no near-miss analysis). */
function parseStrict(input: string): ParsedName | undefined {
  const { folder, name, nameStart } = splitInput(input);
  if (!name.endsWith('.bin')) return undefined;
  const stem = name.slice(0, -4);
  const tokens = stem.split('_');
  const kindIndex = tokens.findIndex((t, i) => i > 0 && (KINDS as readonly string[]).includes(t));
  if (kindIndex < 1) return undefined;
  const platformTokens = tokens.slice(0, kindIndex);
  if (!platformTokens.every((t) => PLATFORM_TOKEN.test(t))) return undefined;
  const platform = platformTokens.join('_');
  const kind = tokens[kindIndex] as FirmwareKind;
  const restStart = platform.length + 1 + kind.length;
  const rest = stem.slice(restStart);
  for (const pattern of PATTERNS[kind]) {
    const match = pattern.re.exec(rest);
    if (!match) continue;
    const groups = match.slice(1);
    if (pattern.when && !pattern.when(groups)) continue;
    const parts: Partial<Record<FieldName, NumberPart>> = {};
    // Capture groups are in written order and separated by non-digits: find each from left to right.
    let cursor = 0;
    groups.forEach((text, i) => {
      const at = indexOfNumber(rest, text, cursor);
      cursor = at + text.length;
      const start = nameStart + restStart + at;
      parts[pattern.fields[i]] = { value: Number(text), text, start, end: start + text.length };
    });
    const value = (f: FieldName) => parts[f]?.value ?? null;
    return {
      ok: true,
      input,
      name,
      folder,
      platform,
      kind,
      family: pattern.family,
      base: value('base'),
      major: value('major'),
      minor: value('minor'),
      patch: value('patch'),
      build: value('build'),
      parts,
      platformStart: nameStart,
      platformEnd: nameStart + platform.length,
      nameStart,
    };
  }
  return undefined;
}

/** The offset of a whole number `digits` in `text` at or after `from` (not inside a longer number). */
function indexOfNumber(text: string, digits: string, from: number): number {
  let at = text.indexOf(digits, from);
  while (at >= 0 && (/[0-9]/.test(text[at - 1] ?? '') || /[0-9]/.test(text[at + digits.length] ?? ''))) at = text.indexOf(digits, at + 1);
  return at;
}

/**
 * Parses any firmware name, optionally with its `i915/` or `xe/` folder (or a longer path). A name that
 * matches no family comes back as a NameProblem saying which family it almost matches and what is wrong.
 */
export function parseFirmwareName(input: string): NameResult {
  return parseStrict(input) ?? diagnose(input);
}

export function isParsed(result: NameResult): result is ParsedName {
  return result.ok;
}

/** The fields of a result: exactly the keys of FirmwareFields, null where absent. */
export function fieldsOf(result: NameResult): FirmwareFields {
  if (result.ok) {
    const { platform, kind, family, base, major, minor, patch, build } = result;
    return { platform, kind, family, base, major, minor, patch, build };
  }
  return { platform: result.platform, kind: result.kind, family: null, base: null, major: null, minor: null, patch: null, build: null };
}

// ---------------------------------------------------------------------------------------------------------
// Near misses: which family a name almost matches, and what is wrong.

const pattern = (family: FamilyId) => `\`${FAMILIES[family].pattern}\``;

function problem(input: string, fields: Partial<NameProblem> & { reason: string }): NameProblem {
  const { folder, name } = splitInput(input);
  return { ok: false, input, name, folder, platform: null, kind: null, almost: null, firmwareLike: true, ...fields };
}

/** A corrected name, only if it parses (so that a suggestion is never itself wrong). */
function ifValid(input: string, name: string): string | undefined {
  const { nameStart } = splitInput(input);
  const candidate = input.slice(0, nameStart) + name;
  return parseStrict(candidate) ? name : undefined;
}

function diagnose(input: string): NameProblem {
  const { name } = splitInput(input);
  if (name === '') return problem(input, { reason: 'the name is empty', firmwareLike: false });
  if (/\s/.test(name)) {
    const trimmed = name.trim();
    if (trimmed !== name && parseStrict(trimmed)) return { ...problem(input, { reason: 'the name has leading or trailing white space', suggestion: trimmed }), ...kindAndPlatform(trimmed) };
  }
  if (name !== name.toLowerCase() && parseStrict(input.slice(0, input.length - name.length) + name.toLowerCase())) {
    const lower = name.toLowerCase();
    return { ...problem(input, { reason: `firmware names are lowercase: the kernel asks for the exact name \`${lower}\``, suggestion: lower }), ...kindAndPlatform(lower) };
  }
  // `x.bin.bin.bin` → `x.bin`, without a lazy regular expression (quadratic on a long run of `.bin`).
  let single = name.length;
  while (single >= 8 && name.endsWith('.bin', single) && name.endsWith('.bin', single - 4)) single -= 4;
  const doubled = single < name.length ? name.slice(0, single) : undefined;
  if (doubled && parseStrict(input.slice(0, input.length - name.length) + doubled)) {
    return { ...problem(input, { reason: 'the name ends in `.bin` more than once', suggestion: doubled }), ...kindAndPlatform(doubled) };
  }
  if (!name.endsWith('.bin')) {
    const dot = name.lastIndexOf('.');
    const candidates = [`${name}.bin`, dot > 0 && !/^\.\d+$/.test(name.slice(dot)) ? `${name.slice(0, dot)}.bin` : undefined].filter((c): c is string => c !== undefined);
    for (const candidate of candidates) {
      const fixed = ifValid(input, candidate);
      if (fixed) return { ...problem(input, { reason: 'Intel GPU firmware file names end in `.bin`', suggestion: fixed }), ...kindAndPlatform(fixed) };
    }
    const near = diagnose(`${input}.bin`);
    if (near.firmwareLike) return { ...near, input, name, reason: `Intel GPU firmware file names end in \`.bin\`; also, ${near.reason}`, suggestion: undefined };
    return problem(input, { reason: 'Intel GPU firmware file names end in `.bin`', firmwareLike: /guc|huc|dmc|gsc/i.test(name) });
  }
  if (name.includes('-') && parseStrict(input.slice(0, input.length - name.length) + name.replace(/-/g, '_'))) {
    const fixed = name.replace(/-/g, '_');
    return { ...problem(input, { reason: 'the parts of a firmware name are separated by `_`, not `-`', suggestion: fixed }), ...kindAndPlatform(fixed) };
  }
  const stem = name.slice(0, -4);
  const tokens = stem.split('_');
  const kindIndex = tokens.findIndex((t) => (KINDS as readonly string[]).includes(t));
  if (kindIndex < 0) return noKind(input, stem, tokens);
  const kind = tokens[kindIndex] as FirmwareKind;
  if (kindIndex === 0) {
    return problem(input, { kind, almost: null, reason: `the platform is missing: ${KIND_LABEL[kind]} names start with the platform, e.g. \`tgl_${kind}${kind === 'guc' ? '_70' : kind === 'gsc' ? '_1' : ''}.bin\`` });
  }
  const platformTokens = tokens.slice(0, kindIndex);
  const platform = platformTokens.join('_');
  const bad = platformTokens.find((t) => !PLATFORM_TOKEN.test(t));
  if (bad !== undefined) {
    return problem(input, { kind, platform, reason: bad === '' ? `the platform \`${platform}\` has an empty part (two \`_\` in a row)` : `the platform \`${platform}\` may only hold lowercase letters and digits, separated by \`_\`` });
  }
  const rest = stem.slice(platform.length + 1 + kind.length);
  const near = { guc: almostGuc, huc: almostHuc, dmc: almostDmc, gsc: almostGsc }[kind](rest);
  const suggestion = near.suggestRest !== undefined ? ifValid(input, `${platform}_${kind}${near.suggestRest}.bin`) : undefined;
  return problem(input, { kind, platform, almost: near.almost, reason: near.reason, suggestion });
}

function kindAndPlatform(name: string): { kind: FirmwareKind | null; platform: string | null } {
  const parsed = parseStrict(name);
  return { kind: parsed?.kind ?? null, platform: parsed?.platform ?? null };
}

/** No guc/huc/dmc/gsc token: a typo of one, the kind glued to its neighbour, or not a GPU firmware name at all. */
function noKind(input: string, stem: string, tokens: string[]): NameProblem {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    // `tgl_guc70.bin`, `tgl_gucver9_33.bin`: the kind glued to the version.
    const glued = /^(guc|huc|dmc|gsc)(ver)?(\d.*)$/.exec(token);
    if (glued && i > 0) {
      const kind = glued[1] as FirmwareKind;
      const fixed = [...tokens.slice(0, i), kind, `${glued[2] ?? ''}${glued[3]}`, ...tokens.slice(i + 1)].join('_');
      const suggestion = ifValid(input, `${fixed}.bin`);
      const parsed = suggestion ? parseStrict(suggestion) : undefined;
      return problem(input, { kind, platform: tokens.slice(0, i).join('_'), almost: parsed?.family ?? null, reason: `a \`_\` must separate \`${kind}\` from the version (\`${kind}_${glued[2] ?? ''}${glued[3]}\`)`, suggestion });
    }
    // `tglguc_70.bin`: the kind glued to the platform.
    const gluedPlatform = /^([a-z0-9]+?)(guc|huc|dmc|gsc)$/.exec(token);
    if (gluedPlatform && i === 0) {
      const fixed = [gluedPlatform[1], gluedPlatform[2], ...tokens.slice(1)].join('_');
      const suggestion = ifValid(input, `${fixed}.bin`);
      const parsed = suggestion ? parseStrict(suggestion) : undefined;
      if (parsed) return problem(input, { kind: parsed.kind, platform: parsed.platform, almost: parsed.family, reason: `a \`_\` must separate the platform from \`${gluedPlatform[2]}\``, suggestion });
    }
    const typo = i > 0 ? KINDS.find((k) => nearlyEqual(token.toLowerCase(), k)) : undefined;
    if (typo) {
      const fixed = [...tokens.slice(0, i), typo, ...tokens.slice(i + 1)].join('_');
      const suggestion = ifValid(input, `${fixed}.bin`);
      const parsed = suggestion ? parseStrict(suggestion) : undefined;
      return problem(input, { kind: typo, platform: tokens.slice(0, i).join('_'), almost: parsed?.family ?? null, reason: `\`${token}\` is not a firmware kind (\`guc\`, \`huc\`, \`dmc\` or \`gsc\`): probably \`${typo}\` (${KIND_LABEL[typo]})`, suggestion });
    }
  }
  return problem(input, {
    reason: `no \`_guc\`, \`_huc\`, \`_dmc\` or \`_gsc\` part: Intel GPU firmware names are \`<platform>_<guc|huc|dmc|gsc>[_<version>].bin\``,
    firmwareLike: /guc|huc|dmc|gsc/i.test(stem),
  });
}

/** One substitution, insertion, deletion or transposition apart (and not equal). */
function nearlyEqual(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1 || a.length < 2) return false;
  if (a.length === b.length) {
    const diff = [...a].map((c, i) => (c === b[i] ? -1 : i)).filter((i) => i >= 0);
    if (diff.length === 1) return true;
    return diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]];
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  for (let i = 0; i < long.length; i++) if (long.slice(0, i) + long.slice(i + 1) === short) return true;
  return false;
}

interface Almost {
  readonly almost: FamilyId | null;
  readonly reason: string;
  /** A corrected version part (from `_` on), when the intent is unambiguous. */
  readonly suggestRest?: string;
}

const count = (text: string, sep: string) => text.split(sep).length;

/** Problems every kind shares: trailing text after a version, non-decimal or over-long numbers. */
function commonVersionProblems(rest: string, kind: FirmwareKind): Almost | undefined {
  const long = /\d{10,}/.exec(rest);
  if (long) return { almost: null, reason: `\`${long[0]}\` is too long for a version number` };
  const trailing = /^(_(?:ver)?\d+(?:[._]\d+)*)([^0-9._].*|[._])$/.exec(rest);
  if (trailing && !/^_gsc$/.test(trailing[2]) && trailing[2] !== '') {
    return { almost: null, reason: `unexpected \`${trailing[2]}\` after the ${KIND_LABEL[kind]} version \`${trailing[1].slice(1)}\`` };
  }
  return undefined;
}

function almostGuc(rest: string): Almost {
  if (rest === '') return { almost: 'guc-major', reason: 'GuC names always carry a version: since 2022 the major (`tgl_guc_70.bin`); versionless names are HuC\'s and DMC\'s' };
  if (/_gsc$/.test(rest)) return { almost: 'huc-gsc', reason: 'only HuC firmware has `_gsc` names; GuC names end in their version' };
  let m: RegExpExecArray | null;
  if ((m = /^_(\d+)\.(\d+)$/.exec(rest))) return { almost: 'guc-mmp', reason: `GuC major.minor.patch names need three numbers (\`${m[1]}.${m[2]}\` has two); since 2022 GuC files are named by major only (\`_${m[1]}\`)` };
  if ((m = /^_(\d+(?:\.\d+){3,})$/.exec(rest))) return { almost: 'guc-mmp', reason: `GuC major.minor.patch names need exactly three numbers (\`${m[1]}\` has ${count(m[1], '.')}); four-part versions are GSC release names` };
  if ((m = /^_ver(\d+(?:_\d+)*)$/.exec(rest))) {
    const n = count(m[1], '_');
    return { almost: n === 3 ? 'guc-base-proposal' : 'guc-ver-major-minor', reason: `GuC \`_ver\` names have one (\`_ver<M>\`), two (\`_ver<M>_<m>\`) or four numbers (the BASE proposal \`_ver<base>_<major>_<minor>_<patch>\`); \`ver${m[1]}\` has ${n}` };
  }
  if ((m = /^_ver(\d+(?:\.\d+)+)$/.exec(rest))) {
    const n = count(m[1], '.');
    const family: FamilyId = n === 4 ? 'guc-base-proposal' : n === 3 ? 'guc-mmp' : 'guc-ver-major-minor';
    if (n === 3) return { almost: 'guc-mmp', reason: `GuC major.minor.patch names have no \`ver\`: \`_${m[1]}\``, suggestRest: `_${m[1]}` };
    return { almost: family, reason: 'GuC `_ver` names separate their numbers with `_`, not `.`', suggestRest: `_ver${m[1].replace(/\./g, '_')}` };
  }
  if ((m = /^_(\d+)_(\d+)_(\d+)$/.exec(rest))) return { almost: 'guc-mmp', reason: `GuC major.minor.patch names separate the numbers with \`.\`: \`_${m[1]}.${m[2]}.${m[3]}\``, suggestRest: `_${m[1]}.${m[2]}.${m[3]}` };
  if ((m = /^_(\d+)_(\d+)$/.exec(rest))) return { almost: 'guc-ver-major-minor', reason: `two GuC numbers separated by \`_\` need \`ver\` (\`_ver${m[1]}_${m[2]}\`, 2016–18); newer names use dots (\`_${m[1]}.${m[2]}.<patch>\`)` };
  if ((m = /^_v(\d+)$/.exec(rest))) return { almost: 'guc-major', reason: `GuC major-only names are \`_<major>\` without \`v\`: \`_${m[1]}\``, suggestRest: `_${m[1]}` };
  if ((m = /^_v(\d+(?:\.\d+){2})$/.exec(rest))) return { almost: 'guc-mmp', reason: `GuC major.minor.patch names have no \`v\`: \`_${m[1]}\``, suggestRest: `_${m[1]}` };
  return commonVersionProblems(rest, 'guc') ?? { almost: null, reason: `\`${rest.slice(1) || rest}\` is not a GuC version: GuC names end in \`_<M>\`, \`_<M>.<m>.<p>\`, \`_ver<M>\`, \`_ver<M>_<m>\` or \`_ver<base>_<M>_<m>_<p>\`` };
}

function almostHuc(rest: string): Almost {
  let m: RegExpExecArray | null;
  if ((m = /^_gsc_(\d+(?:\.\d+)*)$/.exec(rest))) {
    const ok = count(m[1], '.') === 3;
    return { almost: 'huc-mmp-gsc', reason: `the HuC version comes before \`_gsc\`: \`_${m[1]}_gsc\``, suggestRest: ok ? `_${m[1]}_gsc` : undefined };
  }
  if ((m = /^_(\d+(?:\.\d+)*)_gsc$/.exec(rest))) return { almost: 'huc-mmp-gsc', reason: `HuC major.minor.patch names need three numbers (\`${m[1]}\` has ${count(m[1], '.')})` };
  if ((m = /^_(\d+)\.(\d+)$/.exec(rest)) || /^_\d+(?:\.\d+){3,}$/.test(rest)) return { almost: 'huc-mmp', reason: `HuC major.minor.patch names need three numbers (\`${rest.slice(1)}\` has ${count(rest.slice(1), '.')})` };
  if ((m = /^_(\d+)$/.exec(rest))) return { almost: 'huc-blank', reason: `HuC names carry no major-only version: they are versionless since 2022 (\`_huc.bin\`) or carry major.minor.patch (\`_huc_${m[1]}.<m>.<p>.bin\`)` };
  if ((m = /^_ver(\d+(?:_\d+)*)$/.exec(rest))) return { almost: 'huc-ver-build', reason: `old HuC names are \`_ver<major>_<minor>_<build>\`: three numbers (\`ver${m[1]}\` has ${count(m[1], '_')})` };
  if ((m = /^_(\d+)_(\d+)_(\d+)$/.exec(rest))) return { almost: 'huc-mmp', reason: `HuC major.minor.patch names separate the numbers with \`.\`: \`_${m[1]}.${m[2]}.${m[3]}\`; the old form is \`_ver${m[1]}_${m[2]}_<build>\``, suggestRest: `_${m[1]}.${m[2]}.${m[3]}` };
  if ((m = /^_v(\d+(?:\.\d+){2})$/.exec(rest))) return { almost: 'huc-mmp', reason: `HuC major.minor.patch names have no \`v\`: \`_${m[1]}\``, suggestRest: `_${m[1]}` };
  return commonVersionProblems(rest, 'huc') ?? { almost: null, reason: `\`${rest.slice(1) || rest}\` is not a HuC version: HuC names are \`_huc.bin\`, \`_huc_gsc.bin\`, \`_huc_<M>.<m>.<p>.bin\`, \`_huc_<M>.<m>.<p>_gsc.bin\` or \`_huc_ver<M>_<m>_<build>.bin\`` };
}

function almostDmc(rest: string): Almost {
  let m: RegExpExecArray | null;
  if ((m = /^_ver(\d+(?:_\d+){2,})$/.exec(rest))) return { almost: 'dmc-ver-major-minor', reason: `DMC legacy names are \`_ver<major>_<minor>\`: two numbers (\`ver${m[1]}\` has ${count(m[1], '_')})` };
  if ((m = /^_ver(\d+)\.(\d+)$/.exec(rest))) return { almost: 'dmc-ver-major-minor', reason: 'DMC legacy names separate major and minor with `_`, not `.`', suggestRest: `_ver${m[1]}_${m[2]}` };
  if ((m = /^_(\d+)[._](\d+)$/.exec(rest))) return { almost: 'dmc-ver-major-minor', reason: `DMC versions are written \`_ver<major>_<minor>\`, e.g. \`tgl_dmc_ver2_12.bin\`: \`_ver${m[1]}_${m[2]}\``, suggestRest: `_ver${m[1]}_${m[2]}` };
  if ((m = /^_(\d+)$/.exec(rest))) return { almost: 'dmc-ver-major', reason: `a DMC major is written \`_ver<major>\`: \`_ver${m[1]}\``, suggestRest: `_ver${m[1]}` };
  if (/^_v\d/.test(rest)) return { almost: 'dmc-ver-major-minor', reason: 'DMC versions are written `_ver<major>_<minor>`, with `ver`', suggestRest: /^_v(\d+_\d+|\d+)$/.test(rest) ? `_ver${rest.slice(2)}` : undefined };
  return commonVersionProblems(rest, 'dmc') ?? { almost: null, reason: `\`${rest.slice(1) || rest}\` is not a DMC version: DMC names are \`_dmc.bin\`, \`_dmc_ver<M>.bin\` or \`_dmc_ver<M>_<mm>.bin\`` };
}

function almostGsc(rest: string): Almost {
  let m: RegExpExecArray | null;
  if (rest === '') return { almost: 'gsc-major', reason: 'GSC names always carry the major of the GSC compatibility version (`mtl_gsc_1.bin`)' };
  if ((m = /^_(\d+(?:\.\d+){1,2})$/.exec(rest))) return { almost: count(m[1], '.') === 3 ? 'gsc-release' : 'gsc-major', reason: `GSC names carry the compatibility major (\`_gsc_1.bin\`) or the four-part release (\`_gsc_102.0.0.1511.bin\`); \`${m[1]}\` has ${count(m[1], '.')} numbers` };
  if ((m = /^_(\d+(?:\.\d+){4,})$/.exec(rest))) return { almost: 'gsc-release', reason: `GSC release names have four numbers (\`${m[1]}\` has ${count(m[1], '.')})` };
  if ((m = /^_v(\d+)$/.exec(rest)) || (m = /^_ver(\d+)$/.exec(rest))) return { almost: 'gsc-major', reason: `the GSC compatibility major is written without \`v\`/\`ver\`: \`_${m[1]}\``, suggestRest: `_${m[1]}` };
  if ((m = /^_(\d+)_(\d+)_(\d+)_(\d+)$/.exec(rest))) return { almost: 'gsc-release', reason: 'GSC release names separate the numbers with `.`', suggestRest: `_${m[1]}.${m[2]}.${m[3]}.${m[4]}` };
  return commonVersionProblems(rest, 'gsc') ?? { almost: null, reason: `\`${rest.slice(1) || rest}\` is not a GSC version: GSC names are \`_gsc_<compat major>.bin\` or \`_gsc_<M>.<m>.<hotfix>.<build>.bin\`` };
}

/** The sentence for a name that matches no family: what it almost is, and what is wrong. */
export function describeProblem(result: NameProblem): string {
  const almost = result.almost ? `almost the ${FAMILIES[result.almost].title} family \`${result.almost}\` (${pattern(result.almost)}), but ` : '';
  const suggestion = result.suggestion ? `; did you mean \`${result.suggestion}\`?` : '';
  return `\`${result.name}\` matches no Intel GPU firmware name family: ${almost}${result.reason}${suggestion}`;
}

// ---------------------------------------------------------------------------------------------------------
// Building names and comparing versions.

/** A number written like another one: same zero padding when the other was padded. */
export function writeLike(value: number, like?: string): string {
  const text = String(value);
  return like && like.length > 1 && like.startsWith('0') && text.length < like.length ? text.padStart(like.length, '0') : text;
}

export interface NameSpec {
  readonly platform: string;
  readonly family: FamilyId;
  /** Number texts by field (as they are to be written). */
  readonly texts: Readonly<Partial<Record<FieldName, string>>>;
}

/** The file name of a family with the given numbers (the inverse of parsing). */
export function formatName(spec: NameSpec): string {
  const t = (f: FieldName) => spec.texts[f] ?? '0';
  const p = spec.platform;
  switch (spec.family) {
    case 'guc-ver-major': return `${p}_guc_ver${t('major')}.bin`;
    case 'guc-ver-build': return `${p}_guc_ver${t('major')}_${t('build')}.bin`;
    case 'guc-ver-major-minor': return `${p}_guc_ver${t('major')}_${t('minor')}.bin`;
    case 'guc-mmp': return `${p}_guc_${t('major')}.${t('minor')}.${t('patch')}.bin`;
    case 'guc-major': return `${p}_guc_${t('major')}.bin`;
    case 'guc-base-proposal': return `${p}_guc_ver${t('base')}_${t('major')}_${t('minor')}_${t('patch')}.bin`;
    case 'huc-ver-build': return `${p}_huc_ver${t('major')}_${t('minor')}_${t('build')}.bin`;
    case 'huc-mmp': return `${p}_huc_${t('major')}.${t('minor')}.${t('patch')}.bin`;
    case 'huc-blank': return `${p}_huc.bin`;
    case 'huc-gsc': return `${p}_huc_gsc.bin`;
    case 'huc-mmp-gsc': return `${p}_huc_${t('major')}.${t('minor')}.${t('patch')}_gsc.bin`;
    case 'dmc-ver-major-minor': return `${p}_dmc_ver${t('major')}_${t('minor')}.bin`;
    case 'dmc-ver-major': return `${p}_dmc_ver${t('major')}.bin`;
    case 'dmc-blank': return `${p}_dmc.bin`;
    case 'gsc-major': return `${p}_gsc_${t('major')}.bin`;
    case 'gsc-release': return `${p}_gsc_${t('major')}.${t('minor')}.${t('patch')}.${t('build')}.bin`;
  }
}

/** The version numbers a name carries, in written order (empty for versionless names). */
export function writtenNumbers(parsed: ParsedName): NumberPart[] {
  return FAMILIES[parsed.family].fields.map((f) => parsed.parts[f]!);
}

/** The version a name carries, as dotted text in written order ('' when versionless). */
export function versionText(parsed: ParsedName): string {
  return writtenNumbers(parsed).map((p) => p.value).join('.');
}

/** Compares number lists field by field; a missing field counts as -1. */
export function compareNumbers(a: readonly (number | null | undefined)[], b: readonly (number | null | undefined)[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? -1;
    const y = b[i] ?? -1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Whether a family's version fields are GuC version components (8-bit in the CSS header). */
export function eightBitFields(family: FamilyId): readonly FieldName[] {
  if (FAMILIES[family].kind !== 'guc') return [];
  // A 2015 build number is not a version component; the proposal's BASE is not in the CSS header.
  return FAMILIES[family].fields.filter((f) => f !== 'build' && f !== 'base');
}

/** i915 `is_ver_8bit()`: `major < 0xFF && minor < 0xFF && patch < 0xFF`. */
export function eightBitProblem(value: number): string | undefined {
  if (value > 255) return `${value} does not fit in 8 bits`;
  if (value === 255) return '255 (0xFF) is rejected: i915 requires each component to be below 0xFF';
  return undefined;
}
