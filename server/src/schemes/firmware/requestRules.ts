import type { Declaration, Fix, Site } from '../../core/model';
import type { DriverRequest } from './drivers';
import { explainRequestMarkdown, i915Notice, xeNotice } from './explain';
import { compareNumbers, describeProblem, eightBitProblem, fieldsOf, KIND_LABEL, versionText, type FieldName, type NumberPart, type ParsedName } from './names';
import { RULES, type Place, type Reporter } from './report';
import { familyKey, invalidFileVersion, knownVersion, orderKey, type NameDecl, type TreeIndex } from './treeRules';
import type { WhenceEntry } from './whence';

/**
 * Step 3 (validate) for driver sources: each request's name parses and its GuC numbers are 8-bit; against
 * the firmware tree, the file exists and its version satisfies the driver (i915: same major and minor ≥
 * wanted, an older minor gets i915's notice; xe `mmp_ver`: exactly major.minor.patch), and no newer
 * compatible version sits in the tree unused. Quick fixes rewrite the table numbers (or the literal) to the
 * newest compatible version present. Releases of different BASEs (the 2017 proposal) are never compared.
 */
const ROLE: Record<FieldName, string> = { base: 'BASE', major: 'MAJOR', minor: 'MINOR', patch: 'PATCH', build: 'BUILD' };

export function checkRequests(requests: readonly DriverRequest[], reference: TreeIndex | undefined, reporter: Reporter): void {
  for (const request of requests) {
    const status: string[] = [];
    checkRequestName(request, reporter);
    if (reference && request.parsed.ok) checkAgainstTree(request, request.parsed, reference, reporter, status);
    else if (!reference && request.parsed.ok) status.push('No firmware tree in the workspace to check this against (setting `firmware.tree`).');
    reporter.declarations.push(requestDeclaration(request, reporter, status));
  }
  checkCrossBase(requests, reporter);
}

const place = (request: DriverRequest, part: { start: number; end: number }): Place => ({ file: request.file, start: part.start, end: part.end });
const callPlace = (request: DriverRequest): Place => (request.literal ? place(request, request.literal) : { file: request.file, start: request.start, end: request.end });

function checkRequestName(request: DriverRequest, reporter: Reporter): void {
  const parsed = request.parsed;
  if (!parsed.ok) {
    if (parsed.firmwareLike || request.form !== 'string') {
      const at = request.literal ? { start: request.literal.start + request.path.lastIndexOf('/') + 1, end: request.literal.end } : request;
      reporter.add(place(request, at), 'warning', RULES.unknownName, `${request.form === 'string' ? '' : `${reporter.source(callPlace(request))} asks for ${request.path}: `}${describeProblem(parsed)}`);
    }
    return;
  }
  if (parsed.kind !== 'guc') return;
  const numbers = [request.wanted?.major ?? request.nameNumbers.major, request.wanted?.minor ?? request.nameNumbers.minor, request.wanted?.patch ?? request.nameNumbers.patch];
  const values = numbers.map((n) => n?.value ?? 0);
  numbers.forEach((part, i) => {
    const why = part && eightBitProblem(part.value);
    if (!why) return;
    const consequence = request.driver === 'xe' ? 'the GuC firmware header holds each component in 8 bits, so no file can carry it' : `i915 rejects such a file ("${invalidFileVersion(values)}")`;
    reporter.add(place(request, part), 'error', RULES.notEightBit, `GuC ${['major', 'minor', 'patch'][i]} ${part.text}: ${why}; ${consequence}`);
  });
}

/** The tree's file at a path: listed, or reached through a WHENCE Link to a listed file. */
function lookup(index: TreeIndex, rel: string): { decl: NameDecl; via?: WhenceEntry } | undefined {
  const direct = index.names.get(rel);
  if (direct?.file) return { decl: direct };
  const link = index.links.get(rel);
  const target = link && index.names.get(link.target!.rel);
  return target?.file ? { decl: target, via: link } : undefined;
}

