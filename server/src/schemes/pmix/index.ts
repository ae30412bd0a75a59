import type { Declaration, FileEdit, Finding, Fix, Site, ValueExplanation } from '../../core/model';
import { isSchemeEnabled } from '../../core/settings';
import { factKey, type FactAnswers, type FactQuery } from '../../core/workspace';
import type { AnalysisInput, AnalyzedDeclaration, ExplainOptions, SchemeResult, VersionScheme } from '../../core/scheme';
import { dirName, type Range, type Span } from '../../core/text';
import { isVersionKeyValueFile } from '../../sources/buildProject';
import { snapshotFields, snapshotMarkdown, versionFields, versionFileMarkdown, versionMarkdown, type VersionFileFacts } from './explain';
import { formatTriple, nextVersions, type PmixTriple } from './nextVersions';
import { findTextVersions, isVersionProse, snapshotFiles, type TextVersion } from './textVersions';
import { readPmixVersionFile, type Field, type PmixVersionFile } from './versionFile';
import {
  comparePmixVersions,
  parsePackagedVersion,
  parsePmixVersion,
  parseQuantifier,
  parseSnapshotName,
  QUANTIFIER_RULES,
  SNAPSHOT_PACKAGES,
  type PmixVersion,
  type Snapshot,
} from './versions';

export { comparePmixVersions, parsePmixVersion, parseSnapshotName } from './versions';

/**
 * The pmix scheme: OpenPMIx / Open MPI software versions. Steps: find (versionFile.ts, textVersions.ts)
 * → parse (versions.ts) → validate (below) → explain (explain.ts) → next versions (nextVersions.ts).
 *
 * The `lib*_so_version=C:R:A` lines of VERSION belong to the libtool scheme; this scheme only adds the
 * note that in pre-releases and snapshots their changes are not meaningful. Snapshot names are checked
 * against the workspace's git history when the front end can ask it (`wantedFacts`): the tag exists, the
 * hash names a commit, and the commit count is the one `git describe` would write.
 */
export const RULES = {
  invalidNumber: 'pmix/invalid-number',
  missingField: 'pmix/missing-field',
  invalidQuantifier: QUANTIFIER_RULES.invalid,
  nonstandardQuantifier: QUANTIFIER_RULES.nonstandard,
  quantifierZero: QUANTIFIER_RULES.zero,
  versionDecreased: 'pmix/version-decreased',
  soVersionInPrerelease: 'pmix/so-version-in-prerelease',
  invalidSnapshot: 'pmix/invalid-snapshot-name',
  snapshotTagMissing: 'pmix/snapshot-tag-missing',
  snapshotHashMissing: 'pmix/snapshot-hash-missing',
  snapshotCountMismatch: 'pmix/snapshot-count-mismatch',
} as const;

