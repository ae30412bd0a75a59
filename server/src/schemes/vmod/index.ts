import type { Declaration, Finding, Fix, Site, ValueExplanation } from '../../core/model';
import { factKey, type FactQuery } from '../../core/workspace';
import { isSchemeEnabled } from '../../core/settings';
import type { AnalysisInput, AnalyzedDeclaration, ExplainOptions, SchemeResult, VersionScheme } from '../../core/scheme';
import { baseName, dirName, joinPath, type Range, type Span } from '../../core/text';
import { CONFIGURE_NAMES, isConfigureScript } from '../../sources/buildProject';
import {
  acInitOccurrence,
  changelogOccurrence,
  fileNameOccurrences,
  findVmodProjects,
  isDebianChangelog,
  isReadme,
  isSpecFile,
  isVccFile,
  linkOccurrences,
  projectOf,
  specOccurrence,
  type VmodOccurrence,
  type VmodProject,
} from './declarations';
import { explainFields, explainMarkdown, type VmodFacts } from './explain';
import { branchVarnishVersion, compareVmodVersions, isNumericVersion, looksLikeVmodName, parseVersionPart, parseVmodName, withinPrereq, type Part, type VersionPart } from './names';
import { CHANGE_LABEL, nextVmodVersion, type VmodChange } from './nextVersions';
import { canonicalUpstream, RULES, validateVersionPart, type VmodProblem } from './validate';

export { RULES } from './validate';
export { compareVmodVersions, parseVmodName } from './names';

/**
 * The vmod scheme: Varnish VMOD names and versions after VIP13 ("VMOD versioning"):
 * `libvmod-NAME-VMODVER[+GITBRANCH].tar.gz` and its packages. Steps: find (declarations.ts) → parse
 * (names.ts) → validate (validate.ts, plus the workspace rules below) → explain (explain.ts) → next
 * versions (nextVersions.ts).
 *
 * GITBRANCH is compared with the branch checked out when the front end can ask git (`wantedFacts`).
 * Not checked: git tags (the core has no tag list) — tags can be explained with `versionwise explain --scheme vmod`.
 */
const DECLARED_SOURCES = new Set(['AC_INIT', 'spec Version', 'debian/changelog']);
const SOURCE_LABEL: Record<VmodOccurrence['source'], string> = {
  AC_INIT: 'AC_INIT',
  'spec Version': 'RPM spec',
  'debian/changelog': 'debian/changelog',
  link: 'named in',
  'file name': 'file in the workspace',
};
const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const BRANCH_QUERY: FactQuery = { kind: 'branch' };
/** The branches VIP13's `+release` (or no GITBRANCH) stands for. */
const MAIN_BRANCHES = new Set(['master', 'main']);

