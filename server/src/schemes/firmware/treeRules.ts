import type { Declaration, FileEdit, Fix, Site } from '../../core/model';
import { baseName, dirName } from '../../core/text';
import { explainNameMarkdown } from './explain';
import {
  compareNumbers, describeProblem, eightBitFields, eightBitProblem, FAMILIES, fieldsOf, formatName, parseFirmwareName, writeLike,
  type FieldName, type NameResult, type NumberPart, type ParsedName,
} from './names';
import { RULES, type Place, type Reporter } from './report';
import type { FirmwareTree, TreeFile } from './tree';
import type { WhenceEntry, WhenceVersion } from './whence';

/**
 * Step 3 (validate) for firmware trees and their WHENCE: every name parses and its GuC numbers are 8-bit;
 * WHENCE and the tree agree (every file listed, every listed file present, links to files); each `Version:`
 * agrees with its file's name; and the 2017 proposal's reset rules and BASE separation hold.
 */

/** A firmware file of a tree: listed in the tree, named by a WHENCE File/RawFile line, or both. */
export interface NameDecl {
  readonly tree: FirmwareTree;
  readonly rel: string;
  file?: TreeFile;
  entry?: WhenceEntry;
  readonly links: WhenceEntry[];
  readonly parsed: NameResult;
}

export interface TreeIndex {
  readonly tree: FirmwareTree;
  readonly names: ReadonlyMap<string, NameDecl>;
  readonly links: ReadonlyMap<string, WhenceEntry>;
  /** Names that parsed, by `folder/platform/family` (version lookups stay linear). */
  readonly byFamily: ReadonlyMap<string, readonly NameDecl[]>;
}

export const familyKey = (p: ParsedName) => `${p.folder}/${p.platform}/${p.family}`;

export function indexTree(tree: FirmwareTree): TreeIndex {
  const names = new Map<string, NameDecl>();
  const decl = (rel: string, parsed?: NameResult): NameDecl => {
    let found = names.get(rel);
    if (!found) names.set(rel, (found = { tree, rel, links: [], parsed: parsed ?? parseFirmwareName(rel) }));
    return found;
  };
  // A listed file's name is parsed once, when the tree is found.
  for (const file of tree.files.values()) decl(file.rel, file.parsed).file = file;
  for (const entry of tree.whence?.files.values() ?? []) decl(entry.rel).entry = entry;
  const links = new Map(tree.whence?.links ?? []);
  for (const link of links.values()) names.get(link.target!.rel)?.links.push(link);
  const byFamily = new Map<string, NameDecl[]>();
  for (const d of names.values()) {
    if (!d.parsed.ok) continue;
    const key = familyKey(d.parsed);
    const list = byFamily.get(key);
    if (list) list.push(d);
    else byFamily.set(key, [d]);
  }
  return { tree, names, links, byFamily };
}

/** Where a name is shown: its WHENCE line (the file name part), else the listed file itself. */
export function namePlace(d: NameDecl): Place {
  if (d.entry) return { file: d.tree.whence!.path, start: d.entry.start + d.rel.lastIndexOf('/') + 1, end: d.entry.end };
  return { file: d.file!.path, start: 0, end: 0 };
}

/** Where one number of a name is written (in WHENCE when it is there). */
export function numberPlace(d: NameDecl, part: NumberPart): Place {
  if (d.entry) return { file: d.tree.whence!.path, start: d.entry.start + part.start, end: d.entry.start + part.end };
  return { file: d.file!.path, start: 0, end: 0 };
}

export function entryPlace(d: NameDecl, entry: WhenceEntry): Place {
  return { file: d.tree.whence!.path, start: entry.start, end: entry.end };
}

/** The version of a file for the driver's check: from its name when the name is complete, else from WHENCE. */
export function knownVersion(d: NameDecl): { numbers: number[]; source: 'name' | 'WHENCE' } | undefined {
  if (d.parsed.ok && FAMILIES[d.parsed.family].fullVersion && d.parsed.family !== 'gsc-release') {
    const p = d.parsed;
    return { numbers: [p.major, p.minor, p.patch].filter((n): n is number => n !== null), source: 'name' };
  }
  const numbers = d.entry?.version?.numbers.map((n) => n.value) ?? [];
  return numbers.length ? { numbers: numbers.slice(0, 3), source: 'WHENCE' } : undefined;
}

/** The numbers that order names of one family (BASE excluded: it is never ordered). */
export function orderKey(p: ParsedName): number[] {
  return FAMILIES[p.family].fields.filter((f) => f !== 'base').map((f) => p.parts[f]!.value);
}

