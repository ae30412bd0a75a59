import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../helpers/lspClient';
import {
  compareApis,
  extractApi,
  publicEntryPoints,
  requiredBump,
  toInterfaceDiff,
  type TsApiComparison,
  type TsApiItem,
  type TsApiOptions,
} from '../../server/src/interfaces/typescriptApi';
import { diffInterfaces } from '../../server/src/interfaces/model';

/**
 * The public API of TypeScript/JavaScript packages: which files package.json exposes, what they export
 * (read by the real TypeScript checker over in-memory files), and which changes break callers. Every
 * package here is invented.
 */

const LIB_DIR = path.join(REPO_ROOT, 'node_modules', 'typescript', 'lib');
/** The one disk read the analysis needs, done here as a front end would. */
const readLibFile = (name: string) => fs.readFileSync(path.join(LIB_DIR, name), 'utf8');
const OPTIONS: TsApiOptions = { readLibFile };

function files(entries: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(entries));
}

/** A one-file package whose `.` entry is `index.ts` (or the given name). */
function single(text: string, name = 'index.ts'): { entryFiles: Map<string, string>; texts: Map<string, string> } {
  return { entryFiles: new Map([['.', name]]), texts: files({ [name]: text }) };
}

function extractText(text: string, options: TsApiOptions = OPTIONS, name = 'index.ts'): TsApiItem[] {
  const { entryFiles, texts } = single(text, name);
  return [...extractApi(entryFiles, texts, options).items];
}

/** `tsKind name signature` rows. */
function rows(items: readonly TsApiItem[]): string[] {
  return items.map((i) => `${i.tsKind} ${i.name} ${i.signature}`).sort();
}

function find(items: readonly TsApiItem[], name: string): TsApiItem {
  const found = items.filter((i) => i.name === name);
  assert.equal(found.length, 1, `exactly one ${name} in:\n${rows(items).join('\n')}`);
  return found[0];
}

function compareTexts(before: string, after: string, options: TsApiOptions = OPTIONS): TsApiComparison {
  return compareApis({ ...single(before), options }, { ...single(after), options });
}

/** The comparison as assert.deepEqual prints it readably. */
function summary(result: TsApiComparison) {
  return {
    added: result.added.map((i) => i.name),
    removed: result.removed.map((i) => i.name),
    changed: result.changed.map((c) => `${c.after.name} ${c.breaking ? 'breaking' : 'compatible'}`),
  };
}

/** One changed item: its verdict and reason. */
function onlyChange(result: TsApiComparison): { breaking: boolean; reason: string; name: string } {
  assert.equal(result.added.length + result.removed.length, 0, JSON.stringify(summary(result)));
  assert.equal(result.changed.length, 1, JSON.stringify(summary(result)));
  const [change] = result.changed;
  assert.equal(change.kind, change.breaking ? 'changed-breaking' : 'changed-compatible');
  return { breaking: change.breaking, reason: change.reason, name: change.after.name };
}

function assertUnchanged(result: TsApiComparison): void {
  assert.deepEqual(summary(result), { added: [], removed: [], changed: [] });
  assert.equal(requiredBump(result), 'patch');
}

