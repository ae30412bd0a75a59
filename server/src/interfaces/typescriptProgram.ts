import * as ts from 'typescript';
import { joinPath } from '../core/text';
import { isCodeFile } from './typescriptFiles';

export { CODE_EXTENSIONS, isCodeFile, isDeclarationFile } from './typescriptFiles';

/**
 * A `ts.Program` over files held in memory, for reading a package's public API with the real checker.
 *
 * - Files come only from the maps the caller passes (workspace-relative paths), mounted under a virtual
 *   root per version (`/__api/…`, or `/__before/…` and `/__after/…` when two versions share one program).
 * - Module resolution is relative-only (`./x`, `../y/z.js`), against those maps: TypeScript's own
 *   `.js`→`.ts`/`.d.ts` mapping, `index` files, `.mjs`/`.cjs` twins. Bare specifiers (`node:fs`, other
 *   packages) stay unresolved: what comes from them has an error type, which the checker treats as `any`.
 * - The standard library: the real `lib.*.d.ts` texts, read by a function the caller passes in (the one
 *   disk read the analysis needs, done by the front end, not here). Parsed lib files are cached per reader
 *   and reused by every later program: parsing lib.es2023 costs ~150-250 ms once. Without a reader the
 *   program runs with `noLib` and a small stub of the global types the checker insists on.
 * - Nothing is emitted and no diagnostics are asked for: the checker resolves only the types we ask about.
 */
export type LibReader = (fileName: string) => string | undefined;

export interface TsProgramOptions {
  /** Reads `lib.es2023.d.ts` and the libs it references, by file name (`lib.es5.d.ts`…). */
  readonly readLibFile?: LibReader;
  /** Lib file names to start from; default `['lib.es2023.d.ts']`. */
  readonly lib?: readonly string[];
}

export const LIB_ROOT = '/__lib';
const STUB_LIB = `${LIB_ROOT}/versionwise-nolib.d.ts`;
/** With `noLib`, the checker still wants these global types; declaring them keeps `string[]` and `Promise<T>` printable. */
const STUB_LIB_TEXT = `
interface Array<T> { length: number; [n: number]: T; }
interface ReadonlyArray<T> { readonly length: number; readonly [n: number]: T; }
interface Boolean {} interface Function {} interface CallableFunction extends Function {} interface NewableFunction extends Function {}
interface IArguments {} interface Number {} interface Object {} interface RegExp {} interface String {} interface Symbol {}
interface TemplateStringsArray extends ReadonlyArray<string> { readonly raw: readonly string[]; }
interface PromiseLike<T> { then<A = T, B = never>(f?: (value: T) => A | PromiseLike<A>, r?: (reason: any) => B | PromiseLike<B>): PromiseLike<A | B>; }
interface Promise<T> { then<A = T, B = never>(f?: (value: T) => A | PromiseLike<A>, r?: (reason: any) => B | PromiseLike<B>): Promise<A | B>; }
interface Map<K, V> { get(key: K): V | undefined; set(key: K, value: V): this; } interface ReadonlyMap<K, V> { get(key: K): V | undefined; }
interface Set<T> { has(value: T): boolean; add(value: T): this; } interface ReadonlySet<T> { has(value: T): boolean; }
interface Error { name: string; message: string; }
type PropertyKey = string | number | symbol;
type Partial<T> = { [P in keyof T]?: T[P] }; type Required<T> = { [P in keyof T]-?: T[P] }; type Readonly<T> = { readonly [P in keyof T]: T[P] };
type Pick<T, K extends keyof T> = { [P in K]: T[P] }; type Record<K extends keyof any, T> = { [P in K]: T };
type Exclude<T, U> = T extends U ? never : T; type Extract<T, U> = T extends U ? T : never; type Omit<T, K extends keyof any> = Pick<T, Exclude<keyof T, K>>;
type NonNullable<T> = T & {}; type ReturnType<T extends (...args: any) => any> = T extends (...args: any) => infer R ? R : any;
type Parameters<T extends (...args: any) => any> = T extends (...args: infer P) => any ? P : never;
type Awaited<T> = T extends PromiseLike<infer U> ? Awaited<U> : T;
`;

/** The extension TypeScript must be told a resolved module has. */
function extensionOf(path: string): ts.Extension {
  if (path.endsWith('.d.ts')) return ts.Extension.Dts;
  if (path.endsWith('.d.mts')) return ts.Extension.Dmts;
  if (path.endsWith('.d.cts')) return ts.Extension.Dcts;
  if (path.endsWith('.tsx')) return ts.Extension.Tsx;
  if (path.endsWith('.mts')) return ts.Extension.Mts;
  if (path.endsWith('.cts')) return ts.Extension.Cts;
  if (path.endsWith('.ts')) return ts.Extension.Ts;
  if (path.endsWith('.jsx')) return ts.Extension.Jsx;
  if (path.endsWith('.mjs')) return ts.Extension.Mjs;
  if (path.endsWith('.cjs')) return ts.Extension.Cjs;
  return ts.Extension.Js;
}