export const vmodScheme: VersionScheme = {
  id: 'vmod',
  displayName: 'Varnish VMOD (VIP13)',
  rules: RULES,
  candidateNames: { names: [...CONFIGURE_NAMES, 'changelog', 'changelog.in'], extensions: ['.vcc', '.spec', '.in'] },

  isCandidate(path: string): boolean {
    return isConfigureScript(path) || isVccFile(path) || isSpecFile(path) || isDebianChangelog(path);
  },

  analyze(input: AnalysisInput): SchemeResult {
    const { texts, listing } = input.sources;
    const projects = findVmodProjects(input.sources);
    const occurrences: VmodOccurrence[] = [];
    for (const project of projects) {
      const occurrence = acInitOccurrence(project, texts.get(project.configure)!);
      if (occurrence) occurrences.push(occurrence);
    }
    for (const [path, text] of texts) {
      if (isSpecFile(path)) {
        const spec = specOccurrence(path, text, projectOf(projects, path));
        if (spec) occurrences.push(spec);
        occurrences.push(...linkOccurrences(path, text, projects));
      } else if (isDebianChangelog(path)) {
        const entry = changelogOccurrence(path, text, projectOf(projects, path));
        if (entry) occurrences.push(entry);
      } else if (isReadme(path)) {
        occurrences.push(...linkOccurrences(path, text, projects));
      }
    }
    occurrences.push(...fileNameOccurrences(listing, projects));

    // README files are read only in a VMOD workspace: those beside each VMOD project's configure.ac.
    const wantedFiles: string[] = [];
    if (projects.length) {
      const roots = new Set(projects.map((p) => p.root));
      for (const root of roots) for (const path of listing.inDirectory(root)) if (isReadme(path)) wantedFiles.push(path);
    }

    const baselineVersions = new Map<string, string>();
    if (input.baseline) {
      for (const project of findVmodProjects(input.baseline.sources)) {
        const then = acInitOccurrence(project, input.baseline.sources.texts.get(project.configure)!);
        if (then?.parsed.version) baselineVersions.set(project.configure, canonicalUpstream(then.parsed.version.text, then.parsed.branch?.text));
      }
    }

    const range = (span: Span) => input.lines(span.file).rangeOf(span.start, span.end);
    const partRange = (occurrence: VmodOccurrence, part: Part | undefined): Range | undefined =>
      occurrence.written && part ? range({ file: occurrence.file, start: part.start, end: part.end }) : undefined;
    const where = (occurrence: VmodOccurrence): string =>
      occurrence.written && occurrence.span ? `${occurrence.file}:${input.lines(occurrence.file).positionAt(occurrence.span.start).line + 1}` : occurrence.file;

    const acInitBranch = new Map<VmodProject, string>();
    for (const occurrence of occurrences) if (occurrence.source === 'AC_INIT' && occurrence.project) acInitBranch.set(occurrence.project, occurrence.parsed.branch?.text ?? '');
    const groups = new Map<string, VmodOccurrence[]>();
    for (const occurrence of occurrences) {
      if (!occurrence.parsed.version || !isNumericVersion(occurrence.parsed.version.text)) continue;
      const key = groupKey(occurrence);
      const group = groups.get(key);
      if (group) group.push(occurrence);
      else groups.set(key, [occurrence]);
    }
    for (const group of groups.values()) group.sort((a, b) => compareVmodVersions(a.parsed.version!.text, b.parsed.version!.text));

    // The checked-out branch, when git can say (asked once there is a VMOD project).
    const answer = input.facts?.get(factKey(BRANCH_QUERY));
    const checkedOut = typeof answer === 'string' ? answer : undefined;

    const findings: Finding[] = [];
    const declarations: AnalyzedDeclaration[] = [];
    for (const occurrence of occurrences) {
      const { parsed, project } = occurrence;
      const problems: VmodProblem[] = [...validateVersionPart(parsed)];
      const related: Finding['related'][] = [];
      const declared = DECLARED_SOURCES.has(occurrence.source);
      const varnish = parsed.branch ? branchVarnishVersion(parsed.branch.text) : undefined;
      // Packaging that repeats AC_INIT's branch is covered by the finding at AC_INIT.
      const repeatsAcInit = occurrence.source !== 'AC_INIT' && project !== undefined && acInitBranch.get(project) === (parsed.branch?.text ?? '');
      if (declared && varnish && !repeatsAcInit && project?.prereq && (project.prereq.minimum || project.prereq.maximum)) {
        const position = withinPrereq(varnish, project.prereq.minimum, project.prereq.maximum);
        if (position !== 'within') {
          const required = position === 'below' ? `Varnish ${project.prereq.minimum} or later` : `a Varnish below ${project.prereq.maximum}`;
          problems.push({
            code: RULES.branchVarnishMismatch,
            severity: 'warning',
            message: `branch +${parsed.branch!.text} says Varnish ${varnish}, but ${project.configure} requires ${required} (${project.prereq.macro}): the branch and the requirement disagree`,
            at: parsed.branch,
          });
          related[problems.length - 1] = [{ file: project.prereq.span.file, range: range(project.prereq.span), message: `${project.prereq.macro} ${[project.prereq.minimum, project.prereq.maximum].filter(Boolean).join(', ')}` }];
        }
      }
      if (declared && checkedOut !== undefined && !repeatsAcInit && occurrence.written && parsed.version && parsed.upstream) {
        const problem = branchProblem(parsed, checkedOut);
        if (problem) problems.push(problem);
      }
      const baseline = occurrence.source === 'AC_INIT' && input.baseline ? baselineVersions.get(occurrence.file) : undefined;
      const baselineParts = baseline ? parseVersionPart(baseline) : undefined;
      if (baseline && parsed.version && isNumericVersion(parsed.version.text) && baselineParts?.version && isNumericVersion(baselineParts.version.text) && !releaseSchemeChecks(input)
        && (baselineParts.branch?.text ?? '') === (parsed.branch?.text ?? '') && compareVmodVersions(parsed.version.text, baselineParts.version.text) < 0) {
        problems.push({
          code: RULES.versionDecreased,
          severity: 'warning',
          message: `VMODVER ${parsed.version.text} is older than ${baselineParts.version.text} at ${input.baseline!.ref} on the same branch: versions sort numerically (1.10 after 1.9), so this release would sort before the last one`,
          at: parsed.version,
        });
      }

      problems.forEach((problem, index) => {
        const at = partRange(occurrence, problem.at) ?? (occurrence.written && occurrence.span ? range(occurrence.span) : ZERO);
        findings.push({ file: occurrence.file, range: at, severity: problem.severity, code: problem.code, message: problem.message, fixes: fixesFor(occurrence, problem, range), related: related[index] });
      });

      // Hover facts: the nearest other versions of the same VMOD on the same branch (sorted once per group).
      let newerThan: string[] = [];
      let olderThan: string[] = [];
      const group = parsed.version && isNumericVersion(parsed.version.text) ? groups.get(groupKey(occurrence)) : undefined;
      if (group) {
        const version = parsed.version!.text;
        const below = lowerBound(group, (o) => compareVmodVersions(o.parsed.version!.text, version) < 0);
        const above = lowerBound(group, (o) => compareVmodVersions(o.parsed.version!.text, version) <= 0);
        const labels = (list: VmodOccurrence[]) => [...new Set(list.map((o) => `${o.parsed.version!.text} (${where(o)})`))];
        newerThan = labels(group.slice(Math.max(0, below - 20), below).reverse()).slice(0, 5);
        olderThan = labels(group.slice(above, above + 20)).slice(0, 5);
      }
      const facts: VmodFacts = {
        parsed,
        source: `${SOURCE_LABEL[occurrence.source]}${occurrence.source === 'file name' ? '' : ` ${where(occurrence)}`}`,
        problems,
        prereq: project?.prereq ? { minimum: project.prereq.minimum, maximum: project.prereq.maximum, macro: project.prereq.macro, where: `${project.prereq.span.file}:${input.lines(project.prereq.span.file).positionAt(project.prereq.span.start).line + 1}` } : undefined,
        abi: project?.abi.map((abi) => ({ level: abi.level, module: abi.module, where: abi.span ? `${abi.file}:${input.lines(abi.file).positionAt(abi.span.start).line + 1}` : abi.file })),
        newerThan: newerThan.slice(0, 5),
        olderThan: olderThan.slice(0, 5),
        baseline: baseline && baselineParts?.version && isNumericVersion(baselineParts.version.text) ? { ref: input.baseline!.ref, version: baselineParts.version.text } : undefined,
      };
      declarations.push(declarationOf(occurrence, facts, range, partRange));
    }
    return { declarations, findings, wantedFiles, wantedFacts: projects.length ? [BRANCH_QUERY] : [] };
  },

  packageNames(input: AnalysisInput): string[] {
    const names = new Set<string>();
    for (const project of findVmodProjects(input.sources)) {
      for (const name of [project.packageName, project.tarname]) {
        if (!name || !/^[A-Za-z0-9_.+-]+$/.test(name)) continue;
        names.add(name);
        // VIP13 tags drop the `lib`: libvmod-header is tagged vmod-header-0.4+varnish4.0.
        if (name.startsWith('libvmod-')) names.add(name.slice(3));
      }
    }
    return [...names];
  },

  explainValue(value: string, options: ExplainOptions): ValueExplanation | undefined {
    const trimmed = value.trim();
    // A URL or a path: the name is its last segment.
    const name = trimmed.replace(/[?#].*$/, '').split('/').filter(Boolean).pop() ?? trimmed;
    if (!options.explicit && !looksLikeVmodName(name)) return undefined;
    const parsed = parseVmodName(name);
    const problems = validateVersionPart(parsed);
    return {
      scheme: 'vmod',
      value: name,
      valid: !problems.some((p) => p.severity === 'error'),
      fields: explainFields(parsed),
      message: explainMarkdown({ parsed, problems }),
    };
  },
};

/**
 * Once commits follow the last release tag, the release scheme (`release/not-newer-than-last-release`)
 * reports an AC_INIT version that is not newer than the tag: this scheme then does not say it again.
 */
function releaseSchemeChecks(input: AnalysisInput): boolean {
  return (input.baseline?.commitsSince ?? 0) > 0 && isSchemeEnabled(input.settings, 'release');
}

/**
 * GITBRANCH against the branch checked out: on master/main, `+release` or nothing; on a Varnish branch
 * (`4.0`, `v6.0`, `varnish-7.1`, `6.0-lts`), that branch, a `v`/`varnish` prefix aside. Other branches
 * (a topic branch) say nothing about GITBRANCH: no finding.
 */
function branchProblem(parsed: VersionPart, checkedOut: string): VmodProblem | undefined {
  const written = parsed.branch?.text;
  const version = parsed.version!.text;
  const rewrite = (branch: string | undefined) => `${parsed.vPrefix ? 'v' : ''}${canonicalUpstream(version, branch)}`;
  if (MAIN_BRANCHES.has(checkedOut)) {
    if (written === undefined || written === 'release') return undefined;
    return {
      code: RULES.branchNotCheckedOut,
      severity: 'warning',
      message: `GITBRANCH +${written} is not the checked-out git branch ${checkedOut}: on ${checkedOut}, VIP13 writes +release or no GITBRANCH`,
      at: parsed.branch,
      upstreamFix: { title: `Write ${rewrite('release')} (branch ${checkedOut})`, text: rewrite('release') },
    };
  }
  if (!branchVarnishVersion(checkedOut)) return undefined;
  if (written !== undefined && sameBranch(written, checkedOut)) return undefined;
  const message = written === undefined
    ? `no GITBRANCH, which stands for master, but the checked-out git branch is ${checkedOut}: VIP13 names a release of this branch ${rewrite(checkedOut)}`
    : `GITBRANCH +${written} is not the checked-out git branch ${checkedOut}${written === 'release' ? ' (+release is for master)' : ''}: a release of this branch is ${rewrite(checkedOut)}`;
  return { code: RULES.branchNotCheckedOut, severity: 'warning', message, at: parsed.branch ?? parsed.version, upstreamFix: { title: `Write ${rewrite(checkedOut)} (branch ${checkedOut})`, text: rewrite(checkedOut) } };
}

/** `+v4.0`, `+varnish4.0` and `+4.0` all name branch `4.0` (or `v4.0`). */
function sameBranch(written: string, checkedOut: string): boolean {
  const bare = (branch: string) => branch.replace(/^(?:varnish-?|v(?=\d))/i, '').toLowerCase();
  return bare(written) === bare(checkedOut);
}

/** Versions are compared within one VMOD and one branch: each branch has its own sequence (VIP13). */
function groupKey(occurrence: VmodOccurrence): string {
  return `${occurrence.parsed.name ?? ''}\0${occurrence.parsed.branch?.text ?? ''}`;
}

/** The first index of a sorted list where `before` stops holding. */
function lowerBound<T>(list: readonly T[], before: (item: T) => boolean): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (before(list[mid])) low = mid + 1;
    else high = mid;
  }
  return low;
}

