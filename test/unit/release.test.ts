import * as assert from 'node:assert/strict';
import type { Declaration, Finding } from '../../server/src/core/model';
import { VersionwiseService, type WorkspaceAnalysis } from '../../server/src/core/service';
import { normaliseSettings } from '../../server/src/core/settings';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { hoverAt } from '../../server/src/features/hover';
import { checkNewerThanLastRelease, compareReleaseVersions, nextVersions, parseReleaseVersion, releaseScheme } from '../../server/src/schemes/release';
import { applyEditsToText, rangeOf } from '../helpers/workspace';

/**
 * The release scheme: one release version, written in many files, must agree. Every case runs the real
 * service with only this scheme over an in-memory workspace.
 */
type Files = Record<string, string>;

async function run(files: Files, settings: unknown = {}): Promise<WorkspaceAnalysis> {
  return new VersionwiseService(new MemoryWorkspace(files), { schemes: [releaseScheme] }).analyze(normaliseSettings(settings));
}

const MISMATCH = 'release/version-mismatch';
const SONAME = 'release/soname-mismatch';

function declarations(analysis: WorkspaceAnalysis): Declaration[] {
  return analysis.declarations.map((d) => d.declaration).filter((d) => d.scheme === 'release');
}

function siteIn(analysis: WorkspaceAnalysis, file: string): Declaration {
  const found = declarations(analysis).filter((d) => d.fields.declaredIn === file);
  if (found.length !== 1) throw new Error(`expected one site declared in ${file}, found ${JSON.stringify(declarations(analysis).map((d) => [d.fields.declaredIn, d.text]))}`);
  return found[0];
}

function findings(analysis: WorkspaceAnalysis, code: string): Finding[] {
  return analysis.findings.filter((f) => f.code === code);
}

/** The text of `file` after applying the fix with this title. */
function applyFix(files: Files, finding: Finding, title: string): Files {
  const fix = finding.fixes.find((f) => f.title === title);
  if (!fix) throw new Error(`no fix '${title}' in ${JSON.stringify(finding.fixes.map((f) => f.title))}`);
  const result = { ...files };
  for (const file of new Set(fix.edits.map((e) => e.file))) result[file] = applyEditsToText(files[file], fix.edits.filter((e) => e.file === file));
  return result;
}

