import { parse as parseJsonc } from 'jsonc-parser';
import type { Declaration, Finding, Fix, Site, ValueExplanation } from '../../core/model';
import type { AnalysisInput, AnalyzedDeclaration, ExplainOptions, SchemeResult, VersionScheme } from '../../core/scheme';
import type { SourceSet } from '../../sources/buildProject';
import type { Range } from '../../core/text';
import { parseDescription, parseSysfsType, type Block, type Description, type Entry } from './description';
import { explainFields, explainMarkdown, type MigrationFacts } from './explain';
import { DESCRIPTION_NAMES, isDescriptionFile, isMigrationCandidate, matchSettingsFiles, sysfsTypeDirectory } from './files';
import { checkBump, checkCompatible, checkRanges, featureChange, requiredVersion, RULES, type BumpEvidence } from './rules';
import { alternatives, featuresOf, formatVersion, isFeatureEntry, parseMigrationVersion, VERSION_KEYS, versionEntry, type MigrationVersion } from './semver';

export { RULES } from './rules';
export { matchSettingsFiles } from './files';

/**
 * The migration scheme: device-migration feature sets from the 2020 "device compatibility interface for
 * live migration with assigned devices" proposal (nothing of it landed in Linux). Steps: find (files.ts)
 * → parse (description.ts, semver.ts) → validate (rules.ts: COMPATIBLE entries against SELF, the version
 * against the feature change since the last release) → explain (explain.ts) → next versions (the
 * required version in rules.ts and the bumps below).
 */