/**
 * The workspace-relative files a relative specifier may name, in TypeScript's order: `./a.js` is
 * `./a.ts`, `./a.tsx`, `./a.d.ts`, then `./a.js`; `./a` adds the extensions and `./a/index.*`.
 */
export function moduleCandidates(containingFile: string, specifier: string): string[] {
  const slash = containingFile.lastIndexOf('/');
  const base = joinPath(slash < 0 ? '' : containingFile.slice(0, slash), specifier);
  const swap = (from: string, to: string[]) => to.map((ext) => base.slice(0, -from.length) + ext);
  if (specifier.endsWith('.js')) return [...swap('.js', ['.ts', '.tsx', '.d.ts']), base];
  if (specifier.endsWith('.jsx')) return [...swap('.jsx', ['.tsx', '.d.ts']), base];
  if (specifier.endsWith('.mjs')) return [...swap('.mjs', ['.mts', '.d.mts']), base];
  if (specifier.endsWith('.cjs')) return [...swap('.cjs', ['.cts', '.d.cts']), base];
  if (isCodeFile(specifier)) return [base];
  const extensions = ['.ts', '.tsx', '.d.ts', '.js', '.jsx'];
  return [...extensions.map((ext) => base + ext), ...extensions.map((ext) => `${base}/index${ext}`)];
}

export function isRelativeSpecifier(specifier: string): boolean {
  return specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');
}

/** One version of a package mounted in the program. */
export interface MountedVersion {
  /** `/__api`, `/__before`, `/__after`. */
  readonly root: string;
  /** Workspace-relative path → text. */
  readonly texts: ReadonlyMap<string, string>;
  /**
   * Files this version shares with another mounted version (same text and same resolved imports, all
   * the way down), by workspace path → the virtual path they are mounted at. Shared files are parsed and
   * checked once, and their declarations are the same symbols in both versions.
   */
  readonly sharedWith?: ReadonlyMap<string, string>;
}

export interface MemoryProgram {
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  /** The virtual path of a version's workspace file (its shared location when it is shared). */
  virtualPath(version: MountedVersion, file: string): string;
  /** The workspace path and version text of a virtual file, undefined for lib files. */
  workspaceFile(virtualPath: string): { readonly file: string; readonly text: string } | undefined;
}

const libCache = new WeakMap<LibReader, Map<string, ts.SourceFile | null>>();
const noLibStubs = new Map<ts.ScriptTarget, ts.SourceFile>();

export const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowJs: true,
  checkJs: false,
  maxNodeModuleJsDepth: 0,
  jsx: ts.JsxEmit.Preserve,
  // strictNullChecks and strictFunctionTypes are what make "is the new type assignable to the old" mean
  // something: without them `string | undefined` is `string` and parameters are compared both ways.
  strict: true,
  skipLibCheck: true,
  skipDefaultLibCheck: true,
  types: [],
  noEmit: true,
  allowImportingTsExtensions: true,
  esModuleInterop: true,
  allowSyntheticDefaultImports: true,
  resolveJsonModule: false,
  libReplacement: false,
};