describe('release scheme: sites', () => {
  it('AC_INIT with a quoted version, an unquoted one, and one defined with m4_define', async () => {
    for (const configure of ['AC_INIT([foo], [1.2.3], [bugs@example.org])\n', 'AC_INIT(foo, 1.2.3)\n']) {
      const files = { 'configure.ac': configure };
      const d = siteIn(await run(files), 'configure.ac');
      assert.equal(d.value, '1.2.3');
      assert.deepEqual({ file: d.file, range: d.range }, { file: 'configure.ac', range: rangeOf(files, 'configure.ac', '1.2.3') });
      assert.equal(d.fields.package, 'foo');
    }
    const files = { 'configure.ac': 'm4_define([foo_version], [2.4.1])\nAC_INIT([foo], [foo_version])\n' };
    const d = siteIn(await run(files), 'configure.ac');
    assert.equal(d.text, '2.4.1');
    assert.deepEqual(d.range, rangeOf(files, 'configure.ac', '2.4.1'));
  });

  it('AC_INIT assembled from several m4 macros: each component is found, and a fix edits only the one that changes', async () => {
    const files = {
      'configure.ac': 'm4_define([v_major], [2])\nm4_define([v_minor], [7])\nm4_define([v_micro], [1])\nAC_INIT([foo], [v_major.v_minor.v_micro])\n',
      'meson.build': "project('foo', 'c', version: '2.7.2')\n",
      'NEWS': 'foo 2.7.2 (2024-02-01)\n==========\n',
    };
    const analysis = await run(files);
    assert.equal(siteIn(analysis, 'configure.ac').text, '2.7.1');
    const [finding] = findings(analysis, MISMATCH);
    assert.equal(finding.file, 'configure.ac');
    assert.deepEqual(finding.range, rangeOf(files, 'configure.ac', '[v_micro], [1]', '1'));
    const fixed = applyFix(files, finding, 'Set to 2.7.2 (as in meson.build and NEWS)');
    assert.equal(fixed['configure.ac'], files['configure.ac'].replace('[v_micro], [1]', '[v_micro], [2]'));
  });

  it('an m4_esyscmd / m4_esyscmd_s version is computed: reported as such, never a mismatch', async () => {
    for (const macro of ['m4_esyscmd([build-aux/git-version-gen .tarball-version])', 'm4_esyscmd_s([config/pmix_get_version.sh VERSION --tarball])']) {
      const files = { 'configure.ac': `AC_INIT([foo], ${macro}, [bugs@example.org])\n`, 'meson.build': "project('foo', version: '1.2.4')\n", 'CHANGELOG.md': '# Changelog\n\n## [1.2.4] - 2024-01-31\n' };
      const analysis = await run(files);
      const d = siteIn(analysis, 'configure.ac');
      assert.equal(d.value, null);
      assert.equal(d.fields.computed, true);
      assert.match(String(d.fields.computedReason), /m4_esyscmd/);
      assert.deepEqual(findings(analysis, MISMATCH), []);
      assert.equal(siteIn(analysis, 'meson.build').fields.releaseVersion, '1.2.4');
    }
  });

  it('the root package.json next to another site, but not a monorepo package on its own', async () => {
    const files = {
      'configure.ac': 'AC_INIT([foo], [1.2.3])\n',
      'package.json': '{\n  "name": "foo",\n  "version": "1.2.4",\n  "private": true\n}\n',
      'packages/bar/package.json': '{ "name": "bar", "version": "9.9.9" }\n',
    };
    const analysis = await run(files);
    const d = siteIn(analysis, 'package.json');
    assert.equal(d.value, '1.2.4');
    assert.deepEqual(d.range, rangeOf(files, 'package.json', '"1.2.4"', '1.2.4'));
    assert.equal(declarations(analysis).some((x) => x.file === 'packages/bar/package.json'), false);
    assert.equal(analysis.texts.has('packages/bar/package.json'), false, 'a package.json with no other site beside it is not even read');
    // Two sites, two values: a tie, both flagged.
    assert.deepEqual(findings(analysis, MISMATCH).map((f) => f.file).sort(), ['configure.ac', 'package.json']);
  });

  it("meson project(version: '…') and version: files('VERSION')", async () => {
    const files = { 'meson.build': "# the project\nproject(\n  'foo', 'c',\n  meson_version: '>=0.60',\n  version: '3.1.4',\n  license: 'MIT',\n)\n" };
    const d = siteIn(await run(files), 'meson.build');
    assert.equal(d.value, '3.1.4');
    assert.deepEqual(d.range, rangeOf(files, 'meson.build', '3.1.4'));

    const fromFile = { 'meson.build': "project('foo', 'c', version: files('VERSION'))\n", VERSION: '3.1.5\n', 'NEWS.md': '# foo 3.1.4\n' };
    const analysis = await run(fromFile);
    const meson = siteIn(analysis, 'meson.build');
    assert.equal(meson.value, '3.1.5');
    assert.deepEqual({ file: meson.file, range: meson.range }, { file: 'VERSION', range: rangeOf(fromFile, 'VERSION', '3.1.5') });
    const [finding] = findings(analysis, MISMATCH).filter((f) => f.file === 'VERSION');
    assert.equal(finding.message, 'VERSION (read by meson.build) says 3.1.5 but NEWS.md says 3.1.4');
  });

  it("meson version: files('…') of a file no scheme reads by name is asked for and read", async () => {
    const files = { 'meson.build': "project('foo', 'c', version: files('version.txt'))\n", 'version.txt': '  v0.7.0\n', 'CHANGELOG.md': '## 0.7.0\n' };
    const analysis = await run(files);
    assert.ok(analysis.texts.has('version.txt'));
    const meson = siteIn(analysis, 'meson.build');
    assert.deepEqual({ file: meson.file, range: meson.range, value: meson.value }, { file: 'version.txt', range: rangeOf(files, 'version.txt', '0.7.0'), value: '0.7.0' });
    assert.deepEqual(analysis.findings, []);
  });

  it('CMake project(… VERSION …) over several lines, VERSION after other keywords, four components', async () => {
    const files = {
      'CMakeLists.txt': 'cmake_minimum_required(VERSION 3.16)\n# project(old VERSION 0.1)\nproject(Foo\n  LANGUAGES C\n  VERSION 1.2.3.4\n  DESCRIPTION "The foo library 9.9.9")\n',
      'CHANGELOG.md': '## [1.2.3.4] - 2024-01-31\n',
    };
    const analysis = await run(files);
    const d = siteIn(analysis, 'CMakeLists.txt');
    assert.equal(d.value, '1.2.3.4');
    assert.deepEqual(d.range, rangeOf(files, 'CMakeLists.txt', '1.2.3.4'));
    assert.equal(d.fields.package, 'Foo');
    assert.deepEqual(analysis.findings, []);
  });

  it('CMake project(VERSION ${VAR}) follows set()', async () => {
    const files = { 'CMakeLists.txt': 'set(FOO_VERSION "2.0.1")\nproject(foo VERSION ${FOO_VERSION} LANGUAGES C)\n' };
    const d = siteIn(await run(files), 'CMakeLists.txt');
    assert.equal(d.value, '2.0.1');
    assert.deepEqual(d.range, rangeOf(files, 'CMakeLists.txt', '2.0.1'));
  });

  it('an Open MPI / PMIx VERSION file: major.minor.release + greek', async () => {
    const files = {
      VERSION: '# This is the VERSION file for PMIx\nmajor=5\nminor=0\nrelease=11\n\n# greek is blank for final releases\ngreek=rc1\n\nrepo_rev=\ntarball_version=\nlibpmix_so_version=25:0:23\n',
      'configure.ac': 'AC_INIT([pmix], m4_esyscmd_s([config/pmix_get_version.sh VERSION --tarball]), [https://github.com/pmix/pmix/issues], [pmix])\n',
    };
    const analysis = await run(files);
    const d = siteIn(analysis, 'VERSION');
    assert.equal(d.text, '5.0.11rc1');
    assert.equal(d.value, '5.0.11rc1');
    assert.deepEqual(d.range, rangeOf(files, 'VERSION', 'major=5', '5'));
    assert.deepEqual(d.sites.map((s) => [s.role, s.range]), [
      ['major', rangeOf(files, 'VERSION', 'major=5', '5')],
      ['minor', rangeOf(files, 'VERSION', 'minor=0', '0')],
      ['release', rangeOf(files, 'VERSION', 'release=11', '11')],
      ['greek', rangeOf(files, 'VERSION', 'greek=rc1', 'rc1')],
    ]);
    assert.deepEqual(analysis.findings, []);
  });

  it('a VERSION file with greek=rc1 agrees with the final release of its numbers (the final tag keeps greek)', async () => {
    const files = { VERSION: 'major=5\nminor=0\nrelease=11\ngreek=rc1\n', NEWS: '5.0.11 -- 3 March 2025\n----------------------\n' };
    assert.deepEqual((await run(files)).findings, []);
    const wrong = { VERSION: 'major=5\nminor=0\nrelease=10\ngreek=rc1\n', NEWS: '5.0.11 -- 3 March 2025\n----------------------\n', 'CHANGES': 'Version 5.0.11\n' };
    const analysis = await run(wrong);
    const [finding] = findings(analysis, MISMATCH);
    assert.equal(finding.file, 'VERSION');
    assert.deepEqual(finding.range, rangeOf(wrong, 'VERSION', 'release=10', '10'));
    assert.equal(finding.message, 'VERSION says 5.0.10rc1 but CHANGES says 5.0.11 and NEWS says 5.0.11');
    const fixed = applyFix(wrong, finding, 'Set to 5.0.11 (as in CHANGES and NEWS)');
    assert.equal(fixed.VERSION, 'major=5\nminor=0\nrelease=11\ngreek=\n');
  });

  it('debian/changelog: the upstream version, without epoch and Debian revision; the fix keeps them', async () => {
    const files = {
      'debian/changelog': 'foo (1:1.2.3-1~bpo12+1) bookworm-backports; urgency=medium\n\n  * Rebuild for bookworm-backports.\n\n -- Jane Doe <jane@example.org>  Wed, 30 Sep 2015 17:20:00 +0200\n',
      'configure.ac': 'AC_INIT([foo], [1.2.4])\n',
      'meson.build': "project('foo', 'c', version: '1.2.4')\n",
    };
    const analysis = await run(files);
    const d = siteIn(analysis, 'debian/changelog');
    assert.equal(d.text, '1.2.3');
    assert.deepEqual(d.range, rangeOf(files, 'debian/changelog', '1:1.2.3-1', '1.2.3'));
    assert.equal(d.fields.epoch, 1);
    assert.equal(d.fields.revision, '1~bpo12+1');
    const [finding] = findings(analysis, MISMATCH);
    assert.equal(finding.file, 'debian/changelog');
    assert.equal(finding.message, 'debian/changelog says 1.2.3 but configure.ac says 1.2.4 and meson.build says 1.2.4');
    const fixed = applyFix(files, finding, 'Set to 1.2.4 (as in configure.ac and meson.build)');
    assert.equal(fixed['debian/changelog'].split('\n')[0], 'foo (1:1.2.4-1~bpo12+1) bookworm-backports; urgency=medium');
  });

  it('debian/changelog: a native version, a repack suffix, and a pre-release written with ~', async () => {
    const native = { 'debian/changelog': 'foo (2.0.1) unstable; urgency=low\n', 'configure.ac': 'AC_INIT([foo], [2.0.1])\n' };
    assert.deepEqual((await run(native)).findings, []);
    const repack = { 'debian/changelog': 'foo (2.0.1+dfsg-3) unstable; urgency=low\n', 'configure.ac': 'AC_INIT([foo], [2.0.1])\n' };
    const analysis = await run(repack);
    assert.deepEqual(analysis.findings, []);
    assert.deepEqual(siteIn(analysis, 'debian/changelog').range, rangeOf(repack, 'debian/changelog', '2.0.1'));
    const pre = { 'debian/changelog': 'foo (2.1.0~rc1-1) experimental; urgency=low\n', 'configure.ac': 'AC_INIT([foo], [2.1.0rc1])\n' };
    assert.deepEqual((await run(pre)).findings, []);
  });

  it('a Debian fix writes a pre-release with ~', async () => {
    const files = { 'debian/changelog': 'foo (2.0.0-1) unstable; urgency=low\n', 'configure.ac': 'AC_INIT([foo], [2.1.0-rc2])\n', 'NEWS': '* Noteworthy changes in release 2.1.0-rc2 (2024-03-01) [beta]\n' };
    const analysis = await run(files);
    const [finding] = findings(analysis, MISMATCH);
    const fixed = applyFix(files, finding, 'Set to 2.1.0~rc2 (as in configure.ac and NEWS)');
    assert.equal(fixed['debian/changelog'], 'foo (2.1.0~rc2-1) unstable; urgency=low\n');
  });

  it('RPM spec: Version:, %global version used as %{version}, a version assembled from macros', async () => {
    const plain = { 'foo.spec': 'Name:    foo\nVersion: 1.2.3\nRelease: 1%{?dist}\nSummary: Foo\n\n%changelog\n* Tue Apr 30 2013 Jane <j@example.org> - 0.1-1\n' };
    const d = siteIn(await run(plain), 'foo.spec');
    assert.equal(d.value, '1.2.3');
    assert.deepEqual(d.range, rangeOf(plain, 'foo.spec', '1.2.3'));
    assert.equal(d.fields.package, 'foo');

    const global = { 'foo.spec': '%global version 1.2.3\nName: foo\nVersion: %{version}\nRelease: 1%{?dist}\n', 'configure.ac': 'AC_INIT([foo], [1.2.4])\n', 'CHANGELOG.md': '## 1.2.4\n' };
    const analysis = await run(global);
    const spec = siteIn(analysis, 'foo.spec');
    assert.deepEqual(spec.range, rangeOf(global, 'foo.spec', '%global version 1.2.3', '1.2.3'));
    const [finding] = findings(analysis, MISMATCH);
    assert.equal(finding.file, 'foo.spec');
    assert.equal(applyFix(global, finding, 'Set to 1.2.4 (as in configure.ac and CHANGELOG.md)')['foo.spec'], global['foo.spec'].replace('%global version 1.2.3', '%global version 1.2.4'));

    const parts = { 'rpm/foo.spec': '%define major 4\n%define minor 0\nName: foo\nVersion: %{major}.%minor.2\n', 'configure.ac': 'AC_INIT([foo], [4.0.2])\n' };
    const assembled = await run(parts);
    assert.equal(siteIn(assembled, 'rpm/foo.spec').text, '4.0.2');
    assert.equal(siteIn(assembled, 'rpm/foo.spec').fields.packageDirectory, '', 'a spec file in a packaging directory belongs to the package above it');
    assert.deepEqual(assembled.findings, []);
  });

  it('RPM spec: a macro defined elsewhere makes the version computed', async () => {
    const files = { 'foo.spec': 'Name: foo\nVersion: %{upstream_version}\n', 'configure.ac': 'AC_INIT([foo], [1.0])\n' };
    const analysis = await run(files);
    assert.equal(siteIn(analysis, 'foo.spec').value, null);
    assert.deepEqual(analysis.findings, []);
  });

  it('Fedora pre-release 1.2.3~rc1 is the same as 1.2.3rc1, 1.2.3-rc1 and v1.2.3-rc.1', async () => {
    const files = {
      'foo.spec': 'Name: foo\nVersion: 1.2.3~rc1\n',
      'configure.ac': 'AC_INIT([foo], [1.2.3rc1])\n',
      'meson.build': "project('foo', version: '1.2.3-rc1')\n",
      'CHANGELOG.md': '## [v1.2.3-rc.1] - 2024-01-31\n',
      'package.json': '{ "version": "1.2.3-rc.1" }',
    };
    const analysis = await run(files);
    assert.deepEqual(analysis.findings, []);
    assert.deepEqual(new Set(declarations(analysis).map((d) => d.value)), new Set(['1.2.3rc1']));
    assert.deepEqual(siteIn(analysis, 'CHANGELOG.md').range, rangeOf(files, 'CHANGELOG.md', '1.2.3-rc.1'));
  });

  describe('changelog headings', () => {
    const cases: [string, string, string][] = [
      ['CHANGELOG.md', '# Changelog\n\nAll notable changes to this project will be documented in this file.\n\nThe format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/),\nand this project adheres to [Semantic Versioning](https://semver.org/spec/v2.0.0.html).\n\n## [1.2.3] - 2024-01-31\n### Added\n- Support for libbar 2.0.1\n', '1.2.3'],
      ['CHANGELOG.md', '# 1.2.3\n\n* fix things\n\n# 1.2.2\n', '1.2.3'],
      ['CHANGELOG.md', '## [1.2.3](https://github.com/o/r/compare/v1.2.2...v1.2.3) (2024-01-31)\n', '1.2.3'],
      ['CHANGES', 'varnish-modules 0.15.0 (2018-05-15)\n------------------------------------\n\n* Fix.\n', '0.15.0'],
      ['NEWS.md', 'Changes in version 2.0.3 (2021-11-01)\n=====================================\n', '2.0.3'],
      ['NEWS', 'GNU Hello NEWS                                    -*- outline -*-\n\n* Noteworthy changes in release 1.2.3 (2024-01-31) [stable]\n\n** Bug fixes\n', '1.2.3'],
      ['NEWS', '* Version 1.2.3\n\n- a change\n', '1.2.3'],
      ['NEWS', 'Noteworthy changes in release 1.2.3 (2024-01-31) [stable]\n', '1.2.3'],
      ['NEWS.md', '# foo\n\n## v1.2.3 / 2024-01-31\n', '1.2.3'],
      // Real-world shapes (varnish-modules, Slurm, borgmatic, MPD).
      ['CHANGES.rst', 'This is a running log of changes to varnish-modules.\n\nvarnish-modules 0.16.0 (2020-03-17)\n-----------------------------------\n\n* Varnish 6.4 release\n', '0.16.0'],
      ['NEWS', ' This file describes changes in recent versions of Slurm. It primarily\ndocuments those changes that are of interest to users and administrators.\n\n* Changes in Slurm 14.11.7\n==========================\n -- Initialize some variables.\n', '14.11.7'],
      ['NEWS', '1.5.6.dev0\n * Tweak comment indentation in generated configuration file for clarity.\n\n1.5.5\n * #314: Fix regression.\n', '1.5.6.dev0'],
      ['NEWS', 'ver 0.22 (not yet released)\n* protocol\n  - add command "readpicture"\n\nver 0.21.16 (2019/10/16)\n', '0.22'],
    ];
    for (const [file, text, version] of cases) {
      it(`${file}: ${JSON.stringify(text.split('\n').find((l) => l.includes(version)))}`, async () => {
        const files = { [file]: text };
        const d = siteIn(await run(files), file);
        assert.equal(d.text, version);
        assert.deepEqual(d.range, rangeOf(files, file, version));
      });
    }

    it('a heading that says its version is not released yet is the version being prepared, compared like any other', async () => {
      const files = { NEWS: 'ver 0.22 (not yet released)\n* protocol\n\nver 0.21.16 (2019/10/16)\n', 'meson.build': "project('mpd', ['c', 'cpp'], version: '0.21.16')\n" };
      const analysis = await run(files);
      assert.equal(siteIn(analysis, 'NEWS').fields.comparison, 'exact');
      assert.equal(siteIn(analysis, 'NEWS').fields.markedUnreleased, true);
      assert.equal(findings(analysis, MISMATCH).length, 2);
    });

    it('prose that mentions a version is not a heading', async () => {
      const files = { 'CHANGELOG.md': '# Changelog\n\nFixed a crash in 1.2.3 parsing.\nRequires libbar 2.0.1 or later.\n' };
      assert.deepEqual(declarations(await run(files)), []);
    });

    it('[Unreleased] above a released heading: the heading is the last release, and newer build files agree', async () => {
      const changelog = '# Changelog\n\n## [Unreleased]\n### Added\n- a thing\n\n## [1.2.3] - 2024-01-31\n';
      const ahead = { 'CHANGELOG.md': changelog, 'configure.ac': 'AC_INIT([foo], [1.2.4])\n', 'meson.build': "project('foo', version: '1.2.4')\n" };
      const analysis = await run(ahead);
      assert.deepEqual(analysis.findings, []);
      const d = siteIn(analysis, 'CHANGELOG.md');
      assert.equal(d.text, '1.2.3');
      assert.equal(d.fields.comparison, 'last-release');
      assert.equal(d.fields.unreleasedSectionLine, 3);
      assert.deepEqual(d.range, rangeOf(ahead, 'CHANGELOG.md', '1.2.3'));
      assert.equal(d.fields.releaseVersion, '1.2.4');

      const same = { 'CHANGELOG.md': changelog, 'configure.ac': 'AC_INIT([foo], [1.2.3])\n' };
      assert.deepEqual((await run(same)).findings, []);

      const behind = { 'CHANGELOG.md': changelog, 'configure.ac': 'AC_INIT([foo], [1.2.2])\n', 'meson.build': "project('foo', version: '1.2.2')\n", 'CMakeLists.txt': 'project(foo VERSION 1.2.2)\n' };
      const older = await run(behind);
      const [finding] = findings(older, MISMATCH);
      assert.equal(findings(older, MISMATCH).length, 1);
      assert.equal(finding.file, 'CHANGELOG.md');
      assert.equal(finding.message, 'CHANGELOG.md records release 1.2.3 but configure.ac says 1.2.2, meson.build says 1.2.2 and CMakeLists.txt says 1.2.2');
    });

    it('GNU NEWS with the unreleased "?.?" heading on top', async () => {
      const files = { NEWS: '* Noteworthy changes in release ?.? (????-??-??) [?]\n\n* Noteworthy changes in release 2.12.1 (2023-05-01) [stable]\n', 'configure.ac': 'AC_INIT([GNU Hello], [2.12.2])\n' };
      const analysis = await run(files);
      assert.deepEqual(analysis.findings, []);
      assert.equal(siteIn(analysis, 'NEWS').fields.comparison, 'last-release');
    });
  });
});

