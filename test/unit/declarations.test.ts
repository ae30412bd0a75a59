import * as assert from 'node:assert/strict';
import { analyze, declarationFor, libtoolDeclarations, rangeOf, siteOf } from '../helpers/workspace';

/**
 * Every real-world form of a libtool version declaration, found with its numbers at the place they are
 * written (issue 2). Each case runs the whole service over an in-memory workspace.
 */
describe('libtool declarations: forms', () => {
  it('a literal -version-info in a target LDFLAGS', async () => {
    const files = { 'Makefile.am': 'lib_LTLIBRARIES = libfoo.la\nlibfoo_la_LDFLAGS = -no-undefined -version-info 6:0:2\n' };
    const d = declarationFor(await analyze(files), 'libfoo');
    assert.equal(d.value, '6:0:2');
    assert.deepEqual({ file: d.file, range: d.range }, { file: 'Makefile.am', range: rangeOf(files, 'Makefile.am', '6:0:2') });
    assert.deepEqual(siteOf(d, 'AGE'), { file: 'Makefile.am', range: rangeOf(files, 'Makefile.am', '6:0:2', '2') });
    assert.deepEqual(d.fields.platforms && (d.fields.platforms as { linux: unknown }).linux, { real: 'libfoo.so.4.2.0', soname: 'libfoo.so.4', linker: 'libfoo.so' });
  });

  it('@VAR@ resolved to a quoted shell assignment in configure.ac with a trailing comment', async () => {
    const files = {
      'configure.ac': 'AC_INIT([foo],[1.0])\nLT_VERSION_INFO="3:1:2"   # bump before each release\nAC_SUBST(LT_VERSION_INFO)\n',
      'Makefile.am': 'lib_LTLIBRARIES = libfoo.la\nlibfoo_la_LDFLAGS = -version-info @LT_VERSION_INFO@\n',
    };
    const d = declarationFor(await analyze(files), 'libfoo');
    assert.equal(d.value, '3:1:2');
    assert.deepEqual({ file: d.file, range: d.range }, { file: 'configure.ac', range: rangeOf(files, 'configure.ac', '3:1:2') });
  });

  it('$(VAR) resolved to a Makefile.am variable continued over lines', async () => {
    const files = {
      'Makefile.am': 'lib_LTLIBRARIES = libbar.la\nVERSION_INFO = \\\n\t7:1:0\nlibbar_la_LDFLAGS = \\\n  -version-info $(VERSION_INFO) \\\n  -no-undefined\n',
    };
    const d = declarationFor(await analyze(files), 'libbar');
    assert.equal(d.value, '7:1:0');
    assert.deepEqual(d.range, rangeOf(files, 'Makefile.am', '7:1:0'));
  });

  it('${VAR} and $(VAR) resolved to AC_SUBST variables split over CURRENT, REVISION and AGE', async () => {
    const files = {
      'configure.ac': 'AC_INIT([baz],[2.0])\nLT_CURRENT=9\nLT_REVISION=4\nLT_AGE=1\nAC_SUBST(LT_CURRENT)\nAC_SUBST([LT_REVISION])\nAC_SUBST(LT_AGE)\n',
      'Makefile.am': 'lib_LTLIBRARIES = libbaz.la\nlibbaz_la_LDFLAGS = -version-info ${LT_CURRENT}:$(LT_REVISION):@LT_AGE@\n',
    };
    const d = declarationFor(await analyze(files), 'libbaz');
    assert.equal(d.value, '9:4:1');
    assert.deepEqual(siteOf(d, 'CURRENT'), { file: 'configure.ac', range: rangeOf(files, 'configure.ac', 'LT_CURRENT=9', '9') });
    assert.deepEqual(siteOf(d, 'REVISION'), { file: 'configure.ac', range: rangeOf(files, 'configure.ac', 'LT_REVISION=4', '4') });
    assert.deepEqual(siteOf(d, 'AGE'), { file: 'configure.ac', range: rangeOf(files, 'configure.ac', 'LT_AGE=1', '1') });
    assert.deepEqual(d.range, rangeOf(files, 'configure.ac', 'LT_CURRENT=9', '9'));
  });

  it('$var inside a configure.ac LDFLAGS variable, unquoted and single-quoted assignments', async () => {
    const files = {
      'configure.ac': "AC_INIT([qux],[1.0])\nQ_CUR=5\nQ_REV='0'\nQ_AGE=\"5\"\nQUX_LDFLAGS=\"-version-info $Q_CUR:$Q_REV:$Q_AGE\"\nAC_SUBST(QUX_LDFLAGS)\n",
      'src/Makefile.am': 'lib_LTLIBRARIES = libqux.la\nlibqux_la_LDFLAGS = @QUX_LDFLAGS@\n',
    };
    const d = declarationFor(await analyze(files), 'libqux');
    assert.equal(d.value, '5:0:5');
    assert.deepEqual(siteOf(d, 'REVISION'), { file: 'configure.ac', range: rangeOf(files, 'configure.ac', "Q_REV='0'", '0') });
    assert.deepEqual(siteOf(d, 'AGE'), { file: 'configure.ac', range: rangeOf(files, 'configure.ac', 'Q_AGE="5"', '5') });
    assert.deepEqual(siteOf(d, '-version-info'), { file: 'configure.ac', range: rangeOf(files, 'configure.ac', '-version-info') });
  });

  it('AC_SUBST([VAR], [value])', async () => {
    const files = {
      'configure.ac': 'AC_INIT([z],[1.0])\nAC_SUBST([Z_VERSION_INFO], [4:0:0])\n',
      'Makefile.am': 'lib_LTLIBRARIES = libz.la\nlibz_la_LDFLAGS = -version-info $(Z_VERSION_INFO)\n',
    };
    const d = declarationFor(await analyze(files), 'libz');
    assert.equal(d.value, '4:0:0');
    assert.deepEqual(d.range, rangeOf(files, 'configure.ac', '4:0:0'));
  });

  it('AC_SUBST([VAR], ["-version-info …"]) carrying the whole flag, shell-quoted inside m4 quotes', async () => {
    const files = {
      'configure.ac': 'AC_INIT([q],[1.0])\nAC_SUBST([Q_LDFLAGS], ["-no-undefined -version-info 2:1:0"])\n',
      'Makefile.am': 'lib_LTLIBRARIES = libq.la\nlibq_la_LDFLAGS = $(Q_LDFLAGS)\n',
    };
    const d = declarationFor(await analyze(files), 'libq');
    assert.equal(d.value, '2:1:0');
    assert.deepEqual(d.range, rangeOf(files, 'configure.ac', '2:1:0'));
  });

  it('m4_define with quotes, used through lt_current:lt_revision:lt_age', async () => {
    const files = {
      'configure.ac': 'm4_define([lt_current], [8])\nm4_define([lt_revision], [0])\nm4_define([lt_age], [6])\nAC_INIT([png],[1.6.0])\nLT_VERSION_INFO="lt_current:lt_revision:lt_age"\nAC_SUBST(LT_VERSION_INFO)\n',
      'Makefile.am': 'lib_LTLIBRARIES = libpng.la\nlibpng_la_LDFLAGS = -version-info $(LT_VERSION_INFO)\n',
    };
    const d = declarationFor(await analyze(files), 'libpng');
    assert.equal(d.value, '8:0:6');
    assert.deepEqual(siteOf(d, 'CURRENT'), { file: 'configure.ac', range: rangeOf(files, 'configure.ac', '[8]', '8') });
    assert.deepEqual(siteOf(d, 'AGE'), { file: 'configure.ac', range: rangeOf(files, 'configure.ac', '[6]', '6') });
  });

  it('m4_define without quotes, the macro used bare as a shell value', async () => {
    const files = {
      'configure.ac': 'm4_define(ev_current, 3)\nm4_define(ev_age, 1)\nAC_INIT([ev],[1.0])\nEV_CURRENT=ev_current\nEV_AGE=ev_age\nAC_SUBST(EV_CURRENT)\nAC_SUBST(EV_AGE)\n',
      'Makefile.am': 'lib_LTLIBRARIES = libev.la\nlibev_la_LDFLAGS = -version-info $(EV_CURRENT):0:$(EV_AGE)\n',
    };
    const d = declarationFor(await analyze(files), 'libev');
    assert.equal(d.value, '3:0:1');
    assert.deepEqual(siteOf(d, 'CURRENT'), { file: 'configure.ac', range: rangeOf(files, 'configure.ac', 'ev_current, 3', '3') });
    assert.deepEqual(siteOf(d, 'REVISION'), { file: 'Makefile.am', range: rangeOf(files, 'Makefile.am', ':0:', '0') });
  });

  it('a libtool-version side file read with grep (libffi style)', async () => {
    const files = {
      'libtool-version': '# This file is used to maintain libtool version info for libffi.\n#\n9:0:1\n',
      'Makefile.am': "lib_LTLIBRARIES = libffi.la\nlibffi_version_info = -version-info `grep -v '^\\#' $(srcdir)/libtool-version`\nlibffi_la_LDFLAGS = -no-undefined $(libffi_version_info)\n",
    };
    const analysis = await analyze(files);
    const d = declarationFor(analysis, 'libffi');
    assert.equal(d.value, '9:0:1');
    assert.deepEqual({ file: d.file, range: d.range }, { file: 'libtool-version', range: rangeOf(files, 'libtool-version', '9:0:1') });
    assert.equal(libtoolDeclarations(analysis).length, 1, 'the side file is not reported a second time on its own');
  });

  it('a libtool-version file on its own', async () => {
    const files = { 'libtool-version': '3:0:4\n' };
    const analysis = await analyze(files);
    const [d] = libtoolDeclarations(analysis);
    assert.equal(d.file, 'libtool-version');
    assert.equal(analysis.findings[0].code, 'libtool/age-exceeds-current');
    assert.deepEqual(analysis.findings[0].range, rangeOf(files, 'libtool-version', '3:0:4', '4'));
  });

  it('Open MPI / PMIx VERSION files: one declaration per library line, used or not', async () => {
    const files = {
      VERSION: 'major=5\nminor=0\nrelease=11\ngreek=rc1\nrepo_rev=\nlibpmix_so_version=25:0:23\nlibmca_common_dstore_so_version=2:1:0\n',
      'configure.ac': 'AC_INIT([pmix],[5.0.11])\n',
      'src/Makefile.am': 'lib_LTLIBRARIES = libpmix.la\nlibpmix_la_LDFLAGS = -version-info $(libpmix_so_version)\n',
    };
    const analysis = await analyze(files);
    const pmix = declarationFor(analysis, 'libpmix');
    assert.equal(pmix.value, '25:0:23');
    assert.deepEqual({ file: pmix.file, range: pmix.range }, { file: 'VERSION', range: rangeOf(files, 'VERSION', '25:0:23') });
    const dstore = declarationFor(analysis, 'libmca_common_dstore');
    assert.equal(dstore.value, '2:1:0');
    assert.equal(libtoolDeclarations(analysis).length, 2);
  });

  it('-version-number, -release and -avoid-version', async () => {
    const files = {
      'configure.ac': 'AC_INIT([multi],[1.2])\n',
      'Makefile.am': [
        'lib_LTLIBRARIES = libnum.la librel.la libboth.la plugin.la',
        'libnum_la_LDFLAGS = -version-number 2:3:4',
        'librel_la_LDFLAGS = -release $(VERSION)',
        'libboth_la_LDFLAGS = -release 1.2 -version-info 6:0:2',
        'plugin_la_LDFLAGS = -module -avoid-version',
        '',
      ].join('\n'),
    };
    const analysis = await analyze(files);
    const num = declarationFor(analysis, 'libnum');
    assert.equal(num.value, '5:4:3');
    assert.equal(num.fields.flag, '-version-number');
    assert.equal((num.fields.platforms as { linux: { real: string } }).linux.real, 'libnum.so.2.3.4');
    const rel = declarationFor(analysis, 'librel');
    assert.equal(rel.fields.release, '1.2');
    assert.equal((rel.fields.platforms as { linux: { real: string } }).linux.real, 'librel-1.2.so');
    const both = declarationFor(analysis, 'libboth');
    assert.equal((both.fields.platforms as { linux: { real: string } }).linux.real, 'libboth-1.2.so.4.2.0');
    const plugin = declarationFor(analysis, 'plugin');
    assert.equal(plugin.fields.avoidVersion, true);
    assert.equal((plugin.fields.platforms as { linux: { real: string } }).linux.real, 'plugin.so');
  });

  it('library names come from the automake target', async () => {
    const files = {
      'Makefile.am': 'lib_LTLIBRARIES = src/libzmq.la\nsrc_libzmq_la_LDFLAGS = -version-info 5:0:0\nlib_libfoo_bar_la_LDFLAGS = -version-info 1:0:0\n',
    };
    const analysis = await analyze(files);
    assert.equal(declarationFor(analysis, 'libzmq').value, '5:0:0');
    assert.equal(declarationFor(analysis, 'libfoo_bar').value, '1:0:0');
  });

  it('configure.in is read when there is no configure.ac', async () => {
    const files = {
      'configure.in': 'AC_INIT(old, 0.9)\nOLD_LT=2:0:0\nAC_SUBST(OLD_LT)\n',
      'Makefile.am': 'lib_LTLIBRARIES = libold.la\nlibold_la_LDFLAGS = -version-info @OLD_LT@\n',
    };
    assert.equal(declarationFor(await analyze(files), 'libold').value, '2:0:0');
  });

  it('an m4_include\'d file is read on demand', async () => {
    const files = {
      'configure.ac': 'm4_include([m4/version.m4])\nAC_INIT([inc],[1.0])\nAC_SUBST([INC_LT], [inc_current:0:0])\n',
      'm4/version.m4': 'm4_define([inc_current], [12])\n',
      'Makefile.am': 'lib_LTLIBRARIES = libinc.la\nlibinc_la_LDFLAGS = -version-info $(INC_LT)\n',
    };
    const d = declarationFor(await analyze(files), 'libinc');
    assert.equal(d.value, '12:0:0');
    assert.deepEqual(siteOf(d, 'CURRENT'), { file: 'm4/version.m4', range: rangeOf(files, 'm4/version.m4', '12') });
  });

  it('each project of a monorepo resolves its own variables', async () => {
    const files = {
      'a/configure.ac': 'AC_INIT([a],[1])\nLT=1:0:0\nAC_SUBST(LT)\n',
      'a/Makefile.am': 'lib_LTLIBRARIES = liba.la\nliba_la_LDFLAGS = -version-info @LT@\n',
      'b/configure.ac': 'AC_INIT([b],[1])\nLT=2:0:0\nAC_SUBST(LT)\n',
      'b/lib/Makefile.am': 'lib_LTLIBRARIES = libb.la\nlibb_la_LDFLAGS = -version-info @LT@\n',
    };
    const analysis = await analyze(files);
    assert.equal(declarationFor(analysis, 'liba').value, '1:0:0');
    assert.equal(declarationFor(analysis, 'libb').value, '2:0:0');
  });

  it('the last assignment before a use wins, and X="$X …" sees the previous value', async () => {
    const files = {
      'configure.ac': 'AC_INIT([s],[1])\nS_LT=1:0:0\nS_LT=2:0:0\nS_FLAGS="-no-undefined"\nS_FLAGS="$S_FLAGS -version-info $S_LT"\nAC_SUBST(S_FLAGS)\n',
      'Makefile.am': 'lib_LTLIBRARIES = libs.la\nlibs_la_LDFLAGS = @S_FLAGS@\n',
    };
    const d = declarationFor(await analyze(files), 'libs');
    assert.equal(d.value, '2:0:0');
  });
});

