import type { Declaration, Finding, Fix, Site, ValueExplanation } from '../../core/model';
import type { AnalysisInput, AnalyzedDeclaration, BaselineInput, ExplainOptions, InterfaceReport, SchemeResult, VersionScheme } from '../../core/scheme';
import { baseName, type Span } from '../../core/text';
import { CONFIGURE_NAMES, discoverProjects, isAutomakeFile, isConfigureScript, isVersionKeyValueFile, type BuildProject } from '../../sources/buildProject';
import type { LocatedText } from '../../sources/locatedText';
import { BuildResolver } from '../../sources/resolver';
import { findLibtoolUses, findStandaloneVersionFiles, writtenInCarrier, type LibtoolUse } from './declarations';
import { explainFields, explainMarkdown, type VersioningFacts } from './explain';
import { parseVersion, type ParsedVersion, type VersionInfoError } from './versionInfo';
import { BUMP_RULES, bumpFix, changeOf, checkBump, requiredTriple, summaryLine, type BumpEvidence, type WrittenTriple } from './bumpRules';
import { compareLibraryInterfaces, filesOf, libraryFiles } from './libraryInterface';
import { formatTriple, nextTriple, type ChangeKind, type Triple } from './nextVersions';

/**
 * The libtool scheme: `-version-info C:R:A` (and `-version-number`, `-release`, `-avoid-version`) wherever
 * an autotools project writes them. Steps: find (declarations.ts) → parse and validate (versionInfo.ts) →
 * explain (explain.ts, platformNames.ts) → next versions (nextVersions.ts).
 */
export const RULES = {
  invalid: 'libtool/invalid-version-info',
  tooManyFields: 'libtool/too-many-fields',
  ageExceedsCurrent: 'libtool/age-exceeds-current',
  missingArgument: 'libtool/missing-argument',
  overridden: 'libtool/overridden-flag',
  releaseNumber: 'libtool/release-number-as-version-info',
  unresolved: 'libtool/unresolved-variable',
  versionNumber: 'libtool/version-number',
  convenience: 'libtool/convenience-library',
  avoidVersion: 'libtool/avoid-version-with-version-info',
  ...BUMP_RULES,
} as const;

const ROLE_NAMES = {
  'version-info': ['CURRENT', 'REVISION', 'AGE'],
  'version-number': ['MAJOR', 'MINOR', 'REVISION'],
} as const;