describe('TypeScript API: package entry points', () => {
  const listing = (...paths: string[]) => paths.map((p) => `packages/kite/${p}`);

  it('an exports string names the . entry; its .d.ts twin is what is read', () => {
    const json = JSON.stringify({ name: 'kite', exports: './dist/index.js' });
    const entries = publicEntryPoints(json, 'packages/kite', listing('package.json', 'dist/index.js', 'dist/index.d.ts'));
    assert.deepEqual([...entries], [['.', 'packages/kite/dist/index.d.ts']]);
  });

  it('subpath maps with nested conditions prefer types; null and non-code subpaths are left out', () => {
    const json = JSON.stringify({
      exports: {
        '.': { import: { types: './dist/index.d.mts', default: './dist/index.mjs' }, require: { types: './dist/index.d.cts', default: './dist/index.cjs' } },
        './tools': { node: './dist/tools.js', default: './dist/tools-browser.js' },
        './hidden': null,
        './package.json': './package.json',
        './styles.css': './dist/styles.css',
      },
    });
    const entries = publicEntryPoints(json, 'packages/kite', listing('dist/index.d.mts', 'dist/index.mjs', 'dist/index.d.cts', 'dist/tools.js', 'dist/tools.d.ts', 'dist/hidden.d.ts', 'package.json', 'dist/styles.css'));
    assert.deepEqual([...entries], [
      ['.', 'packages/kite/dist/index.d.mts'],
      ['./tools', 'packages/kite/dist/tools.d.ts'],
    ]);
  });

  it('a condition object at the top is the . entry; types wins even when written last', () => {
    const json = JSON.stringify({ exports: { default: './lib/main.js', types: './types/main.d.ts' } });
    const entries = publicEntryPoints(json, '', ['lib/main.js', 'types/main.d.ts']);
    assert.deepEqual([...entries], [['.', 'types/main.d.ts']]);
  });

  it('pattern subpaths are expanded against the listing, with null patterns and exact keys taking precedence', () => {
    const json = JSON.stringify({
      exports: {
        '.': './dist/index.js',
        './parts/*': { types: './dist/parts/*.d.ts', default: './dist/parts/*.js' },
        './parts/internal/*': null,
        './parts/special': './dist/special.js',
      },
    });
    const entries = publicEntryPoints(
      json,
      'packages/kite',
      listing('dist/index.d.ts', 'dist/parts/wing.d.ts', 'dist/parts/wing.js', 'dist/parts/tail.d.ts', 'dist/parts/internal/spool.d.ts', 'dist/parts/special.d.ts', 'dist/special.d.ts', 'dist/parts/readme.md'),
    );
    assert.deepEqual([...entries], [
      ['.', 'packages/kite/dist/index.d.ts'],
      ['./parts/special', 'packages/kite/dist/special.d.ts'],
      ['./parts/tail', 'packages/kite/dist/parts/tail.d.ts'],
      ['./parts/wing', 'packages/kite/dist/parts/wing.d.ts'],
    ]);
  });

  it('a pattern without an extension takes the file name with its extension', () => {
    const json = JSON.stringify({ exports: { './*': './*' } });
    assert.deepEqual([...publicEntryPoints(json, '', ['a.js', 'a.d.ts', 'b.mjs', 'notes.txt'])], [
      ['./a.js', 'a.d.ts'],
      ['./b.mjs', 'b.mjs'],
    ]);
  });

  it('without exports: types/typings first, then module/main, then index.js', () => {
    assert.deepEqual([...publicEntryPoints(JSON.stringify({ types: './types/index.d.ts', main: './lib/index.js' }), '', ['types/index.d.ts', 'lib/index.js'])], [['.', 'types/index.d.ts']]);
    assert.deepEqual([...publicEntryPoints(JSON.stringify({ typings: 'index.d.ts', main: 'index.js' }), '', ['index.d.ts', 'index.js'])], [['.', 'index.d.ts']]);
    assert.deepEqual([...publicEntryPoints(JSON.stringify({ main: 'lib/main.js' }), '', ['lib/main.js'])], [['.', 'lib/main.js']]);
    assert.deepEqual([...publicEntryPoints(JSON.stringify({ main: 'lib/main' }), '', ['lib/main/index.js'])], [['.', 'lib/main/index.js']]);
    assert.deepEqual([...publicEntryPoints(JSON.stringify({ name: 'bare' }), '', ['index.js', 'other.js'])], [['.', 'index.js']]);
  });

  it('maps built files to the TypeScript sources when dist/ is not in the listing', () => {
    const json = JSON.stringify({
      exports: {
        '.': { types: './dist/index.d.ts', import: './dist/esm/index.js', require: './dist/cjs/index.cjs' },
        './util': './dist/esm/util/index.js',
        './cli': './dist/cli.mjs',
      },
    });
    const entries = publicEntryPoints(json, 'kite', ['kite/src/index.ts', 'kite/src/util/index.ts', 'kite/src/cli.mts', 'kite/tsconfig.json']);
    assert.deepEqual([...entries], [
      ['.', 'kite/src/index.ts'],
      ['./cli', 'kite/src/cli.mts'],
      ['./util', 'kite/src/util/index.ts'],
    ]);
  });

  it('falls back to the JavaScript file itself; .d.ts beats source beats .js across all targets', () => {
    const json = JSON.stringify({ exports: { '.': './lib/index.js', './a': { import: './lib/a.mjs', require: './lib/a.cjs' } } });
    assert.deepEqual([...publicEntryPoints(json, '', ['lib/index.js', 'lib/a.mjs', 'lib/a.cjs', 'lib/a.d.cts'])], [
      ['.', 'lib/index.js'],
      ['./a', 'lib/a.d.cts'],
    ]);
    assert.deepEqual([...publicEntryPoints(json, '', ['lib/index.js', 'lib/index.ts'])], [['.', 'lib/index.ts']]);
  });

  it('ignores targets that leave the package and survives bad JSON', () => {
    const json = JSON.stringify({ exports: { '.': '../elsewhere/index.js', './x': './node_modules/y/index.js', './ok': './ok.js' } });
    assert.deepEqual([...publicEntryPoints(json, 'p', ['elsewhere/index.js', 'p/node_modules/y/index.js', 'p/ok.d.ts'])], [['./ok', 'p/ok.d.ts']]);
    assert.deepEqual([...publicEntryPoints('{ "exports": ', 'p', ['p/index.js'])], []);
    assert.deepEqual([...publicEntryPoints('[]', 'p', ['p/index.js'])], []);
  });
});

