import type { FileListing } from '../../core/listing';
import * as semver from 'semver';
import type { Finding, Fix } from '../../core/model';
import type { AnalysisInput, InterfaceReport } from '../../core/scheme';
import { dirName } from '../../core/text';
import type { TsApiComparison } from '../../interfaces/typescriptApi';
import { publicEntryPoints } from '../../interfaces/typescriptEntryPoints';
import { typescriptApi } from '../../interfaces/typescriptLazy';
import type { PackageJson } from './packageJson';

/**
 * The API decides the bump (the npm counterpart of libtool's interface rules): the package's public API is
 * what package.json's `exports` / `types` / `main` expose, extracted with the TypeScript compiler API at the
 * last release and in the working tree. A removed export or an incompatible signature needs a major
 * release, an added export a minor one, any other change to the package's sources a patch. Under 0.x
 * (semver §4) the usual convention applies: breaking → minor, feature → patch.
 *
 * "Sources" are the TypeScript and declaration files under the package folder (not in node_modules or a
 * nested package), plus the entry files themselves: what the extractor reads anyway. A JavaScript-only
 * package's other .js files are not compared, so a change there alone is not seen.
 */
export type ApiLevel = 'none' | 'patch' | 'minor' | 'major';

export const API_RULES = {
  bumpNeeded: 'semver/bump-needed',
  bumpTooSmall: 'semver/bump-too-small',
  versionWentBack: 'semver/not-newer-than-last-release',
} as const;

const SOURCE_FILE = /\.(d\.ts|d\.mts|d\.cts|ts|tsx|mts|cts)$/;
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'];

export interface ApiBumpResult {
  readonly findings: Finding[];
  readonly reports: Map<string, InterfaceReport>;
  readonly nextFixes: Map<string, Fix>;
  readonly wantedFiles: string[];
  readonly wantedBaselineFiles: string[];
}

