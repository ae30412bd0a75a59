import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { FileListing } from '../../server/src/core/listing';
import type { AnalysisInput, SchemeResult, VersionScheme } from '../../server/src/core/scheme';
import { VersionwiseService } from '../../server/src/core/service';
import { normaliseSettings } from '../../server/src/core/settings';
import { baseName } from '../../server/src/core/text';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { ALL_SCHEMES } from '../../server/src/schemes';
import { check } from './fuzzSupport';

/**
 * How the service runs schemes: each over its own files only, again only when something it reads changed,
 * and with every file it asks for. Schemes here are small test schemes that record what they saw, or the
 * real ones wrapped to count their runs.
 */

/** A scheme that reads `*.<id>` files, asks for the files its texts name after `want:`, and records every run. */
function recordingScheme(id: string): VersionScheme & { readonly seen: string[][] } {
  const seen: string[][] = [];
  return {
    id,
    displayName: id,
    rules: {},
    candidateNames: { extensions: [`.${id}`] },
    isCandidate: (path) => path.endsWith(`.${id}`),
    analyze(input: AnalysisInput): SchemeResult {
      seen.push([...input.sources.texts.keys()]);
      const wanted = [...input.sources.texts.values()].flatMap((text) => [...text.matchAll(/want:(\S+)/g)].map((m) => m[1]));
      return { declarations: [], findings: [], wantedFiles: wanted };
    },
    explainValue: () => undefined,
    seen,
  };
}

/** A real scheme whose runs are counted. */
function counted(scheme: VersionScheme): VersionScheme & { runs: number } {
  const wrapper = {
    ...scheme,
    runs: 0,
    isCandidate: (path: string) => scheme.isCandidate(path),
    explainValue: scheme.explainValue.bind(scheme),
    packageNames: scheme.packageNames?.bind(scheme),
    analyze(input: AnalysisInput): SchemeResult {
      wrapper.runs++;
      return scheme.analyze(input);
    },
  };
  return wrapper;
}

