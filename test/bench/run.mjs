/**
 * `npm run bench`: how fast Versionwise is at every size, measured against the BUILT bundles in dist/ (run
 * `npm run build` first). Each figure is a ratio against an anchor measured in the same run, on the same
 * machine, interleaved with it, so that a slow or busy machine moves both. The results, with the machine
 * and the date, replace the generated table of BENCHMARKS.md (between its `bench:begin`/`bench:end`
 * markers); the prose around it is kept.
 *
 *   node test/bench/run.mjs [--quick] [--sizes 1000,10000,100000] [--edits 200] [--dist DIR] [--no-write] [--keep] [--only 1,4]
 *
 * Figures (see BENCHMARKS.md for what each one means and how it is measured):
 *   1. keystroke → publishDiagnostics over real LSP (stdio) on a 5,000-line configure.ac and Makefile.am;
 *   2. cold workspace scan (CLI `check --format json`, and LSP initialize → first complete diagnostics) of
 *      generated trees, against `git ls-files` + reading the files Versionwise needs (test/bench/floor.mjs);
 *   3. interface extraction of 300 headers / 20,000 declarations at two revisions (`versionwise diff`),
 *      against Universal Ctags on the same headers;
 *   4. peak RSS (VmHWM) of the server on the largest tree;
 *   5. startup: client activation (test/bench/activate.cjs) and server ready (initialize answered);
 *   6. how the scan grows from the smallest tree to the largest.
 * Trees are generated (test/bench/generate.mjs, fixed seed) under a temporary directory, never inside a timing.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { editingProject, headerRepository, scanTree } from './generate.mjs';
import { BenchServer, fileUri } from './lsp.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');

// ---------------------------------------------------------------------------------------------------------
// options

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const value = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const QUICK = flag('quick');
const SIZES = value('sizes', QUICK ? '1000,10000' : '1000,10000,100000').split(',').map(Number).sort((a, b) => a - b);
const EDITS = Number(value('edits', QUICK ? 40 : 200));
const DIST = path.resolve(value('dist', path.join(REPO, 'dist')));
const OUT = path.resolve(value('out', path.join(REPO, 'BENCHMARKS.md')));
const WRITE = !flag('no-write');
const KEEP = flag('keep');
// `--only 1,4`: measure some figures (to profile one; the table is then not written, and only the trees
// those figures use are generated).
const ONLY = value('only', '').split(',').filter(Boolean);
const wanted = (id) => !ONLY.length || ONLY.includes(id);

for (const file of ['server.js', 'cli.js', 'extension.js']) {
  if (!fs.existsSync(path.join(DIST, file))) {
    console.error(`bench: ${path.join(DIST, file)} is missing: run \`npm run build\` first`);
    process.exit(2);
  }
}

// ---------------------------------------------------------------------------------------------------------
// helpers

const log = (message) => console.log(`bench: ${message}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const sorted = (values) => [...values].sort((a, b) => a - b);
/** Nearest-rank percentile. */
const percentile = (values, p) => {
  const s = sorted(values);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const median = (values) => {
  const s = sorted(values);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (v) => (v >= 100 ? `${v.toFixed(0)} ms` : v >= 10 ? `${v.toFixed(1)} ms` : `${v.toFixed(2)} ms`);
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;

/** Runs a process to its end; the wall time is from spawn to exit (stdout fully read). */
function timeProcess(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    const out = [];
    let err = '';
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => (err += String(chunk)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: performance.now() - started, code, stdout: Buffer.concat(out).toString('utf8'), stderr: err }));
  });
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    memory: `${Math.round(os.totalmem() / 1024 ** 3)} GiB`,
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    load: os.loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}

const figures = [];
const details = [];
/** One row of the table: the figure, its anchor from the same run, the ratio, and the target. */
function figure(row) {
  figures.push(row);
  log(`${row.id} ${row.name}: ${row.measured} (anchor ${row.anchor}: ${row.anchorValue}; ${row.ratio}) target ${row.target}: ${row.met}`);
}

// ---------------------------------------------------------------------------------------------------------
// generation (never inside a timing)

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'versionwise-bench-'));
const cleanup = () => {
  if (!KEEP) fs.rmSync(work, { recursive: true, force: true, maxRetries: 5 });
};
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