describe('release scheme: agreement', () => {
  const majority: Files = {
    'configure.ac': 'AC_INIT([foo], [1.2.3], [bugs@example.org])\n',
    'meson.build': "project('foo', 'c', version: '1.2.4')\n",
    'CHANGELOG.md': '# Changelog\n\n## [1.2.4] - 2024-01-31\n',
  };

  it('the minority site gets the finding, naming the others, with a preferred fix to the majority value', async () => {
    const analysis = await run(majority);
    const all = findings(analysis, MISMATCH);
    assert.equal(all.length, 1);
    const [finding] = all;
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.file, 'configure.ac');
    assert.deepEqual(finding.range, rangeOf(majority, 'configure.ac', '1.2.3'));
    assert.equal(finding.message, 'configure.ac says 1.2.3 but meson.build says 1.2.4 and CHANGELOG.md says 1.2.4');
    assert.deepEqual(finding.fixes.map((f) => [f.title, f.preferred ?? false]), [['Set to 1.2.4 (as in meson.build and CHANGELOG.md)', true]]);
    assert.deepEqual(finding.related?.map((r) => [r.file, r.range]), [
      ['meson.build', rangeOf(majority, 'meson.build', '1.2.4')],
      ['CHANGELOG.md', rangeOf(majority, 'CHANGELOG.md', '1.2.4')],
    ]);
    const fixed = applyFix(majority, finding, 'Set to 1.2.4 (as in meson.build and CHANGELOG.md)');
    assert.equal(fixed['configure.ac'], 'AC_INIT([foo], [1.2.4], [bugs@example.org])\n');
    assert.deepEqual((await run(fixed)).findings, []);
    for (const d of declarations(analysis)) assert.equal(d.fields.releaseVersion, '1.2.4');
    assert.equal(siteIn(analysis, 'configure.ac').fields.agrees, false);
    assert.equal(siteIn(analysis, 'meson.build').fields.agrees, true);
  });

  it('a tie flags every site, each with a fix to every other distinct value', async () => {
    const files = {
      'configure.ac': 'AC_INIT([foo], [1.2.3])\n',
      'meson.build': "project('foo', version: '1.2.4')\n",
      'CMakeLists.txt': 'project(foo VERSION 1.2.5)\n',
    };
    const analysis = await run(files);
    const all = findings(analysis, MISMATCH);
    assert.deepEqual(all.map((f) => f.file), ['CMakeLists.txt', 'configure.ac', 'meson.build']);
    const configure = all.find((f) => f.file === 'configure.ac')!;
    assert.equal(configure.message, 'configure.ac says 1.2.3 but meson.build says 1.2.4 and CMakeLists.txt says 1.2.5');
    assert.deepEqual(configure.fixes.map((f) => [f.title, f.preferred ?? false]), [
      ['Set to 1.2.4 (as in meson.build)', false],
      ['Set to 1.2.5 (as in CMakeLists.txt)', false],
    ]);
    const cmake = all.find((f) => f.file === 'CMakeLists.txt')!;
    assert.equal(applyFix(files, cmake, 'Set to 1.2.3 (as in configure.ac)')['CMakeLists.txt'], 'project(foo VERSION 1.2.3)\n');
    for (const d of declarations(analysis)) assert.equal(d.fields.releaseVersion, null);
  });

  it('two against two is a tie too', async () => {
    const files = { 'configure.ac': 'AC_INIT([foo], [1.0.0])\n', 'NEWS': 'foo 1.0.0\n=========\n', 'meson.build': "project('foo', version: '1.1.0')\n", 'CHANGES': 'Version 1.1.0\n' };
    assert.equal(findings(await run(files), MISMATCH).length, 4);
  });

  it('a leading v does not make a difference', async () => {
    const files = { 'configure.ac': 'AC_INIT([foo], [1.2.3])\n', 'CHANGELOG.md': '## v1.2.3\n', 'package.json': '{"version": "v1.2.3"}' };
    assert.deepEqual((await run(files)).findings, []);
  });

  it('CMake can only hold numbers: it agrees with a pre-release of them, and its fix writes only numbers', async () => {
    const agree = { 'configure.ac': 'AC_INIT([foo], [2.0.0-beta.2])\n', 'CMakeLists.txt': 'project(foo VERSION 2.0.0)\n' };
    assert.deepEqual((await run(agree)).findings, []);
    const files = { 'configure.ac': 'AC_INIT([foo], [2.0.1-beta.2])\n', 'NEWS.md': '# 2.0.1-beta.2\n', 'package.json': '{ "version": "2.0.1" }\n', 'meson.build': "project('foo', version: '2.0.1-beta.2')\n", 'CMakeLists.txt': 'project(foo VERSION 2.0.0)\n' };
    const analysis = await run(files);
    const finding = findings(analysis, MISMATCH).find((f) => f.file === 'CMakeLists.txt')!;
    // 2.0.1-beta.2 and 2.0.1 both read 2.0.1 in CMake: one fix.
    assert.deepEqual(finding.fixes.map((f) => [f.title, f.preferred ?? false]), [['Set to 2.0.1 (as in configure.ac, meson.build, NEWS.md and package.json)', true]]);
    assert.equal(applyFix(files, finding, 'Set to 2.0.1 (as in configure.ac, meson.build, NEWS.md and package.json)')['CMakeLists.txt'], 'project(foo VERSION 2.0.1)\n');
    assert.deepEqual(findings(analysis, MISMATCH).map((f) => f.file).sort(), ['CMakeLists.txt', 'package.json']);
  });

  it('each package directory is compared on its own', async () => {
    const files = {
      'configure.ac': 'AC_INIT([foo], [1.2.3])\n',
      'NEWS': 'foo 1.2.3\n---------\n',
      'third_party/bar/CMakeLists.txt': 'project(bar VERSION 0.9.1)\n',
      'third_party/bar/CHANGELOG.md': '## [0.9.1]\n',
    };
    const analysis = await run(files);
    assert.deepEqual(analysis.findings, []);
    assert.equal(siteIn(analysis, 'third_party/bar/CMakeLists.txt').fields.releaseVersion, '0.9.1');
    assert.equal(siteIn(analysis, 'NEWS').fields.releaseVersion, '1.2.3');
  });

  it('CRLF files: ranges and fixes are right', async () => {
    const files = {
      'configure.ac': 'dnl Process this file with autoconf\r\nAC_INIT([foo],\r\n        [1.2.3])\r\n',
      'meson.build': "project('foo',\r\n  version: '1.2.4')\r\n",
      'CHANGELOG.md': '# Changelog\r\n\r\n## [Unreleased]\r\n\r\n## [1.2.4] - 2024-01-31\r\n',
      'debian/changelog': 'foo (1.2.4-1) unstable; urgency=medium\r\n\r\n  * New release.\r\n',
      VERSION: 'major=1\r\nminor=2\r\nrelease=4\r\ngreek=\r\n',
      'CMakeLists.txt': 'cmake_minimum_required(VERSION 3.10)\r\nproject(foo\r\n  VERSION 1.2.4\r\n  LANGUAGES C)\r\n',
      'foo.spec': '%global ver 1.2.4\r\nName: foo\r\nVersion: %{ver}\r\n',
    };
    const analysis = await run(files);
    assert.equal(siteIn(analysis, 'VERSION').text, '1.2.4');
    assert.deepEqual(siteIn(analysis, 'CHANGELOG.md').range, rangeOf(files, 'CHANGELOG.md', '1.2.4'));
    assert.deepEqual(siteIn(analysis, 'CMakeLists.txt').range, rangeOf(files, 'CMakeLists.txt', '1.2.4'));
    assert.deepEqual(siteIn(analysis, 'foo.spec').range, rangeOf(files, 'foo.spec', '1.2.4'));
    assert.deepEqual(siteIn(analysis, 'debian/changelog').range, rangeOf(files, 'debian/changelog', '1.2.4'));
    assert.deepEqual(siteIn(analysis, 'meson.build').range, rangeOf(files, 'meson.build', '1.2.4'));
    const [finding] = findings(analysis, MISMATCH);
    assert.equal(findings(analysis, MISMATCH).length, 1);
    assert.deepEqual({ file: finding.file, range: finding.range }, { file: 'configure.ac', range: rangeOf(files, 'configure.ac', '1.2.3') });
    const fixed = applyFix(files, finding, 'Set to 1.2.4 (as in meson.build, CMakeLists.txt, VERSION, foo.spec, debian/changelog and CHANGELOG.md)');
    assert.equal(fixed['configure.ac'], 'dnl Process this file with autoconf\r\nAC_INIT([foo],\r\n        [1.2.4])\r\n');
  });
});

