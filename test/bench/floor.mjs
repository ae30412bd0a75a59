/**
 * The floor of a cold workspace scan (`npm run bench`): list the tree with `git ls-files` and read only the
 * files Versionwise needs, decided by name with the same rules as the schemes' `isCandidate` (plus the
 * project macro files an `ACLOCAL_AMFLAGS = -I m4` directory holds, which the libtool scheme asks for).
 * Run as its own process, like the CLI it is compared with: `node test/bench/floor.mjs DIR` prints
 * `{"listed": N, "read": N, "bytes": N}`.
 *
 * `node test/bench/floor.mjs DIR --walk` lists by walking the directories instead (readdir, skipping the
 * folders Versionwise skips), as a tool that must also see untracked files has to: the floor for such a
 * tool, reported next to the figure to show how much of the gap is the listing.
 */
import { execFile } from 'node:child_process';
import { readdirSync, promises as fs } from 'node:fs';
import * as path from 'node:path';

const CHANGELOG = /^(?:changelog|changes|news|releases|release-notes|history)(?:\.(?:md|markdown|rst|txt))?$/i;
const DRIVER_BASENAMES = new Set(['intel_uc_fw.c', 'intel_dmc.c', 'xe_uc_fw.c', 'intel_guc_loader.c', 'intel_guc_fw.c', 'intel_huc_fw.c']);
const DRIVER_PATH = /(?:^|\/)drm\/(?:i915|xe)\/(?:.*\/)?[^/]*(?:uc_fw|guc|huc|dmc|gsc)[^/]*\.[ch]$/;
const NAMES = new Set(['configure.ac', 'configure.in', 'VERSION', 'acinclude.m4', 'libtool-version', 'package.json', 'pnpm-workspace.yaml', 'meson.build', 'CMakeLists.txt', 'WHENCE', '.versionwise.json', 'migration_version', 'migration_compatible', 'migration_info']);

export function isNeeded(file) {
  const base = file.slice(file.lastIndexOf('/') + 1);
  if (NAMES.has(base) && !(base === 'package.json' && /(^|\/)node_modules\//.test(file))) return true;
  if (base.endsWith('.am') && !base.startsWith('.')) return true;
  if (CHANGELOG.test(base) && base !== 'ChangeLog') return true;
  if (/\.spec(?:\.in)?$/.test(base) || base.endsWith('.vcc') || /(?:^|\/)debian\/changelog(?:\.in)?$/.test(file)) return true;
  if (base.endsWith('.migration') && base.length > 10) return true;
  if (DRIVER_BASENAMES.has(base) || DRIVER_PATH.test(file)) return true;
  // Project macros (ACLOCAL_AMFLAGS = -I m4): read to see which macros configure.ac calls.
  return /(?:^|\/)m4\/[^/]+\.m4$/.test(file) && !/^(?:libtool|ltoptions|ltsugar|ltversion|lt~obsolete)\.m4$/.test(base);
}

const SKIPPED = new Set(['.git', '.hg', '.svn', 'node_modules', '.vscode-test']);

function walk(dir) {
  const files = [];
  const pending = [''];
  while (pending.length) {
    const relative = pending.pop();
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) pending.push(child);
      } else files.push(child);
    }
  }
  return files;
}

async function main(dir, byWalking) {
  const listing = byWalking
    ? walk(dir)
    : await new Promise((resolve, reject) => {
        execFile('git', ['ls-files', '-z'], { cwd: dir, maxBuffer: 1 << 30, encoding: 'utf8' }, (error, stdout) => (error ? reject(error) : resolve(stdout.split('\0').filter(Boolean))));
      });
  const needed = listing.filter(isNeeded);
  const texts = await Promise.all(needed.map((f) => fs.readFile(path.join(dir, f), 'utf8')));
  process.stdout.write(`${JSON.stringify({ listed: listing.length, read: needed.length, bytes: texts.reduce((n, t) => n + t.length, 0) })}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) await main(process.argv[2], process.argv.includes('--walk'));
