import * as fs from 'node:fs';
import * as path from 'node:path';
import { VersionwiseService } from './core/service';
import { normaliseSettings, type Settings } from './core/settings';
import { explainValue, knownSchemeIds } from './features/explain';
import { DiskWorkspace } from './node/diskWorkspace';
import { checkJson, checkSarif, checkText, explainJsonLine, explainText } from './cli/output';

/**
 * `versionwise`: the command-line front end. It parses arguments, builds a DiskWorkspace and prints what
 * the service finds; it has no analysis of its own. Exit codes: 0 no error-level finding (or every value
 * valid), 1 at least one, 2 usage or internal failure.
 */
const VERSION = '0.1.0';

const USAGE = `usage:
  versionwise check [DIR] [--format text|json|sarif] [--libtool-version 2.4|2.6]
  versionwise explain VALUE... [--scheme NAME] [--library NAME] [--stdin] [--format text|json]
  versionwise --version | --help

check    reports every version declaration in DIR (default: .) that breaks its scheme's rules.
explain  explains values, e.g. \`versionwise explain 6:0:2 --library libfoo\`; with --format json, one
         JSON object per line, one line per value.
exit status: 0 nothing wrong, 1 an error-level finding or an invalid value, 2 usage or internal error.`;

class UsageError extends Error {}

interface ParsedArguments {
  readonly positional: string[];
  readonly options: Map<string, string | true>;
}

const VALUE_OPTIONS = new Set(['format', 'scheme', 'library', 'libtool-version']);
const FLAG_OPTIONS = new Set(['stdin', 'help', 'version']);

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
  return normaliseSettings({ libtool: { dialect } });
}

async function check(args: ParsedArguments, out: NodeJS.WritableStream): Promise<number> {
  if (args.positional.length > 1) throw new UsageError('check takes at most one directory');
  const format = choice(args.options, 'format', ['text', 'json', 'sarif'], 'text');
  for (const name of ['scheme', 'library', 'stdin']) if (args.options.has(name)) throw new UsageError(`--${name} is an option of explain, not check`);
  const directory = path.resolve(args.positional[0] ?? '.');
  if (!fs.existsSync(directory) || !fs.statSync(directory).isDirectory()) throw new UsageError(`not a directory: ${directory}`);
  const analysis = await new VersionwiseService(new DiskWorkspace(directory)).analyze(settingsFrom(args.options));
  const color = format === 'text' && Boolean((out as NodeJS.WriteStream).isTTY) && !process.env.NO_COLOR;
  out.write(`${format === 'json' ? checkJson(analysis) : format === 'sarif' ? checkSarif(analysis, VERSION) : checkText(analysis, color)}\n`);
  return analysis.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

async function explain(args: ParsedArguments, out: NodeJS.WritableStream): Promise<number> {
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
    if (command === 'check') return await check(sub, out);
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