describe('libtool declarations: computed values are reported as computed, never guessed', () => {
  const cases: [string, string, RegExp][] = [
    ['shell arithmetic', 'LT_CURRENT=$((MAJOR + MINOR))\nLT_VI="$LT_CURRENT:0:0"\n', /shell arithmetic/],
    ['expr', 'LT_AGE=`expr $MINOR - 1`\nLT_VI="1:0:$LT_AGE"\n', /command `expr \$MINOR - 1`/],
    ['sed from the package version', 'LT_VI=$(echo $PACKAGE_VERSION | sed -e "s/\\./:/g")\n', /command/],
    ['m4_eval', 'm4_define([cur], [m4_eval(100 * 2)])\nLT_VI="cur:0:0"\n', /m4_eval/],
  ];
  for (const [name, assignments, reason] of cases) {
    it(name, async () => {
      const files = {
        'configure.ac': `AC_INIT([c],[1.0])\nMAJOR=1\nMINOR=2\n${assignments}AC_SUBST(LT_VI)\n`,
        'Makefile.am': 'lib_LTLIBRARIES = libc.la\nlibc_la_LDFLAGS = -version-info $(LT_VI)\n',
      };
      const analysis = await analyze(files);
      const d = declarationFor(analysis, 'libc');
      assert.equal(d.value, null);
      assert.equal(d.fields.computed, true);
      assert.match(String(d.fields.computedReason), reason);
      assert.deepEqual(analysis.findings.filter((f) => f.severity === 'error'), []);
      const hover = analysis.declarations.find((x) => x.declaration === d)!.explain();
      assert.match(hover, /computed when the package is built/);
    });
  }

  it('a variable set nowhere is an information note at the reference', async () => {
    const files = { 'Makefile.am': 'lib_LTLIBRARIES = libu.la\nlibu_la_LDFLAGS = -version-info $(LT_UNKNOWN)\n' };
    const analysis = await analyze(files);
    assert.equal(declarationFor(analysis, 'libu').value, null);
    assert.equal(analysis.findings.length, 1);
    assert.equal(analysis.findings[0].severity, 'information');
    assert.equal(analysis.findings[0].code, 'libtool/unresolved-variable');
    assert.deepEqual(analysis.findings[0].range, rangeOf(files, 'Makefile.am', '$(LT_UNKNOWN)'));
  });
});