const hex = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');

/** i915's warning for a GuC version with a component ≥ 0xFF, verbatim. */
export function invalidFileVersion(numbers: readonly number[]): string {
  const [major, minor, patch] = [0, 1, 2].map((i) => numbers[i] ?? 0);
  return `GuC firmware: invalid file version: 0x${hex(major)}:${hex(minor)}:${hex(patch)}`;
}

/** A fix renaming a tree file (when it is listed) and every WHENCE line that names it. */
export function renameFix(d: NameDecl, newName: string, title: string, reporter: Reporter, preferred = false): Fix {
  const edits: FileEdit[] = [];
  if (d.entry) edits.push(reporter.edit(namePlace(d), newName));
  for (const link of d.links) {
    const target = link.target!;
    const slash = target.text.lastIndexOf('/');
    edits.push(reporter.edit({ file: d.tree.whence!.path, start: target.start + slash + 1, end: target.end }, newName));
  }
  const renames = d.file ? [{ from: d.file.path, to: `${dirName(d.file.path) ? `${dirName(d.file.path)}/` : ''}${newName}` }] : [];
  return { title, edits, ...(renames.length ? { renames } : {}), ...(preferred ? { preferred } : {}) };
}

export function checkTree(index: TreeIndex, reporter: Reporter): void {
  const { tree } = index;
  const whence = tree.whence;
  for (const d of index.names.values()) {
    checkName(d, index, reporter);
    if (whence) {
      if (d.entry && !d.file) {
        reporter.add(entryPlace(d, d.entry), 'error', RULES.whenceFileMissing, `${whence.path} lists ${d.rel} (${d.entry.kind}:), but the firmware tree (${tree.label}) has no such file`);
      } else if (d.file && !d.entry && !index.links.has(d.rel)) {
        reporter.add(
          { file: d.file.path, start: 0, end: 0 },
          'warning',
          RULES.notInWhence,
          `${d.file.path} is in the firmware tree but ${whence.path} does not list it: copy-firmware.sh installs only the files WHENCE names, and check_whence.py reports it`,
          [],
          [reporter.related({ file: whence.path, start: 0, end: 0 }, 'WHENCE')],
        );
      }
    }
    reporter.declarations.push(nameDeclaration(d, index, reporter));
  }
  for (const link of index.links.values()) checkLink(link, index, reporter);
  checkProposal(index, reporter);
}

function checkName(d: NameDecl, index: TreeIndex, reporter: Reporter): void {
  const parsed = d.parsed;
  if (!parsed.ok) {
    if (!parsed.firmwareLike) return; // another kind of firmware (xe/fan_control_….bin): not ours to name
    const fixes: Fix[] = [];
    const suggestion = parsed.suggestion ?? suggestionFromWhence(d);
    if (suggestion && !index.names.has(`${dirName(d.rel)}/${suggestion}`)) fixes.push(renameFix(d, suggestion, `Rename ${d.rel} to ${dirName(d.rel)}/${suggestion}`, reporter, true));
    const message = parsed.suggestion || !suggestion ? describeProblem(parsed) : `${describeProblem(parsed)}; WHENCE's Version makes it \`${suggestion}\``;
    reporter.add(namePlace(d), 'warning', RULES.unknownName, message, fixes);
    return;
  }
  for (const field of eightBitFields(parsed.family)) {
    const part = parsed.parts[field]!;
    const why = eightBitProblem(part.value);
    if (why) reporter.add(numberPlace(d, part), 'error', RULES.notEightBit, `GuC ${field} ${part.text} in ${d.rel}: ${why}; i915 rejects the file ("${invalidFileVersion([parsed.major ?? 0, parsed.minor ?? 0, parsed.patch ?? 0])}")`);
  }
  const version = d.entry?.version;
  if (!version) return;
  // The 8-bit rule belongs to the loaders of the 2019– names; a 2015 "release 1059" is a build number.
  if (parsed.family === 'guc-mmp' || parsed.family === 'guc-major' || parsed.family === 'guc-base-proposal') {
    const parts = version.numbers.length === 4 && parsed.family === 'guc-base-proposal' ? version.numbers.slice(1) : version.numbers.slice(0, 3);
    for (const part of parts) {
      const why = eightBitProblem(part.value);
      if (why) reporter.add({ file: d.tree.whence!.path, start: part.start, end: part.end }, 'error', RULES.notEightBit, `GuC version ${parts.map((p) => p.value).join('.')} in the WHENCE Version of ${d.rel}: ${part.text} ${why.replace(/^\d+ /, '')}; i915 rejects the file ("${invalidFileVersion(parts.map((p) => p.value))}")`);
    }
  }
  checkVersionLine(d, parsed, version, index, reporter);
}