export const libtoolScheme: VersionScheme = {
  id: 'libtool',
  displayName: 'libtool -version-info',
  rules: RULES,
  candidateNames: { names: [...CONFIGURE_NAMES, 'VERSION', 'acinclude.m4', 'libtool-version'], extensions: ['.am'] },

  isCandidate(path: string): boolean {
    const base = baseName(path);
    return isConfigureScript(path) || isAutomakeFile(path) || isVersionKeyValueFile(path) || base === 'acinclude.m4' || base === 'libtool-version';
  },

  analyze(input: AnalysisInput): SchemeResult {
    const discovery = discoverProjects(input.sources);
    const findings: Finding[] = [];
    const wantedFiles = [...discovery.wanted];
    const wantedBaselineFiles: string[] = [];
    const notes: string[] = [];
    const seenValues = new Set<string>();
    const analyzed: AnalyzedUse[] = [];
    const add = (use: LibtoolUse, project: BuildProject, resolver: BuildResolver) => {
      const result = analyzeUse(use, project, resolver, input);
      findings.push(...result.findings);
      if (result.facts) analyzed.push(result as AnalyzedUse);
    };
    for (const project of discovery.projects) {
      const resolver = new BuildResolver(project, input.sources);
      for (const use of findLibtoolUses(project, resolver, seenValues)) add(use, project, resolver);
      wantedFiles.push(...resolver.wantedFiles());
    }
    const standalone = findStandaloneVersionFiles(input.sources.texts, seenValues);
    if (standalone.length) {
      const noProject: BuildProject = { root: '', autoconfInputs: [], makefiles: [], keyValueFiles: [] };
      const resolver = new BuildResolver(noProject, input.sources);
      for (const use of standalone) add(use, noProject, resolver);
    }

    const reports = new Map<AnalyzedUse, InterfaceReport>();
    if (input.baseline) {
      const before = baselineVersions(input.baseline, wantedBaselineFiles);
      if (!input.cParser && before.size) notes.push('C headers are not compared: the C parser could not be loaded; interface changes come from symbol lists and sources only.');
      for (const item of analyzed) {
        const library = item.use.library?.name;
        const then = library ? before.get(library) : undefined;
        if (!item.written || !then) continue;
        const headerGlobs = input.settings.interfaces.headers;
        const nowFiles = libraryFiles(item.project, item.resolver, library!, item.use.words, input.sources.listing, headerGlobs);
        const thenFiles = libraryFiles(then.project, then.resolver, library!, then.use.words, input.baseline.sources.listing, headerGlobs);
        const neededNow = filesOf(nowFiles).filter((p) => input.sources.listing.has(p));
        const neededThen = filesOf(thenFiles).filter((p) => input.baseline!.sources.listing.has(p));
        wantedFiles.push(...neededNow);
        wantedBaselineFiles.push(...neededThen);
        // Rules run once every file of both versions has been read (the service asks again after reading).
        if (neededNow.some((p) => !input.sources.texts.has(p)) || neededThen.some((p) => !input.baseline!.sources.texts.has(p))) continue;
        // A library known only from a VERSION or libtool-version file has no sources or headers to
        // compare: nothing can be said about what changed, so its bump is not judged.
        if (!filesOf(nowFiles).length && !filesOf(thenFiles).length) continue;
        const diff = compareLibraryInterfaces(
          { files: thenFiles, texts: input.baseline.sources.texts, lines: input.baseline.lines },
          { files: nowFiles, texts: input.sources.texts, lines: input.lines },
          input.cParser,
        );
        const changedFiles = [...new Set([...filesOf(nowFiles), ...filesOf(thenFiles)])].filter((p) => input.sources.texts.get(p) !== input.baseline!.sources.texts.get(p)).sort();
        const evidence: BumpEvidence = { baselineRef: input.baseline.ref, baseline: then.triple, diff, changedFiles };
        const range = (span: Span) => input.lines(span.file).rangeOf(span.start, span.end);
        findings.push(...checkBump(item.written, evidence, input.settings.release, range));
        const next = requiredTriple(evidence);
        reports.set(item, {
          scheme: 'libtool',
          library: library!,
          baselineRef: input.baseline.ref,
          baselineValue: formatTriple(then.triple),
          value: formatTriple(item.written.value),
          change: changeOf(evidence),
          next: formatTriple(next),
          diff,
          changedFiles,
          summary: summaryLine(evidence, item.written.value),
        });
      }
    }

    const declarations: AnalyzedDeclaration[] = analyzed.map((item) => {
      const report = reports.get(item);
      const fields = report
        ? { ...item.declaration.fields, baseline: { ref: report.baselineRef, value: report.baselineValue }, change: report.change, requiredNext: report.next }
        : item.declaration.fields;
      const bumps = item.written ? sourceBumps(item.written, report, input) : undefined;
      const range = (span: Span) => input.lines(span.file).rangeOf(span.start, span.end);
      const nextFix = report && item.written && report.next !== report.value ? bumpFix('required', tripleFrom(report.next), item.written, range) : undefined;
      return { declaration: { ...item.declaration, fields }, explain: () => explainMarkdown(item.facts) + (report ? `\n\n**${report.summary}**` : ''), bumps, report, nextFix };
    });
    return { declarations, findings, wantedFiles, wantedBaselineFiles, notes };
  },

  packageNames(input: AnalysisInput): string[] {
    const names = new Set<string>();
    for (const project of discoverProjects(input.sources).projects) {
      const configure = project.configure;
      for (const span of [configure?.init?.package, configure?.init?.tarname]) {
        const name = span && configure!.code.slice(span.start, span.end).replace(/[[\]]/g, '').trim();
        if (name && /^[A-Za-z0-9_.+-]+$/.test(name)) names.add(name);
      }
      for (const makefile of project.makefiles) for (const la of makefile.libtoolLibraries) names.add(baseName(la).replace(/\.la$/, ''));
    }
    return [...names];
  },

  explainValue(value: string, options: ExplainOptions): ValueExplanation | undefined {
    const match = /^\s*(?:-(version-info|version-number)\s+)?(\S*)\s*$/.exec(value) ?? (options.explicit ? [value, undefined, value] : null);
    if (!match) return undefined;
    const flag = (match[1] ?? 'version-info') as 'version-info' | 'version-number';
    // A bare value is libtool's only when it looks like one: digits, colons, and what libtool would reject.
    if (!options.explicit && !match[1] && !/^[^.\s/]*:|^[0-9]+$/.test(match[2])) return undefined;
    const parsed = parseVersion(flag, match[2], options.settings.libtool.dialect);
    const facts: VersioningFacts = { library: options.library ?? 'libfoo', libraryKnown: true, parsed, avoidVersion: false };
    return {
      scheme: 'libtool',
      value: match[2],
      valid: !parsed.error,
      fields: explainFields(facts),
      message: parsed.error ? parsed.error.message : explainMarkdown(facts),
    };
  },
};

