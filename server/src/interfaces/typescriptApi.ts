import * as ts from 'typescript';
import { LineIndex } from '../core/text';
import type { InterfaceDiff, InterfaceItem, InterfaceKind } from './model';
import { Comparator } from './typescriptCompat';
import { createMemoryProgram, sharedFiles, type MemoryProgram, type MountedVersion, type TsProgramOptions } from './typescriptProgram';
import { SignatureRenderer } from './typescriptSignature';
import { declaredTypeParameters, enumMembers, hasHiddenTag, hasNamespaceMembers, isAbstractClass, isConstEnum, meaningsOf, membersOf, type MemberInfo, type TsApiKind } from './typescriptSymbols';

export { publicEntryPoints } from './typescriptEntryPoints';
export type { LibReader, TsProgramOptions } from './typescriptProgram';
export type { TsApiKind } from './typescriptSymbols';

/**
 * The public API of a TypeScript/JavaScript package, read with the TypeScript checker (5.9, the last line
 * with the JavaScript compiler API), and how it changed between two versions.
 *
 * 1. `publicEntryPoints(packageJson, dir, listing)` — subpath → file to read (see typescriptEntryPoints.ts).
 * 2. `extractApi(entries, texts, options)` — every export of every entry as an `InterfaceItem` (plus
 *    `tsKind`): `export * from`, `export { a as b }`, `export * as ns`, namespaces (their members are
 *    `ns.member` items), `export default` (named `default`), `export =` (named `export=`), CommonJS
 *    `module.exports` in JavaScript. Names are prefixed with the subpath unless it is `.`:
 *    `./utils#parseRange`. Declarations whose JSDoc has `@internal` are not API; `hiddenTags` adds more
 *    (`['alpha', 'beta']`). A hidden class or interface member is left out of its owner's signature.
 * 3. `compareApis(before, after)` — one program holding both versions, the checker decides compatibility
 *    (rules below and in typescriptCompat.ts); `requiredBump(result)`.
 *
 * The analysis does no I/O: files come in maps, and the standard library's `.d.ts` texts through
 * `options.readLibFile` (the front end reads them from the typescript package, e.g.
 * `name => fs.readFileSync(path.join(path.dirname(require.resolve('typescript/lib/lib.d.ts')), name), 'utf8')`).
 * Without it the program runs with `noLib` and a stub of the global types: signatures still render, but
 * what needs the real lib (`Awaited`, `Array` methods, …) is unknown and compares leniently.
 *
 * Signatures (typescriptSignature.ts) are rendered from types, so formatting, comments and parameter names
 * never change them: `(arg0: string, arg1?: number): void`. `kind` is the nearest existing
 * `InterfaceKind` (so model.ts's `diffInterfaces` works on these items too): function → function,
 * variable → variable, class/interface → struct, type/enum/namespace → typedef; `tsKind` is exact.
 *
 * Compatibility rules (who must keep working with the new version):
 * - added export: minor; removed export: major; a renamed export is one of each;
 * - function (and a variable holding one): *callers* — every old overload has a new signature that takes
 *   the old arguments: no new required parameter, no optional parameter made required, no parameter
 *   removed, each parameter accepts the old type (widening is fine, narrowing breaks), the return type is
 *   assignable to the old one (narrowing is fine, widening breaks; anything goes when the old one was
 *   `void`); no new required type parameter, no narrower constraint;
 * - other variables: the new type must be assignable to the old (readers);
 * - class: public and protected members, instance and static: removed, made protected or read-only, or
 *   with a changed type (methods: callers' rule; read-only properties and getters: may narrow; other
 *   properties: mutual assignability) breaks; added members are compatible, except abstract ones; the
 *   constructor by the callers' rule; becoming abstract breaks; private members never count;
 * - interface, and type alias of an object type: used both as input and output, so mutual assignability
 *   member by member: removed member, changed type, optionality flip, new read-only, and *a new required
 *   member* (an object built for the old type lacks it) break; a new optional member is compatible;
 *   methods must keep their callers *and* the implementations of the old signature (a new optional
 *   parameter is fine, a narrower return type is not);
 * - other type aliases (unions, primitives, function types): mutual assignability — a union gaining or
 *   losing a member is breaking;
 * - enum: removed member, changed value, becoming `const` break; a new member is compatible;
 * - a kind change breaks (class → interface…), except function ↔ variable and interface ↔ type alias,
 *   compared by type;
 * - an item whose signature text is unchanged can still be breaking when a type it uses but the package
 *   does not export changed (the reason says so); exported types used in other exports are *pinned* (see
 *   typescriptCompat.ts): their change is reported on them, not again on every user.
 *
 * Cost: one `ts.Program` per `extractApi` and one per `compareApis`, with no diagnostics, no emit, no
 * `@types` (`types: []`), `skipLibCheck`. The lib `.d.ts` files are parsed once per `readLibFile`
 * function and reused. Files that are identical in both versions (with identical imports, transitively)
 * are mounted once in the comparison program, so a release that touched a few files costs about one
 * version's parse. What the checker resolves is only what the API needs: the types of exported
 * declarations, never function bodies unless a return type is inferred.
 */

