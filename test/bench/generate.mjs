/**
 * Generated workspaces for `npm run bench` (test/bench/run.mjs). Everything is derived from a fixed seed,
 * so every run measures the same trees; generation is never inside a timing.
 *
 *  - scanTree(dir, files):   a mixed tree of about `files` files (sources, binaries, a linux-firmware folder
 *                            with thousands of i915/xe names and a WHENCE, nested npm packages, several
 *                            autotools projects), committed to git so that `git ls-files` can list it;
 *  - editingProject(dir):    one autotools project whose configure.ac and src/Makefile.am are 5,000 lines each;
 *  - headerRepository(dir):  a libtool library with 300 installed headers (20,000 declarations), tagged
 *                            v1.0.0, then a second commit that adds, removes and changes declarations.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** mulberry32: a small, fast, seeded PRNG (the same numbers on every machine). */
export function random(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
  };
}

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'omega', 'sigma', 'kappa', 'lambda', 'theta', 'zeta', 'buffer', 'stream', 'parser', 'socket', 'widget', 'gadget', 'frame', 'codec', 'pixel', 'vector', 'matrix', 'queue', 'table', 'entry', 'node', 'tree', 'graph', 'store', 'cache', 'index'];

function write(root, rel, content) {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

function git(cwd, ...args) {
  // gc.auto=0: no `git gc --auto` detached after a commit, still writing into .git while trees are timed
  // (and while the run removes them at its end).
  return execFileSync('git', ['-c', 'gc.auto=0', ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 30,
    env: { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.invalid', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.invalid', GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' },
  }).toString();
}

function commitAll(root, message) {
  if (!fs.existsSync(path.join(root, '.git'))) git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, '-c', 'commit.gpgsign=false', 'commit', '-q', '--no-verify', '-m', message);
}

function binary(rng, size) {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = rng.int(256);
  bytes[rng.int(Math.min(size, 64))] = 0; // a NUL early on, as in any real binary
  return bytes;
}

// ---------------------------------------------------------------------------------------------------------
// autotools projects

function configureAc(name, version, libs, extraLines = 0, rng = random(1)) {
  const lines = [
    `dnl ${name}: a generated autotools project for the Versionwise benchmark.`,
    `AC_INIT([${name}], [${version}], [https://example.invalid/${name}/issues])`,
    'AC_CONFIG_SRCDIR([src/core.c])',
    'AC_CONFIG_MACRO_DIRS([m4])',
    'AM_INIT_AUTOMAKE([foreign subdir-objects])',
    'LT_INIT',
    '',
  ];
  libs.forEach((lib, i) => {
    const upper = lib.toUpperCase();
    lines.push(`dnl ${lib}'s interface version`);
    lines.push(`m4_define([${lib}_lt_current], [${5 + i}])`, `m4_define([${lib}_lt_revision], [${i}])`, `m4_define([${lib}_lt_age], [${i % 3}])`);
    lines.push(`${upper}_LT_VERSION="${lib}_lt_current:${lib}_lt_revision:${lib}_lt_age"`, `AC_SUBST([${upper}_LT_VERSION])`, '');
  });
  // The bulk of a real configure.ac: checks, options, conditionals, shell.
  for (let i = 0; lines.length < extraLines - 3; i++) {
    const word = `${rng.pick(WORDS)}_${i}`;
    switch (i % 8) {
      case 0: lines.push(`AC_CHECK_HEADERS([${word}.h sys/${word}.h])`); break;
      case 1: lines.push(`AC_CHECK_FUNCS([${word} ${word}_r])`); break;
      case 2: lines.push(`AC_ARG_ENABLE([${word.replace(/_/g, '-')}], [AS_HELP_STRING([--enable-${word.replace(/_/g, '-')}], [build ${word}])], [enable_${word}=$enableval], [enable_${word}=no])`); break;
      case 3: lines.push(`AM_CONDITIONAL([HAVE_${word.toUpperCase()}], [test "x$enable_${word}" = xyes])`); break;
      case 4: lines.push(`${word.toUpperCase()}_CFLAGS="-DUSE_${word.toUpperCase()}=1 -I\\$(top_srcdir)/include"   # flags for ${word}`); break;
      case 5: lines.push(`AC_SUBST([${word.toUpperCase()}_CFLAGS])`); break;
      case 6: lines.push(`if test "x$enable_${word}" = xyes; then`, `  AC_DEFINE([WITH_${word.toUpperCase()}], [1], [Define to use ${word}])`, 'fi'); break;
      default: lines.push(`dnl ${word}: ${WORDS.slice(0, 1 + (i % 7)).join(' ')}`); break;
    }
  }
  lines.push('', 'AC_CONFIG_FILES([Makefile src/Makefile])', 'AC_OUTPUT', '');
  return lines.join('\n');
}

function srcMakefileAm(libs, headers, extraLines = 0, rng = random(2)) {
  const lines = [`lib_LTLIBRARIES = ${libs.map((l) => `${l}.la`).join(' ')}`, `include_HEADERS = ${headers.map((h) => `$(top_srcdir)/include/${h}`).join(' \\\n\t')}`, ''];
  libs.forEach((lib) => {
    lines.push(`${lib}_la_SOURCES = core.c ${lib}.c`, `${lib}_la_CFLAGS = $(AM_CFLAGS) -I$(top_srcdir)/include`, `${lib}_la_LDFLAGS = -version-info @${lib.toUpperCase()}_LT_VERSION@ -no-undefined`, '');
  });
  // The bulk: programs, sources, conditionals, custom rules.
  for (let i = 0; lines.length < extraLines - 1; i++) {
    const word = `${rng.pick(WORDS)}_${i}`;
    switch (i % 6) {
      case 0: lines.push(`noinst_PROGRAMS += ${word}`); break;
      case 1: lines.push(`${word}_SOURCES = ${word}.c ${word}_util.c \\`, `\t${word}_io.c`); break;
      case 2: lines.push(`${word}_CPPFLAGS = $(AM_CPPFLAGS) -DNAME=\\"${word}\\"`); break;
      case 3: lines.push(`if HAVE_${word.toUpperCase()}`, `${word}_LDADD = $(LIBS) -l${word}`, 'endif'); break;
      case 4: lines.push(`${word}.stamp: ${word}.c`, `\t$(AM_V_GEN)touch $@`); break;
      default: lines.push(`# ${word}: ${WORDS.slice(0, 1 + (i % 9)).join(' ')}`); break;
    }
  }
  lines.unshift('noinst_PROGRAMS =');
  return `${lines.join('\n')}\n`;
}

function header(name, count, rng, variant = 0) {
  const guard = `${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_H`;
  const lines = [`#ifndef ${guard}`, `#define ${guard}`, '#include <stddef.h>', '', '#ifdef __cplusplus', 'extern "C" {', '#endif', ''];
  for (let i = 0; i < count; i++) {
    const id = `${name}_${WORDS[i % WORDS.length]}_${i}`;
    switch (i % 5) {
      case 0: lines.push(`/** ${id}: does ${WORDS[(i + 3) % WORDS.length]}. */`, `BENCH_API int ${id}(struct ${name}_ctx *ctx, const char *name, size_t len);`); break;
      case 1: lines.push(`BENCH_API void ${id}_free(void *ptr${variant && i % 97 === 1 ? ', int flags' : ''});`); break;
      case 2: lines.push(`typedef unsigned long ${id}_t;`); break;
      case 3: lines.push(`enum ${id}_kind { ${id.toUpperCase()}_A = 0, ${id.toUpperCase()}_B = ${1 + rng.int(9)} };`); break;
      default: lines.push(`BENCH_API extern const char *${id}_version;`); break;
    }
  }
  lines.push('', '#ifdef __cplusplus', '}', '#endif', `#endif /* ${guard} */`, '');
  return lines.join('\n');
}

function autotoolsProject(root, rel, index, rng, files) {
  const name = `proj${index}`;
  const libs = [`lib${name}a`, `lib${name}b`];
  const headers = Array.from({ length: 8 }, (_, i) => `${name}_${WORDS[i]}.h`);
  write(root, `${rel}/configure.ac`, configureAc(name, `1.${index}.0`, libs, 120, rng));
  write(root, `${rel}/Makefile.am`, 'SUBDIRS = src\nACLOCAL_AMFLAGS = -I m4\nEXTRA_DIST = NEWS README.md\n');
  write(root, `${rel}/src/Makefile.am`, srcMakefileAm(libs, headers, 60, rng));
  for (const h of headers) write(root, `${rel}/include/${h}`, header(h.replace(/\.h$/, ''), 20, rng));
  for (let i = 0; i < 12; i++) write(root, `${rel}/src/${name}_${i}.c`, `#include "${headers[i % headers.length]}"\nint ${name}_f${i}(void) { return ${i}; }\n`);
  for (let i = 0; i < 3; i++) write(root, `${rel}/m4/ax_${name}_${i}.m4`, `AC_DEFUN([AX_${name.toUpperCase()}_${i}], [AC_MSG_CHECKING([for ${name} ${i}])])\n`);
  write(root, `${rel}/NEWS`, `Noteworthy changes in release 1.${index}.0 (2026-01-01) [stable]\n\n* Generated.\n`);
  write(root, `${rel}/ChangeLog`, '2026-01-01  Bench  <bench@example.invalid>\n\n\t* everything: generated.\n');
  write(root, `${rel}/README.md`, `# ${name}\n\nA generated project.\n`);
  files.count += 12 + 3 + headers.length + 6;
}

// ---------------------------------------------------------------------------------------------------------
// linux-firmware

const FW_PLATFORMS = ['skl', 'bxt', 'kbl', 'glk', 'cml', 'icl', 'ehl', 'tgl', 'rkl', 'adls', 'adlp', 'dg1', 'dg2', 'mtl', 'lnl', 'bmg', 'ptl', 'xe2lpd', 'xe3lpd'];

function firmwareTree(root, rel, count, rng, files) {
  const whence = ['Driver: i915 - Intel Graphics driver', ''];
  const xeWhence = ['Driver: xe - Intel Xe Graphics driver', ''];
  let made = 0;
  // Distinct names across platforms (with a numeric suffix so thousands stay distinct) and versions.
  for (let i = 0; made < count; i++) {
    const platform = `${FW_PLATFORMS[i % FW_PLATFORMS.length]}${i >= FW_PLATFORMS.length ? Math.floor(i / FW_PLATFORMS.length) : ''}`;
    const driver = i % 3 === 2 ? 'xe' : 'i915';
    const list = driver === 'xe' ? xeWhence : whence;
    const names = [
      [`${platform}_guc_70.${i % 50}.${i % 7}.bin`, `Version: GuC API/APB ver 70.${i % 50}.${i % 7} for ${platform}`],
      [`${platform}_huc_7.${i % 10}.${i % 5}.bin`, undefined],
      [`${platform}_dmc_ver2_${String(10 + (i % 80)).padStart(2, '0')}.bin`, undefined],
      [`${platform}_guc_70.bin`, undefined],
    ];
    for (const [name, version] of names) {
      if (made >= count) break;
      write(root, `${rel}/${driver}/${name}`, binary(rng, 256 + rng.int(1024)));
      list.push(`File: ${driver}/${name}`);
      if (version) list.push(version);
      list.push('');
      made++;
    }
  }
  // Other drivers' firmware: listed, never read, not Intel's.
  for (let i = 0; i < Math.max(10, Math.round(count / 10)); i++) write(root, `${rel}/amdgpu/gpu_${i}_sos.bin`, binary(rng, 512));
  write(root, `${rel}/WHENCE`, `${whence.join('\n')}\n${xeWhence.join('\n')}\nLicence: Redistributable. See LICENSE.i915 for details.\n`);
  files.count += count + Math.max(10, Math.round(count / 10)) + 1;
}

// ---------------------------------------------------------------------------------------------------------
// npm packages

function npmPackage(root, rel, index, files) {
  const name = `@bench/pkg${index}`;
  write(root, `${rel}/package.json`, `${JSON.stringify({ name, version: `1.${index % 20}.${index % 7}`, description: 'generated', main: 'dist/index.js', types: 'dist/index.d.ts', scripts: { build: 'tsc' }, dependencies: index > 0 ? { [`@bench/pkg${index - 1}`]: `^1.${(index - 1) % 20}.0` } : {} }, null, 2)}\n`);
  write(root, `${rel}/src/index.ts`, `export * from './util';\nexport function run${index}(input: string): number { return input.length + ${index}; }\n`);
  write(root, `${rel}/src/util.ts`, `export interface Options${index} { readonly verbose?: boolean }\nexport const VERSION = '1.0.${index}';\n`);
  write(root, `${rel}/tsconfig.json`, '{ "compilerOptions": { "outDir": "dist", "declaration": true } }\n');
  write(root, `${rel}/README.md`, `# ${name}\n`);
  files.count += 5;
}

// ---------------------------------------------------------------------------------------------------------

const MIXED = [
  ['c', (rng, i) => `/* generated */\n#include <stdio.h>\nstatic int f${i}(int x) { return x * ${rng.int(100)}; }\nint main(void) { printf("%d\\n", f${i}(${i})); return 0; }\n`],
  ['h', (rng, i) => `#pragma once\nint helper_${i}(int);\n`],
  ['py', (rng, i) => `def f${i}(x):\n    return x + ${rng.int(100)}\n`],
  ['js', (rng, i) => `export const v${i} = ${rng.int(1000)};\n`],
  ['md', (rng, i) => `# Note ${i}\n\n${WORDS.slice(0, 1 + rng.int(20)).join(' ')}\n`],
  ['txt', (rng, i) => `${WORDS[rng.int(WORDS.length)]} ${i}\n`],
  ['png', (rng) => binary(rng, 200 + rng.int(2000))],
  ['o', (rng) => binary(rng, 300 + rng.int(3000))],
  ['json', (rng, i) => `{"id": ${i}, "values": [${rng.int(9)}, ${rng.int(9)}]}\n`],
];

/**
 * A mixed tree of about `total` files. Proportions: autotools projects (one per 2,500 files, at least 3),
 * a firmware folder (1/16 of the files, at most 6,000 names), npm packages (one per 400 files), and the
 * rest plain sources and binaries spread over nested folders of ~25 files.
 */
export function scanTree(root, total, seed = 20260101) {
  const rng = random(seed + total);
  fs.mkdirSync(root, { recursive: true });
  const files = { count: 0 };
  write(root, 'README.md', '# Benchmark tree\n');
  write(root, '.gitignore', 'node_modules/\n');
  write(root, 'package.json', `${JSON.stringify({ name: 'bench-monorepo', private: true, workspaces: ['packages/*'] }, null, 2)}\n`);
  files.count += 3;
  const projects = Math.max(3, Math.round(total / 2500));
  for (let i = 0; i < projects; i++) autotoolsProject(root, `projects/proj${i}`, i, rng, files);
  firmwareTree(root, 'linux-firmware', Math.min(6000, Math.round(total / 16)), rng, files);
  const packages = Math.max(2, Math.round(total / 400));
  for (let i = 0; i < packages; i++) npmPackage(root, `packages/pkg${i}`, i, files);
  for (let i = 0; files.count < total; i++) {
    const dir = `src/m${Math.floor(i / 2000)}/d${Math.floor(i / 100) % 20}/e${Math.floor(i / 25) % 4}`;
    const [ext, make] = MIXED[i % MIXED.length];
    write(root, `${dir}/file${i}.${ext}`, make(rng, i));
    files.count++;
  }
  commitAll(root, 'generated tree');
  return { root, files: files.count };
}

/** One project whose configure.ac and src/Makefile.am have 5,000 lines each (the editing benchmark). */
export function editingProject(root, lines = 5000) {
  const rng = random(4242);
  fs.mkdirSync(root, { recursive: true });
  const libs = Array.from({ length: 6 }, (_, i) => `libedit${i}`);
  const headers = ['edit.h'];
  write(root, 'configure.ac', configureAc('edit', '3.1.0', libs, lines, rng));
  write(root, 'Makefile.am', 'SUBDIRS = src\n');
  // One library's numbers are written in Makefile.am itself, so both files have a number to edit.
  write(root, 'src/Makefile.am', srcMakefileAm(libs, headers, lines, rng).replace('-version-info @LIBEDIT5_LT_VERSION@', '-version-info 4:0:1'));
  write(root, 'include/edit.h', header('edit', 10, rng));
  write(root, 'src/core.c', 'int core(void) { return 0; }\n');
  for (const lib of libs) write(root, `src/${lib}.c`, `int ${lib}(void) { return 1; }\n`);
  return { root };
}

/**
 * A libtool library with `headerCount` installed headers declaring `declarations` interfaces in all,
 * released as v1.0.0; the next commit changes a few headers (added, removed and changed declarations).
 */
export function headerRepository(root, headerCount = 300, declarations = 20000) {
  const rng = random(777);
  fs.mkdirSync(root, { recursive: true });
  const per = Math.ceil(declarations / headerCount);
  const names = Array.from({ length: headerCount }, (_, i) => `h${String(i).padStart(3, '0')}`);
  const headers = names.map((n) => `${n}.h`);
  write(root, 'configure.ac', configureAc('big', '1.0.0', ['libbig'], 40, rng));
  write(root, 'Makefile.am', 'SUBDIRS = src\nACLOCAL_AMFLAGS = -I m4\n');
  write(root, 'src/Makefile.am', srcMakefileAm(['libbig'], headers, 10, rng));
  write(root, 'src/core.c', 'int core(void) { return 0; }\n');
  write(root, 'src/libbig.c', 'int big(void) { return 0; }\n');
  const texts = names.map((n, i) => header(n, Math.min(per, declarations - i * per), random(1000 + i)));
  texts.forEach((text, i) => write(root, `include/${headers[i]}`, text));
  commitAll(root, 'release 1.0.0');
  git(root, 'tag', 'v1.0.0');
  // The next release: every 10th header changes a signature; a few gain or lose declarations.
  names.forEach((n, i) => {
    if (i % 10 === 0) write(root, `include/${headers[i]}`, header(n, Math.min(per, declarations - i * per), random(1000 + i), 1));
    if (i % 50 === 1) write(root, `include/${headers[i]}`, `${texts[i]}\nBENCH_API int ${n}_added(void);\n`);
    if (i % 75 === 2) write(root, `include/${headers[i]}`, texts[i].replace(/^BENCH_API int \w+\(struct[^\n]*\n/m, ''));
  });
  commitAll(root, 'work towards 1.1.0');
  return { root, headers: headers.map((h) => `include/${h}`), declarations: Math.min(declarations, per * headerCount) };
}
