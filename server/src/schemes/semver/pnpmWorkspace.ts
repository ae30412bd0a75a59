import { baseName } from '../../core/text';

// `pnpm-workspace.yaml`: only its top-level `packages:` list is read, a list of globs, quoted or not,
// `!` marking a negation. The small YAML subset that file uses is parsed here (no YAML library):
//
//     packages:            # a block sequence, indented or not
//       - 'packages/*'
//       - "apps/**"
//       - tools/cli        # plain scalars, comments after whitespace
//       - '!**/test/**'
//     packages: ['a/*', "b/*"]   # or a flow sequence, on one or more lines
//
// Anything else in the file (catalogs, settings) is skipped. An unquoted `!glob` would be a YAML tag; it
// is read as the negation it was meant to be. Linear in the file's length.

export function isPnpmWorkspaceFile(path: string): boolean {
  return baseName(path) === 'pnpm-workspace.yaml';
}

/** The `packages` globs, or undefined when the file has no top-level `packages` list. */
export function readPnpmWorkspace(text: string): string[] | undefined {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const key = /^(?:packages|"packages"|'packages')[ \t]*:(.*)$/.exec(lines[i]);
    if (!key) continue;
    const rest = stripComment(key[1]).trim();
    if (rest.startsWith('[')) {
      // A flow sequence, possibly continued over the next lines until its ']'.
      let flow = rest;
      for (let j = i + 1; !closesFlow(flow) && j < lines.length; j++) flow += ` ${stripComment(lines[j]).trim()}`;
      return splitFlow(flow);
    }
    if (rest !== '') return undefined;
    const globs: string[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j];
      if (/^\s*(#.*)?$/.test(line)) continue;
      const item = /^([ \t]*)-(?:[ \t]+(.*))?$/.exec(line);
      if (!item) break; // the next key (or something this subset does not read) ends the list
      const value = scalar(item[2] ?? '');
      if (value !== undefined && value !== '') globs.push(value);
    }
    return globs;
  }
  return undefined;
}

/** A plain, single- or double-quoted scalar, without a trailing comment. */
function scalar(raw: string): string | undefined {
  const text = raw.trim();
  if (text.startsWith("'")) {
    const match = /^'((?:[^']|'')*)'/.exec(text);
    return match ? match[1].replace(/''/g, "'") : undefined;
  }
  if (text.startsWith('"')) {
    const match = /^"((?:[^"\\]|\\.)*)"/.exec(text);
    return match ? match[1].replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t' })[c] ?? c) : undefined;
  }
  return stripComment(text).trim();
}

/** Removes a `#` comment (one that starts the text or follows whitespace, outside quotes). */
function stripComment(text: string): string {
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\t')) {
      return text.slice(0, i);
    }
  }
  return text;
}

function closesFlow(flow: string): boolean {
  let quote = '';
  for (const c of flow) {
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === "'" || c === '"') quote = c;
    else if (c === ']') return true;
  }
  return false;
}

function splitFlow(flow: string): string[] {
  const inner = flow.slice(1);
  const items: string[] = [];
  let current = '';
  let quote = '';
  for (const c of inner) {
    if (quote) {
      current += c;
      if (c === quote) quote = '';
    } else if (c === "'" || c === '"') {
      quote = c;
      current += c;
    } else if (c === ',' || c === ']') {
      const value = scalar(current);
      if (value) items.push(value);
      current = '';
      if (c === ']') break;
    } else {
      current += c;
    }
  }
  return items;
}
