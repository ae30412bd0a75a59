// Tokenizes configure.ac-style text with the TextMate engine VS Code itself uses
// (vscode-textmate + vscode-oniguruma) against syntaxes/autoconf.tmLanguage.json, and
// checks language-configuration.json.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';

const GRAMMAR_FILE = path.join('syntaxes', 'autoconf.tmLanguage.json');
const LANGUAGE_CONFIGURATION_FILE = 'language-configuration.json';

/** The repository root: the first folder above `start` that holds package.json. */
function findRepoRoot(): string {
  // Compiled by `tsc -p .` this runs from out/test/unit/; when compiled elsewhere
  // (a temporary out dir) fall back to the working directory.
  for (const start of [__dirname, process.cwd()]) {
    let dir = path.resolve(start);
    for (;;) {
      if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, GRAMMAR_FILE))) {
        return dir;
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(`no folder with package.json and ${GRAMMAR_FILE} above ${__dirname} or ${process.cwd()}`);
}

const repoRoot = findRepoRoot();

interface Token {
  text: string;
  start: number;
  scopes: string[];
}

type Line = { text: string; tokens: Token[] };

let onigLib: Promise<vsctm.IOnigLib> | undefined;

function loadOnigLib(): Promise<vsctm.IOnigLib> {
  if (!onigLib) {
    const wasmPath = require.resolve('vscode-oniguruma/release/onig.wasm');
    const wasm = fs.readFileSync(wasmPath);
    const bytes = wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength);
    onigLib = oniguruma.loadWASM(bytes).then(() => ({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }));
  }
  return onigLib;
}

async function loadGrammar(configuration?: vsctm.IGrammarConfiguration): Promise<vsctm.IGrammar> {
  const registry = new vsctm.Registry({
    onigLib: loadOnigLib(),
    loadGrammar: async (scopeName) => {
      if (scopeName !== 'source.autoconf') return null;
      const file = path.join(repoRoot, GRAMMAR_FILE);
      return vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
  });
  const grammar = configuration
    ? await registry.loadGrammarWithConfiguration('source.autoconf', 1, configuration)
    : await registry.loadGrammar('source.autoconf');
  assert.ok(grammar, 'grammar source.autoconf did not load');
  return grammar;
}

let grammar: vsctm.IGrammar;

function tokenize(source: string): Line[] {
  const lines: Line[] = [];
  let state: vsctm.StateStack = vsctm.INITIAL;
  for (const text of source.split('\n')) {
    const result = grammar.tokenizeLine(text, state);
    state = result.ruleStack;
    lines.push({
      text,
      tokens: result.tokens.map((t) => ({
        text: text.slice(t.startIndex, t.endIndex),
        start: t.startIndex,
        scopes: t.scopes,
      })),
    });
  }
  return lines;
}

function dump(line: Line): string {
  return line.tokens.map((t) => `  ${JSON.stringify(t.text)}: ${t.scopes.slice(1).join(' ')}`).join('\n');
}

/** The `nth` token whose text is exactly `text`. */
function token(line: Line, text: string, nth = 0): Token {
  const found = line.tokens.filter((t) => t.text === text);
  assert.ok(found.length > nth, `no token ${JSON.stringify(text)} (#${nth}) in ${JSON.stringify(line.text)}:\n${dump(line)}`);
  return found[nth];
}

/** The token covering the first character of the `nth` occurrence of `text`. */
function tokenAt(line: Line, text: string, nth = 0): Token {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = line.text.indexOf(text, index + 1);
    assert.ok(index >= 0, `${JSON.stringify(text)} (#${nth}) not in ${JSON.stringify(line.text)}`);
  }
  const t = line.tokens.find((tok) => tok.start <= index && index < tok.start + tok.text.length);
  assert.ok(t, `no token at ${index} in ${JSON.stringify(line.text)}`);
  return t;
}

function hasScope(t: Token, scope: string): boolean {
  return t.scopes.some((s) => s === scope || s.startsWith(scope + '.'));
}

function assertScope(t: Token, scope: string): void {
  assert.ok(hasScope(t, scope), `${JSON.stringify(t.text)} should have ${scope}, has: ${t.scopes.join(' ')}`);
}

