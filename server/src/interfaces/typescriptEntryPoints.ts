import { joinPath } from '../core/text';
import { isCodeFile, isDeclarationFile } from './typescriptFiles';

/**
 * Which files a package exposes, and which file to read for each: subpath (`.`, `./utils`) → the
 * workspace-relative file whose exports are that subpath's API.
 *
 * Where the subpaths come from:
 * - `exports`, when present (then `main`/`module` do not define subpaths; Node ignores them too):
 *   - a string, an array (fallbacks) or a condition object: the `.` subpath;
 *   - an object whose keys start with `.`: a subpath map; `null` subpaths are not exported;
 *   - pattern subpaths (`"./*"`, `"./features/*.js"`): expanded against the listing, each name matched by
 *     a pattern (with Node's precedence: an exact key first, then the pattern with the longest prefix)
 *     counting only when that pattern is the one Node would pick and it is not `null`;
 *   - conditions (nested to any depth): every branch is kept, `types` first, then `import`, `require`,
 *     `node`, `default`, then the others in written order — we want the declarations any consumer sees,
 *     not what one runtime picks;
 * - otherwise `types`/`typings`, `module`, `main` (default `index.js`) for `.`.
 *
 * Which file stands for a subpath (its targets tried in the order above, tier by tier):
 *  1. a declaration file in the listing: the target itself when it is `.d.ts`/`.d.mts`/`.d.cts`, or the
 *     twin of a `.js`/`.mjs`/`.cjs` target (`dist/a.js` → `dist/a.d.ts`); for `.` also the top-level
 *     `types`/`typings` field;
 *  2. the TypeScript source, for a repository where `dist/` is not committed. A deliberately simple
 *     heuristic, not a tsconfig reading: the same path with a source extension (`lib/a.js` → `lib/a.ts`),
 *     then the path with its first directory replaced by `src/` (`dist/utils/a.js` → `src/utils/a.ts`),
 *     then with its first two replaced (`dist/esm/a.js` → `src/a.ts`); `.js`/`.d.ts` ↔ `.ts`/`.tsx`,
 *     `.mjs` ↔ `.mts`, `.cjs` ↔ `.cts`;
 *  3. the JavaScript target itself (its names are still extracted, typed from JSDoc or as `any`).
 * A subpath none of whose targets exists in the listing, or whose target is not code (`./package.json`,
 * CSS), is left out.
 */
