import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { VersionwiseService } from './core/service';
import { normaliseSettings, type Settings } from './core/settings';
import { explainValue, knownSchemeIds } from './features/explain';
import { DiskWorkspace } from './node/diskWorkspace';
import { applyEdits } from './node/edits';
import { GitBaselineProvider } from './node/gitBaseline';
import { loadCParser } from './node/treeSitterC';
import { readTypescriptLib } from './node/typescriptLib';
import { checkJson, checkSarif, checkText, explainJsonLine, explainText, suppressionsJson, suppressionsText } from './cli/output';
import { reportJson, reportText } from './features/report';
import type { FileEdit } from './core/model';
import type { WorkspaceAnalysis } from './core/service';

/**
 * `versionwise`: the command-line front end. It parses arguments, builds a DiskWorkspace and prints what
 * the service finds; it has no analysis of its own. Exit codes: 0 no error-level finding (or every value
 * valid), 1 at least one, 2 usage or internal failure.
 */
const VERSION = '0.1.0';

const USAGE = `usage:
  versionwise check [DIR] [--format text|json|sarif] [--baseline REF] [--release] [--max-warnings N] [--libtool-version 2.4|2.6]
  versionwise next [DIR] [--baseline REF] [--write] [--format text|json]
  versionwise diff [DIR] [--baseline REF] [--format text|json]
  versionwise suppressions [DIR] [--format text|json]
  versionwise explain VALUE... [--scheme NAME] [--library NAME] [--stdin] [--format text|json]
  versionwise --version | --help

check    reports every version declaration in DIR (default: .) that breaks its scheme's rules, including
         the bump rules against the last release (the newest release tag, or --baseline REF); --release
         makes a version that still needs its bump an error.
next     the version each library's next release needs; --write puts it where it is declared.
diff     the interfaces added, removed and changed since the last release.
suppressions  the project's suppressions (.versionwise.json) and the findings each one hides.
explain  explains values, e.g. \`versionwise explain 6:0:2 --library libfoo\`; with --format json, one
         JSON object per line, one line per value.
exit status: 0 nothing wrong, 1 an error-level finding, more warnings than --max-warnings, or an invalid
value, 2 usage or internal error.`;

class UsageError extends Error {}

/** A file shipped with Versionwise (README, rule pages), as a file URI, when it is there. */
function packageFileUri(relative: string): string | undefined {
  for (const root of [path.resolve(__dirname, '..'), path.resolve(__dirname, '..', '..', '..')]) {
    const file = path.join(root, ...relative.split('/'));
    if (fs.existsSync(file)) return pathToFileURL(file).toString();
  }
  return undefined;
}

interface ParsedArguments {
  readonly positional: string[];
  readonly options: Map<string, string | true>;
}

const VALUE_OPTIONS = new Set(['format', 'scheme', 'library', 'libtool-version', 'baseline', 'max-warnings']);
const FLAG_OPTIONS = new Set(['stdin', 'help', 'version', 'release', 'write']);

/** Which options each command takes (anything else is a usage error, not silently ignored). */
const COMMAND_OPTIONS: Record<string, string[]> = {
  check: ['format', 'libtool-version', 'baseline', 'release', 'max-warnings'],
  suppressions: ['format'],
  next: ['format', 'libtool-version', 'baseline', 'write'],
  diff: ['format', 'libtool-version', 'baseline'],
  explain: ['format', 'scheme', 'library', 'stdin', 'libtool-version'],
};

function parseArguments(argv: string[]): ParsedArguments {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) {
      positional.push(arg);
      continue;
    }
    const [, name, inline] = match;
    if (VALUE_OPTIONS.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      options.set(name, value);
    } else if (FLAG_OPTIONS.has(name) && inline === undefined) {
      options.set(name, true);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { positional, options };
}