function assertNoScope(t: Token, scope: string): void {
  assert.ok(!hasScope(t, scope), `${JSON.stringify(t.text)} should not have ${scope}, has: ${t.scopes.join(' ')}`);
}

/** How many m4 quotes enclose the token. */
function quoteDepth(t: Token): number {
  return t.scopes.filter((s) => s === 'meta.quoted.m4.autoconf').length;
}

/** Asserts that everything from the comment start to the end of the line is comment. */
function assertCommentToEnd(line: Line, from: string, kind: 'dnl' | 'number-sign'): void {
  const start = line.text.indexOf(from);
  assert.ok(start >= 0, `${JSON.stringify(from)} not in ${JSON.stringify(line.text)}`);
  for (const t of line.tokens) {
    if (t.start + t.text.length <= start) continue;
    assertScope(t, `comment.line.${kind}.autoconf`);
  }
}

describe('autoconf TextMate grammar', function () {
  this.timeout(20000);

  before(async () => {
    grammar = await loadGrammar();
  });

  it('declares scopeName source.autoconf and every regex compiles with Oniguruma', async () => {
    const raw = JSON.parse(fs.readFileSync(path.join(repoRoot, GRAMMAR_FILE), 'utf8'));
    assert.equal(raw.scopeName, 'source.autoconf');
    await loadOnigLib();
    const regexes: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'match' || key === 'begin' || key === 'end') && typeof value === 'string') {
          // An end pattern may refer to the begin captures (\3); vscode-textmate substitutes
          // them before compiling, so do the same with a sample text.
          regexes.push(key === 'end' ? value.replace(/\\(\d)/g, 'EOF') : value);
        } else {
          walk(value);
        }
      }
    };
    walk(raw);
    assert.ok(regexes.length > 50, `only ${regexes.length} regexes found`);
    for (const re of regexes) {
      assert.doesNotThrow(() => new oniguruma.OnigScanner([re]), `regex does not compile: ${re}`);
    }
  });

  it('scopes a dnl comment line, and dnl after code, to the end of the line', () => {
    const [whole, after, glued, word] = tokenize(
      [
        "dnl Process this file with autoconf; it's [not] m4's business",
        'AC_PROG_CC dnl find the compiler (and the "flags")',
        'AC_SUBST([FOO])dnl',
        'foodnl = dnlx',
      ].join('\n'),
    );
    assertCommentToEnd(whole, 'dnl', 'dnl');
    assertScope(token(whole, 'dnl'), 'punctuation.definition.comment.dnl.autoconf');
    assert.equal(token(whole, 'dnl').scopes.length, 3, 'dnl at top level is not inside anything');

    assertScope(token(after, 'AC_PROG_CC'), 'support.function.autoconf');
    assertCommentToEnd(after, 'dnl', 'dnl');

    assertScope(token(glued, 'FOO'), 'variable.other.autoconf');
    assertScope(token(glued, 'dnl'), 'comment.line.dnl.autoconf');

    for (const t of word.tokens) assertNoScope(t, 'comment');
  });

  it('scopes # comments: to end of line outside quotes, up to the closing ] inside them', () => {
    const lines = tokenize(
      [
        '# Checks for programs. A [ here does not open an m4 quote',
        'AC_PROG_CC',
        'AS_IF([test $# -gt 0], [foo=1 # set foo], [bar=a#b])',
        'echo "#notacomment" ${#var}',
      ].join('\n'),
    );
    const [top, next, quoted, shell] = lines;
    assertCommentToEnd(top, '#', 'number-sign');
    assertScope(token(top, '#'), 'punctuation.definition.comment.autoconf');
    // The [ inside the comment was not counted: the next line is at top level.
    assert.equal(quoteDepth(token(next, 'AC_PROG_CC')), 0);
    assertScope(token(next, 'AC_PROG_CC'), 'support.function.autoconf');

    assertScope(tokenAt(quoted, '$#'), 'variable.language.special.autoconf');
    assertNoScope(tokenAt(quoted, '#', 0), 'comment');
    const comment = tokenAt(quoted, '# set foo');
    assertScope(comment, 'comment.line.number-sign.autoconf');
    assertScope(comment, 'meta.quoted.m4.autoconf');
    // The comment stops before the ] that closes the quote; what follows is code again.
    const close = tokenAt(quoted, '], [bar');
    assertNoScope(close, 'comment');
    assertScope(close, 'punctuation.definition.quote.end.m4.autoconf');
    assertScope(token(quoted, 'bar'), 'variable.other.assignment.autoconf');
    assertNoScope(tokenAt(quoted, '#b'), 'comment');

    assertNoScope(tokenAt(shell, '#notacomment'), 'comment');
    assertScope(tokenAt(shell, '#notacomment'), 'string.quoted.double.autoconf');
    assertNoScope(tokenAt(shell, '#var'), 'comment');
  });

  it('scopes AC_INIT([libfoo], [1.2.3])', () => {
    const [line] = tokenize('AC_INIT([libfoo], [1.2.3])');
    assertScope(token(line, 'AC_INIT'), 'support.function.autoconf');
    assertScope(token(line, '('), 'punctuation.section.parens.begin.autoconf');
    assertScope(token(line, ')'), 'punctuation.section.parens.end.autoconf');
    assertScope(token(line, '['), 'punctuation.definition.quote.begin.m4.autoconf');
    assertScope(token(line, ']'), 'punctuation.definition.quote.end.m4.autoconf');
    assertScope(token(line, ','), 'punctuation.separator.comma.autoconf');
    const name = token(line, 'libfoo');
    assertScope(name, 'string.quoted.m4.autoconf');
    assertScope(name, 'meta.quoted.m4.autoconf');
    const version = token(line, '1.2.3');
    assertScope(version, 'constant.numeric.version.autoconf');
    assertScope(version, 'string.quoted.m4.autoconf');
    assert.equal(quoteDepth(version), 1);
    assert.equal(quoteDepth(token(line, ')')), 0);
  });

  it('scopes m4_define([lt_current], [6]) and AC_DEFUN names', () => {
    const [define, defun, call] = tokenize(
      ['m4_define([lt_current], [6])', 'AC_DEFUN([AX_CHECK_FOO], [', '  MY_HELPER([x])])'].join('\n'),
    );
    assertScope(token(define, 'm4_define'), 'support.function.autoconf');
    const name = token(define, 'lt_current');
    assertScope(name, 'entity.name.function.macro.definition.autoconf');
    assertScope(name, 'meta.quoted.m4.autoconf');
    const six = token(define, '6');
    assertScope(six, 'constant.numeric.integer.autoconf');
    assertScope(six, 'string.quoted.m4.autoconf');

    assertScope(token(defun, 'AC_DEFUN'), 'support.function.autoconf');
    assertScope(token(defun, 'AX_CHECK_FOO'), 'entity.name.function.macro.definition.autoconf');
    // A macro outside the well-known families, called with (.
    assertScope(token(call, 'MY_HELPER'), 'entity.name.function.macro.autoconf');
  });

  it('scopes LT_CURRENT=6  # comment', () => {
    const [line] = tokenize('LT_CURRENT=6  # comment');
    const name = token(line, 'LT_CURRENT');
    assertScope(name, 'variable.other.assignment.autoconf');
    assertNoScope(name, 'support.function');
    assertScope(token(line, '='), 'keyword.operator.assignment.autoconf');
    assertScope(token(line, '6'), 'constant.numeric.integer.autoconf');
    assertCommentToEnd(line, '#', 'number-sign');
  });

  it('scopes LT_VERSION_INFO="$LT_CURRENT:$LT_REVISION:$LT_AGE"', () => {
    const [line] = tokenize('LT_VERSION_INFO="$LT_CURRENT:$LT_REVISION:$LT_AGE"');
    assertScope(token(line, 'LT_VERSION_INFO'), 'variable.other.assignment.autoconf');
    assertScope(token(line, '='), 'keyword.operator.assignment.autoconf');
    assertScope(token(line, '"', 0), 'punctuation.definition.string.begin.autoconf');
    assertScope(token(line, '"', 1), 'punctuation.definition.string.end.autoconf');
    for (const v of ['LT_CURRENT', 'LT_REVISION', 'LT_AGE']) {
      const t = token(line, v);
      assertScope(t, 'variable.other.autoconf');
      assertScope(t, 'string.quoted.double.autoconf');
    }
    assertScope(token(line, '$', 0), 'punctuation.definition.variable.autoconf');
    const colon = token(line, ':');
    assertScope(colon, 'string.quoted.double.autoconf');
    assertNoScope(colon, 'variable');
  });

  it('scopes AC_SUBST([LT_VERSION_INFO]) and friends: the argument is a name, not a macro', () => {
    const [quoted, bare, define, conditional] = tokenize(
      [
        'AC_SUBST([LT_VERSION_INFO])',
        'AC_SUBST(LT_AGE)',
        'AC_DEFINE([HAVE_FOO], [1], [Define if you have foo.])',
        'AM_CONDITIONAL([HAVE_FOO], [test "x$have_foo" = xyes])',
      ].join('\n'),
    );
    assertScope(token(quoted, 'AC_SUBST'), 'support.function.autoconf');
    const name = token(quoted, 'LT_VERSION_INFO');
    assertScope(name, 'variable.other.autoconf');
    assertScope(name, 'meta.quoted.m4.autoconf');
    assertNoScope(name, 'support.function');
    assertScope(token(quoted, '['), 'punctuation.definition.quote.begin.m4.autoconf');
    assertScope(token(quoted, ']'), 'punctuation.definition.quote.end.m4.autoconf');
    assertScope(token(bare, 'LT_AGE'), 'variable.other.autoconf');

    assertScope(token(define, 'HAVE_FOO'), 'constant.other.define.autoconf');
    const description = token(define, 'Define if you have foo.');
    assertScope(description, 'string.quoted.m4.autoconf');
    assertNoScope(description, 'keyword');

    assertScope(token(conditional, 'HAVE_FOO'), 'variable.other.conditional.autoconf');
    assertScope(token(conditional, 'test'), 'keyword.control.test.autoconf');
  });

  it('scopes -version-info 6:0:2 and bare C:R:A triples', () => {
    const [flag, triple, inString] = tokenize(
      ['libfoo_la_LDFLAGS = -version-info 6:0:2', 'm4_define([lt_info], [6:0:2])', 'LDFLAGS="$LDFLAGS -version-info 7:1:0"'].join(
        '\n',
      ),
    );
    assertScope(token(flag, '-version-info'), 'constant.other.option.autoconf');
    assertScope(token(flag, '6:0:2'), 'constant.numeric.version-info.autoconf');
    assertScope(token(triple, '6:0:2'), 'constant.numeric.version-info.autoconf');
    assertScope(token(inString, '7:1:0'), 'constant.numeric.version-info.autoconf');
    assertScope(token(inString, '7:1:0'), 'string.quoted.double.autoconf');
  });

  it('scopes @LT_VERSION_INFO@ substitutions and quadrigraphs', () => {
    const [line, quadri] = tokenize(['libfoo_la_LDFLAGS = -version-info @LT_VERSION_INFO@', 'echo "@<:@x@:>@"'].join('\n'));
    const name = token(line, 'LT_VERSION_INFO');
    assertScope(name, 'variable.other.substitution.autoconf');
    assertScope(token(line, '@', 0), 'punctuation.definition.variable.begin.autoconf');
    assertScope(token(line, '@', 1), 'punctuation.definition.variable.end.autoconf');
    assertScope(token(quadri, '@<:@'), 'constant.character.escape.quadrigraph.autoconf');
    assertScope(token(quadri, '@:>@'), 'constant.character.escape.quadrigraph.autoconf');
  });

  it('scopes if test "x$foo" = xyes; then ... fi', () => {
    const [head, body, elseLine, body2, tail] = tokenize(
      ['if test "x$foo" = xyes; then', '  AC_MSG_NOTICE([foo is on])', 'else', '  foo=no', 'fi'].join('\n'),
    );
    assertScope(token(head, 'if'), 'keyword.control.autoconf');
    assertScope(token(head, 'test'), 'keyword.control.test.autoconf');
    assertScope(token(head, 'x'), 'string.quoted.double.autoconf');
    assertScope(token(head, 'foo'), 'variable.other.autoconf');
    assertScope(token(head, '='), 'keyword.operator.comparison.autoconf');
    assertScope(token(head, ';'), 'punctuation.terminator.statement.autoconf');
    assertScope(token(head, 'then'), 'keyword.control.autoconf');
    assertScope(token(body, 'AC_MSG_NOTICE'), 'support.function.autoconf');
    const message = token(body, 'foo is on');
    assertScope(message, 'string.quoted.m4.autoconf');
    assertScope(token(elseLine, 'else'), 'keyword.control.autoconf');
    assertScope(token(body2, 'foo'), 'variable.other.assignment.autoconf');
    assertScope(token(tail, 'fi'), 'keyword.control.autoconf');
  });

  it('does not take prose for shell keywords', () => {
    const [checking, define, help] = tokenize(
      [
        'AC_MSG_CHECKING([for libfoo in $prefix])',
        'AC_DEFINE([USE_FOO], [1], [Define to 1 if you do not want bar.])',
        "AC_MSG_ERROR(can't find foo; try --with-foo=DIR)",
      ].join('\n'),
    );
    for (const line of [checking, define, help]) {
      for (const t of line.tokens) assertNoScope(t, 'keyword.control');
    }
    assertScope(tokenAt(checking, 'for libfoo'), 'meta.message.autoconf');
    assertScope(token(checking, 'prefix'), 'variable.other.autoconf');
    // An unquoted old-style message with an apostrophe stays a message and ends at ).
    assertScope(tokenAt(help, "can't"), 'string.unquoted.message.autoconf');
    assertScope(tokenAt(help, ')'), 'punctuation.section.parens.end.autoconf');
  });

  it('scopes shell constructs: $(( )), $( ), ${ }, backticks, single quotes, case', () => {
    const lines = tokenize(
      [
        'n=$(( LT_CURRENT - LT_AGE ))',
        'dir=$(dirname "$0") v=${foo:-bar} w=`uname -s`',
        "sed -e 's/[[0-9]]*//' conftest.out",
        'case $host_os in',
        '  *mingw* | *cygwin*)',
        '    win32=yes',
        '    ;;',
        '  *) win32=no ;;',
        'esac',
      ].join('\n'),
    );
    const [arith, subst, sed, caseHead, pattern, body, , other, esac] = lines;
    assertScope(token(arith, '$(('), 'punctuation.definition.arithmetic.begin.autoconf');
    assertScope(token(arith, 'LT_CURRENT'), 'variable.other.autoconf');
    assertScope(token(arith, '-'), 'keyword.operator.arithmetic.autoconf');
    assertScope(token(arith, '))'), 'punctuation.definition.arithmetic.end.autoconf');

    assertScope(token(subst, '$('), 'punctuation.definition.command-substitution.begin.autoconf');
    assertScope(tokenAt(subst, '0'), 'variable.parameter.positional.autoconf');
    assertScope(token(subst, 'foo'), 'variable.other.bracket.autoconf');
    assertScope(token(subst, ':-'), 'keyword.operator.expansion.autoconf');
    assertScope(tokenAt(subst, 'uname'), 'meta.command-substitution.backtick.autoconf');

    const s = tokenAt(sed, 's/');
    assertScope(s, 'string.quoted.single.autoconf');
    // m4 quotes inside the shell string are still nested quotes (m4 strips one level).
    assert.equal(quoteDepth(token(sed, '0-9')), 2);
    assertNoScope(tokenAt(sed, 'conftest.out'), 'string');

    assertScope(token(caseHead, 'case'), 'keyword.control.autoconf');
    assertScope(token(caseHead, 'in'), 'keyword.control.in.autoconf');
    assertScope(token(pattern, ')'), 'punctuation.definition.case-pattern.end.autoconf');
    assertScope(token(pattern, '|'), 'keyword.operator.alternation.autoconf');
    assertScope(token(body, 'win32'), 'variable.other.assignment.autoconf');
    assertScope(token(other, ')'), 'punctuation.definition.case-pattern.end.autoconf');
    assertScope(token(other, ';;'), 'punctuation.terminator.case-clause.autoconf');
    assertScope(token(esac, 'esac'), 'keyword.control.autoconf');
    assert.equal(esac.tokens.length, 1);
  });

  it('nests m4 quotes: [[a [b] c]]', () => {
    const [line, next] = tokenize('x=[[a [b] c]]\nAC_OUTPUT');
    const opens = line.tokens.filter((t) => t.text === '[');
    const closes = line.tokens.filter((t) => t.text === ']');
    assert.deepEqual(opens.map(quoteDepth), [1, 2, 3]);
    assert.deepEqual(closes.map(quoteDepth), [3, 2, 1]);
    for (const t of [...opens, ...closes]) assertScope(t, 'punctuation.definition.quote');
    assert.equal(quoteDepth(tokenAt(line, 'a ')), 2);
    assert.equal(quoteDepth(token(line, 'b')), 3);
    assert.equal(quoteDepth(tokenAt(line, ' c')), 2);
    // Balanced: the next line is back at top level.
    assert.equal(quoteDepth(token(next, 'AC_OUTPUT')), 0);
  });

  it('marks a stray ] at top level as invalid', () => {
    const [line] = tokenize('AC_PROG_CC])');
    assertScope(token(line, ']'), 'invalid.illegal.stray-close-quote.m4.autoconf');
  });

  describe('an unbalanced [ in a 50-line configure.ac', () => {
    function configureAc(brokenLine: string): string[] {
      const lines = ['dnl configure.ac with a mistake on line 3', 'AC_INIT([libfoo], [1.2.3])', brokenLine];
      while (lines.length < 49) {
        const n = lines.length + 1;
        switch (n % 5) {
          case 0:
            lines.push(`dnl comment ${n}: don't let it break [the rest`);
            break;
          case 1:
            lines.push(`# shell comment ${n}, it's "fine"`);
            break;
          case 2:
            lines.push(`AC_CHECK_FUNCS([func${n}])`);
            break;
          case 3:
            lines.push(`LT_CURRENT=${n}`);
            break;
          default:
            lines.push(`AS_IF([test "x$v${n}" = xyes], [AC_MSG_WARN([can't use v${n}])])`);
        }
      }
      lines.push('AC_OUTPUT');
      assert.equal(lines.length, 50);
      return lines;
    }

    const broken = configureAc('AC_CHECK_HEADERS([stdio.h string.h)');
    const fixed = configureAc('AC_CHECK_HEADERS([stdio.h string.h])');

    it('keeps the quote open as m4 does (the tokens say so), and the fixed file closes it', () => {
      const brokenLines = tokenize(broken.join('\n'));
      const fixedLines = tokenize(fixed.join('\n'));
      // m4 reads on to the end of the file looking for the ]: so does the grammar, which
      // is what makes the mistake visible (and what VS Code's bracket matching reports).
      assert.equal(quoteDepth(token(brokenLines[49], 'AC_OUTPUT')), 1);
      assert.equal(quoteDepth(token(fixedLines[49], 'AC_OUTPUT')), 0);
      assert.equal(quoteDepth(token(fixedLines[2], ')')), 0);
    });

    it('still scopes every later comment, macro and assignment', () => {
      const lines = tokenize(broken.join('\n'));
      for (let i = 3; i < 50; i++) {
        const line = lines[i];
        const text = line.text;
        // Nothing swallowed the line: no shell string or comment carried over from above.
        assertNoScope(line.tokens[0], 'string');
        if (!text.startsWith('dnl') && !text.startsWith('#')) assertNoScope(line.tokens[0], 'comment');
        if (text.startsWith('dnl')) {
          assertCommentToEnd(line, 'dnl', 'dnl');
        } else if (text.startsWith('#')) {
          assertCommentToEnd(line, '#', 'number-sign');
        } else if (text.startsWith('AC_CHECK_FUNCS')) {
          assertScope(token(line, 'AC_CHECK_FUNCS'), 'support.function.autoconf');
        } else if (text.startsWith('LT_CURRENT=')) {
          assertScope(token(line, 'LT_CURRENT'), 'variable.other.assignment.autoconf');
        } else if (text.startsWith('AS_IF')) {
          assertScope(token(line, 'AS_IF'), 'support.function.autoconf');
          assertScope(token(line, 'test'), 'keyword.control.test.autoconf');
          assertScope(tokenAt(line, "can't"), 'meta.message.autoconf');
        }
      }
      assertScope(token(lines[49], 'AC_OUTPUT'), 'support.function.autoconf');
    });

    it('is closed again by the next unmatched ], after which the file is at top level', () => {
      const lines = [...broken];
      lines[20] = 'dnl a stray ] in a dnl comment inside the runaway quote closes it';
      const tokens = tokenize(lines.join('\n'));
      assertScope(tokenAt(tokens[20], ']'), 'punctuation.definition.quote.end.m4.autoconf');
      assert.equal(quoteDepth(token(tokens[49], 'AC_OUTPUT')), 0);
      assert.equal(quoteDepth(token(tokens[21], 'AC_CHECK_FUNCS')), 0);
      // Line 26 is a # comment at top level again: it runs to the end of its line.
      assert.ok(tokens[25].text.startsWith('#'));
      assert.equal(quoteDepth(token(tokens[25], '#')), 0);
      assertCommentToEnd(tokens[25], '#', 'number-sign');
    });

    it('a stray apostrophe in top-level shell code ends at the end of its line', () => {
      const lines = tokenize(["echo don't", '# a comment', 'AC_OUTPUT'].join('\n'));
      assertScope(tokenAt(lines[0], "'t"), 'string.quoted.single.autoconf');
      assertCommentToEnd(lines[1], '#', 'number-sign');
      assertScope(token(lines[2], 'AC_OUTPUT'), 'support.function.autoconf');
    });
  });

  it('gives m4 quote brackets a plain token type so VS Code bracket matching sees them', async () => {
    // VS Code's defaults are balancedBracketScopes ['*'] and unbalancedBracketScopes [];
    // the second is what package.json's grammar contribution should set for this grammar.
    const configured = await loadGrammar({
      balancedBracketSelectors: ['*'],
      unbalancedBracketSelectors: ['punctuation.definition.case-pattern'],
    });
    const typeAndBalance = (text: string, needle: string, nth = 0) => {
      const result = configured.tokenizeLine2(text, vsctm.INITIAL);
      let index = -1;
      for (let i = 0; i <= nth; i++) index = text.indexOf(needle, index + 1);
      let metadata = 0;
      for (let i = 0; i < result.tokens.length; i += 2) {
        if (result.tokens[i] <= index) metadata = result.tokens[i + 1];
      }
      // vscode-textmate's EncodedTokenAttributes: token type in bits 8-9 (0 other,
      // 1 comment, 2 string), "contains balanced brackets" in bit 10.
      return { type: (metadata & 0x300) >>> 8, balanced: (metadata & 0x400) !== 0 };
    };
    const Other = 0;
    const Comment = 1;
    const StringType = 2;
    assert.equal(typeAndBalance('AC_INIT([libfoo], [1.2.3])', '[').type, Other);
    assert.equal(typeAndBalance('AC_INIT([libfoo], [1.2.3])', ']').type, Other);
    assert.equal(typeAndBalance('AC_INIT([libfoo], [1.2.3])', 'libfoo').type, StringType);
    assert.equal(typeAndBalance('AS_IF([test x], [foo=1])', '[', 1).type, Other);
    assert.equal(typeAndBalance('# see [1]', '[').type, Comment);
    // With the recommended unbalancedBracketScopes, case-pattern parens are left out of
    // bracket matching while the macro call parens are kept.
    assert.equal(typeAndBalance('case $x in *) y=1 ;; esac', ')').balanced, false);
    assert.equal(typeAndBalance('AC_OUTPUT(foo)', ')').balanced, true);
  });
});