describe('TypeScript API: extraction', () => {
  it('lists every kind of export with normalised signatures and declaration ranges', () => {
    const text = `
/** A point. */
export interface Point { x: number; y: number; readonly label?: string; move(dx: number, dy?: number): Point; }
export type Shape = { kind: 'circle'; radius: number } | { kind: 'square'; side: number };
export enum Unit { Px, Em = 10, Pct = 'percent' }
export const origin: Point = { x: 0, y: 0, move: () => origin };
export function area(shape: Shape): number { return 0; }
export function scale(value: number): number;
export function scale(value: string): string;
export function scale(value: number | string): number | string { return value; }
export class Canvas<T extends Shape = Shape> {
  private secret = 1;
  protected pending: T[] = [];
  static readonly version: string = '1';
  constructor(public readonly width: number, height?: number) {}
  draw(shape: T): this { return this; }
  get size(): number { return this.secret; }
}
export namespace Geometry { export const tau = 6.28; export function half(n: number): number { return n / 2; } }
`;
    const items = extractText(text);
    assert.deepEqual(rows(items), [
      'class Canvas class<T extends Shape = Shape> { new <T extends Shape = Shape>(arg0: number, arg1?: number): Canvas<T>; draw(arg0: T): Canvas<T>; protected pending: T[]; readonly size: number; readonly width: number; static readonly version: string }',
      'enum Unit enum { Em = 10, Pct = "percent", Px = 0 }',
      'function Geometry.half (arg0: number): number',
      'function area (arg0: Shape): number',
      'function scale (arg0: number): number; (arg0: string): string',
      'interface Point interface { readonly label?: string; move(arg0: number, arg1?: number): Point; x: number; y: number }',
      'namespace Geometry namespace',
      'type Shape type = { kind: "circle"; radius: number } | { kind: "square"; side: number }',
      'variable Geometry.tau 6.28',
      'variable origin Point',
    ]);
    const point = find(items, 'Point');
    assert.equal(point.file, 'index.ts');
    assert.equal(point.kind, 'struct');
    assert.deepEqual(point.range, { start: { line: 2, character: 0 }, end: { line: 2, character: text.split('\n')[2].length } });
    assert.equal(find(items, 'area').kind, 'function');
    assert.equal(find(items, 'Unit').kind, 'typedef');
  });

  it('follows re-exports, renames, export * as, and subpath prefixes', () => {
    const texts = files({
      'src/index.ts': `export * from './math.js';\nexport { parse as parseRange, type Range } from './range.js';\nexport * as colors from './colors.js';\n`,
      'src/math.ts': `export function add(a: number, b: number): number { return a + b; }\nexport const PI = 3.14;\n`,
      'src/range.ts': `export interface Range { from: number; to: number }\nexport function parse(text: string): Range { return { from: 0, to: 0 }; }\nexport function unexported() {}\n`,
      'src/colors.ts': `export const red = '#f00';\n`,
      'src/utils/index.ts': `export { parse as parseRange } from '../range';\n`,
    });
    const api = extractApi(new Map([['.', 'src/index.ts'], ['./utils', 'src/utils/index.ts'], ['./gone', 'src/gone.ts']]), texts, OPTIONS);
    assert.deepEqual(rows(api.items), [
      'function ./utils#parseRange (arg0: string): Range',
      'function add (arg0: number, arg1: number): number',
      'function parseRange (arg0: string): Range',
      'interface Range interface { from: number; to: number }',
      'namespace colors namespace',
      'variable PI 3.14',
      'variable colors.red "#f00"',
    ]);
    const parse = find(api.items, './utils#parseRange');
    assert.equal(parse.file, 'src/range.ts', 'reported where it is declared');
    assert.equal(parse.subpath, './utils');
    assert.equal(parse.exportName, 'parseRange');
    assert.deepEqual(api.missingEntries, ['./gone']);
  });

  it('default exports: functions, classes and expressions, named default', () => {
    assert.deepEqual(rows(extractText('export default function greet(name: string): string { return name; }')), ['function default (arg0: string): string']);
    assert.deepEqual(rows(extractText('export default class Store { get(key: string): unknown { return key; } }')), ['class default class { new (): Store; get(arg0: string): unknown }']);
    assert.deepEqual(rows(extractText('const settings = { retries: 3, verbose: false };\nexport default settings;')), ['variable default { retries: number; verbose: boolean }']);
    assert.deepEqual(rows(extractText('export default { name: "x" } as const;')), ['variable default { readonly name: "x" }']);
  });

  it('reads .d.ts entries, export = and declaration merging', () => {
    const dts = extractText(
      `declare function tally(items: string[]): number;\ndeclare namespace tally { const version: string; interface Options { strict?: boolean } }\nexport = tally;\n`,
      OPTIONS,
      'index.d.ts',
    );
    assert.deepEqual(rows(dts), ['function export= (arg0: string[]): number', 'interface Options interface { strict?: boolean }', 'variable version string']);
    const merged = extractText(`export const Mode = { Fast: 'fast', Safe: 'safe' } as const;\nexport type Mode = (typeof Mode)[keyof typeof Mode];\n`);
    assert.deepEqual(rows(merged), ['type Mode type = "fast" | "safe"', 'variable Mode { readonly Fast: "fast"; readonly Safe: "safe" }']);
  });

  it('JavaScript entries: CommonJS and ESM, typed from JSDoc or any', () => {
    const cjs = extractText(`/** @param {string} who @returns {string} */\nfunction hello(who) { return 'hi ' + who; }\nfunction loose(a, b) { return a; }\nmodule.exports = { hello, loose };\n`, OPTIONS, 'index.js');
    assert.deepEqual(rows(cjs), ['function hello (arg0: string): string', 'function loose (arg0: any, arg1: any): any']);
    const esm = extractText(`/** @typedef {{ id: number }} Row */\n/** @param {Row} row */\nexport function show(row) {}\nexport const limit = 10;\n`, OPTIONS, 'index.mjs');
    assert.deepEqual(rows(esm), ['function show (arg0: Row): void', 'type Row type = { id: number }', 'variable limit 10']);
  });

  it('@internal is never API; hiddenTags hides @alpha/@beta; hidden members leave their owner', () => {
    const text = `
/** @internal */ export function wiring(): void {}
/** @beta */ export function preview(): void {}
/** @alpha */ export interface Draft { a: string }
export interface Config {
  name: string;
  /** @internal */ debugHook?: () => void;
}
export function stable(): void {}
`;
    assert.deepEqual(extractText(text).map((i) => i.name).sort(), ['Config', 'Draft', 'preview', 'stable']);
    const hidden = extractText(text, { ...OPTIONS, hiddenTags: ['@beta', 'alpha'] });
    assert.deepEqual(hidden.map((i) => i.name).sort(), ['Config', 'stable']);
    assert.equal(find(hidden, 'Config').signature, 'interface { name: string }');
  });

  it('signatures ignore formatting, comments, quotes, parameter names and member order', () => {
    const a = extractText(`export interface Opts { mode: 'fast' | 'safe'; size?: number }\nexport function run(opts: Opts, cb: (err: Error | null, out?: string) => void): Promise<void> { return Promise.resolve(); }`);
    const b = extractText(`export interface Opts {
  // sizes in bytes
  size?: number | undefined;
  mode: ("safe" | "fast");
}
export function run(
  options: Opts,
  callback: (e: null | Error, result?: string) => void,
): Promise<void> {
  return Promise.resolve();
}`);
    assert.deepEqual(rows(a), rows(b));
  });

  it('works without lib files (noLib), with a stub of the global types', () => {
    const items = extractText(`export function load(paths: string[]): Promise<Map<string, number>> { return null!; }`, {});
    assert.deepEqual(rows(items), ['function load (arg0: string[]): Promise<Map<string, number>>']);
    const result = compareTexts('export function load(paths: string[]): Promise<string> { return null!; }', 'export function load(paths: string[], strict?: boolean): Promise<string> { return null!; }', {});
    assert.equal(onlyChange(result).breaking, false);
  });

  it('gives model.ts a diff it understands', () => {
    const before = extractText('export function a(): void {}\nexport function b(): void {}');
    const after = extractText('export function a(x?: number): void {}\nexport function c(): void {}');
    const diff = diffInterfaces(before, after);
    assert.deepEqual({ added: diff.added.map((i) => i.name), removed: diff.removed.map((i) => i.name), changed: diff.changed.map((c) => c.after.name) }, { added: ['c'], removed: ['b'], changed: ['a'] });
    const ours = toInterfaceDiff(compareTexts('export function a(): void {}\nexport function b(): void {}', 'export function a(x?: number): void {}\nexport function c(): void {}'));
    assert.deepEqual({ added: ours.added.map((i) => i.name), removed: ours.removed.map((i) => i.name), changed: ours.changed.map((c) => c.after.name) }, { added: ['c'], removed: ['b'], changed: ['a'] });
  });
});