describe('scheme runs: own files, asked-for files, and reuse', () => {
  it('a scheme sees the texts of its own candidates only, never another scheme\'s', async () => {
    const a = recordingScheme('aa');
    const b = recordingScheme('bb');
    const workspace = new MemoryWorkspace({ 'one.aa': 'x', 'two.bb': 'y', 'three.bb': 'z', 'other.txt': 'w' });
    await new VersionwiseService(workspace, { schemes: [a, b] }).analyze(normaliseSettings({}));
    assert.deepEqual(a.seen, [['one.aa']]);
    assert.deepEqual(b.seen, [['three.bb', 'two.bb']]);
  });

  it('a file a scheme asks for is in its texts from the next round, and leaves them when no longer asked for', async () => {
    const a = recordingScheme('aa');
    const workspace = new MemoryWorkspace({ 'one.aa': 'want:notes.txt', 'notes.txt': 'want:deeper.txt', 'deeper.txt': 'end', 'unrelated.txt': '' });
    const service = new VersionwiseService(workspace, { schemes: [a] });
    await service.analyze(normaliseSettings({}));
    assert.deepEqual(a.seen, [['one.aa'], ['notes.txt', 'one.aa'], ['deeper.txt', 'notes.txt', 'one.aa']], 'a chain of asked-for files is followed round by round');

    a.seen.length = 0;
    workspace.set('one.aa', 'nothing wanted now');
    await service.analyze(normaliseSettings({}));
    assert.deepEqual(a.seen, [['one.aa']], 'files it no longer asks for are not in its texts');
  });

  it('files that only ask for each other drop out once nothing else asks for them', async () => {
    const a = recordingScheme('aa');
    const workspace = new MemoryWorkspace({ 'one.aa': 'want:a.txt', 'a.txt': 'want:b.txt', 'b.txt': 'want:a.txt' });
    const service = new VersionwiseService(workspace, { schemes: [a] });
    await service.analyze(normaliseSettings({}));
    assert.deepEqual(a.seen.at(-1), ['a.txt', 'b.txt', 'one.aa']);
    a.seen.length = 0;
    workspace.set('one.aa', 'no more');
    await service.analyze(normaliseSettings({}));
    assert.deepEqual(a.seen, [['one.aa']]);
  });

  it('the same input in a later analysis reuses the result of each round', async () => {
    const a = recordingScheme('aa');
    const b = recordingScheme('bb');
    const workspace = new MemoryWorkspace({ 'one.aa': 'want:notes.txt', 'notes.txt': '', 'two.bb': '' });
    const service = new VersionwiseService(workspace, { schemes: [a, b] });
    await service.analyze(normaliseSettings({}));
    assert.equal(a.seen.length, 2);
    workspace.set('two.bb', 'edited');
    await service.analyze(normaliseSettings({}));
    assert.equal(a.seen.length, 2, 'both rounds of aa are reused');
    assert.equal(b.seen.length, 2, 'bb runs again');
  });

  it('a scheme that asks for an unreadable or unlisted file still finishes', async () => {
    const a = recordingScheme('aa');
    const workspace = new MemoryWorkspace({ 'one.aa': 'want:missing.txt want:one.aa' });
    const analysis = await new VersionwiseService(workspace, { schemes: [a] }).analyze(normaliseSettings({}));
    assert.deepEqual(a.seen, [['one.aa']]);
    assert.deepEqual(analysis.skippedFiles, []);
  });

  it('an edit runs again only the schemes that read the edited file; a new file runs them all', async () => {
    const schemes = ALL_SCHEMES.map(counted);
    const byId = Object.fromEntries(schemes.map((s) => [s.id, s]));
    const workspace = new MemoryWorkspace({
      'configure.ac': 'AC_INIT([foo], [1.2.3])\n',
      'Makefile.am': 'lib_LTLIBRARIES = libfoo.la\nlibfoo_la_LDFLAGS = -version-info 3:0:1\n',
      WHENCE: 'File: i915/tgl_guc_70.1.1.bin\n',
      'i915/tgl_guc_70.1.1.bin': '',
      'package.json': '{ "name": "foo", "version": "1.2.3" }\n',
    });
    const service = new VersionwiseService(workspace, { schemes });
    await service.analyze(normaliseSettings({}));
    const runs = () => Object.fromEntries(schemes.map((s) => [s.id, s.runs]));
    const before = runs();

    workspace.set('Makefile.am', 'lib_LTLIBRARIES = libfoo.la\nlibfoo_la_LDFLAGS = -version-info 4:0:1\n');
    await service.analyze(normaliseSettings({}));
    const after = runs();
    const ranAgain = Object.keys(after).filter((id) => after[id] > before[id]).sort();
    // libtool reads Makefile.am; the release scheme asks for the top Makefile.am (ACLOCAL_AMFLAGS names macro directories).
    assert.deepEqual(ranAgain, ['libtool', 'release']);

    await service.analyze(normaliseSettings({}));
    assert.deepEqual(runs(), after, 'nothing changed: nothing runs');

    workspace.set('NEWS', 'foo 1.2.3\n');
    await service.analyze(normaliseSettings({}));
    for (const scheme of schemes) assert.ok(scheme.runs > after[scheme.id], `${scheme.id} runs again over a new listing`);
    assert.ok(byId.firmware.runs > 0);
  });

  it('a change of settings runs every scheme again', async () => {
    const schemes = ALL_SCHEMES.map(counted);
    const workspace = new MemoryWorkspace({ 'configure.ac': 'AC_INIT([foo], [1.2.3])\n' });
    const service = new VersionwiseService(workspace, { schemes });
    await service.analyze(normaliseSettings({}));
    const before = schemes.map((s) => s.runs);
    await service.analyze(normaliseSettings({ release: true }));
    schemes.forEach((s, i) => assert.ok(s.runs > before[i], s.id));
  });

  it('every path a scheme reads has one of its candidate names (the listing is narrowed by name first)', () => {
    const segment = fc.constantFrom(
      'configure.ac', 'configure.in', 'Makefile.am', 'GNUmakefile.am', 'sub.am', '.hidden.am', 'VERSION', 'acinclude.m4', 'libtool-version', 'package.json', 'pnpm-workspace.yaml',
      'meson.build', 'CMakeLists.txt', 'foo.spec', 'foo.spec.in', 'changelog', 'changelog.in', 'ChangeLog', 'CHANGELOG.md', 'NEWS', 'news.rst', 'History.txt', 'RELEASE-NOTES.markdown',
      'WHENCE', 'intel_uc_fw.c', 'intel_guc_fw.h', 'xe_gsc.c', 'intel_dmc.c', 'i915', 'xe', 'drm', 'gpu', 'drivers', 'debian', 'node_modules', 'src', 'doc',
      'vmod_foo.vcc', 'migration_version', 'migration_info', 'gvt.migration', '.migration', 'mdev_supported_types', 'i915-GVTg_V5_2', 'software_version', 'device_api', 'a.b', 'tgl_guc_70.bin',
    );
    const path = fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('/'));
    check('every candidate has a candidate name', 3000, [path], (p) => {
      const listing = FileListing.of([p]);
      for (const scheme of ALL_SCHEMES) {
        if (!scheme.isCandidate(p)) continue;
        const { names = [], extensions = [], pattern } = scheme.candidateNames;
        const name = baseName(p);
        const byName = names.includes(name) || extensions.some((e) => listing.withExtension(e).includes(p)) || (pattern?.test(name) ?? false);
        assert.ok(byName, `${scheme.id} reads ${p}, but ${name} is not among its candidate names`);
      }
    });
  });
});