const NUMBER_KEYS = ['major', 'minor', 'release'] as const;
const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export const pmixScheme: VersionScheme = {
  id: 'pmix',
  displayName: 'OpenPMIx / Open MPI version',
  rules: RULES,

  candidateNames: { names: ['VERSION'] },

  isCandidate(path: string): boolean {
    return isVersionKeyValueFile(path);
  },

  analyze(input: AnalysisInput): SchemeResult {
    const { texts, listing } = input.sources;
    const findings: Finding[] = [];
    const declarations: AnalyzedDeclaration[] = [];
    const wantedFiles: string[] = [];
    const wantedFacts: FactQuery[] = [];
    const range = (span: Span) => input.lines(span.file).rangeOf(span.start, span.end);

    const versionFiles: PmixVersionFile[] = [];
    for (const [path, text] of texts) {
      if (!isVersionKeyValueFile(path)) continue;
      const file = readPmixVersionFile(path, text);
      if (file) versionFiles.push(file);
    }
    const proseDirs = new Set(versionFiles.map((f) => dirName(f.path)));
    for (const dir of proseDirs) {
      // NEWS, README… beside the VERSION file, and release notes under its docs/ (`.rst`).
      for (const path of new Set([...listing.inDirectory(dir), ...listing.withExtension('.rst')])) if (isVersionProse(path, dir)) wantedFiles.push(path);
    }

    for (const file of versionFiles) {
      const result = analyzeVersionFile(file, input, range);
      findings.push(...result.findings);
      if (result.declaration) declarations.push(result.declaration);
    }

    for (const [path, text] of texts) {
      if (![...proseDirs].some((dir) => isVersionProse(path, dir))) continue;
      for (const found of findTextVersions(path, text)) {
        const span = { file: path, start: found.start, end: found.end };
        if (found.snapshot?.problem) findings.push({ file: path, range: range(span), severity: 'error', code: RULES.invalidSnapshot, message: found.snapshot.problem, fixes: [] });
        if (found.snapshot) findings.push(...checkHistory(found.snapshot, path, range(span), input.facts, wantedFacts));
        declarations.push(textDeclaration(found, range(span)));
      }
    }
    for (const { file, snapshot } of snapshotFiles(listing)) {
      if (snapshot.problem) findings.push({ file, range: ZERO, severity: 'error', code: RULES.invalidSnapshot, message: snapshot.problem, fixes: [] });
      findings.push(...checkHistory(snapshot, file, ZERO, input.facts, wantedFacts));
      declarations.push(snapshotDeclaration(file, ZERO, snapshot, 'file name'));
    }
    return { declarations, findings, wantedFiles, wantedFacts: input.facts ? wantedFacts : [] };
  },

  explainValue(value: string, options: ExplainOptions): ValueExplanation | undefined {
    const trimmed = value.trim();
    const name = trimmed.replace(/[?#].*$/, '').split('/').filter(Boolean).pop() ?? trimmed;
    const snapshot = parseSnapshotName(name);
    if (snapshot && (options.explicit || SNAPSHOT_PACKAGES.includes(snapshot.package))) {
      return { scheme: 'pmix', value: name, valid: !snapshot.problem, fields: snapshotFields(snapshot), message: snapshotMarkdown(snapshot) };
    }
    const packaged = parsePackagedVersion(name);
    if (!packaged) return undefined;
    const { version } = packaged;
    const claimed = options.explicit || (packaged.package ? SNAPSHOT_PACKAGES.includes(packaged.package) : version.quantifier.kind !== undefined && version.quantifier.kind !== 'dev' && version.major !== undefined);
    if (!claimed) return undefined;
    const problem = version.quantifier.problem;
    const errors = problem?.severity === 'error' ? [problem.message] : [];
    let message = versionMarkdown(version, { packageName: packaged.package, problems: errors });
    if (problem && problem.severity !== 'error') message += `\n\n⚠ ${problem.message}`;
    return { scheme: 'pmix', value: name, valid: errors.length === 0, fields: versionFields(version, packaged.package), message };
  },
};

/**
 * A snapshot name against the workspace's git history: the tag of a `git describe` name exists, the hash
 * names a commit, and that commit is as many commits after the tag as the name says. Adds the questions
 * to `wanted`; silent on what git has not answered (no git, untrusted workspace, shallow clone).
 */
function checkHistory(snapshot: Snapshot, file: string, at: Range, facts: FactAnswers | undefined, wanted: FactQuery[]): Finding[] {
  if (!facts) return [];
  const tagRef = snapshot.form === 'describe' && snapshot.tag ? `refs/tags/${snapshot.tag}` : undefined;
  const tagQuery: FactQuery | undefined = tagRef ? { kind: 'commit', ref: tagRef } : undefined;
  const hashQuery: FactQuery = { kind: 'commit', ref: snapshot.hash };
  wanted.push(hashQuery);
  if (tagQuery) wanted.push(tagQuery);
  const tag = tagQuery ? facts.get(factKey(tagQuery)) : undefined;
  const commit = facts.get(factKey(hashQuery));
  const findings: Finding[] = [];
  const finding = (code: string, message: string): Finding => ({ file, range: at, severity: 'warning', code, message, fixes: [] });
  if (tag === null) {
    findings.push(finding(RULES.snapshotTagMissing, `${snapshot.text} names tag ${snapshot.tag}, but this repository has no tag ${snapshot.tag}: git describe writes the nearest tag, so this snapshot was not made from this history (or the tag was not fetched)`));
  }
  if (commit === null) {
    findings.push(finding(RULES.snapshotHashMissing, `${snapshot.text} was made from commit ${snapshot.hash}, but this repository has no commit ${snapshot.hash}: the snapshot was not made from this history (or the commit was not fetched)`));
  }
  if (tagRef && typeof tag === 'string' && typeof commit === 'string' && snapshot.commits !== undefined) {
    const countQuery: FactQuery = { kind: 'count', from: tagRef, to: commit };
    wanted.push(countQuery);
    const count = facts.get(factKey(countQuery));
    if (typeof count === 'number' && count !== snapshot.commits) {
      findings.push(finding(RULES.snapshotCountMismatch, `${snapshot.text} says ${snapshot.commits} commit${snapshot.commits === 1 ? '' : 's'} after ${snapshot.tag}, but commit ${snapshot.hash} is ${count} commit${count === 1 ? '' : 's'} after ${snapshot.tag} in this repository (git rev-list --count ${snapshot.tag}..${snapshot.hash}): git describe would name it ${snapshot.package}-${snapshot.tag}-${count}-g${snapshot.hash}${snapshot.extension}`));
    }
  }
  return findings;
}

interface FileResult {
  readonly findings: Finding[];
  readonly declaration?: AnalyzedDeclaration;
}

function analyzeVersionFile(file: PmixVersionFile, input: AnalysisInput, range: (span: Span) => Range): FileResult {
  const findings: Finding[] = [];
  const problems: string[] = [];
  const at = (field: Field): Range => range({ file: file.path, start: field.start, end: field.end === field.start ? field.start : field.end });
  const keyAt = (field: Field): Range => range({ file: file.path, start: field.keyStart, end: field.keyStart + field.key.length });
  const numbers: Partial<Record<(typeof NUMBER_KEYS)[number], number>> = {};
  for (const key of NUMBER_KEYS) {
    const field = file[key];
    if (!field) {
      const message = `VERSION has no ${key}= line: the software version is major.minor.release, and pmix_get_version.sh would print an incomplete one`;
      problems.push(message);
      findings.push({ file: file.path, range: keyAt(file.major ?? file.first), severity: 'error', code: RULES.missingField, message, fixes: [] });
      continue;
    }
    if (!/^\d{1,9}$/.test(field.text)) {
      const message = field.text === '' ? `${key} is empty: it must be a number` : `${key}=${field.text} is not a number: ${key} is an integer (e.g. ${key}=${key === 'major' ? 5 : 0})`;
      problems.push(message);
      findings.push({ file: file.path, range: field.text === '' ? keyAt(field) : at(field), severity: 'error', code: RULES.invalidNumber, message, fixes: [] });
      continue;
    }
    numbers[key] = Number(field.text);
  }
  const greekText = file.greek?.text ?? '';
  const quantifier = parseQuantifier(greekText);
  if (quantifier.problem && file.greek) {
    if (quantifier.problem.severity === 'error') problems.push(quantifier.problem.message);
    const fixes: Fix[] = quantifier.problem.replacement
      ? [{ title: `Set greek=${quantifier.problem.replacement}`, edits: [{ file: file.path, range: at(file.greek), newText: quantifier.problem.replacement }], preferred: true }]
      : [];
    findings.push({ file: file.path, range: at(file.greek), severity: quantifier.problem.severity, code: quantifier.problem.code, message: quantifier.problem.message, fixes });
  }
  const complete = numbers.major !== undefined && numbers.minor !== undefined && numbers.release !== undefined;
  const text = `${file.major?.text ?? '?'}.${file.minor?.text ?? '?'}.${file.release?.text ?? '?'}${greekText}`;
  const version: PmixVersion = { text, vPrefix: false, major: numbers.major, minor: numbers.minor, release: numbers.release, releaseWritten: true, quantifier };

  // The last release: the same VERSION file there, and the tag (a final tag's VERSION may still say rcN).
  let baselineFacts: VersionFileFacts['baseline'];
  const baselineSo = new Map<string, string>();
  const baselineText = input.baseline?.sources.texts.get(file.path);
  const then = baselineText !== undefined ? readPmixVersionFile(file.path, baselineText) : undefined;
  if (then && input.baseline) {
    for (const so of then.soVersions) baselineSo.set(so.key, so.text);
    const thenVersion = then.major && then.minor && then.release ? parsePmixVersion(`${then.major.text}.${then.minor.text}.${then.release.text}${then.greek?.text ?? ''}`) : undefined;
    if (thenVersion && complete) {
      const tag = parsePackagedVersion(input.baseline.ref)?.version;
      const released = tag && tag.quantifier.text === '' && tag.major === thenVersion.major && tag.minor === thenVersion.minor && tag.release === thenVersion.release ? tag : thenVersion;
      const releasedText = released === thenVersion ? thenVersion.text : `${thenVersion.major}.${thenVersion.minor}.${thenVersion.release} (final; VERSION there says ${thenVersion.text})`;
      const order = comparePmixVersions(version, released);
      const relation = order === undefined ? 'not comparable (a quantifier outside aX, bX, rcX)' : order > 0 ? 'newer' : order < 0 ? 'older' : 'the same';
      baselineFacts = { ref: input.baseline.ref, value: releasedText, relation };
      if (order !== undefined && order < 0 && text !== thenVersion.text && !releaseSchemeChecks(input)) {
        const lower = NUMBER_KEYS.find((k) => (version[k] ?? 0) !== (released[k] ?? 0));
        const field = lower ? file[lower]! : file.greek ?? file.major!;
        const message = `${text} sorts before ${released === thenVersion ? thenVersion.text : `${thenVersion.major}.${thenVersion.minor}.${thenVersion.release}`}, released at ${input.baseline.ref} (dev < a < b < rc < final): the version went backwards`;
        findings.push({ file: file.path, range: at(field), severity: 'warning', code: RULES.versionDecreased, message, fixes: [] });
      }
    }
  }
  // Shared-library versions that changed in a pre-release or snapshot.
  if (greekText !== '' && then) {
    for (const so of file.soVersions) {
      const before = baselineSo.get(so.key);
      if (before === undefined || before === so.text) continue;
      findings.push({
        file: file.path,
        range: at(so),
        severity: 'information',
        code: RULES.soVersionInPrerelease,
        message: `${so.key} changed from ${before} (${input.baseline!.ref}) to ${so.text} while the software version is ${text}: shared-library versions in snapshots and pre-releases are not meaningful; only official releases follow the libtool rules`,
        fixes: [],
      });
    }
  }

  const triple: PmixTriple | undefined = complete ? { major: numbers.major!, minor: numbers.minor!, release: numbers.release!, greek: greekText } : undefined;
  const next = triple && !quantifier.problem ? nextVersions(triple) : [];
  const facts: VersionFileFacts = {
    version,
    problems,
    repoRev: file.repoRev?.text,
    tarballVersion: file.tarballVersion?.text,
    date: file.date?.text,
    soVersions: file.soVersions.map((so) => ({ library: so.key.replace(/_so_version$/, ''), value: so.text, baseline: baselineSo.get(so.key) })),
    baseline: baselineFacts,
    next,
  };
  const sites: Site[] = [];
  const roles: [Field | undefined, string][] = [[file.major, 'major'], [file.minor, 'minor'], [file.release, 'release'], [file.greek, 'greek'], [file.repoRev, 'repo_rev'], [file.tarballVersion, 'tarball_version'], [file.date, 'date']];
  for (const [field, role] of roles) if (field) sites.push({ file: file.path, range: at(field), role });
  const anchor = file.major ?? file.first;
  const declaration: Declaration = {
    scheme: 'pmix',
    file: file.path,
    range: at(anchor),
    text,
    value: complete && !problems.length ? formatTriple(triple!) : null,
    fields: {
      ...versionFields(version),
      repoRev: file.repoRev?.text ?? null,
      tarballVersion: file.tarballVersion?.text ?? null,
      date: file.date?.text ?? null,
      soVersions: Object.fromEntries(file.soVersions.map((so) => [so.key, so.text])),
      baseline: baselineFacts ? { ref: baselineFacts.ref, value: baselineFacts.value } : null,
      valid: problems.length === 0,
    },
    sites,
  };
  const bumps = triple && !quantifier.problem ? next.map((n) => bumpFix(file, n.label, n.value, triple, at)).filter((f): f is Fix => f !== undefined) : undefined;
  return { findings, declaration: { declaration, explain: () => versionFileMarkdown(facts), bumps } };
}

/**
 * Once commits follow the last release tag, the release scheme (`release/not-newer-than-last-release`)
 * already reports a version that is not newer than it, at the same VERSION file: this scheme then stays
 * silent rather than say it twice. It speaks when HEAD is the release (an edit not yet committed), when the
 * count is unknown, or when the user turned the release scheme off.
 */
function releaseSchemeChecks(input: AnalysisInput): boolean {
  return (input.baseline?.commitsSince ?? 0) > 0 && isSchemeEnabled(input.settings, 'release');
}

function bumpFix(file: PmixVersionFile, label: string, target: PmixTriple, current: PmixTriple, at: (field: Field) => Range): Fix | undefined {
  const edits: FileEdit[] = [];
  for (const key of NUMBER_KEYS) {
    if (target[key] !== current[key]) edits.push({ file: file.path, range: at(file[key]!), newText: String(target[key]) });
  }
  if (target.greek !== current.greek) {
    if (!file.greek) return undefined;
    edits.push({ file: file.path, range: at(file.greek), newText: target.greek });
  }
  return edits.length ? { title: `Bump to the ${label}: ${formatTriple(target)}`, edits } : undefined;
}

function textDeclaration(found: TextVersion, range: Range): AnalyzedDeclaration {
  if (found.snapshot) return snapshotDeclaration(found.file, range, found.snapshot, 'snapshot');
  const version = found.version!;
  const declaration: Declaration = {
    scheme: 'pmix',
    file: found.file,
    range,
    text: version.text,
    value: version.quantifier.problem?.severity === 'error' ? null : version.text.replace(/^v/, ''),
    fields: versionFields(version),
    sites: [{ file: found.file, range, role: 'version' }],
  };
  return { declaration, explain: () => versionMarkdown(version) };
}

function snapshotDeclaration(file: string, range: Range, snapshot: Snapshot, role: string): AnalyzedDeclaration {
  const declaration: Declaration = {
    scheme: 'pmix',
    file,
    range,
    text: snapshot.text,
    value: snapshot.problem ? null : snapshot.text,
    fields: snapshotFields(snapshot),
    sites: [{ file, range, role }],
  };
  return { declaration, explain: () => snapshotMarkdown(snapshot) };
}
