import { baseName } from '../../core/text';
import { FAMILIES, parseFirmwareName, type FieldName, type FirmwareFolder, type NameResult, type NumberPart } from './names';

/**
 * Step 1 (find) for driver sources: the firmware names i915 and xe ask for, with every number at the place
 * it is written. Which files: the real ones by base name (`intel_uc_fw.c`, `intel_dmc.c`, `xe_uc_fw.c`, and
 * the older `intel_guc_loader.c`, `intel_guc_fw.c`, `intel_huc_fw.c`), and any `.c`/`.h` under a path
 * containing `drm/i915` or `drm/xe` whose base name contains `uc_fw`, `guc`, `huc`, `dmc` or `gsc` — never
 * every C file of a kernel tree. What is read (formats.md §1, "How i915 builds names"):
 *
 * - i915 uc tables: `guc_maj(tgl, 70, 12, 1)` → `i915/tgl_guc_70.bin`; `guc_mmp(adlp, 70, 1, 1)` and the
 *   v5.x `guc_def(tgl, 62, 0, 0)` → `i915/adlp_guc_70.1.1.bin`; `huc_mmp`/`huc_def` likewise; `huc_gsc(mtl)`
 *   → `i915/mtl_huc_gsc.bin`; `huc_raw(tgl)` → `i915/tgl_huc.bin`; `gsc_def(mtl, 1, 0)` → `i915/mtl_gsc_1.bin`;
 * - DMC: `DMC_PATH(adlp)` → `i915/adlp_dmc.bin`; `DMC_LEGACY_PATH(adlp, 2, 16)` → `i915/adlp_dmc_ver2_16.bin`
 *   (the digits as written: `__stringify(08)` is `08`);
 * - 2015–19: `GUC_FW_PATH(skl, 6, 1)` → `i915/skl_guc_ver6_1.bin`; `HUC_FW_PATH(skl, 01, 07, 1398)` →
 *   `i915/skl_huc_ver01_07_1398.bin`; `__MAKE_GUC_FW_PATH(SKL)` with `SKL_GUC_FW_PREFIX/MAJOR/MINOR/PATCH`
 *   defines → `i915/skl_guc_32.0.3.bin`; arguments that are `#define NAME number` in the same file are
 *   followed to the number;
 * - xe: `mmp_ver(xe, guc, pvc, 70, 44, 1)` → `xe/pvc_guc_70.44.1.bin` (full version required);
 *   `major_ver(xe, guc, lnl, 70, 29, 2)` → `xe/lnl_guc_70.bin`; `major_ver(xe, gsc, lnl, 104, 1, 0)` →
 *   `xe/lnl_gsc_1.bin` (the compatibility major); `no_ver(i915, huc_gsc, mtl)` → `i915/mtl_huc_gsc.bin`;
 * - string literals naming a firmware file: `MODULE_FIRMWARE("i915/…")`, `#define I915_SKL_GUC_UCODE "i915/…"`.
 *
 * The 2017 proposal never reached a driver; its names are read from string literals, and from
 * `GUC_FW_PATH(skl, 1, 5, 4, 7)` (base, major, minor, patch) for a driver that would extend the 2016 macro.
 */
export type DriverName = 'i915' | 'xe';

export type RequestForm =
  | 'guc_maj' | 'guc_mmp' | 'guc_def' | 'huc_mmp' | 'huc_def' | 'huc_gsc' | 'huc_raw' | 'gsc_def'
  | 'DMC_PATH' | 'DMC_LEGACY_PATH' | 'GUC_FW_PATH' | 'HUC_FW_PATH' | '__MAKE_GUC_FW_PATH'
  | 'mmp_ver' | 'major_ver' | 'no_ver' | 'string';

/**
 * How the driver checks the version it finds: `major-minor` (i915, and xe for released platforms: same
 * major, an older minor only gets a notice), `exact` (xe force-probe platforms: major, minor and patch must
 * match), `path` (the file is loaded by name; no version is checked: DMC, versionless HuC).
 */
export type VersionRule = 'major-minor' | 'exact' | 'path';