describe('libtool diagnostics sit where the bad number is written', () => {
  it('AGE greater than CURRENT, split over configure.ac variables: on AGE, with CURRENT related', async () => {
    const files = {
      'configure.ac': 'AC_INIT([g],[1])\nG_CURRENT=3\nG_REVISION=0\nG_AGE=4\nAC_SUBST(G_CURRENT)\nAC_SUBST(G_REVISION)\nAC_SUBST(G_AGE)\n',
      'Makefile.am': 'lib_LTLIBRARIES = libg.la\nlibg_la_LDFLAGS = -version-info $(G_CURRENT):$(G_REVISION):$(G_AGE)\n',
    };
    const [finding] = (await analyze(files)).findings;
    assert.equal(finding.code, 'libtool/age-exceeds-current');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.message, "AGE '4' is greater than the current interface number '3': '3:0:4' is not valid version information");
    assert.deepEqual({ file: finding.file, range: finding.range }, { file: 'configure.ac', range: rangeOf(files, 'configure.ac', 'G_AGE=4', '4') });
    assert.deepEqual(finding.related?.[0].range, rangeOf(files, 'configure.ac', 'G_CURRENT=3', '3'));
  });

  it('a leading zero in REVISION: on REVISION', async () => {
    const files = { 'Makefile.am': 'lib_LTLIBRARIES = libz.la\nlibz_la_LDFLAGS = -version-info 1:02:0\n' };
    const [finding] = (await analyze(files)).findings;
    assert.equal(finding.message, "REVISION '02' must be a nonnegative integer: '1:02:0' is not valid version information");
    assert.deepEqual(finding.range, rangeOf(files, 'Makefile.am', '1:02:0', '02'));
  });

  it('too many fields: on the whole value', async () => {
    const files = { 'Makefile.am': 'libz_la_LDFLAGS = -version-info 1:2:3:4\n' };
    const [finding] = (await analyze(files)).findings;
    assert.equal(finding.code, 'libtool/too-many-fields');
    assert.deepEqual(finding.range, rangeOf(files, 'Makefile.am', '1:2:3:4'));
  });

  it('libtool 2.6 accepts a long REVISION that 2.4 rejects', async () => {
    const files = { 'Makefile.am': 'libz_la_LDFLAGS = -version-info 0:100000:0\n' };
    assert.equal((await analyze(files)).findings[0]?.code, 'libtool/invalid-version-info');
    assert.deepEqual((await analyze(files, { libtool: { dialect: '2.6' } })).findings, []);
  });

  it('a missing argument, and a flag given twice', async () => {
    const files = { 'Makefile.am': 'liba_la_LDFLAGS = -version-info\nlibb_la_LDFLAGS = -version-info 1:0:0 -version-info 3:0:1\n' };
    const analysis = await analyze(files);
    assert.deepEqual(analysis.findings.map((f) => f.code), ['libtool/missing-argument', 'libtool/overridden-flag']);
    assert.equal(declarationFor(analysis, 'libb').value, '3:0:1');
  });

  it('one bad variable used by two libraries is reported once', async () => {
    const files = {
      'configure.ac': 'AC_INIT([t],[1])\nLT=1:0:2\nAC_SUBST(LT)\n',
      'Makefile.am': 'lib_LTLIBRARIES = libx.la liby.la\nlibx_la_LDFLAGS = -version-info @LT@\nliby_la_LDFLAGS = -version-info @LT@\n',
    };
    const analysis = await analyze(files);
    assert.equal(libtoolDeclarations(analysis).length, 2);
    assert.equal(analysis.findings.length, 1);
  });
});

