import type { Finding, Fix } from '../../core/model';
import type { Range } from '../../core/text';
import { Minimatch } from 'minimatch';
import * as semver from 'semver';
import { dirName, joinPath } from '../../core/text';
import type { DependencyEntry, JsonString, PackageJson } from './packageJson';
import { acceptance, classifySpec, rewriteRange } from './ranges';

/**
 * Step 4 of the semver scheme, across packages: workspaces. npm, Yarn and Bun declare them in a
 * package.json (`workspaces: [...]` or `{ packages: [...] }`), pnpm in `pnpm-workspace.yaml`
 * (`packages:`). Their globs, relative to the declaring directory, select the directories whose
 * package.json is a workspace package. Wherever a package of the workspace (its root included) depends on
 * a workspace package by name, the range must accept that package's current version, or the package
 * manager does not link the workspace copy (see ranges.ts for pre-releases).
 *
 * Globs are minimatch globs selecting directories (a trailing `/` or `/package.json` is ignored); a leading
 * `!` excludes, whatever the order (npm's map-workspaces and pnpm both pass negations as ignore patterns).
 */
export const WORKSPACE_RULES = {
  rangeMismatch: 'semver/workspace-range-mismatch',
  prereleaseExcluded: 'semver/workspace-range-excludes-prerelease',
  duplicateName: 'semver/duplicate-workspace-name',
} as const;

export interface WorkspaceDefinition {
  readonly kind: 'npm' | 'pnpm';
  /** Where the globs are written: a package.json or pnpm-workspace.yaml. */
  readonly file: string;
  /** The declaring directory ('' for the workspace root). */
  readonly root: string;
  readonly globs: readonly string[];
  /** Yarn 2+ (a `.yarnrc.yml` beside the root, or `packageManager: yarn@2+`) links pre-release versions. */
  readonly yarnBerry: boolean;
}

export interface Workspace {
  readonly definition: WorkspaceDefinition;
  /** The package.json of the declaring directory, when there is one. */
  readonly rootPackage?: PackageJson;
  /** Packages the globs select (for pnpm the root package too: it is a workspace project). */
  readonly members: readonly PackageJson[];
}

/** A dependency on a workspace package, for the hover of that package's version. */
export interface Dependent {
  readonly file: string;
  readonly field: string;
  readonly spec: string;
}

export interface WorkspaceAnalysis {
  readonly workspaces: readonly Workspace[];
  readonly findings: readonly Finding[];
  /** Per package.json path: the workspaces it belongs to. */
  readonly membership: ReadonlyMap<string, readonly WorkspaceDefinition[]>;
  /** Per package.json path: who depends on it by a range or workspace: specifier. */
  readonly dependents: ReadonlyMap<string, readonly Dependent[]>;
}

export type RangeOf = (file: string, start: number, end: number) => Range;

export function npmDefinition(pkg: PackageJson, listing: ReadonlySet<string>): WorkspaceDefinition | undefined {
  if (!pkg.workspaces || pkg.syntaxError) return undefined;
  const root = dirName(pkg.path);
  const yarnMajor = /^yarn@(\d+)/.exec(pkg.packageManager ?? '')?.[1];
  const yarnBerry = listing.has(joinPath(root, '.yarnrc.yml')) || (yarnMajor !== undefined && Number(yarnMajor) >= 2);
  return { kind: 'npm', file: pkg.path, root, globs: pkg.workspaces, yarnBerry };
}

export function pnpmDefinition(path: string, globs: readonly string[] | undefined): WorkspaceDefinition {
  return { kind: 'pnpm', file: path, root: dirName(path), globs: globs ?? [], yarnBerry: false };
}

/**
 * A test on package directories for workspace globs written relative to `root`. As npm's map-workspaces
 * does, each glob gets `/package.json` appended and is matched (minimatch) against package.json paths, so
 * `apps/**` also selects `apps` itself; negations exclude whatever their position.
 */
export function workspaceMatcher(root: string, globs: readonly string[]): (directory: string) => boolean {
  const include: Minimatch[] = [];
  const exclude: Minimatch[] = [];
  for (const raw of globs) {
    const negated = raw.trim().startsWith('!');
    const glob = raw.trim().replace(/^!/, '').replace(/\/package\.json$/, '').replace(/\/+$/, '');
    try {
      (negated ? exclude : include).push(new Minimatch(joinPath(root, glob, 'package.json')));
    } catch {
      // minimatch refuses patterns over 64 KiB: such a glob selects nothing.
    }
  }
  return (directory: string) => {
    const manifest = joinPath(directory, 'package.json');
    return include.some((glob) => glob.match(manifest)) && !exclude.some((glob) => glob.match(manifest));
  };
}