export interface DriverRequest {
  readonly file: string;
  readonly driver: DriverName;
  readonly form: RequestForm;
  /** The whole call or string literal, offsets in `file`. */
  readonly start: number;
  readonly end: number;
  /** The macro name (or the literal's path text). */
  readonly formStart: number;
  readonly formEnd: number;
  /** The `fw_def(PLATFORM, …)` row the entry sits in, when there is one. */
  readonly row?: string;
  readonly platform?: { readonly text: string; readonly start: number; readonly end: number };
  /** The path the driver asks for, e.g. `i915/tgl_guc_70.bin`. */
  readonly path: string;
  readonly folder: FirmwareFolder;
  readonly parsed: NameResult;
  /** The numbers that go into the file name, by field, where they are written. */
  readonly nameNumbers: Readonly<Partial<Record<FieldName, NumberPart>>>;
  /** The version the driver wants (its table numbers), where they are written. */
  readonly wanted?: { readonly major: NumberPart; readonly minor?: NumberPart; readonly patch?: NumberPart };
  /** What the name says of the version: all of it, the major only, or nothing. */
  readonly encodes: 'full' | 'major' | 'none';
  readonly rule: VersionRule;
  /** For a string literal: offsets of the path inside the quotes. */
  readonly literal?: { readonly start: number; readonly end: number };
}

export const DRIVER_BASENAMES = new Set(['intel_uc_fw.c', 'intel_dmc.c', 'xe_uc_fw.c', 'intel_guc_loader.c', 'intel_guc_fw.c', 'intel_huc_fw.c']);
const DRIVER_PATH = /(?:^|\/)drm\/(?:i915|xe)\/(?:.*\/)?[^/]*(?:uc_fw|guc|huc|dmc|gsc)[^/]*\.[ch]$/;
/** The names DRIVER_PATH can end in (the path decides; the name narrows the listing first). */
export const DRIVER_NAMES = /(?:uc_fw|guc|huc|dmc|gsc)[^/]*\.[ch]$/;

/** By name only: the driver sources whose firmware requests are read. */
export function isDriverSource(path: string): boolean {
  return DRIVER_BASENAMES.has(baseName(path)) || DRIVER_PATH.test(path);
}

export function driverOf(path: string): DriverName {
  return /(?:^|\/)drm\/xe\//.test(path) || baseName(path).startsWith('xe_') ? 'xe' : 'i915';
}

/** C text with comments blanked (offsets and line breaks kept) and backslash-newlines turned into blanks. */
export function blankCComments(text: string): string {
  const out = text.split('');
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      for (let j = i; j < end; j++) if (text[j] !== '\n' && text[j] !== '\r') out[j] = ' ';
      i = end;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') {
        if (text[i] !== '\r') out[i] = ' ';
        i++;
      }
    } else if (c === '"' || c === "'") {
      // Skip the literal (to the closing quote or the end of the line).
      i++;
      while (i < n && text[i] !== c && text[i] !== '\n') i += text[i] === '\\' && text[i + 1] !== '\n' ? 2 : 1;
      i++;
    } else if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      out[i] = ' ';
      i++;
    } else {
      i++;
    }
  }
  return out.join('');
}

interface Define {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** `#define NAME value` where value is one number or identifier, by name (the last definition wins). */
function simpleDefines(code: string): Map<string, Define> {
  const defines = new Map<string, Define>();
  const re = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)[ \t]+([A-Za-z0-9_]+)[ \t]*$/gm;
  for (let m = re.exec(code); m; m = re.exec(code)) {
    const start = m.index + m[0].lastIndexOf(m[2]);
    defines.set(m[1], { text: m[2], start, end: start + m[2].length });
  }
  return defines;
}

