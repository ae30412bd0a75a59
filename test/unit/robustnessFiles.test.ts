import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VersionwiseService } from '../../server/src/core/service';
import { normaliseSettings } from '../../server/src/core/settings';
import type { FileContent, WorkspaceReader } from '../../server/src/core/workspace';
import { DiskWorkspace, MAX_FILE_BYTES } from '../../server/src/node/diskWorkspace';
import { loadCParser } from '../../server/src/node/treeSitterC';
import { TWO_LIBRARY_PROJECT } from '../helpers/fixtures';
import { GitFixture } from '../helpers/gitFixture';
import { REPO_ROOT } from '../helpers/lspClient';
import { rangeOf } from '../helpers/workspace';

/**
 * Files as they really are on disk: huge, binary, not UTF-8, UTF-16, CRLF or mixed line endings, without a
 * final newline, deleted while being read, unreadable, symbolic-link loops, links out of the workspace,
 * FIFOs. Through DiskWorkspace, the service and the built CLI (`dist/cli.js`): never a crash, and each file
 * that is not checked is in `skippedFiles` with a reason a person understands. Quick fixes written by
 * `versionwise next --write` keep line endings and the byte order mark, and refuse what they cannot keep.
 */

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;
const NOBODY = 65534;

function versionwise(args: string[], options: { uid?: number } = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000, uid: options.uid, gid: options.uid });
  return { code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** The AGE error of the two-library fixture, in a project of its own. */
const CONFIGURE = TWO_LIBRARY_PROJECT['configure.ac'];
const MAKEFILE = TWO_LIBRARY_PROJECT['src/Makefile.am'];
const AGE_ERROR = 'libtool/age-exceeds-current';

const utf16 = (text: string, endian: 'le' | 'be') => {
  const le = Buffer.from(text, 'utf16le');
  if (endian === 'be') for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return Buffer.concat([Buffer.from(endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), le]);
};

describe('robustness: hostile files on disk', function () {
  this.timeout(120_000);
  let root: string;
  let outside: string;
  /** Text variants of the project, each in its own directory: the line endings and encodings as written. */
  const VARIANTS: Record<string, { configure: string | Buffer; text: string }> = {
    lf: { configure: CONFIGURE, text: CONFIGURE },
    crlf: { configure: CONFIGURE.replace(/\n/g, '\r\n'), text: CONFIGURE.replace(/\n/g, '\r\n') },
    mixed: { configure: 'AC_INIT([widget], [2.4.1])\r\nG_CURRENT=3\rG_AGE=4\nAC_SUBST(G_CURRENT)\r\nAC_SUBST(G_AGE)', text: 'AC_INIT([widget], [2.4.1])\r\nG_CURRENT=3\rG_AGE=4\nAC_SUBST(G_CURRENT)\r\nAC_SUBST(G_AGE)' },
    'no-final-newline': { configure: CONFIGURE.trimEnd(), text: CONFIGURE.trimEnd() },
    bom: { configure: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CONFIGURE)]), text: CONFIGURE },
    'utf16-le': { configure: utf16(CONFIGURE.replace(/\n/g, '\r\n'), 'le'), text: CONFIGURE.replace(/\n/g, '\r\n') },
    'utf16-be': { configure: utf16(CONFIGURE, 'be'), text: CONFIGURE },
    'invalid-utf8': { configure: Buffer.concat([Buffer.from('dnl caf'), Buffer.from([0xe9, 0xff, 0xc3]), Buffer.from(`\n${CONFIGURE}`)]), text: `dnl caf\ufffd\ufffd\ufffd\n${CONFIGURE}` },
  };

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'versionwise-hostile-'));
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'versionwise-outside-'));
    const write = (name: string, content: string | Buffer) => {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), content);
    };
    for (const [dir, variant] of Object.entries(VARIANTS)) {
      write(`${dir}/configure.ac`, variant.configure);
      write(`${dir}/src/Makefile.am`, MAKEFILE);
    }
    // Tens of MB (sparse: the size is what counts, it is never read), and exactly at the limit.
    write('huge/configure.ac', '');
    fs.truncateSync(path.join(root, 'huge/configure.ac'), 40 * 1024 * 1024);
    write('huge/src/Makefile.am', MAKEFILE);
    const atLimit = `${CONFIGURE}${'dnl padding\n'.repeat(Math.ceil(MAX_FILE_BYTES / 12))}`.slice(0, MAX_FILE_BYTES);
    write('at-limit/configure.ac', atLimit);
    write('at-limit/src/Makefile.am', MAKEFILE);
    write('over-limit/configure.ac', `${atLimit}x`);
    // Binary: NUL bytes where a configure.ac should be.
    write('binary/configure.ac', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x41, 0x43]));
    write('binary/src/Makefile.am', MAKEFILE);
    // Unreadable (chmod 000).
    write('no-permission/configure.ac', CONFIGURE);
    fs.chmodSync(path.join(root, 'no-permission/configure.ac'), 0o000);
    // Symbolic links: a loop of directories, a link to its own directory, a self-loop, a link out.
    fs.mkdirSync(path.join(root, 'links'));
    fs.symlinkSync('b', path.join(root, 'links/a'));
    fs.symlinkSync('a', path.join(root, 'links/b'));
    fs.mkdirSync(path.join(root, 'links/dir'));
    fs.symlinkSync('..', path.join(root, 'links/dir/up'));
    fs.symlinkSync('.', path.join(root, 'links/configure.ac'));
    fs.symlinkSync('Makefile.am', path.join(root, 'links/Makefile.am'));
    fs.writeFileSync(path.join(outside, 'VERSION'), 'major=9\nminor=9\nrelease=9\ngreek=SECRET-TOKEN-do-not-read\n');
    fs.writeFileSync(path.join(outside, 'configure.ac'), 'AC_INIT([secret], [SECRET-TOKEN-do-not-read])\n');
    fs.mkdirSync(path.join(root, 'escape'));
    fs.symlinkSync(path.join(outside, 'VERSION'), path.join(root, 'escape/VERSION'));
    fs.symlinkSync(path.join(outside, 'configure.ac'), path.join(root, 'escape/configure.ac'));
    fs.symlinkSync('../lf/configure.ac', path.join(root, 'escape/configure.in'));
    // A FIFO (reading it would block forever) and a link to it.
    fs.mkdirSync(path.join(root, 'fifo'));
    execFileSync('mkfifo', [path.join(root, 'fifo/configure.ac')]);
    fs.symlinkSync('configure.ac', path.join(root, 'fifo/Makefile.am'));
    fs.chmodSync(root, 0o755);
  });

  after(() => {
    fs.chmodSync(path.join(root, 'no-permission/configure.ac'), 0o644);
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  const EXPECTED_SKIPPED: Record<string, RegExp> = {
    'huge/configure.ac': /^larger than 8 MiB \(41943040 bytes\); skipped$/,
    'over-limit/configure.ac': new RegExp(`^larger than 8 MiB \\(${MAX_FILE_BYTES + 1} bytes\\); skipped$`),
    'binary/configure.ac': /^binary file \(contains NUL bytes\)$/,
    'links/configure.ac': /^not a regular file$/,
    'links/Makefile.am': /^a loop of symbolic links \(ELOOP\)$/,
    'escape/VERSION': /^a symbolic link to a file outside the workspace; not read$/,
    'escape/configure.ac': /^a symbolic link to a file outside the workspace; not read$/,
    'fifo/Makefile.am': /^not a regular file$/,
  };

  it('DiskWorkspace lists by name, never descends into directory links, and says why each file is not read', async () => {
    const disk = new DiskWorkspace(root);
    const listing = await disk.listFiles();
    assert.ok(listing.includes('links/a') && listing.includes('links/dir/up'), 'directory links are listed as names, not followed');
    assert.ok(!listing.some((p) => p.startsWith('links/a/') || p.startsWith('links/dir/up/')), 'no path through a link loop');
    assert.ok(!listing.includes('fifo/configure.ac'), 'a FIFO is not a file');
    for (const [file, reason] of Object.entries(EXPECTED_SKIPPED)) {
      const content = await disk.readFile(file);
      assert.equal(content.kind, 'unreadable', file);
      assert.match((content as { reason: string }).reason, reason, file);
    }
    assert.equal((await disk.readFile('escape/configure.in')).kind, 'text', 'a link inside the workspace is read');
    assert.equal((await disk.readFile('at-limit/configure.ac')).kind, 'text', 'exactly 8 MiB is read');
    const missing = await disk.readFile('no/such/file');
    assert.deepEqual(missing, { kind: 'unreadable', reason: 'it no longer exists (removed after the workspace was listed) (ENOENT)' });
    if (!IS_ROOT) assert.deepEqual(await disk.readFile('no-permission/configure.ac'), { kind: 'unreadable', reason: 'permission denied (EACCES)' });
  });

  it('decodes every encoding and line ending to the same findings, at the same written characters', async () => {
    const analysis = await new VersionwiseService(new DiskWorkspace(root), { cParser: loadCParser }).analyze(normaliseSettings({}));
    for (const [dir, variant] of Object.entries(VARIANTS)) {
      const file = `${dir}/configure.ac`;
      assert.equal(analysis.texts.get(file), variant.text, `${file} decoded as VS Code would`);
      const errors = analysis.findings.filter((f) => f.file === file && f.code === AGE_ERROR);
      assert.equal(errors.length, 1, `${file}: ${JSON.stringify(analysis.findings.filter((f) => f.file.startsWith(dir)).map((f) => f.code))}`);
      assert.deepEqual(errors[0].range, rangeOf({ [file]: variant.text }, file, 'G_AGE=4', '4'), file);
    }
    assert.ok(analysis.findings.some((f) => f.file === 'at-limit/configure.ac' && f.code === AGE_ERROR), 'a file of exactly 8 MiB is checked');
    for (const [file, reason] of Object.entries(EXPECTED_SKIPPED)) {
      if (!/configure\.ac$|Makefile\.am$|VERSION$/.test(file)) continue;
      const skipped = analysis.skippedFiles.find((s) => s.file === file);
      assert.ok(skipped, `${file} in skippedFiles: ${JSON.stringify(analysis.skippedFiles)}`);
      assert.match(skipped.reason, reason);
    }
    assert.ok(!JSON.stringify(analysis).includes('SECRET-TOKEN'), 'nothing from outside the workspace is read');
  });

  it('a file deleted between listing and reading is skipped with a reason', async () => {
    const disk = new DiskWorkspace(root);
    const victim = path.join(root, 'deleted/configure.ac');
    fs.mkdirSync(path.dirname(victim), { recursive: true });
    fs.writeFileSync(victim, CONFIGURE);
    // The real disk, with the file removed right after the listing that named it.
    const racing: WorkspaceReader = {
      listFiles: async () => {
        const listing = await disk.listFiles();
        fs.rmSync(victim);
        return listing;
      },
      readFile: (file: string): Promise<FileContent> => disk.readFile(file),
    };
    const analysis = await new VersionwiseService(racing).analyze(normaliseSettings({}));
    assert.deepEqual(analysis.skippedFiles.find((s) => s.file === 'deleted/configure.ac'), { file: 'deleted/configure.ac', reason: 'it no longer exists (removed after the workspace was listed) (ENOENT)' });
    assert.ok(analysis.findings.some((f) => f.file === 'lf/configure.ac' && f.code === AGE_ERROR), 'the rest is still checked');
    fs.rmSync(path.dirname(victim), { recursive: true, force: true });
  });

  it('the CLI (`check DIR --format json`) never crashes, lists every skipped file with its reason, and still checks the rest', () => {
    const json = versionwise(['check', root, '--format', 'json']);
    assert.equal(json.signal, null);
    assert.equal(json.code, 1, `an error-level finding, not an internal error (exit 2): ${json.stderr}`);
    const output = JSON.parse(json.stdout) as { diagnostics: { file: string; code: string }[]; skippedFiles: { file: string; reason: string }[]; notes: string[] };
    for (const [file, reason] of Object.entries(EXPECTED_SKIPPED)) {
      if (!/configure\.ac$|Makefile\.am$|VERSION$/.test(file)) continue;
      assert.match(output.skippedFiles.find((s) => s.file === file)?.reason ?? `${file} missing from ${JSON.stringify(output.skippedFiles)}`, reason);
    }
    for (const dir of Object.keys(VARIANTS)) assert.ok(output.diagnostics.some((d) => d.file === `${dir}/configure.ac` && d.code === AGE_ERROR), dir);
    assert.ok(output.notes.some((n) => /not a git repository/.test(n)), JSON.stringify(output.notes));
    assert.ok(!json.stdout.includes('SECRET-TOKEN'));
    // The text format says the same to a person.
    const text = versionwise(['check', root]);
    assert.match(text.stdout, /^huge\/configure\.ac: note: not checked: larger than 8 MiB \(41943040 bytes\); skipped$/m);
    assert.match(text.stdout, /^binary\/configure\.ac: note: not checked: binary file \(contains NUL bytes\)$/m);
    assert.match(text.stdout, /^escape\/configure\.ac: note: not checked: a symbolic link to a file outside the workspace; not read$/m);
    assert.equal(versionwise(['check', root, '--format', 'sarif']).code, 1);
  });

  it('an unreadable file (chmod 000) is skipped with "permission denied", as an ordinary user', function () {
    // root reads through chmod 000, so as root the CLI runs as nobody (what a CI runner or a user is).
    const uid = IS_ROOT ? NOBODY : undefined;
    if (IS_ROOT) {
      const probe = spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(CLI)})`], { uid: NOBODY, gid: NOBODY });
      if (probe.status !== 0) this.skip(); // nobody cannot run the CLI from here
    }
    const json = versionwise(['check', root, '--format', 'json'], { uid });
    assert.equal(json.code, 1, json.stderr);
    const output = JSON.parse(json.stdout) as { skippedFiles: { file: string; reason: string }[] };
    assert.deepEqual(output.skippedFiles.find((s) => s.file === 'no-permission/configure.ac'), { file: 'no-permission/configure.ac', reason: 'permission denied (EACCES)' });
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('robustness: `versionwise next --write` keeps line endings and encodings, or refuses', function () {
  this.timeout(60_000);
  let repo: GitFixture;
  afterEach(() => repo?.dispose());

  const HEADER = 'int foo_open(const char *path);\n';
  const configure = (version: string) => `AC_INIT([libfoo], [1.0])\nAC_SUBST([FOO_LT], [${version}])\ndnl the end\n`;
  const MAKEFILE_AM = 'include_HEADERS = foo.h\nlib_LTLIBRARIES = libfoo.la\nlibfoo_la_SOURCES = foo.c\nlibfoo_la_LDFLAGS = -version-info $(FOO_LT)\n';

  /** A released project whose configure.ac is written as `encode` makes it, then a function added. */
  function released(encode: (text: string) => Buffer): GitFixture {
    const fixture = new GitFixture({ 'Makefile.am': MAKEFILE_AM, 'foo.h': HEADER, 'foo.c': 'int foo_open(const char *p) { return 0; }\n' });
    fs.writeFileSync(path.join(fixture.root, 'configure.ac'), encode(configure('1:0:0')));
    fixture.commit('1.0');
    fixture.tag('v1.0');
    fixture.write('foo.h', `${HEADER}int foo_close(int fd);\n`);
    return fixture;
  }
  const bytes = () => fs.readFileSync(path.join(repo.root, 'configure.ac'));

  const KEPT: Record<string, { encode: (text: string) => Buffer; check: (after: Buffer) => void }> = {
    CRLF: {
      encode: (t) => Buffer.from(t.replace(/\n/g, '\r\n')),
      check: (after) => assert.equal(after.toString('utf8'), configure('2:0:1').replace(/\n/g, '\r\n')),
    },
    'a UTF-8 byte order mark': {
      encode: (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t)]),
      check: (after) => assert.deepEqual(after, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(configure('2:0:1'))])),
    },
    'a byte order mark and CRLF': {
      encode: (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t.replace(/\n/g, '\r\n'))]),
      check: (after) => assert.deepEqual(after, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(configure('2:0:1').replace(/\n/g, '\r\n'))])),
    },
    'mixed line endings and no final newline': {
      encode: (t) => Buffer.from(t.replace('\n', '\r\n').replace(/\n$/, '').replace('dnl the end', 'dnl the\rend')),
      check: (after) => assert.equal(after.toString('utf8'), configure('2:0:1').replace('\n', '\r\n').replace(/\n$/, '').replace('dnl the end', 'dnl the\rend')),
    },
  };
  for (const [what, { encode, check }] of Object.entries(KEPT)) {
    it(`a configure.ac with ${what} keeps it`, () => {
      repo = released(encode);
      const result = versionwise(['next', repo.root, '--write']);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /wrote configure\.ac/);
      check(bytes());
    });
  }

  const REFUSED: Record<string, { encode: (text: string) => Buffer; reason: RegExp }> = {
    'invalid UTF-8': { encode: (t) => Buffer.concat([Buffer.from('dnl caf'), Buffer.from([0xe9]), Buffer.from(`\n${t}`)]), reason: /did not write configure\.ac: it is not valid UTF-8/ },
    'UTF-16 LE': { encode: (t) => utf16(t, 'le'), reason: /did not write configure\.ac: UTF-16 files are not rewritten/ },
    'UTF-16 BE': { encode: (t) => utf16(t, 'be'), reason: /did not write configure\.ac: UTF-16 files are not rewritten/ },
  };
  for (const [what, { encode, reason }] of Object.entries(REFUSED)) {
    it(`a configure.ac in ${what} is not rewritten, and the command says so`, () => {
      repo = released(encode);
      const before = bytes();
      const plan = versionwise(['next', repo.root, '--format', 'json']);
      assert.equal(plan.code, 0, plan.stderr);
      assert.equal(JSON.parse(plan.stdout)[0]?.next, '2:0:1', 'the file is read and understood');
      const result = versionwise(['next', repo.root, '--write']);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, reason);
      assert.deepEqual(bytes(), before, 'not a byte changed');
    });
  }
});