function choice(options: Map<string, string | true>, name: string, allowed: string[], fallback: string): string {
  const value = options.get(name) ?? fallback;
  if (typeof value !== 'string' || !allowed.includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
  return value;
}

function settingsFrom(options: Map<string, string | true>): Settings {
  const dialect = choice(options, 'libtool-version', ['2.4', '2.6'], '2.4');
  const baseline = options.get('baseline');
  return normaliseSettings({ libtool: { dialect }, baseline: { ref: typeof baseline === 'string' ? baseline : undefined }, release: options.get('release') === true });
}

function checkOptions(command: string, args: ParsedArguments): void {
  for (const name of args.options.keys()) {
    if (!COMMAND_OPTIONS[command].includes(name)) throw new UsageError(`--${name} is not an option of ${command}`);
  }
}

/** The workspace in DIR, analysed with its git history as the baseline (the CLI is run deliberately, so git is allowed). */
async function analyzeDirectory(args: ParsedArguments, command: string, err: NodeJS.WritableStream): Promise<{ directory: string; analysis: WorkspaceAnalysis }> {
  if (args.positional.length > 1) throw new UsageError(`${command} takes at most one directory`);
  const directory = path.resolve(args.positional[0] ?? '.');
  if (!fs.existsSync(directory) || !fs.statSync(directory).isDirectory()) throw new UsageError(`not a directory: ${directory}`);
  const workspace = new DiskWorkspace(directory, new GitBaselineProvider(directory));
  const analysis = await new VersionwiseService(workspace, { cParser: loadCParser, typescriptLib: readTypescriptLib }).analyze(settingsFrom(args.options));
  for (const note of analysis.notes) err.write(`versionwise: note: ${note}\n`);
  return { directory, analysis };
}

async function check(args: ParsedArguments, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  checkOptions('check', args);
  const format = choice(args.options, 'format', ['text', 'json', 'sarif'], 'text');
  const maxWarnings = args.options.get('max-warnings');
  if (maxWarnings !== undefined && (typeof maxWarnings !== 'string' || !/^\d+$/.test(maxWarnings))) throw new UsageError('--max-warnings takes a whole number');
  const { analysis } = await analyzeDirectory(args, 'check', err);
  const color = format === 'text' && Boolean((out as NodeJS.WriteStream).isTTY) && !process.env.NO_COLOR;
  out.write(`${format === 'json' ? checkJson(analysis) : format === 'sarif' ? checkSarif(analysis, VERSION, packageFileUri('README.md') ?? 'https://www.npmjs.com/package/versionwise', (code) => packageFileUri(`docs/rules/${code}.md`)) : checkText(analysis, color)}\n`);
  const warnings = analysis.findings.filter((f) => f.severity === 'warning').length;
  if (maxWarnings !== undefined && warnings > Number(maxWarnings)) {
    err.write(`versionwise: ${warnings} warning(s), more than --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return analysis.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

async function suppressions(args: ParsedArguments, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  checkOptions('suppressions', args);
  const format = choice(args.options, 'format', ['text', 'json'], 'text');
  const { analysis } = await analyzeDirectory(args, 'suppressions', err);
  out.write(`${format === 'json' ? suppressionsJson(analysis) : suppressionsText(analysis)}\n`);
  return 0;
}

async function next(args: ParsedArguments, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  checkOptions('next', args);
  const format = choice(args.options, 'format', ['text', 'json'], 'text');
  const { directory, analysis } = await analyzeDirectory(args, 'next', err);
  const reported = analysis.declarations.filter((d) => d.report);
  if (format === 'json') out.write(`${JSON.stringify(reported.map((d) => reportJson(d.report!, d.declaration.file)), null, 2)}\n`);
  else out.write(`${reported.length ? reported.map((d) => `${d.declaration.file}: ${d.report!.library} ${d.report!.value} → next ${d.report!.next} (${d.report!.summary})`).join('\n') : 'no library could be compared with a last release'}\n`);
  if (!args.options.get('write')) return 0;
  const edits: FileEdit[] = reported.flatMap((d) => d.nextFix?.edits ?? []);
  const unique = edits.filter((e, i) => edits.findIndex((x) => x.file === e.file && JSON.stringify(x.range) === JSON.stringify(e.range)) === i);
  const result = await applyEdits(directory, unique, analysis.texts);
  for (const file of result.written) err.write(`versionwise: wrote ${file}\n`);
  for (const refused of result.refused) err.write(`versionwise: did not write ${refused.file}: ${refused.reason}\n`);
  return result.refused.length ? 1 : 0;
}

async function diff(args: ParsedArguments, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  checkOptions('diff', args);
  const format = choice(args.options, 'format', ['text', 'json'], 'text');
  const { analysis } = await analyzeDirectory(args, 'diff', err);
  const reported = analysis.declarations.filter((d) => d.report);
  if (format === 'json') out.write(`${JSON.stringify(reported.map((d) => reportJson(d.report!, d.declaration.file)), null, 2)}\n`);
  else out.write(`${reported.length ? reported.map((d) => reportText(d.report!)).join('\n\n') : 'no library could be compared with a last release'}\n`);
  return 0;
}

async function explain(args: ParsedArguments, out: NodeJS.WritableStream): Promise<number> {
  checkOptions('explain', args);
  const format = choice(args.options, 'format', ['text', 'json'], 'text');
  const scheme = args.options.get('scheme');
  if (scheme !== undefined && (typeof scheme !== 'string' || !knownSchemeIds().includes(scheme))) {
    throw new UsageError(`--scheme must be one of ${knownSchemeIds().join(', ')}`);
  }
  const library = args.options.get('library');
  const values = [...args.positional];
  if (args.options.get('stdin')) {
    const input = fs.readFileSync(0, 'utf8');
    values.push(...input.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== ''));
  }
  if (!values.length) throw new UsageError('explain needs at least one VALUE (or --stdin)');
  const settings = settingsFrom(args.options);
  let invalid = 0;
  const blocks: string[] = [];
  for (const value of values) {
    const explanation = explainValue(value, { scheme: scheme as string | undefined, library: typeof library === 'string' ? library : undefined, settings });
    if (!explanation.valid) invalid++;
    blocks.push(format === 'json' ? explainJsonLine(explanation) : explainText(explanation));
  }
  out.write(`${blocks.join(format === 'json' ? '\n' : '\n\n')}\n`);
  return invalid ? 1 : 0;
}

export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  try {
    const args = parseArguments(argv);
    if (args.options.get('version')) {
      out.write(`${VERSION}\n`);
      return 0;
    }
    const [command, ...rest] = args.positional;
    if (args.options.get('help') || command === 'help') {
      out.write(`${USAGE}\n`);
      return 0;
    }
    const sub = { positional: rest, options: args.options };
    if (command === 'check') return await check(sub, out, err);
    if (command === 'next') return await next(sub, out, err);
    if (command === 'diff') return await diff(sub, out, err);
    if (command === 'suppressions') return await suppressions(sub, out, err);
    if (command === 'explain') return await explain(sub, out);
    throw new UsageError(command ? `unknown command '${command}'` : 'no command given');
  } catch (error) {
    if (error instanceof UsageError) {
      err.write(`versionwise: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    err.write(`versionwise: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = 2;
    },
  );
}