export const migrationScheme: VersionScheme = {
  id: 'migration',
  displayName: 'Device migration feature set (2020 mdev proposal)',
  rules: RULES,
  // Attribute files of a captured sysfs tree have any name without a dot; the path decides which are.
  candidateNames: { names: [...DESCRIPTION_NAMES], extensions: ['.migration'], pattern: /^[^.]+$/ },

  isCandidate(path: string): boolean {
    return isMigrationCandidate(path);
  },

  analyze(input: AnalysisInput): SchemeResult {
    const patterns = input.settings.migration.files;
    const extra = new Set(matchSettingsFiles(input.sources.listing, patterns));
    const wantedFiles = [...extra];
    const baselineExtra = input.baseline ? new Set(matchSettingsFiles(input.baseline.sources.listing, patterns)) : new Set<string>();
    const wantedBaselineFiles = [...baselineExtra];
    const descriptions = collectDescriptions(input.sources, extra);
    const before = input.baseline ? new Map(collectDescriptions(input.baseline.sources, baselineExtra).map((d) => [d.id, d])) : undefined;

    const findings: Finding[] = [];
    const declarations: AnalyzedDeclaration[] = [];
    const rangeOf = (e: Entry) => input.lines(e.file).rangeOf(e.valueStart, e.valueEnd);
    const spanRange = (file: string, start: number, end: number) => input.lines(file).rangeOf(start, end);

    for (const description of descriptions) {
      const { self } = description;
      const problems: string[] = [];
      const selfVersionAt = versionEntry(self);
      const selfVersion = selfVersionAt ? parseMigrationVersion(selfVersionAt.value) : undefined;
      for (const block of [self, ...description.compatible]) {
        const at = versionEntry(block) ?? (block === self ? undefined : [...block.entries].reverse().find((e) => VERSION_KEYS.includes(e.key)));
        if (!at) continue;
        const alts = alternatives(at.value);
        if (alts.kind === 'any') continue;
        for (const value of alts.values) {
          if (parseMigrationVersion(value)) continue;
          const message = `${at.key} '${value}' is not major.minor.bugfix (e.g. 0.2.0): compatibility is decided by comparing majors and minors`;
          if (block === self) problems.push(message);
          findings.push({ file: at.file, range: rangeOf(at), severity: 'error', code: RULES.invalidVersion, message, fixes: [] });
        }
      }

      const compatibleFacts: { index: number; version?: string; issues: string[] }[] = [];
      for (const block of description.compatible) {
        const issues = checkCompatible(self, block);
        for (const issue of issues) findings.push({ file: issue.entry.file, range: rangeOf(issue.entry), severity: 'warning', code: RULES.incompatibleEntry, message: issue.message, fixes: [], related: selfVersionAt ? [{ file: selfVersionAt.file, range: rangeOf(selfVersionAt), message: `SELF: ${selfVersionAt.key} ${selfVersionAt.value}` }] : undefined });
        compatibleFacts.push({ index: block.index, version: versionEntry(block)?.value, issues: issues.map((i) => i.message) });
      }
      for (const issue of checkRanges(self)) findings.push({ file: issue.entry.file, range: rangeOf(issue.entry), severity: 'warning', code: RULES.incompatibleEntry, message: issue.message, fixes: [] });

      // The last release: the same description there, its version and features.
      let baselineFacts: MigrationFacts['baseline'];
      let nextFix: Fix | undefined;
      const then = before?.get(description.id);
      const thenAt = then ? versionEntry(then.self) : undefined;
      const thenVersion = thenAt ? parseMigrationVersion(thenAt.value) : undefined;
      if (then && thenVersion && selfVersion && selfVersionAt && input.baseline) {
        const evidence: BumpEvidence = { ref: input.baseline.ref, then: thenVersion, change: featureChange(self, then.self) };
        const required = requiredVersion(evidence, selfVersion);
        const fix: Fix = { title: `Set ${selfVersionAt.key} to ${required.text}`, edits: [{ file: selfVersionAt.file, range: rangeOf(selfVersionAt), newText: required.text }], preferred: true };
        for (const problem of checkBump(selfVersion, evidence, input.settings.release)) {
          findings.push({ file: selfVersionAt.file, range: rangeOf(selfVersionAt), severity: problem.severity, code: problem.code, message: problem.message, fixes: problem.fixable ? [fix] : [], related: [...featureSites(self, evidence, rangeOf)] });
        }
        baselineFacts = { ref: input.baseline.ref, version: thenVersion.text, change: evidence.change, required: required.text };
        if (required.text !== selfVersion.text && (required.major !== selfVersion.major || required.minor !== (selfVersion.minor ?? 0) || required.bugfix !== (selfVersion.bugfix ?? 0))) nextFix = fix;
      }

      if (selfVersionAt || featuresOf(self).size || description.compatible.length) {
        const facts: MigrationFacts = { block: self, compatible: compatibleFacts, baseline: baselineFacts, problems, sysfs: description.sysfs };
        declarations.push(declarationOf(description, self, facts, rangeOf, spanRange, selfVersion && selfVersionAt ? bumpsFor(selfVersion, selfVersionAt, rangeOf) : undefined, nextFix));
      }
      for (const block of description.compatible) {
        if (!versionEntry(block) && !featuresOf(block).size) continue;
        const facts: MigrationFacts = { block, selfVersion, problems: [] };
        declarations.push(declarationOf(description, block, facts, rangeOf, spanRange));
      }
    }
    return { declarations, findings, wantedFiles, wantedBaselineFiles };
  },

  explainValue(value: string, options: ExplainOptions): ValueExplanation | undefined {
    const block = blockOfValue(value.trim(), Boolean(options.explicit));
    if (!block) return undefined;
    const description = block.description;
    const self = description.self;
    const at = versionEntry(self);
    const version = at ? parseMigrationVersion(at.value) : undefined;
    const problems: string[] = [];
    if (at && !version) problems.push(`${at.key} '${at.value}' is not major.minor.bugfix (e.g. 0.2.0)`);
    if (!at && !featuresOf(self).size) problems.push('no software_version / interface_version and no feature list: nothing to compare');
    const compatible = description.compatible.map((b) => ({ index: b.index, version: versionEntry(b)?.value, issues: checkCompatible(self, b).map((i) => i.message) }));
    return {
      scheme: 'migration',
      value: value.trim(),
      valid: problems.length === 0,
      fields: { ...explainFields(self), ...(compatible.length ? { compatible: compatible.map((c) => ({ index: c.index, version: c.version ?? null, compatible: c.issues.length === 0 })) } : {}) },
      message: explainMarkdown({ block: self, compatible, problems }),
    };
  },
};

function collectDescriptions(sources: SourceSet, extra: ReadonlySet<string>): Description[] {
  const descriptions: Description[] = [];
  const sysfs = new Map<string, Map<string, string>>();
  for (const [path, text] of sources.texts) {
    if (isDescriptionFile(path) || extra.has(path)) {
      descriptions.push(parseDescription(path, text));
      continue;
    }
    const dir = sysfsTypeDirectory(path);
    if (dir === undefined) continue;
    let files = sysfs.get(dir);
    if (!files) sysfs.set(dir, (files = new Map()));
    files.set(path, text);
  }
  for (const [dir, files] of sysfs) descriptions.push(parseSysfsType(dir, files));
  return descriptions.sort((a, b) => a.id.localeCompare(b.id));
}

/** The feature lists of SELF, as related locations of a bump finding. */
function* featureSites(self: Block, evidence: BumpEvidence, rangeOf: (e: Entry) => Range) {
  if (!evidence.change.added.length && !evidence.change.removed.length) return;
  for (const [key, { entry }] of featuresOf(self)) yield { file: entry.file, range: rangeOf(entry), message: `${key}: ${entry.value || '(none)'}` };
}