export function createMemoryProgram(versions: readonly MountedVersion[], rootFiles: readonly string[], options: TsProgramOptions = {}): MemoryProgram {
  const byVirtualPath = new Map<string, { version: MountedVersion; file: string; text: string }>();
  for (const version of versions) {
    for (const [file, text] of version.texts) {
      if (!isCodeFile(file)) continue;
      // A shared file is loaded from its shared location; it is also known at its own path only for
      // `/// <reference path>` from a changed file, which the program resolves by path, not through us.
      byVirtualPath.set(`${version.root}/${file}`, { version, file, text });
    }
  }
  const versionOf = (virtualPath: string) => versions.find((v) => virtualPath.startsWith(`${v.root}/`));
  const virtualPath = (version: MountedVersion, file: string) => version.sharedWith?.get(file) ?? `${version.root}/${file}`;

  const readLibFile = options.readLibFile;
  const libFiles = readLibFile ? libCache.get(readLibFile) ?? new Map<string, ts.SourceFile | null>() : undefined;
  if (readLibFile && libFiles && !libCache.has(readLibFile)) libCache.set(readLibFile, libFiles);
  const compilerOptions: ts.CompilerOptions = readLibFile
    ? { ...COMPILER_OPTIONS, lib: [...(options.lib ?? ['lib.es2023.d.ts'])] }
    : { ...COMPILER_OPTIONS, noLib: true };

  const libSourceFile = (fileName: string, languageVersion: ts.ScriptTarget | ts.CreateSourceFileOptions): ts.SourceFile | undefined => {
    const name = fileName.slice(LIB_ROOT.length + 1);
    if (fileName === STUB_LIB) {
      const target = typeof languageVersion === 'object' ? languageVersion.languageVersion : languageVersion;
      let stub = noLibStubs.get(target);
      if (!stub) noLibStubs.set(target, (stub = ts.createSourceFile(STUB_LIB, STUB_LIB_TEXT, languageVersion)));
      return stub;
    }
    if (!readLibFile || !libFiles || name.includes('/')) return undefined;
    // Lib files are global scripts whose parse does not depend on the importing program: one parse each,
    // shared by every program built with the same reader (the language service does the same).
    const cached = libFiles.get(name);
    if (cached !== undefined) return cached ?? undefined;
    let text: string | undefined;
    try {
      text = readLibFile(name);
    } catch {
      text = undefined;
    }
    const sourceFile = text === undefined ? null : ts.createSourceFile(fileName, text, languageVersion);
    libFiles.set(name, sourceFile);
    return sourceFile ?? undefined;
  };

  const resolve = (specifier: string, containingFile: string): string | undefined => {
    if (!isRelativeSpecifier(specifier)) return undefined;
    const version = versionOf(containingFile);
    if (!version) return undefined;
    const file = containingFile.slice(version.root.length + 1);
    for (const candidate of moduleCandidates(file, specifier)) {
      if (version.texts.has(candidate)) return virtualPath(version, candidate);
    }
    return undefined;
  };

  const host: ts.CompilerHost = {
    getSourceFile(fileName, languageVersion) {
      if (fileName.startsWith(`${LIB_ROOT}/`)) return libSourceFile(fileName, languageVersion);
      const entry = byVirtualPath.get(fileName);
      return entry ? ts.createSourceFile(fileName, entry.text, languageVersion, false, scriptKind(fileName)) : undefined;
    },
    getDefaultLibFileName: (o) => `${LIB_ROOT}/${ts.getDefaultLibFileName(o)}`,
    getDefaultLibLocation: () => LIB_ROOT,
    writeFile: () => undefined,
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (fileName) => fileName,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (fileName) => byVirtualPath.has(fileName) || (fileName.startsWith(`${LIB_ROOT}/`) && libSourceFile(fileName, ts.ScriptTarget.ES2022) !== undefined),
    readFile: (fileName) => byVirtualPath.get(fileName)?.text,
    directoryExists: () => true,
    getDirectories: () => [],
    realpath: (fileName) => fileName,
    resolveModuleNameLiterals(moduleLiterals, containingFile) {
      return moduleLiterals.map((literal) => {
        const resolved = resolve(literal.text, containingFile);
        return { resolvedModule: resolved ? { resolvedFileName: resolved, extension: extensionOf(resolved), isExternalLibraryImport: false } : undefined };
      });
    },
    // `/// <reference types="node" />` and friends: no @types here (`types: []`), never resolved.
    resolveTypeReferenceDirectiveReferences(typeDirectiveReferences) {
      return typeDirectiveReferences.map(() => ({ resolvedTypeReferenceDirective: undefined }));
    },
  };

  const roots = readLibFile ? [...rootFiles] : [STUB_LIB, ...rootFiles];
  const program = ts.createProgram({ rootNames: roots, options: compilerOptions, host });
  return {
    program,
    checker: program.getTypeChecker(),
    virtualPath,
    workspaceFile(path) {
      const entry = byVirtualPath.get(path);
      return entry ? { file: entry.file, text: entry.text } : undefined;
    },
  };
}

function scriptKind(fileName: string): ts.ScriptKind {
  if (fileName.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (fileName.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[mc]?js$/.test(fileName)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/**
 * Which files two versions can share in one program: the same text at the same path, and every relative
 * import they make resolves to the same path in both versions and to a shared file (a fixpoint: a file
 * whose dependency changed is not shared, nor is anything that imports it). Found with the scanner-only
 * `ts.preProcessFile`, without parsing. JavaScript files that mention `import(` are never shared: a JSDoc
 * `import("./x")` type is invisible to the pre-processor.
 */
export function sharedFiles(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): Set<string> {
  const candidates = new Set<string>();
  for (const [file, text] of after) {
    if (!isCodeFile(file) || before.get(file) !== text) continue;
    if (/\.[mc]?jsx?$/.test(file) && text.includes('import(')) continue;
    candidates.add(file);
  }
  const dependencies = new Map<string, { before: (string | undefined)[]; after: (string | undefined)[] }>();
  const resolveIn = (texts: ReadonlyMap<string, string>, file: string, specifier: string) => moduleCandidates(file, specifier).find((c) => texts.has(c));
  for (const file of candidates) {
    const info = ts.preProcessFile(after.get(file)!, true, true);
    const specifiers = [...info.importedFiles.map((f) => f.fileName).filter(isRelativeSpecifier), ...info.referencedFiles.map((f) => (isRelativeSpecifier(f.fileName) ? f.fileName : `./${f.fileName}`))];
    dependencies.set(file, { before: specifiers.map((s) => resolveIn(before, file, s)), after: specifiers.map((s) => resolveIn(after, file, s)) });
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (const file of candidates) {
      const deps = dependencies.get(file)!;
      const ok = deps.after.every((dep, i) => dep === deps.before[i] && (dep === undefined || candidates.has(dep)));
      if (!ok) {
        candidates.delete(file);
        changed = true;
      }
    }
  }
  return candidates;
}