export function publicEntryPoints(packageJsonText: string, packageDir: string, listing: Iterable<string>): Map<string, string> {
  const result = new Map<string, string>();
  let manifest: unknown;
  try {
    manifest = JSON.parse(packageJsonText.replace(/^\uFEFF/, ''));
  } catch {
    return result;
  }
  if (!isObject(manifest)) return result;
  const dir = joinPath(packageDir);
  const prefix = dir ? `${dir}/` : '';
  // Files of this package, relative to it.
  const files = new Set<string>();
  for (const path of listing) {
    const normal = joinPath(path);
    if (normal.startsWith(prefix) || !prefix) files.add(normal.slice(prefix.length));
  }
  const typesFields = [manifest.types, manifest.typings].filter(isString).map(fieldTarget).filter(isString);
  const found = new Map<string, string>();

  const exportsField = manifest.exports;
  if (exportsField !== undefined && exportsField !== null) {
    const map = subpathMap(exportsField);
    const keys = [...map.keys()];
    for (const [key, value] of map) {
      if (!key.startsWith('.') || key.endsWith('/')) continue; // legacy folder mappings are not supported by Node any more
      const targets = conditionTargets(value, 0);
      if (!targets) continue;
      if (!key.includes('*')) {
        const extra = key === '.' ? typesFields : [];
        const file = pickFile([...targets.map(exportTarget).filter(isString), ...extra], files);
        if (file) found.set(key, file);
        continue;
      }
      if (key.indexOf('*') !== key.lastIndexOf('*')) continue;
      for (const star of patternMatches(targets.map(exportTarget).filter(isString), files)) {
        const subpath = key.replace('*', star);
        if (map.has(subpath) || bestPatternKey(subpath, keys) !== key) continue;
        const file = pickFile(targets.map(exportTarget).filter(isString), files, star);
        if (file) found.set(subpath, file);
      }
    }
  } else {
    const main = [manifest.module, manifest.main].filter(isString).map(fieldTarget).filter(isString);
    const file = pickFile([...typesFields, ...main.flatMap(withImplicitExtension), ...(main.length ? [] : ['index.js'])], files);
    if (file) found.set('.', file);
  }
  const order = [...found.keys()].sort((a, b) => (a === '.' ? -1 : b === '.' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  for (const key of order) result.set(key, prefix + found.get(key)!);
  return result;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

/** `exports` as a map from subpath to its value: `"./x"` keys, or everything under `.`. */
function subpathMap(exportsField: Json): Map<string, Json> {
  if (isObject(exportsField)) {
    const keys = Object.keys(exportsField);
    if (keys.some((k) => k.startsWith('.'))) return new Map(keys.filter((k) => k.startsWith('.')).map((k) => [k, exportsField[k]]));
  }
  return new Map([['.', exportsField]]);
}

const PREFERRED_CONDITIONS = ['types', 'import', 'require', 'node', 'default'];

/**
 * Every target string under a value, preferred conditions first; `null` when the value itself is
 * `null` (the subpath is explicitly not exported).
 */
function conditionTargets(value: Json, depth: number): string[] | null {
  if (value === null) return null;
  if (typeof value === 'string') return [value];
  if (depth > 16) return [];
  if (Array.isArray(value)) return value.flatMap((v) => conditionTargets(v, depth + 1) ?? []);
  if (!isObject(value)) return [];
  const keys = Object.keys(value).filter((k) => !k.startsWith('.'));
  const ordered = [...PREFERRED_CONDITIONS.filter((k) => keys.includes(k)), ...keys.filter((k) => !PREFERRED_CONDITIONS.includes(k))];
  return ordered.flatMap((k) => conditionTargets(value[k], depth + 1) ?? []);
}

/** An `exports` target relative to the package: must start with `./`, no `..` or `node_modules` segment. */
function exportTarget(target: string): string | undefined {
  if (!target.startsWith('./')) return undefined;
  return fieldTarget(target);
}

/** A `main`/`types` value relative to the package (`./` optional), or undefined when it leaves the package. */
function fieldTarget(target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('/')) return undefined;
  const segments = target.split('/');
  if (segments.some((s) => s === '..' || s === 'node_modules')) return undefined;
  return segments.filter((s) => s !== '' && s !== '.').join('/');
}

/** `main: "lib/index"` or `main: "lib"`: Node tries the extensions and `index.js`. */
function withImplicitExtension(target: string): string[] {
  return isCodeFile(target) ? [target] : [`${target}.js`, `${target}/index.js`, target];
}

const SOURCE_EXTENSIONS: [RegExp, string[]][] = [
  [/\.d\.ts$/, ['.ts', '.tsx']],
  [/\.d\.mts$/, ['.mts']],
  [/\.d\.cts$/, ['.cts']],
  [/\.jsx?$/, ['.ts', '.tsx']],
  [/\.mjs$/, ['.mts']],
  [/\.cjs$/, ['.cts']],
];

function declarationCandidates(target: string): string[] {
  if (isDeclarationFile(target)) return [target];
  if (/\.jsx?$/.test(target)) return [target.replace(/\.jsx?$/, '.d.ts')];
  if (target.endsWith('.mjs')) return [target.replace(/\.mjs$/, '.d.mts')];
  if (target.endsWith('.cjs')) return [target.replace(/\.cjs$/, '.d.cts')];
  if (!isCodeFile(target)) return [`${target}.d.ts`, `${target}/index.d.ts`];
  return [];
}

function sourceCandidates(target: string): string[] {
  if (/\.(tsx?|mts|cts)$/.test(target) && !isDeclarationFile(target)) return [target];
  const rule = SOURCE_EXTENSIONS.find(([pattern]) => pattern.test(target));
  if (!rule) return [];
  const stem = target.replace(rule[0], '');
  const segments = stem.split('/');
  const stems = [stem];
  if (segments.length === 1) stems.push(`src/${stem}`);
  if (segments.length >= 2) stems.push(['src', ...segments.slice(1)].join('/'));
  if (segments.length >= 3) stems.push(['src', ...segments.slice(2)].join('/'));
  return stems.flatMap((s) => rule[1].map((ext) => s + ext));
}

function javascriptCandidates(target: string): string[] {
  return /\.[mc]?jsx?$/.test(target) ? [target] : [];
}

/**
 * The first target, tier by tier, that exists: declarations, then sources, then JavaScript. For a pattern
 * target the candidates are derived from the pattern and `star` is substituted afterwards, exactly as the
 * pattern was matched against the listing.
 */
function pickFile(targets: readonly string[], files: ReadonlySet<string>, star?: string): string | undefined {
  for (const tier of [declarationCandidates, sourceCandidates, javascriptCandidates]) {
    for (const target of targets) {
      if (star === undefined && target.includes('*')) continue;
      // A pattern with an extension is expanded like it was matched; `./*` takes the star first.
      const candidates = star === undefined ? tier(target) : isCodeFile(target) ? tier(target).map((c) => c.replace('*', star)) : tier(target.replace('*', star));
      const hit = candidates.find((c) => files.has(c));
      if (hit) return hit;
    }
  }
  return undefined;
}

/**
 * The values `*` takes in a pattern target, read from the listing through the same tiers (a
 * `./dist/*.js` target matches `dist/a.d.ts`, `src/a.ts` or `dist/a.js`).
 */
function patternMatches(targets: readonly string[], files: ReadonlySet<string>): Set<string> {
  const stars = new Set<string>();
  for (const target of targets) {
    if (!target.includes('*')) continue;
    // `"./*": "./*"`: the star takes the extension too (`pkg/a.js` is `./a.js`), so the pattern is matched
    // as written, against code that is not a declaration (the declarations are read for their twins).
    const raw = !isCodeFile(target);
    const patterns = raw ? [target] : [...declarationCandidates(target), ...sourceCandidates(target), ...javascriptCandidates(target)];
    for (const pattern of patterns) {
      const star = pattern.indexOf('*');
      if (star < 0 || pattern.indexOf('*', star + 1) >= 0) continue;
      const before = pattern.slice(0, star);
      const after = pattern.slice(star + 1);
      for (const file of files) {
        if (file.length <= before.length + after.length || !file.startsWith(before) || !file.endsWith(after)) continue;
        // `src/*.ts` must not take `src/a.d.ts` as the source of `a.d`.
        if (!isDeclarationFile(pattern) && isDeclarationFile(file)) continue;
        if (raw && !isCodeFile(file)) continue;
        stars.add(file.slice(before.length, file.length - after.length));
      }
    }
  }
  return stars;
}

/** Node's choice among pattern keys for a subpath: the longest prefix before `*`, then the longest key. */
function bestPatternKey(subpath: string, keys: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const key of keys) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const before = key.slice(0, star);
    const after = key.slice(star + 1);
    if (subpath.length < key.length || !subpath.startsWith(before) || !subpath.endsWith(after)) continue;
    if (!best || before.length > best.indexOf('*') || (before.length === best.indexOf('*') && key.length > best.length)) best = key;
  }
  return best;
}