export interface TsApiOptions extends TsProgramOptions {
  /** JSDoc tags (without `@`, case-insensitive) that hide a declaration besides `internal`: e.g. `['alpha', 'beta']`. */
  readonly hiddenTags?: readonly string[];
}

export interface TsApiItem extends InterfaceItem {
  readonly tsKind: TsApiKind;
  /** The package subpath it is exported from: `.`, `./utils`. */
  readonly subpath: string;
  /** Its name within that subpath: `parseRange`, `default`, `ns.member`. */
  readonly exportName: string;
}

/** What a version of a package is: entry files (subpath → workspace path) and the texts of its files. */
export interface TsPackageSnapshot {
  readonly entryFiles: ReadonlyMap<string, string>;
  readonly texts: ReadonlyMap<string, string>;
  readonly options?: TsApiOptions;
}

export interface TsApi extends TsPackageSnapshot {
  readonly items: readonly TsApiItem[];
  /** Subpaths whose entry file is not among the texts. */
  readonly missingEntries: readonly string[];
}

export interface TsApiChange {
  readonly before: TsApiItem;
  readonly after: TsApiItem;
  readonly kind: 'changed-compatible' | 'changed-breaking';
  readonly breaking: boolean;
  readonly reason: string;
}

export interface TsApiComparison {
  readonly added: readonly TsApiItem[];
  readonly removed: readonly TsApiItem[];
  readonly changed: readonly TsApiChange[];
}

const KIND_MAP: Record<TsApiKind, InterfaceKind> = {
  function: 'function',
  variable: 'variable',
  class: 'struct',
  interface: 'struct',
  type: 'typedef',
  enum: 'typedef',
  namespace: 'typedef',
};

export function extractApi(entryFiles: ReadonlyMap<string, string>, texts: ReadonlyMap<string, string>, options: TsApiOptions = {}): TsApi {
  const version: MountedVersion = { root: '/__api', texts };
  const roots = [...entryFiles.values()].filter((f) => texts.has(f)).map((f) => `${version.root}/${f}`);
  const memory = createMemoryProgram([version], roots, options);
  const extracted = extract(memory, version, entryFiles, hiddenTags(options), new SignatureRenderer(memory.checker));
  return {
    entryFiles,
    texts,
    options,
    items: extracted.map((e) => e.item),
    missingEntries: [...entryFiles].filter(([, file]) => !texts.has(file)).map(([subpath]) => subpath),
  };
}