interface Arg {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** The arguments of a call whose `(` is at `open`, split at top-level commas; undefined if unterminated. */
function callArguments(code: string, open: number): { args: Arg[]; end: number } | undefined {
  const args: Arg[] = [];
  let depth = 0;
  let argStart = open + 1;
  const limit = Math.min(code.length, open + 2048);
  for (let i = open; i < limit; i++) {
    const c = code[i];
    if (c === '(') depth++;
    else if (c === ')' || (c === ',' && depth === 1)) {
      if (c === ')' && --depth > 0) continue;
      const raw = code.slice(argStart, i);
      const lead = raw.length - raw.trimStart().length;
      const text = raw.trim();
      args.push({ text, start: argStart + lead, end: argStart + lead + text.length });
      argStart = i + 1;
      if (c === ')') return { args, end: i + 1 };
    } else if (c === '"') {
      const close = code.indexOf('"', i + 1);
      if (close < 0) return undefined;
      i = close;
    }
  }
  return undefined;
}

const CALL = /\b(guc_maj|guc_mmp|guc_def|huc_mmp|huc_def|huc_gsc|huc_raw|gsc_def|DMC_PATH|DMC_LEGACY_PATH|GUC_FW_PATH|HUC_FW_PATH|__MAKE_GUC_FW_PATH|mmp_ver|major_ver|no_ver)[ \t\n\r]*\(/g;
const LITERAL = /"((?:i915|xe)\/[^"\\\s/]+)"/g;
/** A platform token as the tables write it (`adlp`, `xe2lpd`), not a macro parameter (`prefix_`). */
const IDENT = /^[a-z0-9]+(?:_[a-z0-9]+)*$/;