/** Source actions: the version for each kind of change. */
function bumpsFor(version: MigrationVersion, at: Entry, rangeOf: (e: Entry) => Range): Fix[] {
  const minor = version.minor ?? 0;
  const bugfix = version.bugfix ?? 0;
  const next = [
    { label: 'a bug fix', text: formatVersion(version.major, minor, bugfix + 1, 3) },
    { label: 'a feature added', text: formatVersion(version.major, minor + 1, 0, Math.max(2, version.components)) },
    { label: 'a feature removed', text: formatVersion(version.major + 1, 0, 0, version.components) },
  ];
  return next.map((n) => ({ title: `Bump ${at.key} for: ${n.label} (${n.text})`, edits: [{ file: at.file, range: rangeOf(at), newText: n.text }] }));
}

function declarationOf(
  description: Description,
  block: Block,
  facts: MigrationFacts,
  rangeOf: (e: Entry) => Range,
  spanRange: (file: string, start: number, end: number) => Range,
  bumps?: Fix[],
  nextFix?: Fix,
): AnalyzedDeclaration {
  const at = versionEntry(block);
  const version = at ? parseMigrationVersion(at.value) : undefined;
  const sites: Site[] = [];
  if (at) sites.push({ file: at.file, range: rangeOf(at), role: at.key });
  for (const e of block.entries) if (e !== at && isFeatureEntry(e)) sites.push({ file: e.file, range: rangeOf(e), role: e.key });
  if (block.header) sites.push({ file: block.header.file, range: spanRange(block.header.file, block.header.start, block.header.end), role: block.kind === 'self' ? 'SELF' : 'COMPATIBLE' });
  const anchor = at ?? block.entries.find(isFeatureEntry) ?? block.entries[0];
  const range = anchor ? rangeOf(anchor) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const declaration: Declaration = {
    scheme: 'migration',
    file: anchor?.file ?? description.id,
    range,
    text: at?.value ?? '',
    value: version ? `${version.major}.${version.minor ?? 0}.${version.bugfix ?? 0}` : null,
    fields: {
      ...explainFields(block),
      block: block.kind === 'self' ? 'SELF' : `COMPATIBLE ${block.index}`,
      description: description.id,
      ...(facts.compatible ? { compatible: facts.compatible.map((c) => ({ index: c.index, version: c.version ?? null, compatible: c.issues.length === 0 })) } : {}),
      ...(facts.baseline ? { baseline: { ref: facts.baseline.ref, value: facts.baseline.version }, added: facts.baseline.change.added, removed: facts.baseline.change.removed, requiredNext: facts.baseline.required } : {}),
    },
    sites,
  };
  return { declaration, explain: () => explainMarkdown(facts), bumps, nextFix };
}

/** A value given to `versionwise explain`: a description (lines or `key=value` words), the JSON sketch, or a bare version. */
function blockOfValue(value: string, explicit: boolean): { description: Description } | undefined {
  if (value.startsWith('{')) {
    const json = parseJsonc(value) as unknown;
    if (typeof json !== 'object' || json === null) return undefined;
    const lines: string[] = [];
    let structured = false;
    for (const [key, v] of Object.entries(json as Record<string, unknown>)) {
      if (key === 'version' && typeof v === 'object' && v !== null) {
        structured = true;
        const parts = v as Record<string, unknown>;
        lines.push(`version=${[parts.major, parts.minor, parts.bugfix ?? parts.micro].filter((p) => p !== undefined).join('.')}`);
      } else if (typeof v === 'string' || typeof v === 'number') {
        lines.push(`${key}=${v}`);
      }
    }
    // Alex Williamson's sketch: `"version": {"major": 0, "minor": 1}` is what makes it this scheme's.
    if (!explicit && !structured) return undefined;
    return { description: parseDescription('value', lines.join('\n')) };
  }
  let text = value;
  if (!/[\r\n]/.test(text) && /\s/.test(text)) {
    // One line of `key=value` words: one entry per word (quotes keep their blanks).
    text = (text.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? []).join('\n').replace(/\b(SELF|COMPATIBLE):(?=\S)/g, '$1:\n');
  }
  const description = parseDescription(explicit ? 'software_version' : 'value', text);
  const entries = [...description.self.entries, ...description.compatible.flatMap((b) => b.entries)];
  const claimed = description.compatible.length > 0 || entries.some((e) => e.key !== 'value' && ((VERSION_KEYS.includes(e.key) && e.key !== 'version') || isFeatureEntry(e) || e.key.endsWith('_version_compatible')));
  if (!explicit && !claimed) return undefined;
  if (!entries.length) return undefined;
  return { description };
}
