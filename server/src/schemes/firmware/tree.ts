import type { SourceSet } from '../../sources/buildProject';
import { baseName, dirName, joinPath } from '../../core/text';
import { parseFirmwareName, type FirmwareFolder, type NameResult } from './names';
import { parseWhence, type WhenceFile } from './whence';

/**
 * Step 1 (find) for firmware trees: the `.bin` files listed under folders named `i915/` or `xe/` — by name
 * only, their contents are never asked for — grouped by the folder that holds `i915/` and `xe/` (the tree
 * root: the workspace itself, or a linux-firmware checkout inside it, recognised by its `WHENCE`), with the
 * tree's WHENCE when it has one. Which tree the driver tables are checked against: `firmware.tree` from
 * the settings when it names a workspace folder, else the only tree with a WHENCE, else the only tree.
 */
export interface TreeFile {
  /** Workspace-relative path of the file. */
  readonly path: string;
  /** Path relative to the tree root, e.g. `i915/tgl_guc_70.bin`. */
  readonly rel: string;
  readonly folder: FirmwareFolder;
  readonly name: string;
  readonly parsed: NameResult;
}

export interface FirmwareTree {
  /** The folder holding `i915/` and `xe/` ('' for the workspace root). */
  readonly root: string;
  /** For people: `linux-firmware/` or `the workspace`. */
  readonly label: string;
  readonly files: Map<string, TreeFile>;
  whence?: WhenceFile;
  /** A configured folder that holds the `.bin` files itself (an intel-gpu-firmware `firmware/`, an installed `i915/`). */
  readonly flat?: boolean;
}

export interface TreeDiscovery {
  readonly trees: readonly FirmwareTree[];
  /** The tree driver tables are checked against. */
  readonly reference?: FirmwareTree;
  readonly notes: readonly string[];
}

/** One regular expression per listed path: `…/i915/<name>.bin` or `…/xe/<name>.bin`. */
const TREE_FILE = /^(?:(.*)\/)?(i915|xe)\/([^/]+\.bin)$/;

export function treeLabel(root: string): string {
  return root === '' ? 'the workspace' : `${root}/`;
}

export function isWhencePath(path: string): boolean {
  return baseName(path) === 'WHENCE';
}

export function discoverTrees(sources: SourceSet, configured: string | undefined): TreeDiscovery {
  const byRoot = new Map<string, FirmwareTree>();
  const tree = (root: string): FirmwareTree => {
    let found = byRoot.get(root);
    if (!found) byRoot.set(root, (found = { root, label: treeLabel(root), files: new Map() }));
    return found;
  };
  for (const path of sources.listing.withExtension('.bin')) {
    const match = TREE_FILE.exec(path);
    if (!match) continue;
    const root = match[1] ?? '';
    const folder = match[2] as FirmwareFolder;
    const rel = `${folder}/${match[3]}`;
    tree(root).files.set(rel, { path, rel, folder, name: match[3], parsed: parseFirmwareName(rel) });
  }
  for (const [path, text] of sources.texts) {
    if (!isWhencePath(path)) continue;
    const whence = parseWhence(path, text);
    if (!whence.entries.length && !byRoot.has(whence.root)) continue;
    tree(whence.root).whence = whence;
  }

  const notes: string[] = [];
  const trees = [...byRoot.values()].sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
  let reference: FirmwareTree | undefined;
  if (configured !== undefined) {
    if (/^(?:\/|~|[A-Za-z]:[\\/]|\\\\)/.test(configured)) {
      notes.push(`The firmware tree '${configured}' (setting firmware.tree) is an absolute path: Versionwise sees only the files of the workspace, so it cannot list that tree. Open it as a workspace folder, or give a workspace-relative path.`);
    } else {
      const rel = joinPath(configured);
      const last = baseName(rel);
      const root = last === 'i915' || last === 'xe' ? dirName(rel) : rel;
      reference = byRoot.get(root);
      if (!reference) {
        const flat = flatTree(sources, rel);
        if (flat) {
          trees.push(flat);
          reference = flat;
        } else {
          notes.push(`The firmware tree '${configured}' (setting firmware.tree) has no i915/ or xe/ .bin files in the workspace.`);
        }
      }
    }
  }
  if (!reference) {
    const withWhence = trees.filter((t) => t.whence);
    const candidates = withWhence.length ? withWhence : trees;
    reference = candidates[0];
    if (candidates.length > 1) notes.push(`Several firmware trees are in the workspace (${candidates.map((t) => t.label).join(', ')}): driver tables are checked against ${reference.label}; set firmware.tree to choose another.`);
    else if (reference && configured !== undefined) notes.push(`Driver tables are checked against the firmware tree found in the workspace, ${reference.label}.`);
  }
  return { trees, reference, notes };
}

/** A configured folder holding `.bin` files directly: they are read as its `i915/` (or `xe/`) folder. */
function flatTree(sources: SourceSet, rel: string): FirmwareTree | undefined {
  const prefix = rel === '' ? '' : `${rel}/`;
  const folder: FirmwareFolder = baseName(rel) === 'xe' ? 'xe' : 'i915';
  const files = new Map<string, TreeFile>();
  for (const path of sources.listing.withExtension('.bin')) {
    if (!path.startsWith(prefix)) continue;
    const name = path.slice(prefix.length);
    if (name.includes('/')) continue;
    const fileRel = `${folder}/${name}`;
    files.set(fileRel, { path, rel: fileRel, folder, name, parsed: parseFirmwareName(fileRel) });
  }
  return files.size ? { root: rel, label: `${prefix || './'} (as ${folder}/)`, files, flat: true } : undefined;
}