interface AnalyzedUse {
  readonly use: LibtoolUse;
  readonly project: BuildProject;
  readonly resolver: BuildResolver;
  readonly declaration: Declaration;
  readonly facts: VersioningFacts;
  /** The value as C:R:A with where each field is written, when it is a valid -version-info. */
  readonly written?: WrittenTriple;
  readonly findings: Finding[];
}

/** The working value's C:R:A at the baseline, per library. */
function baselineVersions(baseline: BaselineInput, wanted: string[]): Map<string, { triple: Triple; use: LibtoolUse; project: BuildProject; resolver: BuildResolver }> {
  const found = new Map<string, { triple: Triple; use: LibtoolUse; project: BuildProject; resolver: BuildResolver }>();
  const discovery = discoverProjects(baseline.sources);
  wanted.push(...discovery.wanted);
  const seen = new Set<string>();
  for (const project of discovery.projects) {
    const resolver = new BuildResolver(project, baseline.sources);
    for (const use of findLibtoolUses(project, resolver, seen)) {
      const library = use.library?.name;
      const argument = use.version?.argument;
      if (!library || !argument || argument.computed || use.version!.kind !== 'version-info' || found.has(library)) continue;
      const parsed = parseVersion('version-info', argument.text);
      if (parsed.error || parsed.current === undefined) continue;
      found.set(library, { triple: { current: parsed.current, revision: parsed.revision!, age: parsed.age! }, use, project, resolver });
    }
    wanted.push(...resolver.wantedFiles());
  }
  return found;
}

/** Source actions "bump for: …", from the baseline's value when there is one, else from the working value. */
function sourceBumps(written: WrittenTriple, report: InterfaceReport | undefined, input: AnalysisInput): Fix[] {
  const from: Triple = report ? tripleFrom(report.baselineValue) : written.value;
  const range = (span: Span) => input.lines(span.file).rangeOf(span.start, span.end);
  const changes: ChangeKind[] = ['revision', 'added', 'removed-or-changed'];
  return changes.map((change) => bumpFix(change, nextTriple(from, change), written, range)).filter((f): f is Fix => f !== undefined);
}

function tripleFrom(text: string): Triple {
  const [current, revision, age] = text.split(':');
  return { current: Number(current), revision, age: Number(age) };
}