describe('release number used as interface version', () => {
  it('warns when C:R:A mirrors AC_INIT\'s version, pointing at both', async () => {
    const files = {
      'configure.ac': 'AC_INIT([widget], [2.4.1])\n',
      'Makefile.am': 'lib_LTLIBRARIES = libw.la\nlibw_la_LDFLAGS = -version-info 2:4:1\n',
    };
    const [finding] = (await analyze(files)).findings;
    assert.equal(finding.code, 'libtool/release-number-as-version-info');
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.range, rangeOf(files, 'Makefile.am', '2:4:1'));
    assert.deepEqual(finding.related?.[0].range, rangeOf(files, 'configure.ac', '2.4.1'));
  });

  it('does not warn for the 1:0:0 every library starts from, nor for unrelated numbers', async () => {
    for (const [release, triple] of [['1.0.0', '1:0:0'], ['2.4.1', '7:2:3'], ['0.0.0', '0:0:0']]) {
      const files = { 'configure.ac': `AC_INIT([w], [${release}])\n`, 'Makefile.am': `libw_la_LDFLAGS = -version-info ${triple}\n` };
      assert.deepEqual((await analyze(files)).findings, [], `${release} vs ${triple}`);
    }
  });

  it('severity settings override or silence a rule', async () => {
    const files = { 'configure.ac': 'AC_INIT([w], [2.4.1])\n', 'Makefile.am': 'libw_la_LDFLAGS = -version-info 2:4:1\n' };
    assert.equal((await analyze(files, { severity: { 'libtool/release-number-as-version-info': 'error' } })).findings[0].severity, 'error');
    assert.deepEqual((await analyze(files, { severity: { 'libtool/release-number-as-version-info': 'off' } })).findings, []);
  });
});