/** Files of a package the API extraction reads: its TypeScript sources and declarations, and its entry files. */
function packageFiles(pkgPath: string, listing: FileListing, entries: Iterable<string>): string[] {
  const dir = dirName(pkgPath);
  const prefix = dir ? `${dir}/` : '';
  const nested = listing.named('package.json').filter((p) => p !== pkgPath && p.startsWith(prefix)).map((p) => `${dirName(p)}/`);
  const sources = SOURCE_EXTENSIONS.flatMap((extension) => listing.withExtension(extension));
  const files = sources.filter((p) => p.startsWith(prefix) && SOURCE_FILE.test(p) && !/(^|\/)node_modules\//.test(p) && !nested.some((n) => p.startsWith(n)));
  return [...new Set([...files, ...entries])].sort();
}

/** Comparisons are costly (a TypeScript program); they are kept while every input text is the same. */
const comparisons = new Map<string, { readonly inputs: readonly (string | undefined)[]; readonly result: TsApiComparison }>();

export function apiBumps(input: AnalysisInput, packages: readonly PackageJson[], workingVersion: (pkg: PackageJson) => string | undefined, rangeOf: (file: string, start: number, end: number) => Finding['range']): ApiBumpResult {
  const result: ApiBumpResult = { findings: [], reports: new Map(), nextFixes: new Map(), wantedFiles: [], wantedBaselineFiles: [] };
  const baseline = input.baseline;
  if (!baseline) return result;
  for (const pkg of packages) {
    const working = workingVersion(pkg);
    const written = pkg.version?.string;
    const baseText = baseline.sources.texts.get(pkg.path);
    if (pkg.private || !working || !written || baseText === undefined) continue;
    const baseVersion = /"version"\s*:\s*"([^"]*)"/.exec(baseText)?.[1];
    if (!baseVersion || !semver.valid(baseVersion)) continue;
    const dir = dirName(pkg.path);
    const nowEntries = publicEntryPoints(input.sources.texts.get(pkg.path)!, dir, input.sources.listing);
    const thenEntries = publicEntryPoints(baseText, dir, baseline.sources.listing);
    if (!nowEntries.size && !thenEntries.size) continue;
    const nowFiles = packageFiles(pkg.path, input.sources.listing, nowEntries.values());
    const thenFiles = packageFiles(pkg.path, baseline.sources.listing, thenEntries.values());
    const neededNow = nowFiles.filter((p) => input.sources.listing.has(p));
    const neededThen = thenFiles.filter((p) => baseline.sources.listing.has(p));
    result.wantedFiles.push(...neededNow);
    result.wantedBaselineFiles.push(...neededThen);
    // Compared once every file is read (the service runs the scheme again with them).
    if (neededNow.some((p) => !input.sources.texts.has(p)) || neededThen.some((p) => !baseline.sources.texts.has(p))) continue;

    const inputs = [...nowFiles.map((p) => input.sources.texts.get(p)), ...thenFiles.map((p) => baseline.sources.texts.get(p)), [...nowEntries].join(), [...thenEntries].join(), baseline.ref, input.settings.semver.hiddenTags.join()];
    const key = pkg.path;
    let comparison = comparisons.get(key);
    if (!comparison || comparison.inputs.length !== inputs.length || comparison.inputs.some((t, i) => t !== inputs[i])) {
      // `@internal` is never API; `@alpha`/`@beta` are not either when the project says so.
      const options = { readLibFile: input.typescriptLib, hiddenTags: input.settings.semver.hiddenTags };
      const api = typescriptApi().compareApis({ entryFiles: thenEntries, texts: baseline.sources.texts, options }, { entryFiles: nowEntries, texts: input.sources.texts, options }, options);
      comparison = { inputs, result: api };
      comparisons.set(key, comparison);
    }
    const api = comparison.result;
    const sourcesChanged = nowFiles.length !== thenFiles.length || nowFiles.some((p, i) => p !== thenFiles[i] || input.sources.texts.get(p) !== baseline.sources.texts.get(p));
    const apiLevel = api.added.length || api.removed.length || api.changed.length ? typescriptApi().requiredBump(api) : 'patch';
    const level: ApiLevel = apiLevel === 'patch' && !sourcesChanged ? 'none' : apiLevel;
    const effective = semver.major(baseVersion) === 0 ? ({ major: 'minor', minor: 'patch', patch: 'patch', none: 'none' } as const)[level] : level;
    const next = effective === 'none' ? baseVersion : semver.inc(baseVersion, effective) ?? baseVersion;
    const range = rangeOf(pkg.path, written.start, written.end);
    const fix: Fix = { title: `Set the version to ${next}`, edits: [{ file: pkg.path, range, newText: next }], preferred: true };
    const name = pkg.name?.value ?? pkg.path;
    const why = evidence(api, sourcesChanged, baseline.ref);
    const add = (severity: Finding['severity'], code: string, message: string) => result.findings.push({ file: pkg.path, range, severity, code, message, fixes: [fix] });
    if (semver.eq(working, baseVersion)) {
      if (level !== 'none') add(input.settings.release ? 'error' : 'information', API_RULES.bumpNeeded, `${why}: next version must be ${next}${semver.major(baseVersion) === 0 && level !== effective ? ` (0.x: a ${level} change bumps the ${effective})` : ''}`);
    } else if (semver.lt(working, baseVersion)) {
      add('error', API_RULES.versionWentBack, `${working} is older than the last release ${baseVersion} (${baseline.ref}); next version must be ${next}`);
    } else if (level !== 'none' && semver.lt(coerceRelease(working), next)) {
      add('error', API_RULES.bumpTooSmall, `${why}: next version must be ${next}, and ${working} is too small a bump`);
    }
    const diff = typescriptApi().toInterfaceDiff(api);
    result.reports.set(pkg.path, {
      scheme: 'semver',
      library: name,
      baselineRef: baseline.ref,
      baselineValue: baseVersion,
      value: working,
      change: effective,
      next,
      diff,
      changedFiles: nowFiles.filter((p) => input.sources.texts.get(p) !== baseline.sources.texts.get(p)),
      summary: `since ${baseline.ref}: +${diff.added.length} −${diff.removed.length} ~${diff.changed.length} exports → next ${next}${semver.eq(working, next) && level !== 'none' ? ' ✓' : ''}`,
    });
    if (next !== working) result.nextFixes.set(pkg.path, fix);
  }
  return result;
}

/** A pre-release of the required version counts as that version (2.0.0-rc.1 is on its way to 2.0.0). */
function coerceRelease(version: string): string {
  const parsed = semver.parse(version);
  return parsed ? `${parsed.major}.${parsed.minor}.${parsed.patch}` : version;
}

function evidence(api: TsApiComparison, sourcesChanged: boolean, ref: string): string {
  const names = (items: readonly { name: string }[]) => items.slice(0, 3).map((i) => `\`${i.name}\``).join(', ') + (items.length > 3 ? ` and ${items.length - 3} more` : '');
  const breaking = api.changed.filter((c) => c.breaking);
  const parts: string[] = [];
  if (api.removed.length) parts.push(`${api.removed.length === 1 ? 'export' : 'exports'} ${names(api.removed)} removed since ${ref}`);
  if (breaking.length) parts.push(`${names(breaking.map((c) => c.after))} changed incompatibly since ${ref} (${breaking[0].reason})`);
  if (api.added.length) parts.push(`${api.added.length === 1 ? 'export' : 'exports'} ${names(api.added)} added since ${ref}`);
  const compatible = api.changed.filter((c) => !c.breaking);
  if (!parts.length && compatible.length) parts.push(`${names(compatible.map((c) => c.after))} changed compatibly since ${ref}`);
  if (!parts.length && sourcesChanged) parts.push(`the package's sources changed since ${ref}`);
  return parts.join('; ');
}
