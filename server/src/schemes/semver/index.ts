import { modify } from 'jsonc-parser';
import type { Declaration, FileEdit, Finding, Fix, ValueExplanation } from '../../core/model';
import type { AnalysisInput, AnalyzedDeclaration, ExplainOptions, SchemeResult, VersionScheme } from '../../core/scheme';
import { bumpFixes } from './bumps';
import { declarationFields, explainFields, explainMarkdown, type PackageContext } from './explain';
import { describeType, forgetPackageJsonsExcept, isPackageJson, readPackageJson, type PackageJson } from './packageJson';
import { isPnpmWorkspaceFile, readPnpmWorkspace } from './pnpmWorkspace';
import { parseSemver, VERSION_RULES, type ParsedSemver } from './validate';
import { analyzeWorkspaces, npmDefinition, pnpmDefinition, WORKSPACE_RULES, type WorkspaceDefinition } from './workspaces';
import { API_RULES, apiBumps } from './apiBump';

/**
 * The semver scheme: the `version` of every package.json, as SemVer 2.0.0, and the ranges by which the
 * packages of a workspace depend on each other. Steps: find and read (packageJson.ts, pnpmWorkspace.ts) →
 * parse and validate (validate.ts) → workspaces (workspaces.ts, ranges.ts) → explain (explain.ts) → next
 * versions (bumps.ts).
 */
export const RULES = {
  malformed: 'semver/malformed-package-json',
  versionNotString: 'semver/version-not-string',
  missingVersion: 'semver/missing-version',
  ...VERSION_RULES,
  ...WORKSPACE_RULES,
  ...API_RULES,
} as const;

/** What `npm init` writes, for the "add a version" fix. */
const INITIAL_VERSION = '1.0.0';

