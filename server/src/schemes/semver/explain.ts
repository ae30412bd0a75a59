import * as semver from 'semver';
import { BUMP_KINDS, nextVersions } from './bumps';
import { VERSION_RULES, type ParsedSemver } from './validate';
import type { Dependent, WorkspaceDefinition } from './workspaces';

/**
 * The explanation step of the semver scheme: what a version means, for people (hover, `versionwise
 * explain`) and for programs (`fields` in the JSON output).
 */
export interface PackageContext {
  readonly path: string;
  readonly name?: string;
  readonly private: boolean;
  readonly workspaces: readonly WorkspaceDefinition[];
  readonly dependents: readonly Dependent[];
}

/** `{ major, minor, patch, prerelease, build, package }` (numbers, identifier lists, the package name or null). */
export function explainFields(parsed: ParsedSemver, packageName: string | null = null): Record<string, unknown> {
  return {
    major: parsed.major,
    minor: parsed.minor,
    patch: parsed.patch,
    prerelease: [...parsed.prerelease],
    build: [...parsed.build],
    package: packageName,
  };
}

/** The fields of a declaration: those of `explainFields`, and what only a package.json knows. */
export function declarationFields(parsed: ParsedSemver, context: PackageContext): Record<string, unknown> {
  return {
    ...explainFields(parsed, context.name ?? null),
    valid: parsed.valid,
    private: context.private,
    workspaces: context.workspaces.map((w) => w.file),
    next: parsed.valid ? nextVersions(parsed.text) ?? null : null,
  };
}

const FIELD_MEANING = {
  major: 'incremented for incompatible API changes',
  minor: 'incremented for backward-compatible new functionality',
  patch: 'incremented for backward-compatible bug fixes',
};