export function compareApis(before: TsPackageSnapshot, after: TsPackageSnapshot, options?: TsApiOptions): TsApiComparison {
  const effective = options ?? after.options ?? before.options ?? {};
  const hidden = hiddenTags(effective);
  const shared = sharedFiles(before.texts, after.texts);
  const beforeVersion: MountedVersion = { root: '/__before', texts: before.texts };
  const afterVersion: MountedVersion = { root: '/__after', texts: after.texts, sharedWith: new Map([...shared].map((f) => [f, `${beforeVersion.root}/${f}`])) };
  const roots = [
    ...[...before.entryFiles.values()].filter((f) => before.texts.has(f)).map((f) => `${beforeVersion.root}/${f}`),
    ...[...after.entryFiles.values()].filter((f) => after.texts.has(f)).map((f) => afterVersion.sharedWith?.get(f) ?? `${afterVersion.root}/${f}`),
  ];
  const memory = createMemoryProgram([beforeVersion, afterVersion], [...new Set(roots)], effective);
  const renderer = new SignatureRenderer(memory.checker);
  const old = extract(memory, beforeVersion, before.entryFiles, hidden, renderer);
  const now = extract(memory, afterVersion, after.entryFiles, hidden, renderer);

  const keyOf = (symbol: ts.Symbol) => memory.checker.getFullyQualifiedName(symbol).replace(/^"\/__(?:before|after)\//, '"');
  const typeKeys = (items: readonly Extracted[]) => new Set(items.filter((e) => e.item.tsKind === 'class' || e.item.tsKind === 'interface' || e.item.tsKind === 'type' || e.item.tsKind === 'enum').map((e) => keyOf(e.symbol)));
  const oldKeys = typeKeys(old);
  const pinned = new Set([...typeKeys(now)].filter((k) => oldKeys.has(k)));
  const comparator = new Comparator(memory.checker, pinned, keyOf, hidden, renderer);

  const pairKey = (e: Extracted) => `${e.space}\0${e.item.name}`;
  const oldByKey = new Map(old.map((e) => [pairKey(e), e]));
  const newKeys = new Set(now.map(pairKey));
  const added: TsApiItem[] = [];
  const changed: TsApiChange[] = [];
  for (const item of now) {
    const previous = oldByKey.get(pairKey(item));
    if (!previous) {
      added.push(item.item);
      continue;
    }
    let verdict: { breaking: boolean; reason: string } | undefined;
    try {
      verdict = comparator.compare(
        { kind: previous.item.tsKind, symbol: previous.symbol, signature: previous.item.signature },
        { kind: item.item.tsKind, symbol: item.symbol, signature: item.item.signature },
      );
    } catch {
      // Never seen, but a checker crash on one export must not lose the others: judge by the text.
      verdict = previous.item.signature === item.item.signature ? undefined : { breaking: true, reason: 'signature changed (could not be compared by type)' };
    }
    if (verdict) changed.push({ before: previous.item, after: item.item, kind: verdict.breaking ? 'changed-breaking' : 'changed-compatible', ...verdict });
  }
  const removed = old.filter((e) => !newKeys.has(pairKey(e))).map((e) => e.item);
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return { added: added.sort(byName), removed: removed.sort(byName), changed: changed.sort((a, b) => byName(a.after, b.after)) };
}

/** major: something removed or changed incompatibly; minor: something added or extended; patch: nothing. */
export function requiredBump(result: TsApiComparison): 'major' | 'minor' | 'patch' {
  if (result.removed.length || result.changed.some((c) => c.breaking)) return 'major';
  if (result.added.length || result.changed.length) return 'minor';
  return 'patch';
}

/** The comparison in model.ts's shape, for code that reports any interface diff. */
export function toInterfaceDiff(result: TsApiComparison): InterfaceDiff {
  return { added: result.added, removed: result.removed, changed: result.changed.map((c) => ({ before: c.before, after: c.after })) };
}

// ——— extraction ———

interface Extracted {
  readonly item: TsApiItem;
  /** The declared symbol (aliases resolved). */
  readonly symbol: ts.Symbol;
  readonly space: 'value' | 'type';
}

function hiddenTags(options: TsApiOptions): Set<string> {
  return new Set(['internal', ...(options.hiddenTags ?? []).map((t) => t.replace(/^@/, '').toLowerCase())]);
}

function extract(memory: MemoryProgram, version: MountedVersion, entryFiles: ReadonlyMap<string, string>, hidden: ReadonlySet<string>, renderer: SignatureRenderer): Extracted[] {
  const { program, checker } = memory;
  const lineIndexes = new Map<string, LineIndex>();
  const location = (declaration: ts.Node | undefined, fallbackFile: string): { file: string; range: InterfaceItem['range'] } => {
    const sourceFile = declaration?.getSourceFile();
    const workspace = sourceFile && memory.workspaceFile(sourceFile.fileName);
    if (!declaration || !sourceFile || !workspace) return { file: fallbackFile, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
    let lines = lineIndexes.get(workspace.file);
    if (!lines) lineIndexes.set(workspace.file, (lines = new LineIndex(workspace.text)));
    return { file: workspace.file, range: lines.rangeOf(declaration.getStart(sourceFile), declaration.end) };
  };

  const items: Extracted[] = [];
  for (const [subpath, file] of entryFiles) {
    const sourceFile = program.getSourceFile(memory.virtualPath(version, file));
    if (!sourceFile) continue;
    // A CommonJS JavaScript file (`module.exports = …`) is a module the checker has no location symbol for.
    const moduleSymbol = checker.getSymbolAtLocation(sourceFile) ?? (sourceFile as { symbol?: ts.Symbol }).symbol;
    if (!moduleSymbol) continue; // a script without imports or exports declares globals, not exports
    const prefix = subpath === '.' ? '' : `${subpath}#`;
    const visited = new Set<ts.Symbol>();

    const visit = (exported: ts.Symbol, path: string, depth: number, members = true) => {
      if (hasHiddenTag(exported, hidden)) return;
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (hasHiddenTag(target, hidden)) return;
      const declarations = target.declarations ?? [];
      const unresolved = !declarations.length;
      // Where it is declared; a whole module (`export * as ns from './x'`) is shown at the export instead.
      const declaration = declarations.find((d) => !ts.isSourceFile(d) && memory.workspaceFile(d.getSourceFile().fileName)) ?? exported.declarations?.[0];
      const where = location(declaration, file);
      for (const meaning of meaningsOf(target)) {
        let signature: string;
        try {
          signature = unresolved ? 'unresolved' : render(checker, renderer, target, meaning.kind, hidden);
        } catch {
          // A type the node builder cannot handle must not cost the rest of the API.
          signature = safeTypeString(checker, target);
        }
        items.push({
          symbol: target,
          space: meaning.space,
          item: { kind: KIND_MAP[meaning.kind], tsKind: meaning.kind, name: prefix + path, subpath, exportName: path, signature, ...where },
        });
      }
      if (members && !unresolved && hasNamespaceMembers(target) && !visited.has(target) && depth < 8) {
        visited.add(target);
        for (const member of sortedExports(checker, target)) visit(member, `${path}.${member.name}`, depth + 1);
      }
    };
    const exports = sortedExports(checker, moduleSymbol);
    for (const exported of exports) visit(exported, exported.name, 0);
    // `export = thing`: its members are the exports above; the thing itself is an item when it is more than
    // a bag of them (a function, a class, an enum, a callable value), as `module.exports = { a, b }` is not.
    const exportEquals = moduleSymbol.exports?.get(ts.InternalSymbolName.ExportEquals);
    if (exportEquals) {
      const target = exportEquals.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exportEquals) : exportEquals;
      const type = checker.getTypeOfSymbol(target);
      const callable = checker.getSignaturesOfType(type, ts.SignatureKind.Call).length > 0 || checker.getSignaturesOfType(type, ts.SignatureKind.Construct).length > 0;
      if (!exports.length || callable || target.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Function | ts.SymbolFlags.Enum)) visit(exportEquals, 'export=', 0, false);
    }
  }
  return items;
}