/** For a malformed name: the name its WHENCE Version completes (`tgl_guc_70.1.bin` + 70.1.1 → `tgl_guc_70.1.1.bin`). */
function suggestionFromWhence(d: NameDecl): string | undefined {
  const parsed = d.parsed;
  const numbers = d.entry?.version?.numbers;
  if (parsed.ok || !parsed.almost || !parsed.platform || !numbers?.length) return undefined;
  const family = FAMILIES[parsed.almost];
  const written = (parsed.name.match(/\d+/g) ?? []).map(Number);
  const platformDigits = (parsed.platform.match(/\d+/g) ?? []).length;
  const versionDigits = written.slice(platformDigits);
  const fields = family.fields.filter((f) => f !== 'build');
  if (fields.length !== family.fields.length || numbers.length < fields.length) return undefined;
  if (!versionDigits.every((n, i) => numbers[i]?.value === n)) return undefined;
  const texts: Partial<Record<FieldName, string>> = {};
  fields.forEach((f, i) => (texts[f] = String(numbers[i].value)));
  const name = formatName({ platform: parsed.platform, family: parsed.almost, texts });
  return parseFirmwareName(name).ok ? name : undefined;
}

/** The name's numbers and the Version's, pairwise, in the order both write them. */
function versionPairs(parsed: ParsedName, version: WhenceVersion): { field: FieldName; name: NumberPart; stated: NumberPart }[] {
  let fields: FieldName[];
  let stated: readonly NumberPart[] = version.numbers;
  switch (parsed.family) {
    case 'gsc-release':
      fields = ['major', 'minor', 'patch', 'build'];
      stated = version.release;
      break;
    case 'guc-base-proposal':
      fields = version.numbers.length >= 4 ? ['base', 'major', 'minor', 'patch'] : ['major', 'minor', 'patch'];
      break;
    default:
      fields = FAMILIES[parsed.family].fields.filter((f) => f !== 'build');
  }
  const pairs: { field: FieldName; name: NumberPart; stated: NumberPart }[] = [];
  for (let i = 0; i < Math.min(fields.length, stated.length); i++) pairs.push({ field: fields[i], name: parsed.parts[fields[i]]!, stated: stated[i] });
  return pairs;
}

function checkVersionLine(d: NameDecl, parsed: ParsedName, version: WhenceVersion, index: TreeIndex, reporter: Reporter): void {
  const pairs = versionPairs(parsed, version);
  const wrong = pairs.filter((p) => p.name.value !== p.stated.value);
  if (!wrong.length) return;
  const whencePath = d.tree.whence!.path;
  const statedText = pairs.map((p) => p.stated.value).join('.');
  const nameText = pairs.map((p) => p.name.value).join('.');
  const first = wrong[0];
  const fixes: Fix[] = [{
    title: `Make the WHENCE Version of ${d.rel} say ${nameText}`,
    edits: wrong.map((p) => reporter.edit({ file: whencePath, start: p.stated.start, end: p.stated.end }, String(p.name.value))),
    preferred: true,
  }];
  // Or the Version is right and the file is misnamed: the name the Version gives, if it says every number.
  const fields = FAMILIES[parsed.family].fields;
  const covered = new Set(pairs.map((p) => p.field));
  if (fields.every((f) => covered.has(f) || f === 'build')) {
    const texts: Partial<Record<FieldName, string>> = {};
    for (const f of fields) texts[f] = parsed.parts[f]!.text;
    for (const p of pairs) texts[p.field] = writeLike(p.stated.value, p.name.text);
    const renamed = formatName({ platform: parsed.platform, family: parsed.family, texts });
    if (renamed !== parsed.name && !index.names.has(`${dirName(d.rel)}/${renamed}`)) fixes.push(renameFix(d, renamed, `Rename ${d.rel} to ${dirName(d.rel)}/${renamed} (as its WHENCE Version says)`, reporter));
  }
  reporter.add(
    { file: whencePath, start: first.stated.start, end: first.stated.end },
    'warning',
    RULES.versionMismatch,
    `the WHENCE Version of ${d.rel} says ${statedText}, but the name says ${nameText}: ${wrong.map((p) => `${p.field} ${p.stated.value} ≠ ${p.name.value}`).join(', ')}`,
    fixes,
    [reporter.related(namePlace(d), `${d.rel}`)],
  );
}

