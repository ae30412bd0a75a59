import { dirName } from '../../core/text';
import { LocatedText, LocatedTextBuilder } from '../../sources/locatedText';
import { writtenFromLocated, type ReleaseSite } from './site';

/**
 * RPM `*.spec` files: the first `Version:` tag of the preamble, with `%{name}`, `%name` and `%{?name}`
 * macros followed to the `%global`/`%define` lines of the same spec (`%global version 1.2.3` …
 * `Version: %{version}`, or a version assembled from `%{major}.%{minor}`). Macros defined elsewhere
 * (rpmbuild's, the distribution's) and `%(shell)` / `%{lua:…}` make the value computed. The Fedora
 * pre-release `1.2.3~rc1` is the pre-release `1.2.3rc1`. Version holds no epoch or release (those are the
 * `Epoch:` and `Release:` tags), so it is compared whole.
 */
interface MacroDefinition {
  readonly name: string;
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

const MAX_DEPTH = 16;
const MAX_EXPANSIONS = 10000;
const MAX_VALUE_LENGTH = 4096;

export function rpmSite(path: string, text: string, home: string): ReleaseSite | undefined {
  const definitions: MacroDefinition[] = [];
  let version: { start: number; end: number; line: number } | undefined;
  let name: { start: number; end: number; line: number } | undefined;
  const lineRe = /[^\r\n]*(?:\r\n|\r|\n|$)/g;
  let line = 0;
  for (let match = lineRe.exec(text); match && match[0] !== ''; match = lineRe.exec(text), line++) {
    const start = match.index;
    const content = match[0].replace(/[\r\n]+$/, '');
    if (/^%changelog\b/.test(content)) break;
    // Preamble tags and macro definitions are short lines; a huge line is not worth a regex.
    if (content.length > 4096) continue;
    const definition = /^[ \t]*%(?:global|define)[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]+(.*?)[ \t]*$/d.exec(content);
    if (definition) {
      const [valueStart, valueEnd] = definition.indices![2];
      definitions.push({ name: definition[1], line, start: start + valueStart, end: start + valueEnd });
      continue;
    }
    const tag = /^(Version|Name)[ \t]*:[ \t]*(.*?)[ \t]*$/di.exec(content);
    if (tag && tag[2]) {
      const [valueStart, valueEnd] = tag.indices![2];
      const found = { start: start + valueStart, end: start + valueEnd, line };
      if (tag[1].toLowerCase() === 'version') version ??= found;
      else name ??= found;
    }
  }
  if (!version) return undefined;
  const budget = { expansions: 0 };
  const expand = (span: { start: number; end: number; line: number }, depth: number): LocatedText => evaluate(path, text, span, definitions, depth, budget);
  const value = expand(version, 0);
  const packageName = name ? expand(name, 0) : undefined;
  const base = {
    kind: 'rpm' as const,
    file: path,
    home,
    label: 'RPM spec Version:',
    packageName: packageName && !packageName.computed ? packageName.text : undefined,
    comparison: 'exact' as const,
  };
  const computed = value.computed;
  if (computed) return { ...base, computed: { reason: computed.reason, span: computed.span } };
  const written = writtenFromLocated(value, 'tilde');
  return written ? { ...base, written } : undefined;
}

function evaluate(path: string, text: string, span: { start: number; end: number; line: number }, definitions: readonly MacroDefinition[], depth: number, budget: { expansions: number }): LocatedText {
  const out = new LocatedTextBuilder();
  let i = span.start;
  const computed = (end: number, reason: string) => {
    out.computed(reason, { file: path, start: i, end });
    i = end;
  };
  while (i < span.end) {
    const c = text[i];
    if (c !== '%') {
      out.text(c, { file: path, offset: i });
      i++;
      continue;
    }
    if (text[i + 1] === '%') {
      out.text('%', { file: path, offset: i + 1 });
      i += 2;
      continue;
    }
    const braced = /^%\{(\?|!\?)?([A-Za-z_][A-Za-z0-9_]*)\}/.exec(text.slice(i, span.end));
    const bare = braced ? null : /^%([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i, span.end));
    const macro = braced?.[2] ?? bare?.[1];
    if (!macro) {
      // %(shell), %{lua:…}, %{?name:value}, %[expr]: evaluated by rpmbuild.
      const open = text[i + 1];
      const close = open === '(' ? ')' : open === '{' ? '}' : open === '[' ? ']' : undefined;
      let end = i + 2;
      if (close) {
        let depthCount = 0;
        for (let k = i + 1; k < span.end; k++) {
          if (text[k] === open) depthCount++;
          else if (text[k] === close && --depthCount === 0) {
            end = k + 1;
            break;
          }
        }
      }
      computed(Math.min(end, span.end), `the RPM expression \`${text.slice(i, Math.min(end, span.end))}\`, which rpmbuild evaluates`);
      continue;
    }
    const whole = (braced ?? bare)![0];
    if (braced?.[1] === '!?') {
      // %{!?name} expands to nothing whether or not name is defined.
      i += whole.length;
      continue;
    }
    // The last definition above the use counts (definitions are expanded when used, as rpm does for %define).
    const candidates = definitions.filter((d) => d.name === macro && d.line < span.line);
    const definition = candidates[candidates.length - 1] ?? definitions.filter((d) => d.name === macro).pop();
    if (definition && !(definition.start < span.end && span.start < definition.end)) {
      // Bounded: nesting depth, expansions per spec and length (`%global a %{b}%{b}` doubling cannot explode).
      if (depth >= MAX_DEPTH || ++budget.expansions > MAX_EXPANSIONS) {
        computed(i + whole.length, `the RPM macro \`${whole}\` nests too deeply to be followed`);
        continue;
      }
      const value = evaluate(path, text, { start: definition.start, end: definition.end, line: definition.line }, definitions, depth + 1, budget);
      if (value.text.length > MAX_VALUE_LENGTH) computed(i + whole.length, `the RPM macro \`${whole}\` is too long to be a version`);
      else {
        out.append(value);
        i += whole.length;
      }
      continue;
    }
    // Not defined here (even %{?name}, empty only if nothing else defines it): rpmbuild or the distribution may.
    computed(i + whole.length, `the RPM macro \`${whole}\`, which is not defined in this spec file (rpmbuild or the distribution defines it)`);
  }
  return out.build();
}

/** Where a spec file's package lives: the nearest directory above it that holds another release site. */
export function specHome(path: string, homes: ReadonlySet<string>): string {
  for (let dir = dirName(path); ; dir = dirName(dir)) {
    if (homes.has(dir)) return dir;
    if (dir === '') return dirName(path);
  }
}