function analyzeUse(use: LibtoolUse, project: BuildProject, resolver: BuildResolver, input: AnalysisInput): Omit<AnalyzedUse, 'declaration' | 'facts'> & { declaration?: Declaration; facts?: VersioningFacts } {
  const findings: Finding[] = [];
  const range = (span: Span) => input.lines(span.file).rangeOf(span.start, span.end);
  const finding = (span: Span, severity: Finding['severity'], code: string, message: string, related?: Finding['related']): void => {
    findings.push({ file: span.file, range: range(span), severity, code, message, fixes: [], related });
  };
  const sites: Site[] = [];
  const addSite = (span: Span | undefined, role: string) => {
    if (span) sites.push({ file: span.file, range: range(span), role });
  };

  const version = use.version;
  const argument = version?.argument;
  if (use.library?.convenience && !use.rpath) {
    // libtool: "'-version-info/-version-number' is ignored for convenience libraries". Said where the flag
    // is written for this library; a flags variable it merely shares with an installed library is fine.
    for (const [flag, words] of [[version?.flag, "'-version-info/-version-number'"], [use.release?.flag, "'-release'"]] as const) {
      const span = flag?.firstSpan();
      if (span && writtenInCarrier(use, flag)) finding(span, 'information', RULES.convenience, `libtool ignores this: ${words} is ignored for convenience libraries (${use.library.name} is not installed)`);
    }
    return { use, project, resolver, findings };
  }
  for (const overridden of use.overridden) {
    const span = overridden.flag.firstSpan();
    if (span) finding(span, 'warning', RULES.overridden, `${overridden.flag.text} is given again later for this library; libtool uses only the last one`);
  }
  if (version && !argument) {
    const span = version.flag.firstSpan();
    if (span) finding(span, 'error', RULES.missingArgument, `the '-${version.kind}' option requires an argument`);
  }
  const computed = argument?.computed;
  const releaseComputed = use.release?.argument?.computed;
  let parsed: ParsedVersion | undefined;
  const fieldSpans: (Span | undefined)[] = [];
  if (version && argument && !computed) {
    parsed = parseVersion(version.kind, argument.text, input.settings.libtool.dialect);
    parsed.written.forEach((field, index) => {
      const part = field.start === undefined ? undefined : argument.slice(field.start, field.end!);
      const span = part && part.text.length ? part.span() ?? part.firstSpan() : undefined;
      fieldSpans.push(span);
      addSite(span, ROLE_NAMES[version.kind][index] ?? 'extra field');
    });
    if (parsed.error) {
      const span = errorSpan(parsed.error, parsed, fieldSpans) ?? argument.span() ?? argument.firstSpan() ?? version.flag.firstSpan();
      const code = parsed.error.message.startsWith('too many') ? RULES.tooManyFields : parsed.error.message.startsWith('AGE') && parsed.error.message.includes('greater') ? RULES.ageExceedsCurrent : RULES.invalid;
      if (span) {
        const currentSpan = fieldSpans[0];
        const related = code === RULES.ageExceedsCurrent && currentSpan && currentSpan !== span ? [{ file: currentSpan.file, range: range(currentSpan), message: 'CURRENT is written here' }] : undefined;
        finding(span, 'error', code, parsed.error.message, related);
      }
    } else if (version.kind === 'version-number') {
      const span = version.flag.firstSpan();
      if (span) finding(span, 'hint', RULES.versionNumber, '-version-number copies a release-style number into the file name; the libtool manual recommends -version-info for new projects');
    } else {
      checkReleaseNumber(parsed, argument.span() ?? fieldSpans[0], resolver, range, finding);
    }
  }
  for (const unknown of [computed, releaseComputed]) {
    if (unknown?.unresolved) finding(unknown.span, 'information', RULES.unresolved, `libtool version value cannot be followed: ${unknown.reason}`);
  }
  if (use.avoidVersion && version && parsed && !parsed.error) {
    const span = use.avoidVersion.firstSpan();
    if (span) finding(span, 'information', RULES.avoidVersion, `-avoid-version makes libtool install ${use.library?.name ?? 'this library'} without a version in its file name: -${version.kind} ${parsed.text} only reaches the .la file`);
  }
  if (argument) {
    // A set of the sites' starts, not a search of the sites per span: a value of 100,000 pieces is quadratic.
    const key = (file: string, start: { line: number; character: number }) => `${file}\0${start.line}:${start.character}`;
    const starts = new Set(sites.map((s) => key(s.file, s.range.start)));
    for (const span of argument.spans()) {
      const at = key(span.file, input.lines(span.file).positionAt(span.start));
      if (starts.has(at)) continue;
      addSite(span, 'value');
      starts.add(at);
    }
  }
  addSite(version?.flag.firstSpan(), version ? `-${version.kind}` : 'value');
  addSite(use.release?.flag.firstSpan(), '-release');
  for (const span of use.release?.argument?.spans() ?? []) addSite(span, 'release');
  addSite(use.avoidVersion?.firstSpan(), '-avoid-version');

  const packageName = project.configure?.init?.package ? project.configure.code.slice(project.configure.init.package.start, project.configure.init.package.end).replace(/[[\]]/g, '').trim() : '';
  const guessedLibrary = /^[A-Za-z0-9_+-]+$/.test(packageName) ? (packageName.startsWith('lib') ? packageName : `lib${packageName}`) : 'libfoo';
  const facts: VersioningFacts = {
    library: use.library?.name ?? guessedLibrary,
    libraryKnown: use.library !== undefined,
    flag: version?.kind,
    parsed,
    computedReason: computed ? describeComputed(computed.reason, computed.span, input) : undefined,
    unresolved: Boolean(computed?.unresolved),
    module: use.module,
    release: use.release?.argument && !releaseComputed ? use.release.argument.text : undefined,
    releaseComputedReason: releaseComputed?.reason,
    avoidVersion: Boolean(use.avoidVersion),
    writtenAt: sites.filter((s) => !s.role.startsWith('-')).map((s) => `${s.file}:${s.range.start.line + 1} (${s.role})`),
  };
  const anchor = argument?.span() ?? fieldSpans[0] ?? argument?.firstSpan() ?? version?.flag.firstSpan() ?? use.release?.flag.firstSpan() ?? use.avoidVersion?.firstSpan();
  const valueSpan = argument?.span();
  const written: WrittenTriple | undefined =
    version?.kind === 'version-info' && parsed && !parsed.error && parsed.current !== undefined
      ? { value: { current: parsed.current, revision: parsed.revision!, age: parsed.age! }, fields: [0, 1, 2].map((i) => (parsed!.written[i]?.start !== undefined ? fieldSpans[i] : undefined)), whole: valueSpan, library: facts.library }
      : undefined;
  const declaration: Declaration = {
    scheme: 'libtool',
    file: anchor?.file ?? use.carrier.file,
    range: anchor ? range(anchor) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    text: argument ? (computed ? argument.writtenText(input.sources.texts) : argument.text) : '',
    value: parsed && parsed.current !== undefined ? `${parsed.current}:${parsed.revision}:${parsed.age}` : computed || !parsed ? null : parsed.text,
    fields: explainFields(facts),
    sites,
  };
  return { use, project, resolver, declaration, facts, written, findings };
}