function checkLink(link: WhenceEntry, index: TreeIndex, reporter: Reporter): void {
  const whencePath = index.tree.whence!.path;
  const target = link.target!;
  const targetPlace: Place = { file: whencePath, start: target.start, end: target.end };
  const parsed = parseFirmwareName(link.rel);
  if (!parsed.ok && parsed.firmwareLike) reporter.add({ file: whencePath, start: link.start + link.rel.lastIndexOf('/') + 1, end: link.end }, 'warning', RULES.unknownName, describeProblem(parsed));
  if (index.links.has(target.rel)) {
    const next = index.links.get(target.rel)!;
    reporter.add(targetPlace, 'warning', RULES.linkToLink, `Link ${link.rel} points to ${target.rel}, which is itself a link (to ${next.target!.rel}): link to the file`, [{ title: `Link to ${next.target!.rel}`, edits: [reporter.edit(targetPlace, relativeTo(dirName(link.rel), next.target!.rel))], preferred: true }]);
  } else if (!index.names.has(target.rel)) {
    reporter.add(targetPlace, 'error', RULES.linkMissing, `Link ${link.rel} points to ${target.rel}, which is neither a File in ${whencePath} nor in the firmware tree (${index.tree.label})`);
  }
  const targetDecl = index.names.get(target.rel);
  const sites: Site[] = [reporter.site({ file: whencePath, start: link.start, end: link.end }, 'WHENCE Link')];
  const declaration: Declaration = {
    scheme: 'firmware',
    file: whencePath,
    range: reporter.range({ file: whencePath, start: link.start, end: link.end }),
    text: link.rel,
    value: link.rel,
    fields: { ...fieldsOf(parsed), folder: parsed.folder, tree: index.tree.root, link: target.rel },
    sites,
  };
  const where = [`${reporter.where({ file: whencePath, start: link.start, end: link.end })} (WHENCE Link)`];
  reporter.declarations.push({ declaration, explain: () => explainNameMarkdown(parsed, { linkTarget: target.rel, where, whenceVersion: targetDecl?.entry?.version }) });
}

/** A link target written relative to the link's folder, as WHENCE writes them. */
function relativeTo(folder: string, target: string): string {
  return dirName(target) === folder ? baseName(target) : target;
}

function nameDeclaration(d: NameDecl, index: TreeIndex, reporter: Reporter) {
  const sites: Site[] = [];
  const where: string[] = [];
  if (d.file) {
    sites.push(reporter.site({ file: d.file.path, start: 0, end: 0 }, 'file'));
    where.push(`${d.file.path} (file)`);
  }
  const whencePath = d.tree.whence?.path;
  if (d.entry && whencePath) {
    const place = entryPlace(d, d.entry);
    sites.push(reporter.site(place, `WHENCE ${d.entry.kind}`));
    where.push(`${reporter.where(place)} (WHENCE ${d.entry.kind})`);
    if (d.entry.version) sites.push(reporter.site({ file: whencePath, start: d.entry.version.start, end: d.entry.version.end }, 'WHENCE Version'));
  }
  for (const link of d.links) if (whencePath) sites.push(reporter.site({ file: whencePath, start: link.target!.start, end: link.target!.end }, 'WHENCE Link target'));
  const primary = namePlace(d);
  const declaration: Declaration = {
    scheme: 'firmware',
    file: primary.file,
    range: reporter.range(d.entry ? entryPlace(d, d.entry) : primary),
    text: d.rel,
    value: d.rel,
    fields: { ...fieldsOf(d.parsed), folder: d.parsed.folder, tree: index.tree.root, whenceVersion: d.entry?.version?.numbers.map((n) => n.value).join('.') || null },
    sites,
  };
  return { declaration, explain: () => explainNameMarkdown(d.parsed, { where, whenceVersion: d.entry?.version, linkedFrom: d.links.map((l) => l.rel) }) };
}

/**
 * The 2017 proposal, `<platform>_guc_ver<base>_<major>_<minor>_<patch>.bin`: within one platform and BASE,
 * each release against the newest one before it — MINOR resets to 0 on a new MAJOR, PATCH to 0 on a new
 * MINOR; the first release of a later BASE is 1.0.0 (MAJOR resets to 1). Releases of different BASEs are
 * never ordered: a WHENCE link that makes one of them "the latest" when several BASEs exist is reported.
 */