describe('autoconf language-configuration.json', () => {
  // VS Code reads this file as JSONC, but it is kept to plain JSON so any parser reads it.
  const config = JSON.parse(fs.readFileSync(path.join(repoRoot, LANGUAGE_CONFIGURATION_FILE), 'utf8'));

  it('uses dnl as the line comment and has no block comment', () => {
    assert.deepEqual(config.comments, { lineComment: 'dnl' });
  });

  it('declares [ ], ( ), { } as brackets and auto-closes them and shell quotes', () => {
    assert.deepEqual(config.brackets, [
      ['[', ']'],
      ['(', ')'],
      ['{', '}'],
    ]);
    const pairs = new Map<string, { close: string; notIn?: string[] }>(
      config.autoClosingPairs.map((p: { open: string; close: string; notIn?: string[] }) => [p.open, p]),
    );
    for (const [open, close] of [
      ['[', ']'],
      ['(', ')'],
      ['{', '}'],
      ['"', '"'],
      ["'", "'"],
    ]) {
      assert.equal(pairs.get(open)?.close, close, `auto-closing pair for ${open}`);
    }
    // No auto-closed apostrophe while writing prose in a comment or a string.
    assert.deepEqual(pairs.get("'")?.notIn, ['string', 'comment']);
    const surrounding = config.surroundingPairs.map((p: string[]) => p.join(''));
    for (const p of ['[]', '()', '{}', '""', "''"]) assert.ok(surrounding.includes(p), `surrounding pair ${p}`);
  });

  it('has a word pattern that keeps C:R:A triples and identifiers whole', () => {
    const words = (text: string) => text.match(new RegExp(config.wordPattern, 'g')) ?? [];
    assert.ok(!new RegExp(config.wordPattern).test(''), 'word pattern must not match the empty string');
    assert.deepEqual(words('-version-info 6:0:2'), ['version', 'info', '6:0:2']);
    assert.deepEqual(words('m4_define([lt_current], [6])'), ['m4_define', 'lt_current', '6']);
    assert.deepEqual(words('"$LT_CURRENT:$LT_REVISION:$LT_AGE"'), ['LT_CURRENT', 'LT_REVISION', 'LT_AGE']);
    assert.deepEqual(words('AC_INIT([libfoo], [1.2.3])'), ['AC_INIT', 'libfoo', '1.2.3']);
  });

  it('indents after then/do/else/case-in/open brackets and outdents fi/done/esac/closers', () => {
    const rules = config.indentationRules;
    const increase = new RegExp(rules.increaseIndentPattern);
    const decrease = new RegExp(rules.decreaseIndentPattern);
    const unindented = new RegExp(rules.unIndentedLinePattern);
    for (const line of [
      'if test "x$foo" = xyes; then',
      '  elif test -n "$bar"; then  # comment',
      'else',
      'for f in $files; do',
      'case $host_os in',
      'case $host_os in #(',
      '  *-linux* | *-gnu*)',
      'AS_IF([test "x$foo" = xyes], [',
      'AS_IF([test x], [dnl',
      'AC_DEFUN([AX_FOO], [',
      'foo() {',
    ]) {
      assert.ok(increase.test(line), `should indent after: ${line}`);
    }
    for (const line of [
      'fi',
      '# if you want it, then',
      'dnl AS_IF([',
      'AC_CONFIG_FILES([Makefile])',
      'foo=1 # then',
      'AC_CHECK_LIB(m, cos,',
      '  have_m=yes, have_m=no)',
      '])',
      'LT_CURRENT=6',
    ]) {
      assert.ok(!increase.test(line), `should not indent after: ${line}`);
    }
    for (const line of ['fi', '  done', 'esac', 'else', 'elif test x; then', '])', '], [', '}', ')']) {
      assert.ok(decrease.test(line), `should outdent: ${line}`);
    }
    for (const line of ['if test x; then', 'AC_PROG_CC', 'fine=1', 'finish']) {
      assert.ok(!decrease.test(line), `should not outdent: ${line}`);
    }
    assert.ok(unindented.test('dnl a comment'));
    assert.ok(unindented.test('  # a comment'));
    assert.ok(!unindented.test('AC_PROG_CC'));
    const outdentAfterCaseClause = config.onEnterRules.find(
      (r: { beforeText: string; action: { indent: string } }) => new RegExp(r.beforeText).test('    ;;'),
    );
    assert.equal(outdentAfterCaseClause?.action.indent, 'outdent');
  });
});