describe('the file listing and its indexes', () => {
  const paths = ['b/WHENCE', 'a/x.bin', 'WHENCE', 'a/y.BIN', 'a/sub/z.bin', '.bashrc', 'a/.hidden.bin', 'noext', 'a/b.c/d'];
  const listing = FileListing.of(paths);

  it('looks files up by name, extension and directory, in listing order', () => {
    assert.deepEqual(listing.named('WHENCE'), ['b/WHENCE', 'WHENCE']);
    assert.deepEqual(listing.withExtension('.bin'), ['a/x.bin', 'a/sub/z.bin', 'a/.hidden.bin']);
    assert.deepEqual(listing.withExtension('.c'), [], 'a dot in a directory is no extension');
    assert.deepEqual(listing.withExtension('.bashrc'), [], 'a leading dot is part of the name');
    assert.deepEqual(listing.inDirectory(''), ['WHENCE', '.bashrc', 'noext']);
    assert.deepEqual(listing.inDirectory('a'), ['a/x.bin', 'a/y.BIN', 'a/.hidden.bin']);
    assert.deepEqual([...listing.names()].sort(), ['.bashrc', '.hidden.bin', 'WHENCE', 'd', 'noext', 'x.bin', 'y.BIN', 'z.bin']);
    assert.equal(listing.size, paths.length);
    assert.ok(listing.has('a/sub/z.bin') && !listing.has('a/sub'));
  });

  it('is one object per array of paths, and a filtered listing is kept per filter', () => {
    assert.equal(FileListing.of(paths), listing);
    assert.notEqual(FileListing.of([...paths]), listing);
    const kept = listing.filtered('no bin', (p) => !p.endsWith('.bin'));
    assert.equal(listing.filtered('no bin', () => true), kept, 'same key, same listing');
    assert.deepEqual([...kept], paths.filter((p) => !p.endsWith('.bin')));
    assert.deepEqual(kept.withExtension('.bin'), []);
  });
});