function safeTypeString(checker: ts.TypeChecker, symbol: ts.Symbol): string {
  try {
    return checker.typeToString(checker.getTypeOfSymbol(symbol), undefined, ts.TypeFormatFlags.NoTruncation);
  } catch {
    return 'unknown';
  }
}

function sortedExports(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol[] {
  let exports: ts.Symbol[];
  try {
    exports = checker.getExportsOfModule(symbol);
  } catch {
    exports = [];
  }
  return exports.filter((e) => e.name !== 'export=' && e.name !== 'prototype').sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function render(checker: ts.TypeChecker, renderer: SignatureRenderer, symbol: ts.Symbol, kind: TsApiKind, hidden: ReadonlySet<string>): string {
  switch (kind) {
    case 'function': {
      const type = checker.getTypeOfSymbol(symbol);
      return renderer.signatures(checker.getSignaturesOfType(type, ts.SignatureKind.Call));
    }
    case 'variable':
      return renderer.type(checker.getTypeOfSymbol(symbol));
    case 'class': {
      const staticType = checker.getTypeOfSymbol(symbol);
      const parts = [
        ...checker.getSignaturesOfType(staticType, ts.SignatureKind.Construct).map((s) => renderer.signature(s, ts.SyntaxKind.ConstructSignature)),
        ...membersOf(checker, checker.getDeclaredTypeOfSymbol(symbol), hidden).map((m) => memberText(checker, renderer, m)),
        ...membersOf(checker, staticType, hidden, true).map((m) => memberText(checker, renderer, m)),
      ];
      return `${isAbstractClass(symbol) ? 'abstract ' : ''}class${renderer.typeParameters(declaredTypeParameters(checker, symbol))} { ${parts.join('; ')} }`;
    }
    case 'interface': {
      const type = checker.getDeclaredTypeOfSymbol(symbol);
      const parts = [
        ...checker.getSignaturesOfType(type, ts.SignatureKind.Call).map((s) => renderer.signature(s)),
        ...checker.getSignaturesOfType(type, ts.SignatureKind.Construct).map((s) => renderer.signature(s, ts.SyntaxKind.ConstructSignature)),
        ...checker.getIndexInfosOfType(type).map((i) => renderer.indexSignature(i)),
        ...membersOf(checker, type, hidden).map((m) => memberText(checker, renderer, m)),
      ];
      return `interface${renderer.typeParameters(declaredTypeParameters(checker, symbol))} { ${parts.join('; ')} }`;
    }
    case 'type':
      return `type${renderer.typeParameters(declaredTypeParameters(checker, symbol))} = ${renderer.type(checker.getDeclaredTypeOfSymbol(symbol), ts.NodeBuilderFlags.InTypeAlias)}`;
    case 'enum': {
      const members = enumMembers(checker, symbol)
        .map((m) => `${m.name} = ${m.value === undefined ? '?' : JSON.stringify(m.value)}`)
        .sort();
      return `${isConstEnum(symbol) ? 'const ' : ''}enum { ${members.join(', ')} }`;
    }
    case 'namespace':
      return 'namespace';
  }
}

function memberText(checker: ts.TypeChecker, renderer: SignatureRenderer, member: MemberInfo): string {
  const modifiers = `${member.isStatic ? 'static ' : ''}${member.protected ? 'protected ' : ''}${member.abstract ? 'abstract ' : ''}${member.readonly && !member.method ? 'readonly ' : ''}`;
  const optional = member.optional ? '?' : '';
  if (member.method) {
    const signatures = checker.getSignaturesOfType(member.type, ts.SignatureKind.Call);
    if (signatures.length) return signatures.map((s) => `${modifiers}${member.name}${optional}${renderer.signature(s)}`).join('; ');
  }
  return `${modifiers}${member.name}${optional}: ${renderer.propertyType(member.type, member.optional)}`;
}
