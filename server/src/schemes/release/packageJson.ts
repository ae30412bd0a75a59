import { parseTree, type Node } from 'jsonc-parser';
import { dirName } from '../../core/text';
import { writtenAt, type ReleaseSite } from './site';

/**
 * The `"version"` of a package.json. Only a package.json in the directory of another release site (a
 * configure.ac, meson.build, changelog…) is a site: the workspace's other package.json files (a monorepo's
 * packages, test fixtures) are not this package's release. index.ts asks for exactly those files, so this
 * scheme never reads package.json files it would not use.
 */
export function packageJsonSite(path: string, text: string): ReleaseSite | undefined {
  let root: Node | undefined;
  try {
    root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  } catch {
    return undefined;
  }
  if (!root || root.type !== 'object') return undefined;
  const property = (key: string): Node | undefined => {
    // The last occurrence of a key counts, as in JSON.parse (and so in npm).
    const found = (root!.children ?? []).filter((p) => p.children?.[0]?.value === key);
    return found[found.length - 1]?.children?.[1];
  };
  const version = property('version');
  if (!version || version.type !== 'string') return undefined;
  const start = version.offset + 1;
  const end = version.offset + version.length - 1;
  const raw = text.slice(start, end);
  // An escaped version (`"1.2.\u0033"`) is not worth locating character by character.
  if (raw !== version.value || raw.trim() === '') return undefined;
  let from = start;
  if (/^[vV][0-9]/.test(raw)) from++;
  const name = property('name');
  return {
    kind: 'package.json',
    file: path,
    home: dirName(path),
    label: 'package.json "version"',
    packageName: name?.type === 'string' ? String(name.value) : undefined,
    comparison: 'exact',
    written: writtenAt({ file: path, start: from, end }, text.slice(from, end), 'semver'),
  };
}