export function explainMarkdown(parsed: ParsedSemver, context?: PackageContext): string {
  const lines: string[] = [];
  const where = context ? ` · ${context.name ? `package \`${context.name}\`` : 'package without a name'} (\`${context.path}\`)` : '';
  if (!parsed.valid) {
    const errors = parsed.problems.filter((p) => p.severity === 'error');
    const npmOnly = errors.length > 0 && errors.every((p) => p.code === VERSION_RULES.npmLimit);
    lines.push(`**\`${parsed.text}\` ${npmOnly ? 'is SemVer 2.0.0, but npm cannot use it' : 'is not SemVer 2.0.0'}**${where}`, '');
    for (const problem of errors) lines.push(`- ${problem.reason}`);
    lines.push(
      '',
      'A SemVer 2.0.0 version is `MAJOR.MINOR.PATCH`, three non-negative integers without leading zeros, optionally followed by `-` and a pre-release (dot-separated identifiers of ASCII letters, digits and hyphens; numeric ones without leading zeros) and by `+` and build metadata (the same identifiers, leading zeros allowed): `1.2.3`, `1.2.3-rc.1`, `1.2.3+build.5`.',
    );
    appendContext(lines, context);
    return lines.join('\n').trimEnd();
  }

  const version = semver.parse(parsed.text)!;
  const { major, minor, patch } = version;
  const release = `${major}.${minor}.${patch}`;
  const pre = parsed.prerelease.join('.');
  const build = parsed.build.join('.');
  lines.push(`**SemVer \`${parsed.text}\`**${where}`, '');
  lines.push(
    '| Field | Value | Meaning |',
    '|---|---|---|',
    `| MAJOR | ${major} | ${major === 0 ? 'zero: initial development, see below' : FIELD_MEANING.major} |`,
    `| MINOR | ${minor} | ${FIELD_MEANING.minor}${major === 0 ? ' (by convention, breaking changes in 0.x)' : ''} |`,
    `| PATCH | ${patch} | ${FIELD_MEANING.patch}${major === 0 ? ' (by convention, features and fixes in 0.x)' : ''} |`,
  );
  if (pre) lines.push(`| Pre-release | \`${pre}\` | identifiers ${parsed.prerelease.map((id) => `\`${id}\` (${typeof id === 'number' ? 'numeric' : 'alphanumeric'})`).join(', ')}: a pre-release of ${release}, which may not satisfy the compatibility its numbers promise |`);
  if (build) lines.push(`| Build metadata | \`${build}\` | ignored when versions are compared; npm publishes the package as \`${version.version}\` |`);
  lines.push('');

  // Where it sorts: the release below, its pre-releases, itself, the next patch, minor and major.
  const below = patch > 0 ? `\`${major}.${minor}.${patch - 1}\`` : minor > 0 ? `every \`${major}.${minor - 1}.x\`` : major > 0 ? `every \`${major - 1}.x.x\`` : undefined;
  const next = nextVersions(parsed.text)!;
  const after = [`\`${major}.${minor}.${patch + 1}\` (next patch)`, `\`${major}.${minor + 1}.0\` (next minor)`, `\`${major + 1}.0.0\` (next major)`];
  const chain = pre
    ? [...(below ? [below] : []), `**\`${parsed.text}\`**`, `\`${next.prerelease}\` (next pre-release)`, `\`${release}\` (its release)`, ...after]
    : [...(below ? [below] : []), `\`${release}-…\` (its pre-releases)`, `**\`${parsed.text}\`**`, ...after];
  lines.push(`**Order:** ${chain.join(' < ')}.`);
  if (build) lines.push(`\`${parsed.text}\` and \`${version.version}\` have the same precedence: build metadata does not count.`);
  if (pre) {
    lines.push(
      '',
      `A pre-release sorts before its release. Identifiers compare left to right: numeric ones as numbers, others in ASCII order, numeric before alphanumeric, and a longer list after its prefix: \`${release}-alpha\` < \`${release}-alpha.1\` < \`${release}-beta\` < \`${release}-rc.2\` < \`${release}-rc.10\` < \`${release}\`.`,
      `npm ranges match a pre-release only when one of their comparators is a pre-release of the same \`${release}\`: \`^${release}-0\` matches \`${parsed.text}\`, \`*\` does not.`,
    );
  }
  lines.push('');

  if (major === 0) {
    const caret = minor > 0 ? `\`^${release}\` accepts \`>=${release} <0.${minor + 1}.0\`` : `\`^${release}\` accepts only \`${release}\`: every 0.0.x release may break`;
    lines.push(
      '**Major version zero (SemVer §4):** initial development. Anything may change at any time; the public API should not be considered stable.',
      `By the usual convention, which npm's \`^\` follows, a breaking change bumps the minor (\`0.${minor + 1}.0\`) and a new feature or a fix bumps the patch (\`0.${minor}.${patch + 1}\`): ${caret}. Version \`1.0.0\` defines the public API (§5).`,
    );
  } else {
    lines.push(`Compatible releases keep MAJOR ${major}: \`^${release}\` accepts \`>=${release} <${major + 1}.0.0\`; an incompatible change needs \`${major + 1}.0.0\`.`);
  }
  lines.push('', `Next: ${BUMP_KINDS.map((kind) => `${kind} \`${next[kind]}\``).join(' · ')}.`);
  appendContext(lines, context);
  return lines.join('\n').trimEnd();
}

function appendContext(lines: string[], context: PackageContext | undefined): void {
  if (!context) return;
  const notes: string[] = [];
  if (context.private) notes.push('`"private": true`: npm will not publish it.');
  for (const workspace of context.workspaces) {
    notes.push(`Workspace package of the ${workspace.kind === 'pnpm' ? 'pnpm' : 'npm/Yarn'} workspace declared in \`${workspace.file}\`.`);
  }
  if (context.dependents.length) {
    const shown = context.dependents.slice(0, 5).map((d) => `\`${d.file}\` (\`${d.spec}\` in ${d.field})`);
    const more = context.dependents.length > 5 ? ` and ${context.dependents.length - 5} more` : '';
    notes.push(`Depended on in the workspace by ${shown.join(', ')}${more}.`);
  }
  if (notes.length) lines.push('', ...notes);
}