function checkProposal(index: TreeIndex, reporter: Reporter): void {
  const groups = new Map<string, Map<number, { d: NameDecl; p: ParsedName }[]>>();
  for (const d of index.names.values()) {
    const p = d.parsed;
    if (!p.ok || p.family !== 'guc-base-proposal') continue;
    const key = `${p.folder}/${p.platform}`;
    let bases = groups.get(key);
    if (!bases) groups.set(key, (bases = new Map()));
    const list = bases.get(p.base!) ?? [];
    list.push({ d, p });
    bases.set(p.base!, list);
  }
  for (const bases of groups.values()) {
    const order = [...bases.keys()].sort((a, b) => a - b);
    for (const base of order) {
      const releases = bases.get(base)!.sort((a, b) => compareNumbers(orderKey(a.p), orderKey(b.p)));
      releases.forEach(({ d, p }, i) => {
        const expect = (texts: Partial<Record<FieldName, string>>) => formatName({ platform: p.platform, family: p.family, texts: { base: p.parts.base!.text, major: p.parts.major!.text, minor: p.parts.minor!.text, patch: p.parts.patch!.text, ...texts } });
        const report = (part: NumberPart, message: string, expected: string, previous?: NameDecl) => {
          const fixes = index.names.has(`${dirName(d.rel)}/${expected}`) ? [] : [renameFix(d, expected, `Rename ${d.rel} to ${dirName(d.rel)}/${expected}`, reporter)];
          reporter.add(numberPlace(d, part), 'warning', RULES.baseReset, message, fixes, previous ? [reporter.related(namePlace(previous), `the release before it in BASE ${base}: ${previous.rel}`)] : undefined);
        };
        if (p.major === 0) {
          report(p.parts.major!, `${p.name}: MAJOR starts at 1 in every BASE (it resets to 1 on a new BASE); 0 is not a proposal MAJOR`, expect({ major: '1', minor: '0', patch: '0' }));
          return;
        }
        if (i === 0) {
          if (base === order[0]) return; // the platform's first BASE: nothing before it to reset from
          if (p.major !== 1 || p.minor !== 0 || p.patch !== 0) {
            const field = p.major !== 1 ? 'major' : p.minor !== 0 ? 'minor' : 'patch';
            const rule = p.major !== 1 ? 'MAJOR resets to 1 on a new BASE' : p.minor !== 0 ? 'MINOR resets to 0 on a new MAJOR' : 'PATCH resets to 0 on a new MINOR';
            report(p.parts[field]!, `${p.name} is the first release of BASE ${base} for ${p.platform} (BASE ${order[order.indexOf(base) - 1]} came before), so it must be ${base}.1.0.0: ${rule}`, expect({ major: '1', minor: '0', patch: '0' }));
          }
          return;
        }
        const previous = releases[i - 1].p;
        if (p.major! > previous.major! && (p.minor !== 0 || p.patch !== 0)) {
          const field = p.minor !== 0 ? 'minor' : 'patch';
          report(p.parts[field]!, `${p.name} starts MAJOR ${p.major} of BASE ${base} (the release before is ${previous.name}), so MINOR must reset to 0 and PATCH to 0: MINOR resets to 0 on a change of MAJOR`, expect({ minor: '0', patch: '0' }), releases[i - 1].d);
        } else if (p.major === previous.major && p.minor! > previous.minor! && p.patch !== 0) {
          report(p.parts.patch!, `${p.name} starts MINOR ${p.major}.${p.minor} of BASE ${base} (the release before is ${previous.name}), so PATCH must reset to 0: PATCH resets to 0 on a change of MINOR`, expect({ patch: '0' }), releases[i - 1].d);
        }
      });
    }
    if (order.length < 2) continue;
    // A link naming one release as the latest orders BASEs against each other.
    for (const base of order) {
      for (const { d, p } of bases.get(base)!) {
        for (const link of d.links) {
          const linkParsed = parseFirmwareName(link.rel);
          if (linkParsed.ok && linkParsed.family === 'guc-base-proposal') continue;
          reporter.add(
            { file: index.tree.whence!.path, start: link.target!.start, end: link.target!.end },
            'warning',
            RULES.crossBase,
            `Link ${link.rel} makes ${p.name} the release to load for ${p.platform}, but ${p.platform} has releases of BASE ${order.join(' and BASE ')}: releases from different BASEs cannot be compared, so none of them is the latest`,
          );
        }
      }
    }
  }
}