describe('libtool declarations: automake and autoconf structure', () => {
  it('`+=` appends to LDFLAGS instead of replacing the declaration', async () => {
    const files = { 'Makefile.am': 'lib_LTLIBRARIES = libap.la\nlibap_la_LDFLAGS = -no-undefined -version-info 3:2:1\nif HAVE_MAP\nlibap_la_LDFLAGS += -Wl,--version-script=ap.map\nendif\nlibap_la_LDFLAGS += -export-dynamic\n' };
    const analysis = await analyze(files);
    assert.equal(declarationFor(analysis, 'libap').value, '3:2:1');
  });

  it('a flags variable shared by several libraries gives one declaration per library', async () => {
    const files = { 'Makefile.am': 'lib_LTLIBRARIES = libone.la libtwo.la\nSHARED_FLAGS = -version-info 4:0:1 -release 2.0\nlibone_la_LDFLAGS = $(SHARED_FLAGS)\nlibtwo_la_LDFLAGS = $(SHARED_FLAGS) -no-undefined\n' };
    const analysis = await analyze(files);
    assert.equal(declarationFor(analysis, 'libone').value, '4:0:1');
    assert.equal(declarationFor(analysis, 'libtwo').fields.release, '2.0');
    assert.equal((declarationFor(analysis, 'libtwo').fields.platforms as { linux: { real: string } }).linux.real, 'libtwo-2.0.so.3.1.0');
  });

  it('each branch of an automake conditional is its own alternative', async () => {
    const files = { 'Makefile.am': 'lib_LTLIBRARIES = libc.la\nif ON_WINDOWS\nlibc_la_LDFLAGS = -avoid-version -version-info 1:0:0\nelse\nlibc_la_LDFLAGS = -version-info 2:0:0\nendif\n' };
    const analysis = await analyze(files);
    const values = libtoolDeclarations(analysis).map((d) => `${d.value} ${d.fields.avoidVersion}`).sort();
    assert.deepEqual(values, ['1:0:0 true', '2:0:0 false']);
    assert.deepEqual(analysis.findings.map((f) => f.code), ['libtool/avoid-version-with-version-info']);
  });

  it('a later unconditional assignment replaces an earlier one', async () => {
    const files = { 'Makefile.am': 'libr_la_LDFLAGS = -version-info 1:0:0\nlibr_la_LDFLAGS = -version-info 5:0:0\n' };
    assert.deepEqual(libtoolDeclarations(await analyze(files)).map((d) => d.value), ['5:0:0']);
  });

  it('an assignment in AC_ARG_ENABLE\'s action-if-given does not replace the default', async () => {
    const files = {
      'configure.ac': [
        'AC_INIT([opt],[1.0])',
        'OPT_FLAGS="-version-info 6:1:0"',
        'AC_ARG_ENABLE([soname],',
        '  [AS_HELP_STRING([--disable-soname], [do not version the library])],',
        '  [AS_IF([test "x$enableval" = "xno"], [OPT_FLAGS="-avoid-version"])])',
        'AC_SUBST([OPT_FLAGS])',
        '',
      ].join('\n'),
      'Makefile.am': 'lib_LTLIBRARIES = libopt.la\nlibopt_la_LDFLAGS = $(OPT_FLAGS)\n',
    };
    // The default build's flags, and the --disable-soname alternative as a declaration of its own.
    const found = libtoolDeclarations(await analyze(files)).map((d) => `${d.fields.library} ${d.value} ${d.fields.avoidVersion}`);
    assert.deepEqual(found, ['libopt 6:1:0 false', 'libopt null true']);
  });

  it('macros from AC_CONFIG_MACRO_DIRS files are read when configure.ac calls them', async () => {
    const files = {
      'configure.ac': 'AC_INIT([hook],[3.0])\nAC_CONFIG_MACRO_DIRS([m4])\nHOOK_VERSION_SETUP\n',
      'm4/hook.m4': 'AC_DEFUN([HOOK_VERSION_SETUP], [\n  AC_SUBST(HOOK_CURRENT, 11)\n  AC_SUBST(HOOK_AGE, 2)\n])\n',
      'm4/unrelated.m4': 'AC_DEFUN([NEVER_CALLED], [HOOK_CURRENT=99])\n',
      'Makefile.am': 'lib_LTLIBRARIES = libhook.la\nlibhook_la_LDFLAGS = -version-info $(HOOK_CURRENT):0:$(HOOK_AGE)\n',
    };
    const d = declarationFor(await analyze(files), 'libhook');
    assert.equal(d.value, '11:0:2');
    assert.deepEqual(siteOf(d, 'CURRENT'), { file: 'm4/hook.m4', range: rangeOf(files, 'm4/hook.m4', '11') });
  });

  it('ACLOCAL_AMFLAGS = -I dir names a macro directory too', async () => {
    const files = {
      'configure.ac': 'AC_INIT([hook],[3.0])\nHOOK_SETUP\n',
      'Makefile.am': 'ACLOCAL_AMFLAGS = -I build-aux/m4\nlib_LTLIBRARIES = libh.la\nlibh_la_LDFLAGS = -version-info $(H_LT)\n',
      'build-aux/m4/h.m4': 'AC_DEFUN([HOOK_SETUP], [AC_SUBST([H_LT], [4:0:4])])\n',
    };
    assert.equal(declarationFor(await analyze(files), 'libh').value, '4:0:4');
  });

  it('@VAR@ in a library name is substituted from configure', async () => {
    const files = {
      'configure.ac': 'AC_INIT([png],[1.6.38])\nPNGLIB_MAJOR=1\nPNGLIB_MINOR=6\nAC_SUBST([PNGLIB_MAJOR])\nAC_SUBST([PNGLIB_MINOR])\n',
      'Makefile.am': 'lib_LTLIBRARIES = libpng@PNGLIB_MAJOR@@PNGLIB_MINOR@.la\nlibpng@PNGLIB_MAJOR@@PNGLIB_MINOR@_la_LDFLAGS = -version-number 16:38:0\n',
    };
    const d = declarationFor(await analyze(files), 'libpng16');
    assert.equal((d.fields.platforms as { linux: { real: string } }).linux.real, 'libpng16.so.16.38.0');
    assert.deepEqual(d.fields.next, { revision: '16:38:1', added: '16:39:0', 'removed-or-changed': '55:0:0' });
  });

  it('convenience libraries are not versioned; a flag written for one gets libtool\'s note', async () => {
    const files = {
      'Makefile.am': [
        'lib_LTLIBRARIES = libmain.la',
        'noinst_LTLIBRARIES = libhelper.la libinherits.la',
        'libmain_la_LDFLAGS = -version-info 3:0:0',
        'libhelper_la_LDFLAGS = -version-info 1:0:0',
        'libinherits_la_LDFLAGS = $(libmain_la_LDFLAGS)',
        'check_LTLIBRARIES = plugin.la',
        'plugin_la_LDFLAGS = -module -avoid-version -rpath /nowhere',
        '',
      ].join('\n'),
    };
    const analysis = await analyze(files);
    assert.deepEqual(libtoolDeclarations(analysis).map((d) => d.fields.library).sort(), ['libmain', 'plugin']);
    const note = analysis.findings.find((f) => f.code === 'libtool/convenience-library')!;
    assert.equal(note.severity, 'information');
    assert.match(note.message, /'-version-info\/-version-number' is ignored for convenience libraries/);
    assert.deepEqual(note.range, rangeOf(files, 'Makefile.am', 'libhelper_la_LDFLAGS = -version-info', '-version-info'));
    const plugin = declarationFor(analysis, 'plugin');
    assert.equal((plugin.fields.platforms as { darwin: { file: string } }).darwin.file, 'plugin.so');
  });

  it('a library installed under one conditional and a convenience library under the other is versioned', async () => {
    const files = {
      VERSION: 'libpx_so_version=7:1:5\n',
      'configure.ac': 'AC_INIT([px],[4.1])\n',
      'src/Makefile.am': 'if EMBEDDED\nnoinst_LTLIBRARIES = libpx.la\nlibpx_la_LDFLAGS =\nelse\nlib_LTLIBRARIES = libpx.la\nlibpx_la_LDFLAGS = -version-info $(libpx_so_version)\nendif\n',
    };
    const analysis = await analyze(files);
    assert.equal(declarationFor(analysis, 'libpx').value, '7:1:5');
    assert.deepEqual(analysis.findings, []);
  });

  it('a computed declaration keeps its flag and the text as written', async () => {
    const files = {
      'configure.ac': 'AC_INIT([c],[1.0])\nLT_CUR=$((MAJOR * 100 + MINOR))\nAC_SUBST(LT_CUR)\n',
      'Makefile.am': 'libc_la_LDFLAGS = -version-info $(LT_CUR):3:0\n',
    };
    const d = declarationFor(await analyze(files), 'libc');
    assert.equal(d.value, null);
    assert.equal(d.fields.flag, '-version-info');
    assert.equal(d.text, '$((MAJOR * 100 + MINOR)):3:0');
    assert.equal(d.fields.unresolved, false);
  });
});