describe('release scheme: hover', () => {
  it('lists every site with file:line and what it says, marking the ones that disagree', async () => {
    const files = {
      'configure.ac': 'AC_INIT([foo], [1.2.3])\n',
      'meson.build': "project('foo', 'c',\n  version: '1.2.4')\n",
      'CHANGELOG.md': '# Changelog\n\n## [Unreleased]\n\n## [1.2.4] - 2024-01-31\n',
      'debian/changelog': 'foo (1.2.4-2) unstable; urgency=medium\n',
    };
    const analysis = await run(files);
    const hover = hoverAt(analysis, 'configure.ac', rangeOf(files, 'configure.ac', '1.2.3').start);
    assert.ok(hover);
    assert.deepEqual(hover.range, rangeOf(files, 'configure.ac', '1.2.3'));
    const md = hover.markdown;
    assert.match(md, /release version 1\.2\.4/);
    assert.match(md, /package `foo`/);
    assert.match(md, /`configure\.ac:1` AC_INIT: \*\*1\.2\.3\*\* — ⚠ disagrees \*\(this site\)\*/);
    assert.match(md, /`meson\.build:2` meson project\(\): 1\.2\.4\n/);
    assert.match(md, /`CHANGELOG\.md:5` top released heading: 1\.2\.4 — the last release recorded/);
    assert.match(md, /`debian\/changelog:1` debian\/changelog top entry \(upstream version\): 1\.2\.4\n/);
    // The same answer from any site, including the Debian revision.
    const fromDebian = hoverAt(analysis, 'debian/changelog', rangeOf(files, 'debian/changelog', '-2)', '2').start);
    assert.match(fromDebian!.markdown, /release version 1\.2\.4/);
  });

  it('a computed site is listed as computed', async () => {
    const files = { 'configure.ac': 'AC_INIT([foo], m4_esyscmd([./git-version-gen]))\n', 'NEWS': '* Version 3.0\n' };
    const analysis = await run(files);
    const hover = hoverAt(analysis, 'configure.ac', rangeOf(files, 'configure.ac', 'm4_esyscmd').start);
    assert.match(hover!.markdown, /release version 3\.0/);
    assert.match(hover!.markdown, /`configure\.ac:1` AC_INIT: computed: `m4_esyscmd`.* — not compared \*\(this site\)\*/);
  });

  it('explainValue has nothing to say', () => {
    assert.equal(releaseScheme.explainValue('1.2.3', { settings: normaliseSettings({}) }), undefined);
    assert.equal(releaseScheme.explainValue('1.2.3', { settings: normaliseSettings({}), explicit: true }), undefined);
  });
});