export const semverScheme: VersionScheme = {
  id: 'semver',
  displayName: 'package.json semver',
  rules: RULES,
  candidateNames: { names: ['package.json', 'pnpm-workspace.yaml'] },

  isCandidate(path: string): boolean {
    if (/(^|\/)node_modules\//.test(path)) return false;
    return isPackageJson(path) || isPnpmWorkspaceFile(path);
  },

  analyze(input: AnalysisInput): SchemeResult {
    forgetPackageJsonsExcept(input.sources.listing);
    const paths = [...input.sources.texts.keys()].sort();
    const packages = paths.filter((p) => isPackageJson(p) && !/(^|\/)node_modules\//.test(p)).map((p) => readPackageJson(p, input.sources.texts.get(p)!));
    const rangeOf = (file: string, start: number, end: number) => input.lines(file).rangeOf(start, end);
    const findings: Finding[] = [];
    const parsedVersions = new Map<string, ParsedSemver>();

    for (const pkg of packages) {
      findings.push(...packageFindings(pkg, input.sources.texts.get(pkg.path)!, rangeOf, parsedVersions));
    }

    const definitions: WorkspaceDefinition[] = [];
    for (const pkg of packages) {
      const definition = npmDefinition(pkg, input.sources.listing);
      if (definition) definitions.push(definition);
    }
    for (const path of paths.filter(isPnpmWorkspaceFile)) definitions.push(pnpmDefinition(path, readPnpmWorkspace(input.sources.texts.get(path)!)));
    const validVersion = (pkg: PackageJson) => {
      const parsed = parsedVersions.get(pkg.path);
      return parsed?.valid ? parsed.text : undefined;
    };
    const workspaces = analyzeWorkspaces(definitions, packages, validVersion, rangeOf);
    findings.push(...workspaces.findings);
    const api = apiBumps(input, packages, validVersion, rangeOf);
    findings.push(...api.findings);

    const declarations: AnalyzedDeclaration[] = [];
    for (const pkg of packages) {
      const parsed = parsedVersions.get(pkg.path);
      const written = pkg.version?.string;
      if (!parsed || !written) continue;
      const range = rangeOf(pkg.path, written.start, written.end);
      const context: PackageContext = {
        path: pkg.path,
        name: pkg.name?.value,
        private: pkg.private,
        workspaces: workspaces.membership.get(pkg.path) ?? [],
        dependents: workspaces.dependents.get(pkg.path) ?? [],
      };
      const declaration: Declaration = {
        scheme: 'semver',
        file: pkg.path,
        range,
        text: written.value,
        value: written.value,
        fields: declarationFields(parsed, context),
        sites: [{ file: pkg.path, range, role: 'version' }],
      };
      const report = api.reports.get(pkg.path);
      const fields = report ? { ...declaration.fields, baseline: { ref: report.baselineRef, value: report.baselineValue }, change: report.change, requiredNext: report.next } : declaration.fields;
      declarations.push({
        declaration: { ...declaration, fields },
        explain: () => explainMarkdown(parsed, context) + (report ? `\n\n**${report.summary}**` : ''),
        bumps: parsed.valid ? bumpFixes(written.value, pkg.path, range) : undefined,
        report,
        nextFix: api.nextFixes.get(pkg.path),
      });
    }
    return { declarations, findings, wantedFiles: api.wantedFiles, wantedBaselineFiles: api.wantedBaselineFiles };
  },

  packageNames(input: AnalysisInput): string[] {
    // Tags like `v1.2.3`, `name-1.2.3` or `@scope/name@1.2.3` of the packages in the workspace.
    return [...input.sources.texts.keys()].filter((p) => isPackageJson(p) && !/(^|\/)node_modules\//.test(p)).map((p) => readPackageJson(p, input.sources.texts.get(p)!).name?.value).filter((n): n is string => Boolean(n));
  },

  explainValue(value: string, options: ExplainOptions): ValueExplanation | undefined {
    const text = value.trim();
    // Semver-shaped: digits and a dot first (a 'v' allowed, to be told it is wrong), no ':' (libtool's C:R:A).
    if (!options.explicit && !/^[vV]?[0-9]+\.[^\s:/]*$/.test(text)) return undefined;
    const parsed = parseSemver(text);
    return { scheme: 'semver', value: text, valid: parsed.valid, fields: explainFields(parsed), message: explainMarkdown(parsed) };
  },
};

type RangeOf = (file: string, start: number, end: number) => Finding['range'];

function packageFindings(pkg: PackageJson, text: string, rangeOf: RangeOf, parsedVersions: Map<string, ParsedSemver>): Finding[] {
  const file = pkg.path;
  if (pkg.syntaxError) {
    return [{ file, range: rangeOf(file, pkg.syntaxError.start, pkg.syntaxError.end), severity: 'error', code: RULES.malformed, message: pkg.syntaxError.message, fixes: [] }];
  }
  const version = pkg.version;
  if (!version) {
    if (pkg.private) return [];
    const anchor = pkg.name ? rangeOf(file, pkg.name.start, pkg.name.end) : rangeOf(file, pkg.objectStart, pkg.objectStart + 1);
    const fixes: Fix[] = [];
    const addVersion = propertyEdits(file, text, 'version', INITIAL_VERSION, ['name'], rangeOf);
    if (addVersion) fixes.push({ title: `Add "version": "${INITIAL_VERSION}"`, edits: addVersion });
    const makePrivate = propertyEdits(file, text, 'private', true, ['version', 'name'], rangeOf);
    if (makePrivate) fixes.push({ title: 'Mark the package "private": true', edits: makePrivate });
    return [{
      file,
      range: anchor,
      severity: 'information',
      code: RULES.missingVersion,
      message: `${pkg.name ? `'${pkg.name.value}'` : 'this package'} has no version: npm refuses to publish a package without one; add a version, or mark the package "private": true if it is not published`,
      fixes,
    }];
  }
  if (!version.string) {
    return [{
      file,
      range: rangeOf(file, version.start, version.end),
      severity: 'error',
      code: RULES.versionNotString,
      message: `the version must be a string such as "1.0.0", not ${describeType(version)}${version.type === 'number' ? ` (write "${text.slice(version.start, version.end)}" in quotes, with three numbers)` : ''}: npm refuses a version that is not a string`,
      fixes: [],
    }];
  }
  const written = version.string;
  const parsed = parseSemver(written.value);
  parsedVersions.set(file, parsed);
  const range = rangeOf(file, written.start, written.end);
  return parsed.problems.map((problem) => ({
    file,
    range,
    severity: problem.severity,
    code: problem.code,
    message: problem.message,
    fixes: problem.fix ? [{ title: problem.fix.title, edits: [{ file, range, newText: jsonEscape(problem.fix.value) }], preferred: problem.fix.preferred }] : [],
  }));
}

/** Edits that set a top-level property, formatted like the file (indentation, line ends), placed after `after`. */
function propertyEdits(file: string, text: string, key: string, value: unknown, after: string[], rangeOf: RangeOf): FileEdit[] | undefined {
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  try {
    const edits = modify(source, [key], value, {
      formattingOptions: { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol },
      getInsertionIndex: (properties) => {
        const index = Math.max(...after.map((name) => properties.indexOf(name)));
        return index >= 0 ? index + 1 : 0;
      },
    });
    return edits.length ? edits.map((e) => ({ file, range: rangeOf(file, e.offset, e.offset + e.length), newText: e.content })) : undefined;
  } catch {
    return undefined;
  }
}

function jsonEscape(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}