function fixesFor(occurrence: VmodOccurrence, problem: VmodProblem, range: (span: Span) => Range): Fix[] {
  const upstream = occurrence.parsed.upstream;
  if (!problem.upstreamFix || !upstream) return [];
  if (occurrence.written) {
    return [{ title: problem.upstreamFix.title, edits: [{ file: occurrence.file, range: range({ file: occurrence.file, start: upstream.start, end: upstream.end }), newText: problem.upstreamFix.text }], preferred: true }];
  }
  const base = baseName(occurrence.file);
  const renamed = base.slice(0, upstream.start) + problem.upstreamFix.text + base.slice(upstream.end);
  return [{ title: `Rename to ${renamed}`, edits: [], renames: [{ from: occurrence.file, to: joinPath(dirName(occurrence.file), renamed) }], preferred: true }];
}

function declarationOf(
  occurrence: VmodOccurrence,
  facts: VmodFacts,
  range: (span: Span) => Range,
  partRange: (occurrence: VmodOccurrence, part: Part | undefined) => Range | undefined,
): AnalyzedDeclaration {
  const { parsed } = occurrence;
  const sites: Site[] = [];
  const add = (part: Part | undefined, role: string) => {
    const r = partRange(occurrence, part);
    if (r) sites.push({ file: occurrence.file, range: r, role });
  };
  if (occurrence.written) {
    if (occurrence.span) sites.push({ file: occurrence.file, range: range(occurrence.span), role: occurrence.source === 'link' ? 'name' : 'value' });
    add(parsed.version, 'VMODVER');
    add(parsed.branch, 'GITBRANCH');
    add(parsed.release, 'release');
    if (occurrence.source === 'AC_INIT') {
      // The requirement and the ABI level explain this version: hovering them shows it too.
      const project = occurrence.project as VmodProject;
      if (project.prereq) sites.push({ file: project.prereq.span.file, range: range(project.prereq.span), role: project.prereq.macro });
      for (const abi of project.abi) if (abi.span) sites.push({ file: abi.file, range: range(abi.span), role: '$ABI' });
    }
  } else {
    sites.push({ file: occurrence.file, range: ZERO, role: 'file name' });
  }
  const version = parsed.version?.text;
  const anchor = partRange(occurrence, parsed.upstream) ?? (occurrence.span ? range(occurrence.span) : ZERO);
  const valid = !facts.problems.some((p) => p.severity === 'error');
  const declaration: Declaration = {
    scheme: 'vmod',
    file: occurrence.file,
    range: anchor,
    text: occurrence.written ? parsed.upstream?.text ?? parsed.text : parsed.text,
    value: version ? canonicalUpstream(version, parsed.branch?.text) : parsed.upstream?.text ?? null,
    fields: { ...explainFields(parsed), source: occurrence.source, valid },
    sites,
  };
  let bumps: Fix[] | undefined;
  if (occurrence.written && occurrence.source !== 'link' && version && isNumericVersion(version) && parsed.version) {
    const span = { file: occurrence.file, start: parsed.version.start, end: parsed.version.end };
    bumps = (['bugfix', 'feature'] as VmodChange[]).map((change) => {
      const next = nextVmodVersion(version, change)!;
      return { title: `Bump ${parsed.name ?? 'the VMOD'} for: ${CHANGE_LABEL[change]} (${canonicalUpstream(next, parsed.branch?.text)})`, edits: [{ file: occurrence.file, range: range(span), newText: next }] };
    });
  }
  return { declaration, explain: () => explainMarkdown(facts), bumps };
}