/** Listed files of the same family, platform and folder, with the same major (and BASE), newest first. */
function compatible(index: TreeIndex, parsed: ParsedName): (NameDecl & { parsed: ParsedName })[] {
  return ((index.byFamily.get(familyKey(parsed)) ?? []) as (NameDecl & { parsed: ParsedName })[])
    .filter((d) => d.file && d.parsed.major === parsed.major && d.parsed.base === parsed.base)
    .sort((a, b) => compareNumbers(orderKey(b.parsed), orderKey(a.parsed)));
}

function wantedNumbers(request: DriverRequest, parsed: ParsedName): number[] {
  if (request.wanted) return [request.wanted.major, request.wanted.minor, request.wanted.patch].filter((p): p is NumberPart => p !== undefined).map((p) => p.value);
  return [parsed.major, parsed.minor, parsed.patch].filter((n): n is number => n !== null);
}

/** Rewrites the request to name another file of its family (numbers where they are written, or the literal). */
function retarget(request: DriverRequest, target: NameDecl & { parsed: ParsedName }, title: string, reporter: Reporter, preferred: boolean): Fix {
  if (request.literal) {
    const slash = request.path.lastIndexOf('/');
    return { title, edits: [reporter.edit({ file: request.file, start: request.literal.start + slash + 1, end: request.literal.end }, target.parsed.name)], ...(preferred ? { preferred } : {}) };
  }
  const edits = (Object.entries(request.nameNumbers) as [FieldName, NumberPart][])
    .filter(([field, part]) => target.parsed.parts[field] && target.parsed.parts[field]!.text !== part.text)
    .map(([field, part]) => reporter.edit(place(request, part), target.parsed.parts[field]!.text));
  return { title, edits, ...(preferred ? { preferred } : {}) };
}