describe('release scheme: one soname from two build systems', () => {
  const autotools = {
    'configure.ac': 'AC_INIT([foo], [1.4.0])\nLT_INIT\nAC_CONFIG_FILES([Makefile])\nAC_OUTPUT\n',
    'Makefile.am': 'lib_LTLIBRARIES = libfoo.la\nlibfoo_la_SOURCES = foo.c\nlibfoo_la_LDFLAGS = -no-undefined -version-info 6:0:2\n',
  };

  it('autotools + meson agreeing: soversion, or the first component of version', async () => {
    for (const library of ["library('foo', 'foo.c', version: '4.2.0', soversion: '4')", "library('foo', 'foo.c', version: '4.2.0')", 'libfoo = shared_library(\'foo\', \'foo.c\', soversion: 4)']) {
      const files = { ...autotools, 'meson.build': `project('foo', 'c', version: '1.4.0')\n${library}\n` };
      assert.deepEqual((await run(files)).findings, [], library);
    }
  });

  it('autotools + meson disagreeing on soversion', async () => {
    const files = { ...autotools, 'meson.build': "project('foo', 'c', version: '1.4.0')\nfoo_soversion = '5'\nlibfoo = library('foo', 'foo.c',\n  version: '5.0.0',\n  soversion: foo_soversion,\n  install: true)\n" };
    const analysis = await run(files);
    const all = findings(analysis, SONAME);
    assert.equal(all.length, 1);
    const [finding] = all;
    assert.equal(finding.severity, 'warning');
    assert.deepEqual({ file: finding.file, range: finding.range }, { file: 'meson.build', range: rangeOf(files, 'meson.build', "foo_soversion = '5'", '5') });
    assert.equal(
      finding.message,
      "meson.build gives libfoo soversion 5, but libtool's -version-info 6:0:2 (Makefile.am) makes it libfoo.so.4 (CURRENT − AGE): the autotools and meson builds would install libfoo under different sonames",
    );
    assert.deepEqual(finding.related?.map((r) => [r.file, r.range]), [['Makefile.am', rangeOf(files, 'Makefile.am', '6:0:2')]]);
    const fixed = applyFix(files, finding, "Set soversion to 4 (as libtool's -version-info 6:0:2)");
    assert.equal(fixed['meson.build'], files['meson.build'].replace("foo_soversion = '5'", "foo_soversion = '4'"));
    assert.deepEqual(findings(await run(fixed), SONAME), []);
  });

  it('autotools + meson disagreeing through version alone', async () => {
    const files = { ...autotools, 'src/meson.build': "library('foo', 'foo.c', version: '6.0.2')\n" };
    const [finding] = findings(await run(files), SONAME);
    assert.deepEqual({ file: finding.file, range: finding.range }, { file: 'src/meson.build', range: rangeOf(files, 'src/meson.build', '6.0.2', '6') });
    assert.match(finding.message, /version 6\.0\.2 and no soversion, so meson names it libfoo\.so\.6/);
    const fixed = applyFix(files, finding, "Set the major version to 4 (soname libfoo.so.4, as libtool's -version-info 6:0:2)");
    assert.equal(fixed['src/meson.build'], "library('foo', 'foo.c', version: '4.0.2')\n");
  });

  it('a library of another name, or a value meson computes, is not compared', async () => {
    const files = { ...autotools, 'meson.build': "library('bar', 'bar.c', soversion: '9')\nlibrary('foo', 'foo.c', soversion: meson.project_version().split('.')[0])\n" };
    assert.deepEqual((await run(files)).findings, []);
  });

  it('autotools + CMake agreeing and disagreeing on SOVERSION', async () => {
    const agree = { ...autotools, 'CMakeLists.txt': 'project(foo VERSION 1.4.0 LANGUAGES C)\nadd_library(foo SHARED foo.c)\nset_target_properties(foo PROPERTIES\n  VERSION 4.2.0\n  SOVERSION 4)\n' };
    assert.deepEqual((await run(agree)).findings, []);
    const files = { ...autotools, 'CMakeLists.txt': 'project(foo VERSION 1.4.0 LANGUAGES C)\nadd_library(foo SHARED foo.c)\nset_target_properties(foo PROPERTIES\n  VERSION 6.0.2\n  SOVERSION 6)\n' };
    const analysis = await run(files);
    const [finding] = findings(analysis, SONAME);
    assert.deepEqual({ file: finding.file, range: finding.range }, { file: 'CMakeLists.txt', range: rangeOf(files, 'CMakeLists.txt', 'SOVERSION 6', '6') });
    assert.match(finding.message, /^CMakeLists\.txt gives libfoo SOVERSION 6, but libtool's -version-info 6:0:2 \(Makefile\.am\) makes it libfoo\.so\.4/);
    assert.equal(applyFix(files, finding, "Set SOVERSION to 4 (as libtool's -version-info 6:0:2)")['CMakeLists.txt'], files['CMakeLists.txt'].replace('SOVERSION 6', 'SOVERSION 4'));
  });

  it('autotools + CMake: SOVERSION from the project version is fixed at the property, not in project()', async () => {
    const files = { ...autotools, 'CMakeLists.txt': 'project(foo VERSION 1.4.0 LANGUAGES C)\nadd_library(foo foo.c)\nset_target_properties(foo PROPERTIES SOVERSION ${PROJECT_VERSION_MAJOR})\n' };
    const [finding] = findings(await run(files), SONAME);
    assert.deepEqual(finding.range, rangeOf(files, 'CMakeLists.txt', '${PROJECT_VERSION_MAJOR}'));
    assert.equal(applyFix(files, finding, "Set SOVERSION to 4 (as libtool's -version-info 6:0:2)")['CMakeLists.txt'], files['CMakeLists.txt'].replace('${PROJECT_VERSION_MAJOR}', '4'));
  });

  it('autotools + CMake: VERSION without SOVERSION puts the whole version in the soname; the fix adds SOVERSION', async () => {
    const files = { ...autotools, 'lib/CMakeLists.txt': 'add_library(foo SHARED foo.c)\nset_target_properties(foo PROPERTIES VERSION 4.2.0 OUTPUT_NAME foo)\n' };
    const [finding] = findings(await run(files), SONAME);
    assert.deepEqual({ file: finding.file, range: finding.range }, { file: 'lib/CMakeLists.txt', range: rangeOf(files, 'lib/CMakeLists.txt', '4.2.0') });
    assert.match(finding.message, /no SOVERSION, so CMake names its soname libfoo\.so\.4\.2\.0/);
    const fixed = applyFix(files, finding, "Add SOVERSION 4 (as libtool's -version-info 6:0:2)");
    assert.equal(fixed['lib/CMakeLists.txt'], 'add_library(foo SHARED foo.c)\nset_target_properties(foo PROPERTIES VERSION 4.2.0 SOVERSION 4 OUTPUT_NAME foo)\n');
    assert.deepEqual(findings(await run(fixed), SONAME), []);
  });

  it('a static CMake library or one built only by CMake is not compared', async () => {
    const files = { ...autotools, 'CMakeLists.txt': 'add_library(foo STATIC foo.c)\nset_target_properties(foo PROPERTIES SOVERSION 9)\nadd_library(qux SHARED qux.c)\nset_target_properties(qux PROPERTIES SOVERSION 9)\n' };
    assert.deepEqual((await run(files)).findings, []);
  });
});

describe('release scheme: versions', () => {
  it('normalises as documented', () => {
    const key = (text: string) => parseReleaseVersion(text).key;
    assert.equal(key('v1.2.3'), '1.2.3');
    for (const text of ['1.2.3~rc1', '1.2.3rc1', '1.2.3-rc1', '1.2.3-rc.1', 'v1.2.3.rc01', '1.2.3c1', '1.2.3-pre1']) assert.equal(key(text), '1.2.3rc1', text);
    assert.equal(key('1.2.3-alpha.2'), key('1.2.3a2'));
    assert.equal(key('1.2.3-beta'), '1.2.3b');
    assert.notEqual(key('1.2.3-rc'), key('1.2.3-rc1'));
    assert.notEqual(key('1.2'), key('1.2.0'));
    assert.equal(key('1.1.1a'), '1.1.1a', "OpenSSL's letter release is not an alpha");
    assert.equal(key('UNKNOWN'), 'unknown');
  });

  it('orders pre-releases before their release', () => {
    const compare = (a: string, b: string) => compareReleaseVersions(parseReleaseVersion(a), parseReleaseVersion(b));
    assert.equal(compare('1.2.3rc1', '1.2.3'), -1);
    assert.equal(compare('1.2.3a2', '1.2.3b1'), -1);
    assert.equal(compare('1.2.10', '1.2.9'), 1);
    assert.equal(compare('1.2', '1.2.0'), 0);
    assert.equal(compare('1.2.3.post1', '1.2.3'), 1);
    assert.equal(compare('git', '1.0'), undefined);
  });

  it('isCandidate decides from the path alone', () => {
    for (const path of ['configure.ac', 'sub/configure.in', 'meson.build', 'CMakeLists.txt', 'VERSION', 'debian/changelog', 'pkg/foo.spec', 'CHANGELOG.md', 'NEWS', 'NEWS.md', 'CHANGES', 'docs/changelog.rst']) assert.equal(releaseScheme.isCandidate(path), true, path);
    for (const path of ['ChangeLog', 'package.json', 'Makefile.am', 'src/foo.c', 'foo.spec.in', 'test/foo.spec.ts', 'debian/control']) assert.equal(releaseScheme.isCandidate(path), false, path);
  });
});

describe('release scheme: not newer than the last release (pure function for the git baseline)', () => {
  const at = { file: 'configure.ac', range: { start: { line: 0, character: 15 }, end: { line: 0, character: 20 } } };

  it('no finding when the sources did not change, or the version is newer', () => {
    assert.equal(checkNewerThanLastRelease({ working: '1.2.3', lastRelease: '1.2.3', sourcesChanged: false, at }), undefined);
    assert.equal(checkNewerThanLastRelease({ working: '1.2.4', lastRelease: 'v1.2.3', sourcesChanged: true, at }), undefined);
    assert.equal(checkNewerThanLastRelease({ working: '1.2.4', lastRelease: '1.2.4rc2', sourcesChanged: true, at }), undefined);
  });

  it('the same version after changes: a warning with the next versions as fixes', () => {
    const finding = checkNewerThanLastRelease({ working: '1.2.3', lastRelease: '1.2.3', lastReleaseTag: 'v1.2.3', sourcesChanged: true, at });
    assert.ok(finding);
    assert.equal(finding.code, 'release/not-newer-than-last-release');
    assert.equal(finding.severity, 'warning');
    assert.deepEqual({ file: finding.file, range: finding.range }, at);
    assert.equal(finding.message, 'the sources changed since the last release v1.2.3 (1.2.3) but the version is still 1.2.3: the next release needs a newer version');
    assert.deepEqual(finding.fixes.map((f) => [f.title, f.edits[0].newText, f.preferred ?? false]), [
      ['Set to 1.2.4 (next patch release)', '1.2.4', true],
      ['Set to 1.3.0 (next minor release)', '1.3.0', false],
      ['Set to 2.0.0 (next major release)', '2.0.0', false],
    ]);
  });

  it('an older version, the release pipeline, a pre-release tag and a Debian site', () => {
    const older = checkNewerThanLastRelease({ working: 'v1.2.2', lastRelease: '1.2.3', sourcesChanged: true, at, release: true })!;
    assert.equal(older.severity, 'error');
    assert.match(older.message, /^the version 1\.2\.2 is older than the last release 1\.2\.3/);
    const afterRc = checkNewerThanLastRelease({ working: '2.0.0~rc1', lastRelease: '2.0.0-rc1', sourcesChanged: true, at, dialect: 'tilde' })!;
    assert.deepEqual(afterRc.fixes.map((f) => f.title), ['Set to 2.0.0 (the final release of 2.0.0-rc1)']);
    assert.deepEqual(nextVersions(parseReleaseVersion('3.1')).map((n) => n.version.text), ['3.2', '4.0']);
  });
});

describe('release version against the last release tag (real git)', function () {
  this.timeout(30_000);
  // Loaded lazily so this block reads as its own test of the git wiring.
  const { GitFixture } = require('../helpers/gitFixture') as typeof import('../helpers/gitFixture');
  const { DiskWorkspace } = require('../../server/src/node/diskWorkspace') as typeof import('../../server/src/node/diskWorkspace');
  const { GitBaselineProvider } = require('../../server/src/node/gitBaseline') as typeof import('../../server/src/node/gitBaseline');

  it('once commits follow the tag, a version that is not newer is reported with fixes', async () => {
    const repo = new GitFixture({ 'configure.ac': 'AC_INIT([tool], [1.2.3])\n', 'meson.build': "project('tool', 'c', version: '1.2.3')\n", 'main.c': 'int main(void) { return 0; }\n' });
    try {
      repo.commit('1.2.3');
      repo.tag('v1.2.3');
      const run = () => new VersionwiseService(new DiskWorkspace(repo.root, new GitBaselineProvider(repo.root)), { schemes: [releaseScheme] }).analyze(normaliseSettings({}));
      assert.deepEqual((await run()).findings, [], 'HEAD is the release itself');
      repo.commit('a fix', { 'main.c': 'int main(void) { return 1; }\n' });
      const [finding] = (await run()).findings;
      assert.equal(finding.code, 'release/not-newer-than-last-release');
      assert.match(finding.message, /the sources changed since the last release v1\.2\.3 \(1\.2\.3\) but the version is still 1\.2\.3/);
      assert.deepEqual(finding.fixes.map((f) => f.title), ['Set to 1.2.4 (next patch release)', 'Set to 1.3.0 (next minor release)', 'Set to 2.0.0 (next major release)']);
    } finally {
      repo.dispose();
    }
  });
});