function describeComputed(reason: string, span: Span, input: AnalysisInput): string {
  return `${reason} (${span.file}:${input.lines(span.file).positionAt(span.start).line + 1})`;
}

function errorSpan(error: VersionInfoError, parsed: ParsedVersion, fieldSpans: (Span | undefined)[]): Span | undefined {
  const index = { current: 0, major: 0, revision: parsed.flag === 'version-number' ? 2 : 1, minor: 1, age: 2, value: -1 }[error.at];
  return index >= 0 ? fieldSpans[index] : undefined;
}

/**
 * The libtool manual: "Never try to set the interface numbers so that they correspond to the release number
 * of your package." Flags C:R:A (or C:R) equal to the leading numbers of AC_INIT's version, except the
 * trivial X:0:0 that every new library starts from.
 */
function checkReleaseNumber(
  parsed: ParsedVersion,
  anchor: Span | undefined,
  resolver: BuildResolver,
  range: (span: Span) => Finding['range'],
  finding: (span: Span, severity: Finding['severity'], code: string, message: string, related?: Finding['related']) => void,
): void {
  const packageVersion: LocatedText | undefined = resolver.packageVersion();
  if (!packageVersion || packageVersion.computed) return;
  const release = packageVersion.text.trim();
  const releaseNumbers = release.split('.');
  const written = parsed.written.filter((w) => w.start !== undefined).map((w) => w.text);
  if (written.length < 2 || releaseNumbers.length < written.length) return;
  if (!written.every((text, i) => /^[0-9]+$/.test(releaseNumbers[i]) && Number(releaseNumbers[i]) === Number(text))) return;
  if (written.slice(1).every((text) => Number(text) === 0)) return;
  const span = anchor;
  if (!span) return;
  const releaseSpan = packageVersion.span();
  finding(
    span,
    'warning',
    RULES.releaseNumber,
    `-version-info ${parsed.text} mirrors the package release ${release}: the libtool manual says never to set the interface numbers to correspond to the release number; use -release for that and count interfaces with C:R:A`,
    releaseSpan ? [{ file: releaseSpan.file, range: range(releaseSpan), message: `release ${release} (AC_INIT)` }] : undefined,
  );
}