log(`machine: ${JSON.stringify(machine())}`);
const trees = new Map();
/**
 * The scan trees are generated after the keystroke and startup figures, not before: writing 100,000 files
 * leaves the kernel flushing them for a while, which showed as noise in the keystroke tail. After
 * generating, `sync` waits for that flush so that the scans are not measured during it either.
 */
function generateTrees() {
  log(`generating trees under ${work} (not timed)…`);
  for (const size of SIZES) {
    const started = performance.now();
    const tree = scanTree(path.join(work, `tree-${size}`), size);
    trees.set(size, tree);
    log(`  tree of ${tree.files} files in ${ms(performance.now() - started)}`);
  }
  spawnSync('sync');
}
const editing = editingProject(path.join(work, 'editing'));
const headers = headerRepository(path.join(work, 'headers'));
spawnSync('sync');
const empty = path.join(work, 'empty');
fs.mkdirSync(empty);

// The server is started with the node options the bundled client gives it (read from its fork).
{
  const activated = await timeProcess(process.execPath, [path.join(HERE, 'activate.cjs'), DIST], { cwd: empty });
  if (activated.code !== 0) throw new Error(`client activation failed: ${activated.stderr}`);
  BenchServer.execArgv = JSON.parse(activated.stdout).execArgv;
  log(`server node options (from the client): ${BenchServer.execArgv.join(' ') || 'none'}`);
  details.push(`Every server is started as the client starts it: \`node ${[...BenchServer.execArgv, 'dist/server.js'].join(' ')}\` (options read from the bundled client's fork).`);
}

// ---------------------------------------------------------------------------------------------------------
// 5. startup

async function startup() {
  const runs = QUICK ? 5 : 15;
  const ready = [];
  const nodeFloor = [];
  const activation = [];
  const activationParts = [];
  const clientFloor = [];
  for (let i = 0; i < runs; i++) {
    nodeFloor.push((await timeProcess(process.execPath, ['-e', ''])).ms);
    const server = new BenchServer(DIST);
    const { answered } = await server.initialize(empty);
    ready.push(answered - server.spawnedAt);
    await server.shutdown();
    const activated = await timeProcess(process.execPath, [path.join(HERE, 'activate.cjs'), DIST], { cwd: empty });
    if (activated.code !== 0) throw new Error(`client activation failed: ${activated.stderr}`);
    const parts = JSON.parse(activated.stdout);
    activation.push(parts.totalMs);
    activationParts.push(parts);
    const anchor = await timeProcess(process.execPath, [path.join(HERE, 'activate.cjs'), DIST, 'anchor'], { cwd: empty });
    clientFloor.push(JSON.parse(anchor.stdout).totalMs);
  }
  const activationMs = median(activation);
  figure({ id: '5a', name: 'client activation (require dist/extension.js + activate() until the server is forked)', measured: `${ms(activationMs)} (require ${ms(median(activationParts.map((p) => p.requireMs)))} + activate ${ms(median(activationParts.map((p) => p.activateMs)))})`, anchor: 'require vscode-languageclient/node from node_modules', anchorValue: ms(median(clientFloor)), ratio: ratio(activationMs, median(clientFloor)), target: '≤ 50 ms', met: activationMs <= 50 });
  const readyMs = median(ready);
  figure({ id: '5b', name: 'server ready (spawn `node dist/server.js --stdio` → initialize answered)', measured: `${ms(readyMs)} (p95 ${ms(percentile(ready, 95))})`, anchor: 'spawn `node -e ""` → exit', anchorValue: ms(median(nodeFloor)), ratio: ratio(readyMs, median(nodeFloor)), target: '≤ 300 ms', met: readyMs <= 300 });
  details.push(`Startup: ${runs} runs each, medians; server ready p95 ${ms(percentile(ready, 95))}, client activation p95 ${ms(percentile(activation, 95))}.`);
}

// ---------------------------------------------------------------------------------------------------------
// 1. keystroke → diagnostics

