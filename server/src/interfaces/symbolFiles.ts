/**
 * Exported-symbol lists a project keeps next to its library: libtool `-export-symbols` files (`.sym`, one
 * name per line), GNU ld version scripts (`.map`, `.vers`, `.ver`: `VERS_1 { global: a; b; local: *; };`)
 * and Windows module-definition files (`.def`: `EXPORTS` then one name per line). When a library has one,
 * it decides which declared functions and variables are part of its interface.
 */
export interface ExportedSymbols {
  /** Exact names exported. */
  readonly names: ReadonlySet<string>;
  /** Glob patterns from version scripts' `global:` sections (`xml*`). */
  readonly patterns: readonly RegExp[];
}

export type SymbolFileKind = 'symbols' | 'version-script' | 'module-definition';

export function symbolFileKind(path: string): SymbolFileKind | undefined {
  if (/\.(sym|syms|exp)$/i.test(path)) return 'symbols';
  if (/\.(map|vers|ver|version|lds)$/i.test(path)) return 'version-script';
  if (/\.def$/i.test(path)) return 'module-definition';
  return undefined;
}

export function readSymbolFile(kind: SymbolFileKind, text: string): ExportedSymbols {
  switch (kind) {
    case 'symbols':
      return { names: new Set(text.split(/\r?\n/).map((l) => l.replace(/#.*$/, '').trim()).filter((l) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(l))), patterns: [] };
    case 'module-definition':
      return readModuleDefinition(text);
    case 'version-script':
      return readVersionScript(text);
  }
}

function readModuleDefinition(text: string): ExportedSymbols {
  const names = new Set<string>();
  let inExports = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/;.*$/, '').trim();
    if (!line) continue;
    const section = /^(EXPORTS|IMPORTS|LIBRARY|NAME|DESCRIPTION|HEAPSIZE|STACKSIZE|SECTIONS|VERSION|STUB)\b/i.exec(line);
    if (section) {
      inExports = section[1].toUpperCase() === 'EXPORTS';
      const rest = line.slice(section[0].length).trim();
      if (inExports && rest) addDefExport(rest, names);
      continue;
    }
    if (inExports) addDefExport(line, names);
  }
  return { names, patterns: [] };
}

function addDefExport(line: string, names: Set<string>): void {
  // `name[=internal] [@ordinal] [NONAME] [DATA] [PRIVATE]`
  const match = /^([A-Za-z_][A-Za-z0-9_@?$]*)/.exec(line);
  if (match) names.add(match[1]);
}

function readVersionScript(text: string): ExportedSymbols {
  const names = new Set<string>();
  const patterns: RegExp[] = [];
  const code = blankBlockComments(text).replace(/#.*$/gm, ' ');
  let scope: 'global' | 'local' = 'global';
  // `VERS_1.0 {` opens a version node and `} VERS_1.0;` names its parent: those words are not symbols.
  const nodeNames = new Set<string>();
  // The name must start where a word starts: a match tried inside a long word is a quadratic scan.
  for (const match of code.matchAll(/(?<![A-Za-z0-9_.])([A-Za-z_][A-Za-z0-9_.]*)\s*\{/g)) nodeNames.add(match[1]);
  for (const match of code.matchAll(/\}\s*([A-Za-z_][A-Za-z0-9_.]*)\s*;/g)) nodeNames.add(match[1]);
  for (const token of code.split(/[\s;{}]+/)) {
    if (!token) continue;
    if (token === 'global:') scope = 'global';
    else if (token === 'local:') scope = 'local';
    else if (nodeNames.has(token)) scope = 'global'; // a new version node starts global
    else if (scope === 'global') {
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(token)) names.add(token);
      else if (/^[A-Za-z0-9_*?[\]]+$/.test(token)) patterns.push(globToRegExp(token));
    }
  }
  return { names, patterns };
}

function globToRegExp(glob: string): RegExp {
  try {
    return new RegExp(`^${glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  } catch {
    // An unbalanced `[` (`foo[`): fnmatch reads it as itself, and so does this.
    return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  }
}

/** `/* … *\/` comments replaced by a blank; linear (a lazy regular expression rescans the rest of the text after every unterminated `/*`). */
function blankBlockComments(text: string): string {
  const parts: string[] = [];
  let from = 0;
  for (let open = text.indexOf('/*'); open >= 0; open = text.indexOf('/*', from)) {
    const close = text.indexOf('*/', open + 2);
    if (close < 0) break; // unterminated: the rest stays as written
    parts.push(text.slice(from, open), ' ');
    from = close + 2;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

export function isExported(symbols: ExportedSymbols, name: string): boolean {
  return symbols.names.has(name) || symbols.patterns.some((p) => p.test(name));
}