describe('TypeScript API: compatibility', () => {
  describe('functions', () => {
    it('an added optional parameter is compatible (minor)', () => {
      const result = compareTexts('export function fetchAll(url: string): string[] { return []; }', 'export function fetchAll(url: string, limit?: number): string[] { return []; }');
      const change = onlyChange(result);
      assert.equal(change.breaking, false);
      assert.match(change.reason, /new optional parameter/);
      assert.equal(requiredBump(result), 'minor');
    });

    it('an added required parameter breaks (major)', () => {
      const result = compareTexts('export function fetchAll(url: string): string[] { return []; }', 'export function fetchAll(url: string, limit: number): string[] { return []; }');
      const change = onlyChange(result);
      assert.equal(change.breaking, true);
      assert.match(change.reason, /new required parameter 2/);
      assert.equal(requiredBump(result), 'major');
    });

    it('an optional parameter made required breaks; a removed parameter breaks', () => {
      assert.match(onlyChange(compareTexts('export function f(a: string, b?: number) {}', 'export function f(a: string, b: number) {}')).reason, /parameter 2 is now required/);
      assert.match(onlyChange(compareTexts('export function f(a: string, b?: number) {}', 'export function f(a: string) {}')).reason, /parameter 2 was removed/);
    });

    it('a widened parameter type is compatible, a narrowed one breaks', () => {
      const widened = onlyChange(compareTexts('export function show(v: string): void {}', 'export function show(v: string | number): void {}'));
      assert.equal(widened.breaking, false);
      assert.match(widened.reason, /parameter 1 accepts more/);
      const narrowed = onlyChange(compareTexts('export function show(v: string | number): void {}', 'export function show(v: string): void {}'));
      assert.equal(narrowed.breaking, true);
      assert.match(narrowed.reason, /parameter 1 no longer accepts number \| string/);
    });

    it('a narrowed return type is compatible, a widened one breaks', () => {
      const narrowed = onlyChange(compareTexts('export function pick(): string | undefined { return; }', 'export function pick(): string { return ""; }'));
      assert.equal(narrowed.breaking, false);
      assert.match(narrowed.reason, /narrower return type/);
      const widened = onlyChange(compareTexts('export function pick(): string { return ""; }', 'export function pick(): string | undefined { return; }'));
      assert.equal(widened.breaking, true);
      assert.match(widened.reason, /returns string \| undefined, wider than the old string/);
      // Callers of a void function use no result: returning something now is fine.
      assert.equal(onlyChange(compareTexts('export function run(): void {}', 'export function run(): number { return 1; }')).breaking, false);
    });

    it('renaming parameters or reformatting changes nothing', () => {
      assertUnchanged(compareTexts('export function join(parts: string[], sep?: string): string { return parts.join(sep); }', 'export function join(\n  items: string[],\n  separator?: string | undefined,\n): string {\n  // joined\n  return items.join(separator);\n}'));
    });

    it('overloads: adding one is compatible, removing one breaks', () => {
      const one = 'export function conv(v: string): number;\nexport function conv(v: any): any { return v; }';
      const two = 'export function conv(v: string): number;\nexport function conv(v: number): string;\nexport function conv(v: any): any { return v; }';
      assert.equal(onlyChange(compareTexts(one, two)).breaking, false);
      const gone = onlyChange(compareTexts(two, one));
      assert.equal(gone.breaking, true);
      assert.match(gone.reason, /overload 2 .* is gone/);
    });

    it('generic functions compare by shape: a renamed type parameter is compatible, a narrower constraint breaks', () => {
      const first = 'export function first<T>(xs: T[]): T | undefined { return xs[0]; }';
      assertUnchanged(compareTexts(first, 'export function first<T>(list: T[]): T | undefined { return list[0]; }'));
      const renamed = onlyChange(compareTexts(first, 'export function first<Item>(list: Item[]): Item | undefined { return list[0]; }'));
      assert.equal(renamed.breaking, false, renamed.reason);
      const constrained = onlyChange(compareTexts('export function id<T>(x: T): T { return x; }', 'export function id<T extends string>(x: T): T { return x; }'));
      assert.equal(constrained.breaking, true);
      assert.match(constrained.reason, /type parameter T is more constrained/);
    });

    it('a function turned into an arrow-function constant is compared by type', () => {
      const result = compareTexts('export function twice(n: number): number { return n * 2; }', 'export const twice = (n: number): number => n * 2;');
      assert.deepEqual(summary(result), { added: [], removed: [], changed: ['twice compatible'] });
      assert.equal(onlyChange(compareTexts('export function twice(n: number): number { return n; }', 'export const twice = (n: number, m: number): number => n * m;')).breaking, true);
    });
  });

  describe('exports', () => {
    it('a removed export breaks; a renamed one is removed + added', () => {
      const removed = compareTexts('export const a = 1;\nexport const b = 2;', 'export const a = 1;');
      assert.deepEqual(summary(removed), { added: [], removed: ['b'], changed: [] });
      assert.equal(requiredBump(removed), 'major');
      const renamed = compareTexts('export function oldName(): void {}', 'export function newName(): void {}');
      assert.deepEqual(summary(renamed), { added: ['newName'], removed: ['oldName'], changed: [] });
      assert.equal(requiredBump(renamed), 'major');
    });

    it('an added export is minor; an identical package is patch', () => {
      const added = compareTexts('export const a = 1;', 'export const a = 1;\nexport const b = 2;');
      assert.deepEqual(summary(added), { added: ['b'], removed: [], changed: [] });
      assert.equal(requiredBump(added), 'minor');
      assertUnchanged(compareTexts('export const a = 1;', 'export const a = 1;'));
    });

    it('an export made @internal is removed from the API', () => {
      assert.deepEqual(summary(compareTexts('export function tool(): void {}', '/** @internal */\nexport function tool(): void {}')), { added: [], removed: ['tool'], changed: [] });
    });

    it('a class turned into an interface breaks (no value any more)', () => {
      const result = compareTexts('export class Token { text = ""; }', 'export interface Token { text: string }');
      assert.equal(requiredBump(result), 'major');
    });
  });

  describe('interfaces and object types', () => {
    const base = 'export interface Options { host: string; port?: number; connect(timeout: number): Promise<void>; }';

    it('an added optional property is compatible', () => {
      const change = onlyChange(compareTexts(base, base.replace('port?: number;', 'port?: number; tls?: boolean;')));
      assert.equal(change.breaking, false);
      assert.match(change.reason, /new optional member tls/);
    });

    it('an added required property breaks: the type may be an input, and objects built for the old one lack it', () => {
      const change = onlyChange(compareTexts(base, base.replace('port?: number;', 'port?: number; tls: boolean;')));
      assert.equal(change.breaking, true);
      assert.match(change.reason, /new required member tls/);
    });

    it('a removed property or a changed property type breaks; optionality flips break', () => {
      assert.match(onlyChange(compareTexts(base, base.replace('port?: number;', ''))).reason, /port removed/);
      assert.match(onlyChange(compareTexts(base, base.replace('host: string', 'host: string | string[]'))).reason, /host: type string became string \| string\[\]/);
      assert.match(onlyChange(compareTexts(base, base.replace('port?: number', 'port: number'))).reason, /port is now required/);
      assert.match(onlyChange(compareTexts(base, base.replace('host: string', 'readonly host: string'))).reason, /host became read-only/);
    });

    it('methods: a new optional parameter is compatible; a new required one or a narrower return breaks', () => {
      assert.equal(onlyChange(compareTexts(base, base.replace('connect(timeout: number)', 'connect(timeout: number, signal?: AbortSignal)'))).breaking, false);
      assert.equal(onlyChange(compareTexts(base, base.replace('connect(timeout: number)', 'connect(timeout: number, signal: AbortSignal)'))).breaking, true);
      const narrower = onlyChange(compareTexts('export interface Source { read(): string | null }', 'export interface Source { read(): string }'));
      assert.equal(narrower.breaking, true, 'implementations of the old interface may return null');
      assert.match(narrower.reason, /implementations of the old signature/);
    });

    it('type aliases of object types follow the same rules; member order does not matter', () => {
      assert.equal(onlyChange(compareTexts('export type P = { a: string }', 'export type P = { a: string; b?: number }')).breaking, false);
      assert.equal(onlyChange(compareTexts('export type P = { a: string }', 'export type P = { a: string; b: number }')).breaking, true);
      assertUnchanged(compareTexts('export type P = { a: string; b: number }', 'export type P = {\n  b: number,\n  a: string,\n}'));
    });

    it('unions are compared both ways: gaining or losing a member breaks', () => {
      const wider = onlyChange(compareTexts(`export type Level = 'low' | 'high';`, `export type Level = 'low' | 'high' | 'max';`));
      assert.equal(wider.breaking, true);
      assert.match(wider.reason, /now also allows "max"/);
      assert.match(onlyChange(compareTexts(`export type Level = 'low' | 'high';`, `export type Level = 'low';`)).reason, /no longer allows "high"/);
      assertUnchanged(compareTexts(`export type Level = 'low' | 'high';`, `export type Level =\n  | "high"\n  | "low";`));
    });

    it('an interface rewritten as an equivalent type alias is compatible', () => {
      const change = onlyChange(compareTexts('export interface Pair { left: number; right: number }', 'export type Pair = { left: number; right: number };'));
      assert.equal(change.breaking, false);
    });
  });

  describe('classes', () => {
    const base = `export class Queue<T> {
  private items: T[] = [];
  protected limit = 10;
  static create<T>(): Queue<T> { return new Queue<T>(); }
  constructor(public name: string) {}
  push(item: T): number { return this.items.push(item); }
  get size(): number { return this.items.length; }
}`;

    it('an added method is compatible; private members never count', () => {
      const change = onlyChange(compareTexts(base, base.replace('  get size', '  clear(): void { this.items = []; }\n  get size')));
      assert.equal(change.breaking, false);
      assert.match(change.reason, /new member clear/);
      assertUnchanged(compareTexts(base, base.replace('private items: T[] = [];', 'private items: T[] = [];\n  private hits = new Map<string, number>();')));
    });

    it('a removed public member, a member made protected, a changed constructor break', () => {
      assert.match(onlyChange(compareTexts(base, base.replace(/  push[^\n]*\n/, ''))).reason, /push removed/);
      assert.match(onlyChange(compareTexts(base, base.replace('  push(', '  protected push('))).reason, /push is now protected/);
      assert.match(onlyChange(compareTexts(base, base.replace('constructor(public name: string)', 'constructor(public name: string, capacity: number)'))).reason, /constructor: new required parameter 2/);
      assert.match(onlyChange(compareTexts(base, base.replace('protected limit = 10;', ''))).reason, /limit removed/);
      assert.match(onlyChange(compareTexts(base, base.replace('static create', 'static make'))).reason, /static create removed/);
    });

    it('member types: a getter may narrow, a writable property may not change', () => {
      assert.equal(onlyChange(compareTexts('export class A { get v(): string | number { return 1; } }', 'export class A { get v(): number { return 1; } }')).breaking, false);
      assert.equal(onlyChange(compareTexts('export class A { v: string | number = 1; }', 'export class A { v: number = 1; }')).breaking, true);
    });

    it('a function taking or returning an exported class is not broken by a compatible change to the class', () => {
      const before = `export class Client { private socket = 0; send(data: string): void {} }\nexport function connect(url: string): Client { return new Client(); }\nexport function close(client: Client): void {}\nexport function all(): Promise<Client[]> { return Promise.resolve([]); }`;
      const after = before.replace('send(data: string): void {}', 'send(data: string): void {}\n  ping(): boolean { return true; }').replace('private socket = 0;', 'private socket = 0;\n  #retries = 3;');
      const result = compareTexts(before, after);
      assert.deepEqual(summary(result), { added: [], removed: [], changed: ['Client compatible'] });
    });
  });

  it('declaration files: private and #private members of a changed class do not make its users breaking', () => {
    const before = `export declare class Client {\n  #private;\n  private socket;\n  send(data: string): void;\n}\nexport declare function connect(url: string): Client;\nexport declare function close(client: Client | undefined): void;\n`;
    const after = before.replace('  private socket;\n', '  private socket;\n  private queue;\n').replace('  send(data: string): void;', '  send(data: string): void;\n  flush(): Promise<void>;');
    const result = compareApis({ ...single(before, 'index.d.ts'), options: OPTIONS }, { ...single(after, 'index.d.ts'), options: OPTIONS });
    assert.deepEqual(summary(result), { added: [], removed: [], changed: ['Client compatible'] });
  });

  it('hiddenTags apply to comparisons: an export marked @beta leaves the API', () => {
    const options = { ...OPTIONS, hiddenTags: ['beta'] };
    const result = compareTexts('export function a(): void {}\nexport function b(): void {}', 'export function a(): void {}\n/** @beta */\nexport function b(): void {}', options);
    assert.deepEqual(summary(result), { added: [], removed: ['b'], changed: [] });
  });

  describe('enums', () => {
    it('an added member is compatible; a removed member or a changed value breaks', () => {
      assert.equal(onlyChange(compareTexts('export enum Dir { Up, Down }', 'export enum Dir { Up, Down, Left }')).breaking, false);
      assert.match(onlyChange(compareTexts('export enum Dir { Up, Down }', 'export enum Dir { Up }')).reason, /member Down removed/);
      assert.match(onlyChange(compareTexts('export enum Dir { Up, Down }', 'export enum Dir { Down, Up }')).reason, /member Up changed value \(0 → 1\)/);
      assert.match(onlyChange(compareTexts(`export enum Dir { Up = 'up' }`, `export const enum Dir { Up = 'up' }`)).reason, /const enum/);
    });
  });

  describe('types the package does not export', () => {
    it('a breaking change inside an unexported type breaks the export that uses it, though its text is the same', () => {
      const before = `interface Settings { depth: number }\nexport function configure(s: Settings): void {}`;
      const after = `interface Settings { depth: number; mode: string }\nexport function configure(s: Settings): void {}`;
      const change = onlyChange(compareTexts(before, after));
      assert.equal(change.breaking, true);
      assert.match(change.reason, /^a type it refers to changed: parameter 1 no longer accepts Settings/);
    });
  });

  describe('packages of several files and subpaths', () => {
    it('compares per subpath, shares unchanged files, and reports where items are declared', () => {
      const before = {
        entryFiles: new Map([['.', 'lib/index.d.ts'], ['./extra', 'lib/extra.d.ts']]),
        texts: files({
          'lib/index.d.ts': `export * from './model';\nexport { render } from './render';\n`,
          'lib/model.d.ts': `export interface Node { id: string; children: Node[] }\nexport declare function walk(root: Node, visit: (n: Node) => void): void;\n`,
          'lib/render.d.ts': `import type { Node } from './model';\nexport declare function render(root: Node): string;\n`,
          'lib/extra.d.ts': `export declare const flags: readonly string[];\nexport declare function legacy(): void;\n`,
        }),
        options: OPTIONS,
      };
      const after = {
        entryFiles: before.entryFiles,
        texts: new Map(before.texts)
          .set('lib/render.d.ts', `import type { Node } from './model';\nexport declare function render(root: Node, indent?: number): string;\n`)
          .set('lib/extra.d.ts', `export declare const flags: readonly string[];\nexport declare function modern(): void;\n`),
        options: OPTIONS,
      };
      const result = compareApis(before, after);
      assert.deepEqual(summary(result), { added: ['./extra#modern'], removed: ['./extra#legacy'], changed: ['render compatible'] });
      assert.equal(result.changed[0].after.file, 'lib/render.d.ts');
      assert.deepEqual(result.changed[0].after.range.start, { line: 1, character: 0 });
      assert.equal(requiredBump(result), 'major');
    });

    it('a changed dependency keeps the files importing it out of sharing', () => {
      const before = {
        entryFiles: new Map([['.', 'index.ts']]),
        texts: files({ 'index.ts': `export { make } from './factory';\n`, 'factory.ts': `import { Part } from './part';\nexport function make(): Part { return { id: 1 }; }\n`, 'part.ts': `export interface Part { id: number }\n` }),
      };
      const after = { ...before, texts: new Map(before.texts).set('part.ts', `export interface Part { id: number | string }\n`) };
      const change = onlyChange(compareApis({ ...before, options: OPTIONS }, { ...after, options: OPTIONS }));
      assert.equal(change.name, 'make');
      assert.equal(change.breaking, true);
      assert.match(change.reason, /a type it refers to changed/);
    });
  });

  describe('cost', () => {
    /** ~50 declarations of every kind, in three files. */
    function bigPackage(variant: number): Map<string, string> {
      const decl: string[] = [];
      for (let i = 0; i < 10; i++) {
        decl.push(`export interface Record${i} { id: number; name: string; tags?: string[]; child?: Record${(i + 1) % 10} }`);
        decl.push(`export function load${i}(id: number, opts?: { cache?: boolean }): Promise<Record${i}> { return null!; }`);
        decl.push(`export type Key${i} = 'a${i}' | 'b${i}' | number;`);
        decl.push(`export enum Flag${i} { On = ${i}, Off }`);
        decl.push(`export class Store${i} { private map = new Map<string, Record${i}>(); get(key: Key${i}): Record${i} | undefined { return undefined; } set(r: Record${i}): this { return this; } }`);
      }
      if (variant) decl.push('export function extra(): void {}');
      return files({ 'src/index.ts': `export * from './a';\nexport * from './b';\n`, 'src/a.ts': decl.slice(0, 25).join('\n'), 'src/b.ts': decl.slice(25).join('\n').replace(/Record(\d)/g, (m, d) => (Number(d) < 5 ? `import('./a').Record${d}` : m)) });
    }

    it('extracts and compares ~50 declarations quickly (lib files parsed once)', function () {
      this.timeout(20_000);
      const entryFiles = new Map([['.', 'src/index.ts']]);
      // A reader the lib cache has not seen: the first run parses lib.es2023 and what it references.
      const coldReader = (name: string) => readLibFile(name);
      const t0 = performance.now();
      const api = extractApi(entryFiles, bigPackage(0), { readLibFile: coldReader });
      const t1 = performance.now();
      const again = extractApi(entryFiles, bigPackage(0), { readLibFile: coldReader });
      const t2 = performance.now();
      const result = compareApis({ entryFiles, texts: bigPackage(0), options: { readLibFile: coldReader } }, { entryFiles, texts: bigPackage(1), options: { readLibFile: coldReader } });
      const t3 = performance.now();
      assert.equal(api.items.length, 50);
      assert.deepEqual(rows(again.items), rows(api.items));
      assert.deepEqual(summary(result), { added: ['extra'], removed: [], changed: [] });
      console.log(`      extractApi first ${(t1 - t0).toFixed(0)} ms (with lib parse), again ${(t2 - t1).toFixed(0)} ms, compareApis ${(t3 - t2).toFixed(0)} ms`);
      assert.ok(t2 - t1 < 2000 && t3 - t2 < 3000, 'warm runs stay well under a couple of seconds');
    });
  });
});