async function keystrokes() {
  const targets = [
    { file: 'configure.ac', language: 'autoconf', marker: 'm4_define([libedit0_lt_age], [', good: '0', bad: '9' },
    { file: 'src/Makefile.am', language: 'makefile', marker: '-version-info 4:0:', good: '1', bad: '9' },
  ];
  for (const target of targets) {
    const absolute = path.join(editing.root, target.file);
    const text = fs.readFileSync(absolute, 'utf8');
    const lines = text.split('\n').length;
    const offset = text.indexOf(target.marker) + target.marker.length;
    const before = text.slice(0, offset);
    const position = { line: before.split('\n').length - 1, character: offset - before.lastIndexOf('\n') - 1 };
    const range = { start: position, end: { line: position.line, character: position.character + 1 } };
    const uri = fileUri(absolute);
    const server = new BenchServer(DIST, { settings: { logLevel: 'debug' } });
    await server.initialize(editing.root);
    await server.firstStatus();
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: target.language, version: 1, text } });
    await server.until('the analysis after didOpen', () => (server.statuses.length >= 2 ? true : undefined));

    // Anchor: a JSON-RPC round trip to the same server that does no analysis (a hover outside the folder).
    const roundTrips = [];
    for (let i = 0; i < EDITS; i++) {
      const started = performance.now();
      await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///versionwise-bench/outside.txt' }, position: { line: 0, character: 0 } });
      roundTrips.push(performance.now() - started);
    }

    const latencies = [];
    const analyses = [];
    let version = 1;
    // Warm-up edits (not counted): the first analyses after opening pay for JIT compilation.
    for (let i = -10; i < EDITS; i++) {
      const bad = (i & 1) === 0;
      const sent = performance.now();
      const logsBefore = server.logs.length;
      server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range, text: bad ? target.bad : target.good }] });
      const published = await server.until(`diagnostics after edit ${i}`, () => {
        const entry = server.diagnostics.get(uri);
        return entry && entry.at > sent && entry.params.diagnostics.some((d) => d.severity === 1) === bad ? entry : undefined;
      }, 60_000);
      // The server logs the analysis's own time right after publishing: wait for that line (not timed).
      const line = await server.until(`the analysis log after edit ${i}`, () => server.logs.slice(logsBefore).map((l) => /finding\(s\) in ([\d.]+) ms/.exec(l.message)).filter(Boolean).pop(), 2_000).catch(() => undefined);
      if (i < 0) continue;
      latencies.push(published.at - sent);
      if (line) analyses.push(Number(line[1]));
      await sleep(2);
    }
    await server.shutdown();
    const p50 = percentile(latencies, 50);
    const p95 = percentile(latencies, 95);
    figure({ id: `1${target.file === 'configure.ac' ? 'a' : 'b'}`, name: `keystroke → publishDiagnostics, ${lines}-line ${target.file} (${EDITS} edits)`, measured: `p50 ${ms(p50)}, p95 ${ms(p95)}`, anchor: 'JSON-RPC round trip to the same server (hover outside the folder)', anchorValue: `p50 ${ms(percentile(roundTrips, 50))}`, ratio: ratio(p50, percentile(roundTrips, 50)), target: 'p95 ≤ 10 ms', met: p95 <= 10 });
    details.push(`Keystroke, ${target.file}: end to end p50 ${ms(p50)}, p95 ${ms(p95)}, max ${ms(Math.max(...latencies))}; the server's own analysis (its debug log) p50 ${analyses.length ? ms(percentile(analyses, 50)) : 'n/a'}, p95 ${analyses.length ? ms(percentile(analyses, 95)) : 'n/a'}; debounce: adaptive, a typed change analysed at the next event-loop turn while the last analysis took ≤ 50 ms (8 ms within a burst, 150 ms for slower analyses).`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// 2, 4, 6. scans, memory, growth

const scans = new Map();

async function scan(size) {
  const tree = trees.get(size);
  const reps = QUICK ? 2 : size >= 100_000 ? 3 : 5;
  const floor = [];
  const cli = [];
  const lsp = [];
  const lspFromInitialize = [];
  const rss = [];
  const walkFloor = [];
  const fixed = [];
  let floorInfo;
  let findings = 0;
  // Warm-up (not timed): the page cache holds the tree, as after any `git status`.
  await timeProcess(process.execPath, [path.join(HERE, 'floor.mjs'), tree.root]);
  await timeProcess(process.execPath, [path.join(DIST, 'cli.js'), 'check', tree.root, '--format', 'json']);
  for (let i = 0; i < reps; i++) {
    const f = await timeProcess(process.execPath, [path.join(HERE, 'floor.mjs'), tree.root]);
    if (f.code !== 0) throw new Error(`floor failed: ${f.stderr}`);
    floorInfo = JSON.parse(f.stdout);
    floor.push(f.ms);
    // Where the gap comes from (details, not the figure): the same floor listing by walking the tree, and
    // the CLI's fixed cost (the same command on an empty folder).
    const w = await timeProcess(process.execPath, [path.join(HERE, 'floor.mjs'), tree.root, '--walk']);
    if (w.code !== 0) throw new Error(`walk floor failed: ${w.stderr}`);
    walkFloor.push(w.ms);
    fixed.push((await timeProcess(process.execPath, [path.join(DIST, 'cli.js'), 'check', empty, '--format', 'json'])).ms);
    const c = await timeProcess(process.execPath, [path.join(DIST, 'cli.js'), 'check', tree.root, '--format', 'json']);
    if (c.code !== 0 && c.code !== 1) throw new Error(`versionwise check failed (${c.code}): ${c.stderr}`);
    const report = JSON.parse(c.stdout);
    findings = report.diagnostics.length;
    cli.push(c.ms);
    const server = new BenchServer(DIST);
    const { started } = await server.initialize(tree.root);
    const status = await server.firstStatus();
    lsp.push(status.at - server.spawnedAt);
    lspFromInitialize.push(status.at - started);
    rss.push(server.peakRss());
    await server.shutdown();
  }
  const result = { size, files: tree.files, floor: median(floor), walkFloor: median(walkFloor), fixed: median(fixed), cli: median(cli), lsp: median(lsp), lspFromInitialize: median(lspFromInitialize), rss: Math.max(...rss), floorInfo, findings, reps };
  scans.set(size, result);
  figure({ id: `2-${size / 1000}k`, name: `cold scan, ${tree.files.toLocaleString('en')} files: CLI \`check --format json\` (LSP spawn → first complete diagnostics: ${ms(result.lsp)})`, measured: ms(result.cli), anchor: `\`git ls-files\` + read the ${floorInfo.read} files Versionwise needs`, anchorValue: ms(result.floor), ratio: ratio(result.cli, result.floor), target: '≤ 1.5× the floor', met: result.cli / result.floor <= 1.5 });
  details.push(`Scan of ${tree.files} files (${reps} runs, medians): floor ${ms(result.floor)} (${floorInfo.listed} listed, ${floorInfo.read} read, ${floorInfo.bytes} characters); CLI ${ms(result.cli)} (${ratio(result.cli, result.floor)}); LSP spawn → first complete diagnostics ${ms(result.lsp)} (${ratio(result.lsp, result.floor)}), initialize → first complete diagnostics ${ms(result.lspFromInitialize)}; ${findings} finding(s); server peak RSS ${mib(result.rss)}. Where the gap lies: the floor listing by walking the directories (as a tool that sees untracked files must) ${ms(result.walkFloor)}, the CLI against it ${ratio(result.cli, result.walkFloor)}; the CLI's fixed cost (\`check\` on an empty folder) ${ms(result.fixed)}.`);
}

async function memory() {
  const largest = scans.get(SIZES[SIZES.length - 1]);
  const idle = [];
  for (let i = 0; i < 3; i++) {
    const server = new BenchServer(DIST);
    await server.initialize(empty);
    await server.firstStatus();
    idle.push(server.peakRss());
    await server.shutdown();
  }
  figure({ id: '4', name: `server peak RSS (VmHWM) after the first complete diagnostics, ${largest.files.toLocaleString('en')} files`, measured: mib(largest.rss), anchor: 'the same server on an empty folder', anchorValue: mib(median(idle)), ratio: ratio(largest.rss, median(idle)), target: '≤ 150 MB', met: largest.rss <= 150 * 1000 * 1000 });
}

function growth() {
  const list = SIZES.map((s) => scans.get(s));
  const first = list[0];
  const last = list[list.length - 1];
  // Exponent k of t ∝ n^k between consecutive sizes, on the time above the fixed cost (the smallest tree's).
  const exponent = (a, b, key) => Math.log(b[key] / a[key]) / Math.log(b.files / a.files);
  const steps = list.slice(1).map((b, i) => `${list[i].files}→${b.files}: CLI ×${(b.cli / list[i].cli).toFixed(2)} (n^${exponent(list[i], b, 'cli').toFixed(2)}), floor ×${(b.floor / list[i].floor).toFixed(2)} (n^${exponent(list[i], b, 'floor').toFixed(2)})`);
  const marginal = list.slice(1).map((b, i) => (b.cli - list[i].cli) / (b.files - list[i].files) * 1000);
  const k = exponent(first, last, 'cli');
  figure({ id: '6', name: `scan growth ${first.files.toLocaleString('en')} → ${last.files.toLocaleString('en')} files (${(last.files / first.files).toFixed(0)}× the files)`, measured: `×${(last.cli / first.cli).toFixed(2)} time (n^${k.toFixed(2)})`, anchor: 'the floor over the same trees', anchorValue: `×${(last.floor / first.floor).toFixed(2)} (n^${exponent(first, last, 'floor').toFixed(2)})`, ratio: ratio(last.cli / first.cli, last.floor / first.floor), target: 'linear or better (n^≤1)', met: k <= 1.05 });
  details.push(`Growth: ${steps.join('; ')}. Marginal CLI cost per 1,000 files: ${marginal.map((m) => ms(m)).join(', ')}.`);
}

// ---------------------------------------------------------------------------------------------------------
// 3. interface extraction vs Universal Ctags

function findCtags() {
  const version = spawnSync('ctags', ['--version'], { encoding: 'utf8' });
  if (version.status === 0 && /Universal Ctags/.test(version.stdout)) return { ok: true, version: version.stdout.split('\n')[0] };
  if (process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0) {
    log('Universal Ctags is missing: apt-get install -y universal-ctags');
    spawnSync('apt-get', ['install', '-y', 'universal-ctags'], { stdio: 'inherit' });
    const again = spawnSync('ctags', ['--version'], { encoding: 'utf8' });
    if (again.status === 0 && /Universal Ctags/.test(again.stdout)) return { ok: true, version: again.stdout.split('\n')[0] };
  }
  return { ok: false };
}

async function interfaces() {
  const reps = QUICK ? 3 : 7;
  const ctags = findCtags();
  // The baseline's headers as files, for ctags (outside the timing).
  const baseDir = path.join(work, 'headers-v1.0.0');
  fs.mkdirSync(baseDir);
  const archive = execFileSync('git', ['archive', '--format=tar', 'v1.0.0', 'include'], { cwd: headers.root, maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', baseDir], { input: archive });
  const ctagsArgs = (dir) => ['--languages=C', '--langmap=C:+.h', '--kinds-C=+p', '-R', '-f', '-', dir];
  const versionwise = [];
  const ctagsTimes = [];
  const fixed = [];
  let diff;
  let tags = 0;
  await timeProcess(process.execPath, [path.join(DIST, 'cli.js'), 'diff', headers.root, '--format', 'json']);
  for (let i = 0; i < reps; i++) {
    const v = await timeProcess(process.execPath, [path.join(DIST, 'cli.js'), 'diff', headers.root, '--format', 'json']);
    if (v.code !== 0) throw new Error(`versionwise diff failed (${v.code}): ${v.stderr}`);
    diff = JSON.parse(v.stdout).find((d) => d.library === 'libbig');
    versionwise.push(v.ms);
    // The fixed cost (details, not the figure): the same command with nothing to parse — the baseline is
    // HEAD, whose headers are the working tree's — still starts Node, asks git, reads both revisions.
    fixed.push((await timeProcess(process.execPath, [path.join(DIST, 'cli.js'), 'diff', headers.root, '--baseline', 'HEAD', '--format', 'json'])).ms);
    if (ctags.ok) {
      const before = await timeProcess('ctags', ctagsArgs(path.join(baseDir, 'include')));
      const after = await timeProcess('ctags', ctagsArgs(path.join(headers.root, 'include')));
      tags = before.stdout.split('\n').filter(Boolean).length + after.stdout.split('\n').filter(Boolean).length;
      ctagsTimes.push(before.ms + after.ms);
    }
  }
  const vw = median(versionwise);
  const summary = diff ? `+${diff.added.length} −${diff.removed.length} ~${diff.changed.length}` : 'no report';
  if (ctags.ok) {
    const ct = median(ctagsTimes);
    figure({ id: '3', name: `interface extraction, ${headers.headers.length} headers / ${headers.declarations.toLocaleString('en')} declarations at 2 revisions (\`versionwise diff\`: ${summary})`, measured: ms(vw), anchor: `Universal Ctags on both revisions' headers (${tags.toLocaleString('en')} tags)`, anchorValue: ms(ct), ratio: ratio(vw, ct), target: 'faster than ctags (< 1×)', met: vw < ct });
    details.push(`Interfaces: ${reps} runs each, medians; ctags: \`ctags ${ctagsArgs('DIR').join(' ')}\` once per revision (${ctags.version}); \`--langmap=C:+.h\` is needed because Universal Ctags reads \`.h\` as C++, so \`--languages=C\` alone extracts nothing from headers. The fixed cost of \`versionwise diff\` — the same command against \`--baseline HEAD\` (nothing differs, nothing is parsed) — is ${ms(median(fixed))}, ${ratio(median(fixed), ct)} ctags' whole run.`);
  } else {
    figure({ id: '3', name: `interface extraction, ${headers.headers.length} headers / ${headers.declarations.toLocaleString('en')} declarations at 2 revisions (\`versionwise diff\`: ${summary})`, measured: ms(vw), anchor: 'Universal Ctags', anchorValue: 'not installed: comparison skipped', ratio: '—', target: 'faster than ctags', met: undefined });
    details.push('Interfaces: Universal Ctags is not installed and could not be installed (`apt-get install -y universal-ctags`): the comparison was skipped.');
  }
}

// ---------------------------------------------------------------------------------------------------------
// the report

function table(info) {
  const rows = figures.map((f) => `| ${f.id} | ${f.name} | ${f.measured} | ${f.anchor}: ${f.anchorValue} | ${f.ratio} | ${f.target} | ${f.met === undefined ? 'skipped' : f.met ? 'yes' : '**no**'} |`);
  return [
    '<!-- bench:begin (generated by `npm run bench`; edit the prose outside these markers) -->',
    `Measured ${info.date} on ${info.cpu} (${info.cores} cores, ${info.memory}), Node.js ${info.node}, ${info.platform}; load average at the start ${info.load}${QUICK ? '; **--quick run**' : ''}.`,
    '',
    '| # | figure | measured | anchor (same run) | ratio | target | met |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...details.map((d) => `- ${d}`),
    '<!-- bench:end -->',
  ].join('\n');
}

function writeReport(info) {
  const generated = table(info);
  let text = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '# Benchmarks\n\n<!-- bench:begin -->\n<!-- bench:end -->\n';
  const start = text.indexOf('<!-- bench:begin');
  const end = text.indexOf('<!-- bench:end -->');
  text = start >= 0 && end > start ? `${text.slice(0, start)}${generated}${text.slice(end + '<!-- bench:end -->'.length)}` : `${text.trimEnd()}\n\n${generated}\n`;
  fs.writeFileSync(OUT, text);
  log(`wrote ${path.relative(process.cwd(), OUT) || OUT}`);
}

const info = machine();
try {
  if (wanted('5')) {
    log('5. startup…');
    await startup();
  }
  if (wanted('1')) {
    log('1. keystrokes…');
    await keystrokes();
  }
  if (wanted('2') || wanted('4') || wanted('6')) {
    generateTrees();
    for (const size of SIZES) {
      log(`2. scan of ${size} files…`);
      await scan(size);
    }
  }
  if (wanted('4')) {
    log('4. memory…');
    await memory();
  }
  if (wanted('6')) {
    log('6. growth…');
    growth();
  }
  if (wanted('3')) {
    log('3. interfaces…');
    await interfaces();
  }
} catch (error) {
  console.error(`bench: failed: ${error?.stack ?? error}`);
  process.exitCode = 1;
}
figures.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
const report = table(info);
console.log(`\n${report}\n`);
if (WRITE && !ONLY.length && !process.exitCode) writeReport(info);
const missed = figures.filter((f) => f.met === false).length;
log(`${figures.length} figure(s), ${missed} missing the target`);