function checkAgainstTree(request: DriverRequest, parsed: ParsedName, index: TreeIndex, reporter: Reporter, status: string[]): void {
  const tree = index.tree.label;
  const label = request.form === 'string' ? `"${request.path}"` : reporter.source({ file: request.file, start: request.start, end: request.end });
  const at = callPlace(request);
  const kind = KIND_LABEL[parsed.kind];
  const wanted = wantedNumbers(request, parsed);
  const key = orderKey(parsed);
  const hit = lookup(index, request.path);

  if (!hit) {
    const alternatives = request.encodes === 'full' ? compatible(index, parsed) : [];
    const sameValue = alternatives.find((d) => compareNumbers(orderKey(d.parsed), key) === 0);
    let message = `${label} asks for ${request.path}, which the firmware tree (${tree}) does not have`;
    const fixes: Fix[] = [];
    if (sameValue) {
      message += `; it has ${sameValue.rel}: the driver builds the name from the digits as written (__stringify), so write ${versionDigits(sameValue.parsed)}`;
      fixes.push(retarget(request, sameValue, `Write the numbers as ${sameValue.rel} does`, reporter, true));
    } else if (alternatives.length) {
      const best = alternatives[0];
      const bestVersion = versionText(best.parsed);
      if (compareNumbers(orderKey(best.parsed), key) > 0) {
        message += `; its newest compatible file is ${best.rel} (${bestVersion})`;
        fixes.push(retarget(request, best, `Ask for ${bestVersion} (${best.rel}, the newest compatible in ${tree})`, reporter, true));
      } else {
        if (request.rule === 'exact') message += `; xe requires exactly ${wanted.join('.')} on force-probe platforms (full_ver_required), and the newest ${parsed.major}.x there is ${best.rel} (${bestVersion})`;
        else if (request.wanted) {
          const found = knownVersion(best)?.numbers ?? [];
          const notice = request.driver === 'xe' ? xeNotice(parsed.kind, wanted, best.rel, found) : i915Notice(parsed.kind, request.path, wanted, best.rel, found);
          message += `; it only has older ${parsed.major}.x releases (newest ${best.rel}, ${bestVersion}): loaded instead, ${request.driver} reports "${notice}"`;
        } else message += `; the newest compatible one there is ${best.rel} (${bestVersion})`;
        fixes.push(retarget(request, best, `Ask for ${bestVersion} (${best.rel}, the newest compatible in ${tree})`, reporter, false));
      }
    } else {
      message += `; ${missingContext(index, parsed)}`;
    }
    reporter.add(at, 'error', RULES.requestMissing, message, fixes);
    status.push(`Firmware tree ${tree}: **does not have** \`${request.path}\`.`);
    return;
  }

  const found = knownVersion(hit.decl);
  const foundPath = hit.via ? `${request.path} (a link to ${hit.decl.rel})` : request.path;
  const related = hit.decl.entry && index.tree.whence ? [reporter.related({ file: index.tree.whence.path, start: hit.decl.entry.start, end: hit.decl.entry.end }, `${hit.decl.rel} in WHENCE`)] : undefined;
  status.push(`Firmware tree ${tree}: has \`${foundPath}\`${found ? ` — version ${found.numbers.join('.')} (from its ${found.source === 'name' ? 'name' : 'WHENCE Version'})` : ' (its version is only in the file: no WHENCE Version)'}.`);
  if (request.wanted && found && request.rule !== 'path') {
    const f = found.numbers;
    const mismatch = f[0] !== wanted[0] || (request.rule === 'exact' && compareNumbers(f, wanted) !== 0);
    if (mismatch) {
      const quote = request.driver === 'xe'
        ? `${kind} firmware ${request.path}: unexpected version: ${triple(f)} != ${triple(wanted)}`
        : `${kind} firmware ${request.path}: unexpected version: ${f[0]}.${f[1] ?? 0} != ${wanted[0]}.${wanted[1] ?? 0}`;
      reporter.add(at, 'error', RULES.requestMissing, `the firmware tree's ${foundPath} is ${f.join('.')} (${found.source === 'name' ? 'its name' : 'WHENCE'}), but ${label} ${request.rule === 'exact' ? `requires exactly ${wanted.join('.')}` : `requires major ${wanted[0]}`}: ${request.driver} rejects it ("${quote}")`, [], related);
    } else if (compareNumbers(f.slice(1), wanted.slice(1)) < 0) {
      const notice = request.driver === 'xe' ? xeNotice(parsed.kind, wanted, request.path, f) : i915Notice(parsed.kind, request.path, wanted, request.path, f);
      reporter.add(at, 'warning', RULES.requestMissing, `the firmware tree's ${foundPath} is ${f.join('.')} (${found.source === 'name' ? 'its name' : 'WHENCE'}), older than the ${wanted.join('.')} ${label} asks for: ${request.driver} loads it with the notice "${notice}"`, [], related);
    }
  }
  if (request.encodes === 'full') {
    const newer = compatible(index, parsed).filter((d) => compareNumbers(orderKey(d.parsed), key) > 0);
    if (newer.length) {
      const best = newer[0];
      const bestVersion = versionText(best.parsed);
      reporter.add(at, 'information', RULES.requestOlder, `${label} asks for ${versionText(parsed)}, but the firmware tree (${tree}) has the newer compatible ${bestVersion} (${best.rel})`, [retarget(request, best, `Ask for ${bestVersion} (${best.rel}, the newest compatible in ${tree})`, reporter, true)]);
      status.push(`Newest compatible in the tree: \`${best.rel}\` (${bestVersion}).`);
    }
  } else if (request.encodes === 'major' && request.wanted && found?.source === 'WHENCE' && request.rule !== 'path' && found.numbers[0] === wanted[0] && compareNumbers(found.numbers, wanted) > 0) {
    const edits = [request.wanted.minor, request.wanted.patch]
      .map((part, i) => (part && found.numbers[i + 1] !== undefined && found.numbers[i + 1] !== part.value ? reporter.edit(place(request, part), String(found.numbers[i + 1])) : undefined))
      .filter((e) => e !== undefined);
    const shown = found.numbers.slice(0, wanted.length).join('.');
    reporter.add(at, 'information', RULES.requestOlder, `${label} recommends ${wanted.join('.')}, but the firmware tree's ${foundPath} is ${found.numbers.join('.')} (WHENCE)`, edits.length ? [{ title: `Recommend ${shown} (what ${tree} has)`, edits, preferred: true }] : [], related);
  }
}

const triple = (n: readonly number[]) => [0, 1, 2].map((i) => n[i] ?? 0).join('.');

function versionDigits(p: ParsedName): string {
  return Object.values(p.parts).map((part) => part!.text).join(', ');
}