export function findDriverRequests(file: string, text: string): DriverRequest[] {
  const code = blankCComments(text);
  const defines = simpleDefines(code);
  const driver = driverOf(file);
  const requests: DriverRequest[] = [];

  /** A number argument: a literal, or a `#define` followed (a few levels) to one. */
  const number = (arg: Arg | undefined): NumberPart | undefined => {
    if (!arg) return undefined;
    let at: Define = arg;
    for (let depth = 0; depth < 5; depth++) {
      if (/^\d{1,9}$/.test(at.text)) return { value: Number(at.text), text: at.text, start: at.start, end: at.end };
      const next = defines.get(at.text);
      if (!next) return undefined;
      at = next;
    }
    return undefined;
  };
  const identifier = (arg: Arg | Define | undefined): Arg | undefined => {
    let at: Define | undefined = arg;
    for (let depth = 0; at && depth < 5; depth++) {
      if (IDENT.test(at.text) && !defines.has(at.text)) return at;
      at = defines.get(at.text);
    }
    return undefined;
  };

  CALL.lastIndex = 0;
  for (let m = CALL.exec(code); m; m = CALL.exec(code)) {
    const form = m[1] as RequestForm;
    // What precedes the call on its line (a `#define`, the `fw_def(` row), up to 512 characters back:
    // looking back to the line start from every call is quadratic on one long line.
    const window = code.slice(Math.max(0, m.index - 512), m.index);
    const before = window.slice(window.lastIndexOf('\n') + 1);
    if (/#[ \t]*define[ \t]+$/.test(before)) continue; // the macro's own definition
    const open = m.index + m[0].length - 1;
    const call = callArguments(code, open);
    if (!call) continue;
    CALL.lastIndex = call.end;
    const row = /\b(?:fw_def|XE_UC_FW_ENTRY)\s*\(\s*(\w+)\s*,[^()]*$/.exec(before)?.[1];
    const request = buildRequest(form, call.args, { number, identifier, defines, driver });
    if (!request) continue;
    const parsed = parseFirmwareName(request.facts.path);
    requests.push({ file, driver: request.driver, form, start: m.index, end: call.end, formStart: m.index, formEnd: m.index + form.length, row, folder: request.folder, parsed, ...request.facts });
  }

  LITERAL.lastIndex = 0;
  for (let m = LITERAL.exec(code); m; m = LITERAL.exec(code)) {
    // Literals were kept by the blanking; a literal inside a comment is gone, so the match is code.
    const path = m[1];
    if (!path.endsWith('.bin') && !/guc|huc|dmc|gsc/i.test(path)) continue;
    const start = m.index + 1;
    const parsed = parseFirmwareName(path);
    const folder = path.startsWith('xe/') ? 'xe' : 'i915';
    const nameNumbers: Partial<Record<FieldName, NumberPart>> = {};
    if (parsed.ok) for (const [field, part] of Object.entries(parsed.parts) as [FieldName, NumberPart][]) nameNumbers[field] = { ...part, start: start + part.start, end: start + part.end };
    const family = parsed.ok ? FAMILIES[parsed.family] : undefined;
    requests.push({
      file,
      driver,
      form: 'string',
      start: m.index,
      end: m.index + m[0].length,
      formStart: start,
      formEnd: start + path.length,
      platform: parsed.ok ? { text: parsed.platform, start: start + parsed.platformStart, end: start + parsed.platformEnd } : undefined,
      path,
      folder,
      parsed,
      nameNumbers,
      encodes: !family ? 'none' : family.fullVersion ? 'full' : family.fields.length ? 'major' : 'none',
      rule: 'path',
      literal: { start, end: start + path.length },
    });
  }
  return requests.sort((a, b) => a.start - b.start);
}

interface Helpers {
  number(arg: Arg | undefined): NumberPart | undefined;
  identifier(arg: Arg | Define | undefined): Arg | undefined;
  readonly defines: ReadonlyMap<string, Define>;
  readonly driver: DriverName;
}

type RequestFacts = Pick<DriverRequest, 'platform' | 'path' | 'nameNumbers' | 'wanted' | 'encodes' | 'rule'>;

function buildRequest(form: RequestForm, args: Arg[], h: Helpers): { driver: DriverName; folder: FirmwareFolder; facts: RequestFacts } | undefined {
  const i915 = (facts: RequestFacts) => ({ driver: 'i915' as const, folder: 'i915' as const, facts });
  const nums = (from: number, n: number) => {
    const parts = args.slice(from, from + n).map((a) => h.number(a));
    return parts.length === n && parts.every((p) => p) ? (parts as NumberPart[]) : undefined;
  };
  const platformArg = h.identifier(args[0]);
  const platform = platformArg && { text: platformArg.text, start: platformArg.start, end: platformArg.end };
  switch (form) {
    case 'guc_maj': case 'guc_mmp': case 'guc_def': case 'huc_mmp': case 'huc_def': {
      const n = nums(1, 3);
      if (!platform || !n || args.length !== 4) return undefined;
      const kind = form.startsWith('guc') ? 'guc' : 'huc';
      const [major, minor, patch] = n;
      if (form === 'guc_maj') return i915({ platform, path: `i915/${platform.text}_guc_${major.text}.bin`, nameNumbers: { major }, wanted: { major, minor, patch }, encodes: 'major', rule: 'major-minor' });
      return i915({ platform, path: `i915/${platform.text}_${kind}_${major.text}.${minor.text}.${patch.text}.bin`, nameNumbers: { major, minor, patch }, wanted: { major, minor, patch }, encodes: 'full', rule: 'major-minor' });
    }
    case 'huc_gsc': case 'huc_raw': case 'DMC_PATH': {
      if (!platform || args.length !== 1) return undefined;
      const suffix = form === 'huc_gsc' ? 'huc_gsc' : form === 'huc_raw' ? 'huc' : 'dmc';
      return i915({ platform, path: `i915/${platform.text}_${suffix}.bin`, nameNumbers: {}, encodes: 'none', rule: 'path' });
    }
    case 'gsc_def': {
      const n = nums(1, 2);
      if (!platform || !n || args.length !== 3) return undefined;
      return i915({ platform, path: `i915/${platform.text}_gsc_${n[0].text}.bin`, nameNumbers: { major: n[0] }, wanted: { major: n[0], minor: n[1] }, encodes: 'major', rule: 'major-minor' });
    }
    case 'DMC_LEGACY_PATH': {
      const n = nums(1, 2);
      if (!platform || !n || args.length !== 3) return undefined;
      return i915({ platform, path: `i915/${platform.text}_dmc_ver${n[0].text}_${n[1].text}.bin`, nameNumbers: { major: n[0], minor: n[1] }, encodes: 'full', rule: 'path' });
    }
    case 'GUC_FW_PATH': {
      if (!platform) return undefined;
      if (args.length === 3) {
        const n = nums(1, 2);
        if (!n) return undefined;
        return i915({ platform, path: `i915/${platform.text}_guc_ver${n[0].text}_${n[1].text}.bin`, nameNumbers: { major: n[0], minor: n[1] }, wanted: { major: n[0], minor: n[1] }, encodes: 'full', rule: 'major-minor' });
      }
      if (args.length === 5) {
        const n = nums(1, 4);
        if (!n) return undefined;
        const [base, major, minor, patch] = n;
        return i915({ platform, path: `i915/${platform.text}_guc_ver${base.text}_${major.text}_${minor.text}_${patch.text}.bin`, nameNumbers: { base, major, minor, patch }, wanted: { major, minor, patch }, encodes: 'full', rule: 'major-minor' });
      }
      return undefined;
    }
    case 'HUC_FW_PATH': {
      const n = nums(1, 3);
      if (!platform || !n || args.length !== 4) return undefined;
      const [major, minor, build] = n;
      return i915({ platform, path: `i915/${platform.text}_huc_ver${major.text}_${minor.text}_${build.text}.bin`, nameNumbers: { major, minor, build }, wanted: { major, minor }, encodes: 'full', rule: 'major-minor' });
    }
    case '__MAKE_GUC_FW_PATH': {
      const key = args.length === 1 && /^[A-Z][A-Z0-9_]*$/.test(args[0].text) ? args[0].text : undefined;
      if (!key) return undefined;
      const prefix = h.defines.get(`${key}_GUC_FW_PREFIX`);
      const name = h.identifier(prefix);
      const n = [`${key}_GUC_FW_MAJOR`, `${key}_GUC_FW_MINOR`, `${key}_GUC_FW_PATCH`].map((d) => h.number(h.defines.get(d)));
      if (!name || !n.every((p) => p)) return undefined;
      const [major, minor, patch] = n as NumberPart[];
      return i915({ platform: { text: name.text, start: name.start, end: name.end }, path: `i915/${name.text}_guc_${major.text}.${minor.text}.${patch.text}.bin`, nameNumbers: { major, minor, patch }, wanted: { major, minor, patch }, encodes: 'full', rule: 'major-minor' });
    }
    case 'mmp_ver': case 'major_ver': case 'no_ver': {
      const dir = args[0]?.text;
      const uc = args[1]?.text;
      const shortArg = h.identifier(args[2]);
      if ((dir !== 'xe' && dir !== 'i915') || !uc || !/^(?:guc|huc|huc_gsc|gsc)$/.test(uc) || !shortArg) return undefined;
      const short = { text: shortArg.text, start: shortArg.start, end: shortArg.end };
      const facts = (f: RequestFacts) => ({ driver: 'xe' as const, folder: dir as FirmwareFolder, facts: f });
      if (form === 'no_ver') {
        if (args.length !== 3) return undefined;
        return facts({ platform: short, path: `${dir}/${short.text}_${uc}.bin`, nameNumbers: {}, encodes: 'none', rule: 'path' });
      }
      const n = nums(3, 3);
      if (!n || args.length !== 6) return undefined;
      const [a, b, c] = n;
      if (form === 'mmp_ver') return facts({ platform: short, path: `${dir}/${short.text}_${uc}_${a.text}.${b.text}.${c.text}.bin`, nameNumbers: { major: a, minor: b, patch: c }, wanted: { major: a, minor: b, patch: c }, encodes: 'full', rule: 'exact' });
      // fw_filename_gsc: the name carries the compatibility major, the table's second number.
      if (uc === 'gsc') return facts({ platform: short, path: `${dir}/${short.text}_gsc_${b.text}.bin`, nameNumbers: { major: b }, encodes: 'major', rule: 'path' });
      return facts({ platform: short, path: `${dir}/${short.text}_${uc}_${a.text}.bin`, nameNumbers: { major: a }, wanted: { major: a, minor: b, patch: c }, encodes: 'major', rule: 'major-minor' });
    }
    case 'string':
      return undefined;
  }
}
