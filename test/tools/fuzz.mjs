/**
 * `npm run fuzz`: a longer fuzzing campaign than `npm test` runs. It compiles the tests, then runs the
 * property-based tests (out/test/unit/fuzz*.test.js) with a random seed and VERSIONWISE_FUZZ_RUNS inputs
 * per property (the megabyte cases at 1 MiB, through the C parser too), and prints what was tried:
 * inputs per property, failures with their counterexample, and the time.
 *
 *   node test/tools/fuzz.mjs [--seed N] [--runs N] [--grep TEXT] [--max-minutes N] [--no-compile]
 *
 * The seed is printed first; `--seed N` replays a campaign exactly. A synchronous hang cannot be
 * interrupted from inside: after --max-minutes (default 60) the run is killed, and the test that was
 * running is the last one mocha printed. Exit status: 0 no failure, 1 a property failed or the run was
 * killed, 2 bad arguments.
 */
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function parseArguments(argv) {
  const options = { seed: undefined, runs: 10_000, grep: undefined, maxMinutes: 60, compile: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    const integer = (v) => {
      if (!/^\d+$/.test(v)) throw new Error(`${arg} takes a non-negative integer, not '${v}'`);
      return Number(v);
    };
    if (arg === '--seed') options.seed = integer(value());
    else if (arg === '--runs') options.runs = integer(value());
    else if (arg === '--grep') options.grep = value();
    else if (arg === '--max-minutes') options.maxMinutes = integer(value());
    else if (arg === '--no-compile') options.compile = false;
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node test/tools/fuzz.mjs [--seed N] [--runs N] [--grep TEXT] [--max-minutes N] [--no-compile]');
      process.exit(0);
    } else throw new Error(`unknown argument '${arg}'`);
  }
  // A 31-bit seed: what fast-check takes, and short enough to type back.
  options.seed ??= crypto.randomInt(0, 2 ** 31 - 1);
  return options;
}

function formatMs(ms) {
  return ms < 1_000 ? `${ms} ms` : ms < 120_000 ? `${(ms / 1_000).toFixed(1)} s` : `${(ms / 60_000).toFixed(1)} min`;
}

let options;
try {
  options = parseArguments(process.argv.slice(2));
} catch (error) {
  console.error(`fuzz: ${error.message}`);
  process.exit(2);
}

console.log(`fuzz campaign: seed ${options.seed} (replay with: node test/tools/fuzz.mjs --seed ${options.seed} --runs ${options.runs}), ${options.runs} inputs per property`);
const started = Date.now();

if (options.compile) {
  console.log('compiling the tests (tsc -p .)…');
  const tsc = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', repoRoot], { cwd: repoRoot, stdio: 'inherit' });
  if (tsc.status !== 0) console.log('fuzz: tsc reported errors; running what was emitted');
}

const testDir = path.join(repoRoot, 'out', 'test', 'unit');
const files = fs.existsSync(testDir) ? fs.readdirSync(testDir).filter((f) => /^fuzz.*\.test\.js$/.test(f)).sort().map((f) => path.join(testDir, f)) : [];
if (!files.length) {
  console.error(`fuzz: no compiled fuzz tests in ${testDir} (run without --no-compile)`);
  process.exit(1);
}

const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'versionwise-fuzz-')), 'report.jsonl');
const mochaArgs = [path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--timeout', '0', '--reporter', 'spec', ...(options.grep ? ['--grep', options.grep] : []), ...files];
const run = spawnSync(process.execPath, mochaArgs, {
  cwd: repoRoot,
  stdio: 'inherit',
  timeout: options.maxMinutes * 60_000,
  killSignal: 'SIGKILL',
  env: { ...process.env, VERSIONWISE_FUZZ_SEED: String(options.seed), VERSIONWISE_FUZZ_RUNS: String(options.runs), VERSIONWISE_FUZZ_REPORT: report },
});

const records = fs.existsSync(report)
  ? fs.readFileSync(report, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line))
  : [];
fs.rmSync(path.dirname(report), { recursive: true, force: true });

const properties = records.filter((r) => !r.property.startsWith('megabyte: '));
const cases = records.filter((r) => r.property.startsWith('megabyte: '));
const width = Math.max(20, ...properties.map((r) => r.property.length));
console.log(`\n== properties (${properties.length})`);
for (const r of properties) console.log(`  ${r.failed ? 'FAIL' : 'ok  '} ${r.property.padEnd(width)} ${String(r.runs).padStart(8)} inputs  ${formatMs(r.ms).padStart(9)}`);
if (cases.length) {
  const slowest = [...cases].sort((a, b) => b.ms - a.ms).slice(0, 8);
  console.log(`\n== megabyte cases (${cases.length} measurements, each bounded): slowest`);
  for (const r of slowest) console.log(`  ${r.failed ? 'FAIL' : 'ok  '} ${r.property.replace(/^megabyte: /, '')}  ${formatMs(r.ms)}`);
}

const failures = records.filter((r) => r.failed);
if (failures.length) {
  console.log(`\n== failures (${failures.length})`);
  for (const r of failures) {
    console.log(`\n* ${r.property}`);
    if (r.counterexample !== undefined) console.log(`  counterexample: ${r.counterexample}`);
    if (r.path) console.log(`  replay: seed ${r.seed}, path "${r.path}"`);
    console.log(`  ${String(r.error ?? '').split('\n').slice(0, 12).join('\n  ')}`);
  }
}

const inputs = records.reduce((sum, r) => sum + r.runs, 0);
const aborted = run.error || run.signal ? ` — the run was stopped (${run.error?.message ?? run.signal}${run.signal === 'SIGKILL' ? `, after --max-minutes ${options.maxMinutes}` : ''})` : '';
console.log(`\nfuzz campaign, seed ${options.seed}: ${inputs} inputs tried, ${failures.length} failure(s), ${formatMs(Date.now() - started)}${aborted}`);
process.exit(failures.length || run.status !== 0 ? 1 : 0);