/** Why nothing in the tree can stand in for a missing request. */
function missingContext(index: TreeIndex, parsed: ParsedName): string {
  const same: ParsedName[] = [];
  for (const d of index.names.values()) {
    if (d.file && d.parsed.ok && d.parsed.folder === parsed.folder && d.parsed.platform === parsed.platform && d.parsed.kind === parsed.kind) same.push(d.parsed);
  }
  if (parsed.family === 'guc-base-proposal') {
    const bases = [...new Set(same.filter((p) => p.family === 'guc-base-proposal' && p.base !== parsed.base).map((p) => p.base))];
    if (bases.length) return `it has ${parsed.platform} releases of BASE ${bases.join(', ')} only, and releases from different BASEs cannot be compared, so none of them can stand in for BASE ${parsed.base}`;
  }
  if (!same.length) return `it has no ${KIND_LABEL[parsed.kind]} firmware for ${parsed.platform} in ${parsed.folder}/`;
  const names = same.slice(0, 4).map((p) => p.name).join(', ') + (same.length > 4 ? ', …' : '');
  return parsed.major !== null ? `of ${parsed.platform}'s ${KIND_LABEL[parsed.kind]} files there (${names}), none is a compatible ${parsed.major}.x of this form` : `it has ${names} for ${parsed.platform}`;
}

/** Releases of different BASEs named by one driver source for one platform: a fallback list orders them. */
function checkCrossBase(requests: readonly DriverRequest[], reporter: Reporter): void {
  const groups = new Map<string, DriverRequest[]>();
  for (const r of requests) {
    if (!r.parsed.ok || r.parsed.family !== 'guc-base-proposal') continue;
    const key = `${r.file}\0${r.parsed.folder}/${r.parsed.platform}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const list of groups.values()) {
    const first = list[0];
    const firstBase = (first.parsed as ParsedName).base;
    for (const r of list.slice(1)) {
      const p = r.parsed as ParsedName;
      if (p.base === firstBase) continue;
      const part = r.nameNumbers.base;
      reporter.add(
        part ? place(r, part) : callPlace(r),
        'warning',
        RULES.crossBase,
        `${p.name} (BASE ${p.base}) and ${(first.parsed as ParsedName).name} (BASE ${firstBase}) are both named for ${p.platform} here, so one is preferred over the other; releases from different BASEs cannot be compared, so no order between them is meaningful`,
        [],
        [reporter.related(callPlace(first), `${(first.parsed as ParsedName).name}, BASE ${firstBase}`)],
      );
    }
  }
}

function requestDeclaration(request: DriverRequest, reporter: Reporter, status: readonly string[]) {
  const sites: Site[] = [];
  if (request.literal) sites.push(reporter.site(place(request, request.literal), 'name'));
  else {
    sites.push(reporter.site({ file: request.file, start: request.formStart, end: request.formEnd }, request.form));
    if (request.platform) sites.push(reporter.site(place(request, request.platform), 'platform'));
  }
  const numbers = new Map<string, { part: NumberPart; role: string }>();
  for (const [field, part] of Object.entries(request.nameNumbers) as [FieldName, NumberPart][]) numbers.set(`${part.start}`, { part, role: ROLE[field] });
  if (request.wanted) {
    for (const [field, part] of Object.entries(request.wanted) as [FieldName, NumberPart | undefined][]) if (part && !numbers.has(`${part.start}`)) numbers.set(`${part.start}`, { part, role: `wanted ${ROLE[field]}` });
  }
  for (const { part, role } of numbers.values()) sites.push(reporter.site(place(request, part), role));
  const wanted = request.wanted ? [request.wanted.major, request.wanted.minor, request.wanted.patch].filter((p) => p).map((p) => p!.value).join('.') : null;
  const declaration: Declaration = {
    scheme: 'firmware',
    file: request.file,
    range: reporter.range(callPlace(request)),
    text: request.path,
    value: request.path,
    fields: { ...fieldsOf(request.parsed), folder: request.folder, driver: request.driver, form: request.form, wanted, rule: request.rule, row: request.row ?? null },
    sites,
  };
  return { declaration, explain: () => explainRequestMarkdown(request, status) };
}