/** The workspaces, who belongs to them, and the dependency ranges that no longer accept a workspace package's version. */
export function analyzeWorkspaces(
  definitions: readonly WorkspaceDefinition[],
  packages: readonly PackageJson[],
  validVersion: (pkg: PackageJson) => string | undefined,
  rangeOf: RangeOf,
): WorkspaceAnalysis {
  const readable = packages.filter((p) => !p.syntaxError);
  const byDirectory = new Map(readable.map((p) => [dirName(p.path), p]));
  const findings: Finding[] = [];
  const membership = new Map<string, WorkspaceDefinition[]>();
  const dependents = new Map<string, Dependent[]>();
  const workspaces: Workspace[] = [];

  for (const definition of definitions) {
    const matches = workspaceMatcher(definition.root, definition.globs);
    const rootPackage = byDirectory.get(definition.root);
    const members = readable.filter((p) => matches(dirName(p.path)) || (definition.kind === 'pnpm' && p === rootPackage));
    workspaces.push({ definition, rootPackage, members });
    for (const member of members) membership.set(member.path, [...(membership.get(member.path) ?? []), definition]);

    const byName = new Map<string, PackageJson[]>();
    for (const member of members) {
      const name = member.name?.value;
      if (!name) continue;
      const same = byName.get(name) ?? [];
      if (same.length && definition.kind === 'npm') {
        const first = same[0];
        findings.push({
          file: member.path,
          range: rangeOf(member.path, member.name!.start, member.name!.end),
          severity: 'error',
          code: WORKSPACE_RULES.duplicateName,
          message: `the workspace in ${definition.file} has two packages named '${name}' (${first.path} and ${member.path}): npm and Yarn refuse to install a workspace with duplicate names`,
          fixes: [],
          related: [{ file: first.path, range: rangeOf(first.path, first.name!.start, first.name!.end), message: `'${name}' is also the name of ${first.path}` }],
        });
      }
      same.push(member);
      byName.set(name, same);
    }

    const dependers = rootPackage && !members.includes(rootPackage) ? [rootPackage, ...members] : members;
    for (const depender of dependers) {
      for (const dependency of depender.dependencies) {
        const targets = (byName.get(dependency.name) ?? []).filter((t) => t !== depender);
        if (!targets.length || !dependency.spec) continue;
        // npm refuses duplicate names (reported above); a range cannot be checked against an ambiguous package.
        if (definition.kind === 'npm' && targets.length > 1) continue;
        const finding = checkDependency(definition, depender, dependency, dependency.spec, targets, validVersion, rangeOf, dependents);
        if (finding) findings.push(finding);
      }
    }
  }
  return { workspaces, findings, membership, dependents };
}

function checkDependency(
  definition: WorkspaceDefinition,
  depender: PackageJson,
  dependency: DependencyEntry,
  spec: JsonString,
  targets: readonly PackageJson[],
  validVersion: (pkg: PackageJson) => string | undefined,
  rangeOf: RangeOf,
  dependents: Map<string, Dependent[]>,
): Finding | undefined {
  const kind = classifySpec(spec.value);
  if (kind.kind === 'ignored') return undefined;
  for (const target of targets) {
    const list = dependents.get(target.path) ?? [];
    if (!list.some((d) => d.file === depender.path && d.field === dependency.field)) list.push({ file: depender.path, field: dependency.field, spec: spec.value });
    dependents.set(target.path, list);
  }
  if (kind.kind === 'any') return undefined;
  const versioned = targets.map((t) => ({ target: t, version: validVersion(t) })).filter((t): t is { target: PackageJson; version: string } => t.version !== undefined);
  if (!versioned.length) return undefined;
  const verdicts = versioned.map((t) => ({ ...t, verdict: acceptance(t.version, kind.range) }));
  if (verdicts.some((v) => v.verdict === 'accepts')) return undefined;
  const prereleaseOnly = verdicts.find((v) => v.verdict === 'prerelease-only');
  if (prereleaseOnly && definition.yarnBerry) return undefined;
  // The package the fix aims at: the one that only misses by being a pre-release, else the highest version.
  const chosen = prereleaseOnly ?? verdicts.reduce((best, v) => (semver.gt(v.version, best.version) ? v : best));
  const name = dependency.name;
  const written = spec.value;
  const newRange = rewriteRange(kind.range, chosen.version);
  const newText = `${kind.protocol}${newRange}`;
  const range = rangeOf(depender.path, spec.start, spec.end);
  const versions = verdicts.length === 1 ? `${chosen.version}, the version of workspace package '${name}' (${chosen.target.path})` : `any version of workspace package '${name}' (${verdicts.map((v) => `${v.version} in ${v.target.path}`).join(', ')})`;
  const consequence = kind.protocol
    ? `the install fails (no version of '${name}' inside the workspace matches)`
    : definition.kind === 'pnpm'
      ? `pnpm does not link the workspace copy but looks for '${name}@${written}' in the registry`
      : `npm and Yarn do not link the workspace copy but look for '${name}@${written}' in the registry`;
  const message = prereleaseOnly
    ? `'${written}' accepts ${chosen.version}, the version of workspace package '${name}' (${chosen.target.path}), only when pre-releases are included: ${definition.kind === 'pnpm' ? 'pnpm' : 'npm'} leaves a pre-release out of a range unless the range names a pre-release of the same ${baseOf(chosen.version)}, so ${kind.protocol ? 'the install fails' : `it does not link the workspace copy but looks for '${name}@${written}' in the registry`} (Yarn 2+ would link it)`
    : `'${written}' does not accept ${versions}: ${consequence}`;
  const fix: Fix = { title: `Change the range to ${newText} (accepts ${chosen.version})`, edits: [{ file: depender.path, range, newText }], preferred: true };
  const targetVersion = chosen.target.version?.string;
  return {
    file: depender.path,
    range,
    severity: 'warning',
    code: prereleaseOnly ? WORKSPACE_RULES.prereleaseExcluded : WORKSPACE_RULES.rangeMismatch,
    message,
    fixes: [fix],
    related: targetVersion ? [{ file: chosen.target.path, range: rangeOf(chosen.target.path, targetVersion.start, targetVersion.end), message: `'${name}' is at version ${chosen.version} here` }] : undefined,
  };
}

function baseOf(version: string): string {
  return version.replace(/[-+].*$/, '');
}
