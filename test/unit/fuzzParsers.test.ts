import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import * as semver from 'semver';
import { CONFIG_FILE, readProjectConfig } from '../../server/src/core/projectConfig';
import { LineIndex, type Range } from '../../server/src/core/text';
import { decoratorMacros, blankDecorations, definedMacros, extractCInterface, normalise, type CParser } from '../../server/src/interfaces/cHeaders';
import { isExported, readSymbolFile, symbolFileKind, type SymbolFileKind } from '../../server/src/interfaces/symbolFiles';
import { loadCParser } from '../../server/src/node/treeSitterC';
import { parseFirmwareName, formatName, FAMILIES, type FamilyId, type FieldName, type NameSpec } from '../../server/src/schemes/firmware/names';
import { parseWhence } from '../../server/src/schemes/firmware/whence';
import { findDriverRequests } from '../../server/src/schemes/firmware/drivers';
import { bashArithmeticOperand, parseVersion, splitFields, tripleOf, type LibtoolDialect } from '../../server/src/schemes/libtool/versionInfo';
import { parseDescription, parseSysfsType } from '../../server/src/schemes/migration/description';
import { alternatives, featureSet, parseMigrationVersion, parseRanges } from '../../server/src/schemes/migration/semver';
import { comparePmixVersions, formatPmixVersion, parsePackagedVersion, parsePmixVersion, parseQuantifier, parseSnapshotName } from '../../server/src/schemes/pmix/versions';
import { readPmixVersionFile } from '../../server/src/schemes/pmix/versionFile';
import { compareReleaseVersions, parseReleaseVersion, renderVersion, type Dialect } from '../../server/src/schemes/release/version';
import { parseSemver } from '../../server/src/schemes/semver/validate';
import { parsePackageJson } from '../../server/src/schemes/semver/packageJson';
import { compareVmodVersions, parseVmodName, parseVersionPart, type Part } from '../../server/src/schemes/vmod/names';
import { findShellAssignments, readAutoconf } from '../../server/src/sources/autoconf';
import { readAutomake, variableAlternatives } from '../../server/src/sources/automake';
import { readKeyValueFile, significantLine } from '../../server/src/sources/sideFiles';
import { blankAutoconfComments, blankMakeComments, findMacroCalls, parseMacroArguments, reblankAutoconfComments, scanShellWord, skipBalanced, unquoteSpan } from '../../server/src/sources/scanning';
import { anyText, check, formatText, timeoutFor, tokenText } from './fuzzSupport';

/**
 * Property-based tests of every parser and version scheme, with a fixed seed (fuzzSupport.ts): no input
 * throws, every input finishes in bounded time, every offset a parser returns lies inside its input, and
 * valid versions round-trip (parse → print → parse gives the same fields).
 */

const inText = (text: string, start: number, end: number) => Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= text.length;
const identifier = fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/);
const decimal = (max: number) => fc.integer({ min: 0, max }).map(String);

// ---------------------------------------------------------------------------------------------------------
// libtool -version-info / -version-number

describe('fuzz: libtool version-info parser', function () {
  this.timeout(timeoutFor(60_000));
  const dialect = fc.constantFrom<LibtoolDialect>('2.4', '2.6');
  const versionText = formatText(['7:2:3', '3:0:4', '1:0', '0', '007:1:0', '1:2:1:', '-1:0:0', '99999:0:0', '100000:0:0', '08:09'], ['0', '1', '9', ':', '00', '-', '+', '0x1f', '08', '$(A)', ' ', 'abc', '99999', '1234567890123456789']);

  it('never throws; fields lie in the text; a valid parse is a valid C:R:A', () => {
    check('libtool: parseVersion never throws', 9000, [fc.constantFrom('version-info' as const, 'version-number' as const), versionText, dialect], (flag, text, d) => {
      const parsed = parseVersion(flag, text, d);
      assert.equal(parsed.text, text);
      for (const field of parsed.written) if (field.start !== undefined) assert.equal(text.slice(field.start, field.end), field.text);
      if (!parsed.error) {
        assert.ok(Number.isSafeInteger(parsed.current) && Number.isSafeInteger(parsed.age), 'numbers');
        assert.ok(parsed.age! <= parsed.current!, 'AGE <= CURRENT');
        assert.match(parsed.revision!, /^(0|[1-9][0-9]*)$/);
        assert.ok(tripleOf(parsed));
      } else assert.equal(tripleOf(parsed), undefined);
    });
  });

  it('splitting on `:` keeps every character (one trailing `:` ends the last field)', () => {
    check('libtool: splitFields is lossless', 6000, [versionText], (text) => {
      const fields = splitFields(text);
      assert.equal(fields.map((f) => f.text).join(':') + (text.endsWith(':') && text !== '' ? ':' : ''), text);
    });
  });

  it('shell arithmetic operands never throw', () => {
    check('libtool: bashArithmeticOperand never throws', 6000, [fc.oneof(versionText, anyText(20))], (token) => {
      const result = bashArithmeticOperand(token);
      assert.ok('value' in result ? Number.isFinite(result.value) || /^[+-]?[0-9]{300,}$/.test(token) : typeof result.error === 'string');
    });
  });

  it('valid C:R:A round-trip: parse → print → parse gives the same fields', () => {
    const triple = fc.integer({ min: 0, max: 99_999 }).chain((current) => fc.tuple(fc.constant(current), fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: current })));
    check('libtool: C:R:A round-trip', 9000, [triple, dialect], ([c, r, a], d) => {
      const text = `${c}:${r}:${a}`;
      const parsed = parseVersion('version-info', text, d);
      assert.equal(parsed.error, undefined, text);
      assert.deepEqual([parsed.current, parsed.revision, parsed.age], [c, String(r), a]);
      const printed = tripleOf(parsed)!;
      assert.equal(printed, text);
      const again = parseVersion('version-info', printed, d);
      assert.deepEqual([again.current, again.revision, again.age, again.error], [parsed.current, parsed.revision, parsed.age, undefined]);
    });
    // libtool 2.6 takes a 19-digit REVISION.
    check('libtool: 2.6 long REVISION round-trip', 1500, [fc.bigInt({ min: 0n, max: 10n ** 19n - 1n })], (r) => {
      const parsed = parseVersion('version-info', `5:${r}:1`, '2.6');
      assert.equal(parsed.revision, String(r));
      assert.equal(tripleOf(parseVersion('version-info', tripleOf(parsed)!, '2.6')), `5:${r}:1`);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// autoconf / automake readers, scanning helpers, side files

const AUTOCONF_TOKENS = ['AC_INIT(', 'AC_SUBST(', 'AC_SUBST([', 'm4_define(', 'm4_define([', 'define(', 'm4_include(', 'sinclude(', 'AC_ARG_ENABLE(', 'AC_ARG_WITH(', 'AC_CONFIG_MACRO_DIR(', 'AC_DEFUN(', 'dnl ', '# ', 'LT_CURRENT=', 'LT_AGE=', 'X=', '$X', '${X}', '$(X)', '@X@', '$((X+1))', '`cat VERSION`', '$(cat libtool-version)', '[', ']', '[[', ']]', '(', ')', ',', '"', "'", '\\\n', '\n', '\r\n', ';', 'if test', 'fi', 'case $x in', 'esac', 'foo)', 'm4_eval(1+2)', 'm4_esyscmd([echo 1])'];
const AUTOCONF_SEEDS = [
  'AC_INIT([widget], [2.4.1])\nG_CURRENT=3\nG_AGE=4\nAC_SUBST(G_CURRENT)\nAC_SUBST(G_AGE)\n',
  'm4_define([lt_current], [6])\nm4_define([lt_revision], [0])\nm4_define([lt_age], [2])\nAC_SUBST([LT_VERSION], [lt_current:lt_revision:lt_age])\n',
  'AC_INIT([foo], m4_esyscmd_s([./version.sh]))\ndnl comment\nLT_CURRENT="7" # the current\nAC_ARG_ENABLE([x], [help], [LT_CURRENT=9])\nm4_include([m4/version.m4])\n',
  'AC_DEFUN([FOO_INIT], [AC_SUBST([FOO], [1:2:3])])\nAC_CONFIG_MACRO_DIR([m4])\nX=`cat libtool-version`\nY=$((X + 1))\n',
];
const AUTOMAKE_TOKENS = ['lib_LTLIBRARIES = ', 'noinst_LTLIBRARIES = ', 'libfoo.la', 'libfoo_la_LDFLAGS = ', 'libfoo_la_LDFLAGS += ', '-version-info ', '-version-number ', '-release ', '-avoid-version', '-export-symbols foo.sym', '$(LT)', '$(LT_CURRENT):$(LT_REVISION):$(LT_AGE)', '@LT_VERSION@', '${X}', 'if COND\n', 'else\n', 'endif\n', 'include foo.am\n', '\t', '\\\n', '# ', '\\#', ':=', '?=', '!=', '::=', '=', '\n', '\r\n'];
const AUTOMAKE_SEEDS = [
  'lib_LTLIBRARIES = libgadget.la libwidget.la\nlibgadget_la_LDFLAGS = -version-info $(G_CURRENT):0:$(G_AGE)\nlibwidget_la_LDFLAGS = -version-info 7:2:3\n',
  'include_HEADERS = foo.h\nlib_LTLIBRARIES = libfoo.la\nlibfoo_la_SOURCES = foo.c \\\n\tbar.c\nif DEBUG\nlibfoo_la_LDFLAGS = -version-info 1:0:0\nelse\nlibfoo_la_LDFLAGS = -version-info 2:0:0 # release\nendif\nlibfoo_la_LDFLAGS += -no-undefined\n',
];

describe('fuzz: autoconf and automake readers', function () {
  this.timeout(timeoutFor(60_000));
  const autoconfText = formatText(AUTOCONF_SEEDS, AUTOCONF_TOKENS);
  const automakeText = formatText(AUTOMAKE_SEEDS, AUTOMAKE_TOKENS);

  it('comment blanking keeps every offset: each character stays or becomes a blank', () => {
    check('scanning: comment blanking preserves offsets', 6000, [fc.oneof(autoconfText, automakeText)], (text) => {
      for (const blanked of [blankAutoconfComments(text), blankMakeComments(text)]) {
        assert.equal(blanked.length, text.length);
        for (let i = 0; i < text.length; i++) if (blanked[i] !== text[i]) assert.equal(blanked[i], ' ', `offset ${i}`);
      }
    });
  });

  it('re-blanking only the edited lines gives exactly what blanking the whole new text gives', () => {
    const inserted = tokenText(['\\\n', '\\\r\n', '\\\r', '\n', '\r\n', '\r', '#', ' # ', 'dnl ', 'dnl', '"', "'", '\\', 'x', ' ', '[', ']', ';', 'FOO=1'], 8);
    const edit = fc.tuple(fc.nat(), fc.nat({ max: 12 }), inserted);
    // Long texts too: the common prefix and suffix are compared a kilobyte at a time.
    const longText = fc.tuple(autoconfText, fc.integer({ min: 2, max: 60 })).map(([t, n]) => t.repeat(n));
    check('scanning: incremental blanking equals full blanking', 6000, [fc.oneof(autoconfText, longText), fc.array(edit, { minLength: 1, maxLength: 4 })], (text, edits) => {
      let previous = { text, code: blankAutoconfComments(text) };
      for (const [at, removed, added] of edits) {
        const start = previous.text.length ? at % (previous.text.length + 1) : 0;
        const next = previous.text.slice(0, start) + added + previous.text.slice(start + removed);
        const code = reblankAutoconfComments(next, previous);
        assert.equal(code, blankAutoconfComments(next), `after replacing ${removed} character(s) at ${start} with ${JSON.stringify(added)}`);
        previous = { text: next, code };
      }
    });
  });

  it('shell assignments found from the `=` signs are those a regular expression over every offset finds', () => {
    // The reference: what the reader used before, a global regular expression resumed after each value.
    const reference = (code: string) => {
      const pattern = /(^|[\s;&|(\[`{])([A-Za-z_][A-Za-z0-9_]*)=/g;
      const found: { name: string; nameStart: number; value: { start: number; end: number } }[] = [];
      for (let match = pattern.exec(code); match; match = pattern.exec(code)) {
        const nameStart = match.index + match[1].length;
        const valueStart = nameStart + match[2].length + 1;
        const valueEnd = scanShellWord(code, valueStart);
        found.push({ name: match[2], nameStart, value: { start: valueStart, end: valueEnd } });
        pattern.lastIndex = Math.max(valueStart, valueEnd);
      }
      return found;
    };
    const assignmentText = fc.oneof(autoconfText, tokenText(['A=1', 'B=', '=', '==', 'x', '1', '_', ' ', '\t', '\n', ';', '&', '|', '(', '[', '`', '{', '$', '"', "'", '\u00a0', '\u2028', 'FOO=$(BAR)', 'X="a b"'], 30));
    check('autoconf: assignments from = signs', 6000, [assignmentText], (text) => {
      const code = blankAutoconfComments(text);
      assert.deepEqual(findShellAssignments(code), reference(code));
    });
  });

  it('readAutoconf never throws and every fact points at its own text', () => {
    check('autoconf: readAutoconf facts lie in the text', 6000, [autoconfText], (text) => {
      const facts = readAutoconf('configure.ac', text);
      assert.equal(facts.code.length, text.length);
      for (const a of facts.assignments) {
        assert.equal(facts.code.slice(a.nameStart, a.nameStart + a.name.length), a.name);
        assert.ok(inText(text, a.value.start, a.value.end));
      }
      for (const s of facts.substs) {
        assert.equal(facts.code.slice(s.nameStart, s.nameStart + s.name.length), s.name);
        if (s.value) assert.ok(inText(text, s.value.start, s.value.end));
      }
      for (const d of facts.definitions) {
        assert.equal(facts.code.slice(d.nameStart, d.nameStart + d.name.length), d.name);
        assert.ok(inText(text, d.value.start, d.value.end));
      }
      if (facts.init) for (const span of [facts.init.package, facts.init.version, facts.init.tarname]) if (span) assert.ok(inText(text, span.start, span.end));
    });
  });

  it('readAutomake never throws; assignments, conditions and alternatives are consistent', () => {
    check('automake: readAutomake facts lie in the text', 6000, [automakeText], (text) => {
      const facts = readAutomake('Makefile.am', text);
      assert.equal(facts.code.length, text.length);
      for (const a of facts.assignments) {
        assert.equal(facts.code.slice(a.nameStart, a.nameStart + a.name.length), a.name);
        assert.ok(inText(text, a.value.start, a.value.end));
        for (const alternative of variableAlternatives(facts, a.name)) assert.ok(alternative.every((x) => x.name === a.name));
      }
      for (const la of facts.convenienceLibraries) assert.ok(facts.libtoolLibraries.includes(la));
    });
  });

  it('scanners stay inside the text and move forward', () => {
    check('scanning: scanners stay in bounds', 6000, [fc.oneof(autoconfText, automakeText), fc.nat()], (text, seed) => {
      const start = text.length ? seed % text.length : 0;
      const word = scanShellWord(text, start);
      assert.ok(word >= start && word <= text.length);
      for (const [open, close] of [['(', ')'], ['[', ']'], ['{', '}']]) {
        const end = skipBalanced(text, start, open, close);
        assert.ok(end === -1 || (end > start && end <= text.length));
      }
      const parsed = parseMacroArguments(text, start);
      if (parsed) {
        assert.ok(parsed.end > start && parsed.end <= text.length);
        for (const arg of parsed.args) assert.ok(inText(text, arg.start, arg.end));
      }
      for (const call of findMacroCalls(text, ['AC_SUBST', 'm4_define', 'AC_INIT'])) {
        assert.equal(text.slice(call.nameStart, call.nameStart + call.name.length), call.name);
        assert.ok(call.end <= text.length);
        for (const arg of call.args) {
          assert.ok(inText(text, arg.start, arg.end));
          const inner = unquoteSpan(text, arg.start, arg.end);
          assert.ok(inner.start >= arg.start && inner.end <= arg.end);
        }
      }
    });
  });

  it('side files: the version line and key=value pairs lie in the text', () => {
    const sideText = formatText(['# C:R:A\n7:2:3\n', 'major=5\nminor=0\nrelease=10\ngreek=rc1\nlibpmix_so_version=25:0:23 # so\n', 'x="1:2:3"\ny=\'4\'\n'], ['=', '"', "'", '#', ' #', '\n', '\r\n', 'key', 'major=', ' ', '\t']);
    check('sideFiles: readKeyValueFile and significantLine', 6000, [sideText], (text) => {
      const line = significantLine(text);
      if (line) {
        assert.ok(inText(text, line.start, line.end) && line.end > line.start);
        assert.notEqual(text[line.start], '#');
      }
      for (const kv of readKeyValueFile(text)) {
        assert.equal(text.slice(kv.keyStart, kv.keyStart + kv.key.length), kv.key);
        assert.ok(inText(text, kv.value.start, kv.value.end));
      }
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// C headers (tree-sitter-c) and symbol files

describe('fuzz: C header extractor and symbol files', function () {
  this.timeout(timeoutFor(60_000));
  let parser: CParser;
  before(async () => {
    parser = await loadCParser();
  });
  const header = (text: string) => ({ path: 'include/foo.h', text, lines: new LineIndex(text) });
  const C_TOKENS = ['int ', 'void ', 'char ', 'const ', 'unsigned ', 'struct foo ', 'union u ', 'enum e ', 'typedef ', 'extern ', 'static ', 'inline ', '*', '(', ')', '{', '}', '[', ']', ';', ',', '=', '...', 'foo', 'bar_t', 'FOO_API ', 'XMLPUBFUN ', '__attribute__((deprecated)) ', '__declspec(dllexport) ', 'G_GNUC_CONST', '#define FOO_API\n', '#define FOO_API __attribute__((visibility("default")))\n', '#if X\n', '#else\n', '#endif\n', '#ifdef __cplusplus\nextern "C" {\n#endif\n', '/* c */', '// c\n', '"s"', "'c'", '0x1f', '1 << 3', ':', '\\\n', '\n'];
  const C_SEEDS = [
    '#ifndef FOO_H\n#define FOO_H\n#define FOO_API\ntypedef struct foo foo_t;\nFOO_API int foo_open(const char *path, int flags);\nFOO_API void foo_close(foo_t *f) G_GNUC_DEPRECATED;\nextern const char *foo_version;\nenum foo_mode { FOO_READ = 1, FOO_WRITE = 1 << 1, FOO_RW };\nstruct foo_stat { unsigned size : 31; int (*cb)(void *ctx, int code); };\n#endif\n',
    'XMLPUBFUN int XMLCALL xmlFoo(const char *name, int n);\ntypedef int (*handler_t)(double);\nint (*get_handler(int which))(double);\nstatic inline int helper(void) { return 0; }\n',
  ];
  const cText = formatText(C_SEEDS, C_TOKENS);

  it('never throws on C-like text; every item lies in its header', () => {
    check('C headers: extractCInterface never throws', 1800, [cText], (text) => {
      const h = header(text);
      for (const item of extractCInterface(parser, [h])) {
        assert.equal(item.file, h.path);
        assertRangeIn(text, item.range);
        assert.ok(item.name.length > 0);
      }
      const decorators = decoratorMacros([text]);
      assert.equal(blankDecorations(text, decorators, definedMacros([text])).length, text.length);
      normalise(text);
    });
  });

  it('declared functions, variables, enum constants and structs are all found, decorated or not', () => {
    const name = identifier.map((n) => `vwf_${n}`);
    const type = fc.constantFrom('int', 'void', 'const char *', 'unsigned long', 'struct vw_s *', 'double');
    const decl = fc.record({
      kind: fc.constantFrom('function', 'variable'),
      name,
      type,
      params: fc.array(fc.constantFrom('int', 'const char *path', 'void *ctx', 'size_t n', 'int (*cb)(int)'), { maxLength: 3 }),
      decorator: fc.constantFrom('', 'FOO_API ', 'XMLPUBFUN ', 'extern ', 'EXPORTED '),
      trailer: fc.constantFrom('', ' G_GNUC_CONST', ' __attribute__((deprecated))'),
    });
    check('C headers: generated declarations are found', 1200, [fc.uniqueArray(decl, { selector: (d) => d.name, maxLength: 8 }), fc.uniqueArray(name.map((n) => n.toUpperCase()), { maxLength: 4 })], (decls, constants) => {
      const lines = ['#define EXPORTED', '#define FOO_API __attribute__((visibility("default")))'];
      for (const d of decls) {
        if (d.kind === 'function') lines.push(`${d.decorator}${d.type} ${d.name}(${d.params.join(', ') || 'void'})${d.trailer};`);
        else lines.push(`${d.decorator === 'FOO_API ' ? 'extern ' : d.decorator}${d.type === 'void' ? 'int' : d.type} ${d.name};`);
      }
      if (constants.length) lines.push(`enum vw_e { ${constants.map((c, i) => (i % 2 ? c : `${c} = ${i * 4}`)).join(', ')} };`);
      lines.push('struct vw_s { int a; char *b; };');
      const text = `${lines.join('\n')}\n`;
      const items = extractCInterface(parser, [header(text)]);
      for (const d of decls) {
        const found = items.find((i) => i.name === d.name);
        assert.ok(found, `${d.name} in ${text}`);
        assert.equal(found.kind, d.kind, text);
        assert.ok(textAt(text, found.range).includes(d.name));
      }
      for (const c of constants) assert.equal(items.find((i) => i.name === c)?.kind, 'enum-constant', text);
      assert.equal(items.find((i) => i.name === 'vw_s')?.kind, 'struct');
    });
  });

  it('symbol files never throw; listed names round-trip through every format', () => {
    const kinds = fc.constantFrom<SymbolFileKind>('symbols', 'version-script', 'module-definition');
    const symbolText = formatText(['foo_open\nfoo_close\n# comment\n', 'FOO_1.0 {\n  global:\n    foo_*;\n    bar;\n  local:\n    *;\n};\nFOO_2.0 {\n  global: baz;\n} FOO_1.0;\n', 'LIBRARY foo\nEXPORTS\n  foo_open @1\n  foo_close=_foo_close@4 DATA\n'], ['{', '}', ';', 'global:', 'local:', '*', '?', '[', ']', 'EXPORTS', '@1', '/*', '*/', '#', '\n', 'foo']);
    check('symbol files: readSymbolFile never throws', 6000, [kinds, symbolText, identifier], (kind, text, name) => {
      const symbols = readSymbolFile(kind, text);
      isExported(symbols, name);
      isExported(symbols, text.slice(0, 40));
    });
    check('symbol files: names round-trip', 3000, [fc.uniqueArray(identifier.map((n) => `vw_${n}`), { minLength: 1, maxLength: 10 })], (names) => {
      const files: Record<SymbolFileKind, string> = {
        symbols: `${names.join('\n')}\n`,
        'version-script': `VW_1 {\n  global:\n    ${names.join(';\n    ')};\n  local:\n    *;\n};\n`,
        'module-definition': `LIBRARY vw\nEXPORTS\n${names.map((n, i) => `  ${n} @${i + 1}`).join('\n')}\n`,
      };
      for (const [kind, text] of Object.entries(files) as [SymbolFileKind, string][]) {
        assert.deepEqual([...readSymbolFile(kind, text).names].sort(), [...names].sort(), kind);
        for (const n of names) assert.ok(isExported(readSymbolFile(kind, text), n));
      }
      for (const [path, kind] of [['vw.sym', 'symbols'], ['libvw.map', 'version-script'], ['vw.def', 'module-definition']]) assert.equal(symbolFileKind(path), kind);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// semver

describe('fuzz: semver validation', function () {
  this.timeout(timeoutFor(60_000));
  const identifierPart = fc.oneof(fc.stringMatching(/^[0-9A-Za-z-]{1,8}$/), fc.integer({ min: 0, max: 10_000 }).map(String));
  const numeric = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom(0, Number.MAX_SAFE_INTEGER));
  const semverText = formatText(['1.2.3', 'v1.2.3', '>=1.2.3', '01.2.3', '1.2', '1.2.3.4', '1.2.3-rc.01', '1.2.3-', '1.2.3+build.5', '1.2.3-alpha..1', ' 1.2.3 ', '1.2.3-é', '9007199254740992.0.0', 'x.2.3'], ['.', '-', '+', 'v', '=', '^', '~', '0', '01', 'rc', 'alpha', ' ', 'é', '*', 'x']);

  it('never throws; a valid version has its three numbers and no error', () => {
    check('semver: parseSemver never throws', 9000, [semverText], (text) => {
      const parsed = parseSemver(text);
      assert.equal(parsed.text, text);
      const errors = parsed.problems.filter((p) => p.severity === 'error');
      assert.equal(parsed.valid, errors.length === 0);
      if (parsed.valid) {
        assert.ok(parsed.major !== null && parsed.minor !== null && parsed.patch !== null);
        // npm's semver agrees: it parses it to the same numbers.
        const theirs = semver.parse(text);
        assert.ok(theirs, `semver.parse(${JSON.stringify(text)})`);
        assert.deepEqual([theirs.major, theirs.minor, theirs.patch], [parsed.major, parsed.minor, parsed.patch]);
      }
      // And what npm's semver writes back unchanged is valid here.
      if (semver.valid(text) === text) assert.ok(parsed.valid, `semver.valid accepts ${JSON.stringify(text)}`);
    });
  });

  it('each quick fix removes the problem it is offered for', () => {
    // One problem is reported per rule code: after a fix the same code may remain for another part (an
    // empty pre-release identifier fixed, an empty build identifier left), never with the same reason.
    check('semver: fixes fix their problem', 9000, [semverText], (text) => {
      for (const problem of parseSemver(text).problems) {
        if (!problem.fix) continue;
        const after = parseSemver(problem.fix.value);
        assert.ok(!after.problems.some((p) => p.code === problem.code && p.reason === problem.reason), `${JSON.stringify(text)}: '${problem.fix.title}' gives ${JSON.stringify(problem.fix.value)}, which still has ${problem.code}: ${problem.reason}`);
      }
    });
  });

  it('valid versions round-trip: parse → print → parse gives the same fields', () => {
    const version = fc.record({ major: numeric, minor: numeric, patch: numeric, pre: fc.array(identifierPart, { maxLength: 3 }), build: fc.array(identifierPart, { maxLength: 2 }) });
    check('semver: round-trip', 9000, [version], (v) => {
      const pre = v.pre.map((id) => (/^[0-9]+$/.test(id) ? String(Number(id)) : id));
      const text = `${v.major}.${v.minor}.${v.patch}${pre.length ? `-${pre.join('.')}` : ''}${v.build.length ? `+${v.build.join('.')}` : ''}`;
      const parsed = parseSemver(text);
      assert.ok(parsed.valid || text.length > 256, `${text}: ${JSON.stringify(parsed.problems)}`);
      if (!parsed.valid) return;
      assert.deepEqual([parsed.major, parsed.minor, parsed.patch], [v.major, v.minor, v.patch]);
      const printed = `${parsed.major}.${parsed.minor}.${parsed.patch}${parsed.prerelease.length ? `-${parsed.prerelease.join('.')}` : ''}${parsed.build.length ? `+${parsed.build.join('.')}` : ''}`;
      assert.equal(printed, text);
      const again = parseSemver(printed);
      assert.deepEqual([again.major, again.minor, again.patch, again.prerelease, again.build], [parsed.major, parsed.minor, parsed.patch, parsed.prerelease, parsed.build]);
    });
  });

  it('package.json reading never throws and locates what it finds', () => {
    const jsonText = formatText(['{\n  "name": "foo",\n  "version": "1.2.3",\n  "workspaces": ["packages/*"],\n  "dependencies": { "bar": "^1.0.0" }\n}\n', '\ufeff{"version": "v1.0"}', '{"private": true, "version": 1}'], ['{', '}', '[', ']', '"', ':', ',', '"version"', '"name"', '"workspaces"', '"dependencies"', '//', '/*', 'null', 'true', '\\u0031']);
    check('semver: parsePackageJson never throws', 6000, [fc.oneof(jsonText, fc.json().map((j) => j))], (text) => {
      const pkg = parsePackageJson('package.json', text);
      if (pkg.syntaxError) assert.ok(inText(text, pkg.syntaxError.start, pkg.syntaxError.end));
      if (pkg.version?.string) assert.ok(inText(text, pkg.version.string.start, pkg.version.string.end));
      for (const d of pkg.dependencies) if (d.spec) assert.ok(inText(text, d.spec.start, d.spec.end));
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// release versions

describe('fuzz: release version parsing', function () {
  this.timeout(timeoutFor(60_000));
  const releaseText = formatText(['1.2.3', 'v1.2.3', '1.2.3~rc1', '1.2.3rc1', '1.2.3-rc.1', '1.2.3-beta2', '1.1.1a', '2.0.1+dfsg', '1.02', 'UNKNOWN', '1.2.3.post1', '  v0.7.0  '], ['.', '-', '~', '_', '+', 'rc', 'alpha', 'beta', 'pre', 'preview', 'dev', 'a', 'b', 'c', 'v', 'V', '0', '00', ' ']);
  const dialects = ['plain', 'tilde', 'semver', 'numbers'] as const satisfies readonly Dialect[];

  it('never throws; ordering is antisymmetric and reflexive; rendering never throws', () => {
    check('release: parse, compare and render never throw', 9000, [releaseText, releaseText], (x, y) => {
      const a = parseReleaseVersion(x);
      const b = parseReleaseVersion(y);
      const ab = compareReleaseVersions(a, b);
      const ba = compareReleaseVersions(b, a);
      assert.equal(ab === undefined, ba === undefined);
      if (ab !== undefined) assert.equal(Math.sign(ab), -Math.sign(ba!) || 0);
      if (a.core.length) assert.equal(compareReleaseVersions(a, a), 0);
      for (const dialect of dialects) renderVersion(a, dialect);
    });
  });

  it('versions round-trip through every way a site writes them (same key)', () => {
    const core = fc.array(fc.integer({ min: 0, max: 9999 }), { minLength: 1, maxLength: 4 }).map((n) => n.join('.'));
    const pre = fc.option(fc.tuple(fc.constantFrom('alpha', 'beta', 'rc', 'a', 'b', 'dev', 'pre', 'preview'), fc.constantFrom('', '.', '-', '_'), fc.integer({ min: 0, max: 99 }).map(String)), { nil: undefined });
    check('release: render → parse keeps the key', 9000, [core, pre, fc.constantFrom('', '-', '~', '.', '_')], (c, p, separator) => {
      const text = `${c}${p ? `${separator}${p[0]}${p[1]}${p[2]}` : ''}`;
      const version = parseReleaseVersion(text);
      assert.equal(version.core.join('.'), c);
      for (const dialect of ['plain', 'tilde', 'semver'] as const) {
        const rendered = renderVersion(version, dialect);
        if (rendered === undefined) continue;
        assert.equal(parseReleaseVersion(rendered).key, version.key, `${text} written for ${dialect} as ${rendered}`);
      }
      assert.equal(parseReleaseVersion(`v${text}`).key, version.key);
      assert.equal(parseReleaseVersion(` ${text}\t`).key, version.key);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// firmware names, WHENCE, driver tables

const FIRMWARE_TOKENS = ['_', '.', '.bin', 'i915/', 'xe/', 'tgl', 'adlp', 'xe3lpd_3002', 'guc', 'huc', 'dmc', 'gsc', 'ver', 'v', '70', '1', '0', '01', '1059', '.bin.bin', '-', 'GUC', ' ', 'gucver9'];

describe('fuzz: firmware names', function () {
  this.timeout(timeoutFor(60_000));
  const nameText = formatText(['tgl_guc_70.bin', 'i915/skl_guc_ver9_33.bin', 'skl_huc_ver01_07_1398.bin', 'dg2_huc_7.10.3_gsc.bin', 'xe/lnl_gsc_1.bin', 'mtl_gsc_102.0.0.1511.bin', 'dg2_dmc_ver2_064.bin', 'xe3lpd_3002_dmc.bin', 'tgl_guc70.bin', 'TGL_GUC_70.bin', 'tgl-guc-70.bin', 'tgl_guc_70.1.bin'], FIRMWARE_TOKENS);

  it('never throws; the parts lie in the input; a suggestion is itself a valid name', () => {
    check('firmware: parseFirmwareName never throws', 12000, [nameText], (input) => {
      const result = parseFirmwareName(input);
      if (result.ok) {
        for (const part of Object.values(result.parts)) assert.equal(input.slice(part!.start, part!.end), part!.text);
        assert.equal(input.slice(result.platformStart, result.platformEnd), result.platform);
      } else if (result.suggestion !== undefined) {
        const folder = input.slice(0, input.lastIndexOf('/') + 1);
        assert.ok(parseFirmwareName(folder + result.suggestion).ok, `suggestion ${result.suggestion} for ${input}`);
      }
    });
  });

  it('names round-trip: format → parse → format gives the same name and fields', () => {
    const platform = fc.array(fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/).filter((t) => !['guc', 'huc', 'dmc', 'gsc'].includes(t)), { minLength: 1, maxLength: 2 }).map((t) => t.join('_'));
    const family = fc.constantFrom(...(Object.keys(FAMILIES) as FamilyId[]));
    const digits = (min: number, max: number) => fc.integer({ min, max }).map(String);
    check('firmware: name round-trip', 12000, [platform, family, fc.tuple(digits(0, 999), digits(0, 999), digits(0, 999), digits(1000, 999_999_999), digits(0, 999)), fc.boolean(), fc.constantFrom('', 'i915/', 'xe/')], (p, f, [major, minor, patch, build, base], pad, folder) => {
      const texts: Partial<Record<FieldName, string>> = { major: pad && f.startsWith('huc-ver') ? major.padStart(2, '0') : major, minor: pad && f.startsWith('dmc-ver') ? minor.padStart(2, '0') : minor, patch, build: f === 'gsc-release' || f === 'huc-ver-build' ? patch : build, base };
      const spec: NameSpec = { platform: p, family: f, texts: Object.fromEntries(FAMILIES[f].fields.map((field) => [field, texts[field]!])) };
      const name = formatName(spec);
      const parsed = parseFirmwareName(folder + name);
      assert.ok(parsed.ok, `${name}: ${parsed.ok ? '' : parsed.reason}`);
      assert.equal(parsed.family, f, name);
      assert.equal(parsed.platform, p);
      for (const field of FAMILIES[f].fields) {
        assert.equal(parsed.parts[field]?.text, spec.texts[field], `${field} of ${name}`);
        assert.equal(parsed[field], Number(spec.texts[field]));
      }
      const again = formatName({ platform: parsed.platform, family: parsed.family, texts: Object.fromEntries(Object.entries(parsed.parts).map(([k, v]) => [k, v!.text])) });
      assert.equal(again, name);
    });
  });

  it('WHENCE and driver tables never throw, and point inside their text', () => {
    const whenceText = formatText(['Driver: i915 - Intel Graphics driver\n\nFile: i915/skl_dmc_ver1_26.bin\nLink: i915/skl_dmc_ver1.bin -> skl_dmc_ver1_26.bin\nVersion: DMC API/ABI ver 1 - release 27\n\nFile: i915/tgl_guc_70.1.1.bin\nVersion: GuC API/APB ver 70.1.1 for Tigerlake\n'], ['File: ', 'RawFile: ', 'Link: ', 'Version: ', 'Driver: ', ' -> ', 'i915/', 'xe/', '\n', '\r\n', ...FIRMWARE_TOKENS]);
    const driverText = formatText(['#define SKL_GUC_FW_PREFIX skl\n#define SKL_GUC_FW_MAJOR 32\nfw_def(TIGERLAKE, 0, guc_maj(tgl, 70, 12, 1)) \\\n\tfw_def(ALDERLAKE_P, 0, guc_mmp(adlp, 70, 1, 1))\nMODULE_FIRMWARE("i915/tgl_huc.bin");\n#define DMC_PATH(platform) "i915/" #platform "_dmc.bin"\nmmp_ver(xe, guc, pvc, 70, 44, 1)\n'], ['guc_maj(', 'guc_mmp(', 'huc_gsc(', 'DMC_LEGACY_PATH(', 'GUC_FW_PATH(', '__MAKE_GUC_FW_PATH(', 'major_ver(', 'no_ver(', 'fw_def(', '#define ', ', ', ')', '"', '/*', '*/', '//', '\n', ...FIRMWARE_TOKENS]);
    check('firmware: WHENCE and driver tables never throw', 4500, [whenceText, driverText], (whence, driver) => {
      parseWhence('WHENCE', whence);
      for (const request of findDriverRequests('drivers/gpu/drm/i915/gt/uc/intel_uc_fw.c', driver)) {
        assert.ok(inText(driver, request.start, request.end) && inText(driver, request.formStart, request.formEnd));
        for (const part of Object.values(request.nameNumbers)) assert.equal(driver.slice(part!.start, part!.end), part!.text);
      }
      findDriverRequests('drivers/gpu/drm/xe/xe_uc_fw.c', driver);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Varnish vmod names

describe('fuzz: vmod names', function () {
  this.timeout(timeoutFor(60_000));
  const vmodText = formatText(['libvmod-foo-1.14+4.0.tar.gz', 'vmod-foo-1.14+4.0-1.el9.x86_64.rpm', 'varnish-vmod-foo_1.14-2_amd64.deb', 'vmod-header-0.4+varnish4.0', 'v2.0.0', '4.1-3.21', 'libvmod-foo-trunk', 'branch-7.3', 'foo-1.0-r1.apk', 'varnish-modules-0.15.0.tar.gz'], ['-', '+', '.', '_', 'v', 'varnish', 'libvmod-', 'vmod-', '.tar.gz', '.rpm', '.deb', '.dsc', '.apk', 'x86_64', 'noarch', '%3a', '1:', 'trunk', 'lts']);
  const partsOf = (p: ReturnType<typeof parseVmodName>) => [p.version, p.branch, p.packageName, p.release, p.arch, p.upstream].filter((x): x is Part => x !== undefined);

  it('never throws; every part lies in the text; comparison is antisymmetric', () => {
    check('vmod: parseVmodName never throws', 12000, [vmodText, vmodText], (text, other) => {
      const parsed = parseVmodName(text);
      for (const part of partsOf(parsed)) assert.equal(text.slice(part.start, part.end), part.text, JSON.stringify(part));
      const version = parseVersionPart(text, 3);
      for (const part of [version.version, version.branch]) if (part) assert.equal(text.slice(part.start - 3, part.end - 3), part.text);
      assert.equal(Math.sign(compareVmodVersions(text, other)), -Math.sign(compareVmodVersions(other, text)) || 0);
    });
  });

  it('names round-trip: VIP13 tarball, RPM and Debian names give back their fields, and print back', () => {
    // Debian package names have no `_` (it separates name, version and architecture in file names).
    const segment = fc.stringMatching(/^[a-uw-z][a-z0-9]{0,6}$/);
    const name = fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => s.join('-'));
    const version = fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 4 }).map((n) => n.join('.'));
    const branch = fc.option(fc.oneof(fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), version, version.map((v) => `varnish${v}`)), { nil: undefined });
    check('vmod: name round-trip', 12000, [name, version, branch, fc.constantFrom('tarball', 'rpm', 'deb')], (n, v, b, form) => {
      const upstream = `${v}${b ? `+${b}` : ''}`;
      const text = form === 'tarball' ? `libvmod-${n}-${upstream}.tar.gz` : form === 'rpm' ? `vmod-${n}-${upstream}-1.el9.x86_64.rpm` : `varnish-vmod-${n}_${upstream}-2_amd64.deb`;
      const parsed = parseVmodName(text);
      assert.equal(parsed.name, n, text);
      assert.equal(parsed.version?.text, v, text);
      assert.equal(parsed.branch?.text, b, text);
      assert.equal(parsed.branchFirst, false, text);
      const printed = form === 'tarball'
        ? `${parsed.packageName!.text}-${parsed.upstream!.text}${parsed.extension}`
        : form === 'rpm'
          ? `${parsed.packageName!.text}-${parsed.upstream!.text}-${parsed.release!.text}.${parsed.arch!.text}${parsed.extension}`
          : `${parsed.packageName!.text}_${parsed.upstream!.text}-${parsed.release!.text}_${parsed.arch!.text}${parsed.extension}`;
      assert.equal(printed, text);
      const again = parseVmodName(printed);
      assert.deepEqual([again.name, again.version?.text, again.branch?.text], [parsed.name, parsed.version?.text, parsed.branch?.text]);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// PMIx / Open MPI versions and snapshots

describe('fuzz: PMIx versions and snapshots', function () {
  this.timeout(timeoutFor(60_000));
  const pmixText = formatText(['v1.2.3rc4', '5.0.0', '1.8', 'dev', 'v2.x-dev', 'v1.8.7-actual', 'pmix-v1.0.2-57-gb9f1fd9.tar.bz2', 'pmix-dev-8-gf21c349.tar.bz2', 'pmix-master-201813010241-ab12cd3.tar.bz2', 'openmpi-5.0.8.tar.gz', 'beta1', 'a0'], ['.', '-', 'v', 'rc', 'a', 'b', 'dev', 'g', '.tar.bz2', '.tgz', 'pmix-', 'x', '201813010241']);

  it('never throws; ordering is antisymmetric; quantifiers are classified', () => {
    check('pmix: parsers never throw', 12000, [pmixText, pmixText], (x, y) => {
      parseQuantifier(x);
      parseSnapshotName(x);
      parsePackagedVersion(x);
      readPmixVersionFile('VERSION', x);
      const a = parsePmixVersion(x);
      const b = parsePmixVersion(y);
      if (a && b) {
        const ab = comparePmixVersions(a, b);
        const ba = comparePmixVersions(b, a);
        assert.equal(ab === undefined, ba === undefined);
        if (ab !== undefined) assert.equal(ab, -ba! || 0);
      }
    });
  });

  it('versions round-trip: format → parse → format', () => {
    const number = fc.integer({ min: 0, max: 999_999_999 });
    const greek = fc.oneof(fc.constant(''), fc.constant('dev'), fc.tuple(fc.constantFrom('a', 'b', 'rc'), fc.integer({ min: 1, max: 99 })).map(([k, n]) => `${k}${n}`));
    check('pmix: version round-trip', 12000, [number, number, number, greek, fc.boolean()], (major, minor, release, g, v) => {
      const text = `${v ? 'v' : ''}${formatPmixVersion(major, minor, release, g)}`;
      const parsed = parsePmixVersion(text);
      assert.ok(parsed, text);
      assert.deepEqual([parsed.major, parsed.minor, parsed.release, parsed.releaseWritten, parsed.quantifier.text, parsed.quantifier.problem, parsed.vPrefix], [major, minor, release, true, g, undefined, v]);
      assert.equal(`${parsed.vPrefix ? 'v' : ''}${formatPmixVersion(parsed.major!, parsed.minor!, parsed.release!, parsed.quantifier.text)}`, text);
      assert.equal(comparePmixVersions(parsed, parsePmixVersion(text)!), 0);
    });
  });

  it('snapshot names round-trip (git describe and nightly forms)', () => {
    const hash = fc.stringMatching(/^[0-9a-f]{7,12}$/);
    const pkg = fc.constantFrom('pmix', 'openpmix', 'openmpi', 'prrte');
    check('pmix: snapshot round-trip', 6000, [pkg, fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20)), fc.integer({ min: 0, max: 99_999 }), hash, fc.constantFrom('.tar.bz2', '.tar.gz', '.tgz', '')], (p, [a, b, c], commits, h, extension) => {
      const describe = `${p}-v${a}.${b}.${c}-${commits}-g${h}${extension}`;
      const parsed = parseSnapshotName(describe);
      assert.deepEqual([parsed?.form, parsed?.package, parsed?.tag, parsed?.commits, parsed?.hash, parsed?.extension, parsed?.branch], ['describe', p, `v${a}.${b}.${c}`, commits, h, extension, `v${a}.${b}`], describe);
      const stamp = `20${String(a % 100).padStart(2, '0')}${String((b % 12) + 1).padStart(2, '0')}${String((c % 28) + 1).padStart(2, '0')}1200`;
      const nightly = `${p}-v${a}.x-${stamp}-${h}${extension}`;
      const n = parseSnapshotName(nightly);
      assert.deepEqual([n?.form, n?.package, n?.branch, n?.timestamp, n?.hash, n?.problem], ['nightly', p, `v${a}.x`, stamp, h, undefined], nightly);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// migration descriptions

describe('fuzz: migration descriptions', function () {
  this.timeout(timeoutFor(60_000));
  const SEED = 'SELF:\n    device_type=pci\n    device_id=8086591d\n    mdev_type=i915-GVTg_V5_2\n    pv_mode="none+ppgtt+context"\n    software_version=0.2.0\nCOMPATIBLE:\n    mdev_type=i915-GVTg_V5_{val1:int:1,2,4,8}\n    pv_mode={val2:string:"none+ppgtt","none+ppgtt+context"}\n    software_version=0.1.0\n';
  const descriptionText = formatText([SEED, 'interface_version=2.1.3\ninterface_version_compatible=2.0.2-2.0.4,2.1.0-,1.9.0-2.0.0\n', '0.1.0\n', 'SELF:\r\n  software_version=0.1.0\r\n'], ['SELF:', 'COMPATIBLE:', '=', ':', '"', "'", '{', '}', ',', '#', ' #', '+', '-', '\n', '\r\n', 'software_version=', 'val1:int:', 'string:']);

  it('never throws; keys and values lie where they are written', () => {
    check('migration: parseDescription never throws', 9000, [descriptionText], (text) => {
      const description = parseDescription('gvt.migration', text);
      for (const block of [description.self, ...description.compatible]) {
        if (block.header) assert.ok(inText(text, block.header.start, block.header.end));
        for (const e of block.entries) {
          assert.equal(text.slice(e.valueStart, e.valueEnd), e.value);
          if (text.slice(e.keyStart, e.keyStart + e.key.length) !== e.key) assert.equal(e.key, 'gvt.migration', 'only the implicit entry of a bare value has no written key');
          parseMigrationVersion(e.value);
          alternatives(e.value);
          featureSet(e.value);
          parseRanges(e.value);
        }
      }
      parseSysfsType('mdev_supported_types/i915-GVTg_V5_2', new Map([['mdev_supported_types/i915-GVTg_V5_2/migration_version', text]]));
    });
  });

  it('generated descriptions round-trip: every entry is read back with its key and value', () => {
    const key = fc.stringMatching(/^[a-z_][a-z0-9_.-]{0,12}$/).filter((k) => !/^(self|compatible)$/i.test(k));
    const value = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.+{},:-]{1,16}$/).filter((v) => !/[{}]/.test(v) || /^\{[^{}]*\}$/.test(v)), fc.integer({ min: 0, max: 99 }).map((n) => `${n}.${n % 7}.0`));
    const block = fc.uniqueArray(fc.tuple(key, value), { selector: ([k]) => k, maxLength: 5 });
    check('migration: description round-trip', 6000, [block, fc.array(block, { maxLength: 3 }), fc.constantFrom('=', ': ', ' = '), fc.constantFrom('\n', '\r\n'), fc.boolean()], (self, compatible, separator, newline, quote) => {
      const write = (entries: [string, string][]) => entries.map(([k, v]) => `    ${k}${separator}${quote ? `"${v}"` : v}`).join(newline);
      const text = [`SELF:`, write(self), ...compatible.flatMap((c) => ['COMPATIBLE:', write(c)])].filter((l) => l !== '').join(newline) + newline;
      const description = parseDescription('d.migration', text);
      assert.deepEqual(description.self.entries.map((e) => [e.key, e.value]), self, text);
      assert.deepEqual(description.compatible.map((b) => b.entries.map((e) => [e.key, e.value])), compatible, text);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// project configuration

describe('fuzz: project configuration reader', function () {
  this.timeout(timeoutFor(60_000));
  const read = (file: string, text: string) => readProjectConfig(new Map([[file, text]]), () => new LineIndex(text));
  const configText = formatText(['{\n  "$schema": "./docs/versionwise.schema.json",\n  "schemes": { "firmware": false },\n  "severity": { "libtool/version-number": "off" },\n  "libtool": { "dialect": "2.6" },\n  "baseline": { "ref": "v1.0", "tagPattern": "^v[0-9]" },\n  "exclude": ["third_party/**"],\n  "suppressions": [{ "rule": "libtool/age-exceeds-current", "file": "configure.ac", "text": "4", "justification": "upstream" }]\n}\n'], ['{', '}', '[', ']', '"', ':', ',', '"schemes"', '"severity"', '"baseline"', '"tagPattern"', '"(["', '"suppressions"', '"justification"', '"off"', 'true', 'null', '1', '//', '/*']);

  it('never throws on any text or JSON value, and every finding lies in the file', () => {
    check('config: readProjectConfig never throws', 9000, [fc.oneof(configText, fc.json(), fc.jsonValue().map((v) => JSON.stringify({ versionwise: v }))), fc.constantFrom(CONFIG_FILE, 'package.json')], (text, file) => {
      const config = read(file, text);
      const lines = new LineIndex(text);
      for (const finding of config.findings) {
        assert.equal(finding.file, file);
        assertRangeIn(text, finding.range, lines);
      }
      for (const s of config.suppressions) assert.ok(inText(text, s.at.start, s.at.end));
    });
  });

  it('keys named like Object.prototype members are unknown keys, not a crash or a riddle', async function () {
    // Found by `npm run fuzz` (seed 1162105107: `{"valueOf": null}`): CONFIG_KEYS and its sections are
    // plain objects looked up with [], so `valueOf`, `hasOwnProperty`, `toString`, `constructor` and
    // `__proto__` find Object.prototype's members.
    // Fixed since with own-key lookups; a regression fails here.
    {
      for (const key of ['valueOf', 'hasOwnProperty', 'toString', 'constructor', '__proto__', 'isPrototypeOf']) {
        for (const text of [`{"${key}": null}`, `{"${key}": {"a": 1}}`, `{"libtool": {"${key}": "2.4"}}`, `{"baseline": {"${key}": 1}}`]) {
          const config = read(CONFIG_FILE, text);
          assert.ok(config.findings.length > 0 && config.findings.every((f) => f.code === 'config/unknown-key' && f.message.includes(key)), `${text}: ${JSON.stringify(config.findings.map((f) => f.message))}`);
        }
      }
    }
  });

  it('a valid configuration is read without findings, every setting as written', () => {
    const severity = fc.constantFrom('error', 'warning', 'information', 'hint', 'off');
    const config = fc.record({
      schemes: fc.dictionary(fc.constantFrom('libtool', 'semver', 'release', 'firmware', 'vmod', 'pmix', 'migration'), fc.boolean()),
      severity: fc.dictionary(fc.constantFrom('libtool/version-number', 'semver/v-prefix', 'release/version-mismatch'), severity),
      libtool: fc.record({ dialect: fc.constantFrom('2.4', '2.6') }),
      baseline: fc.record({ enabled: fc.boolean(), ref: fc.stringMatching(/^v[0-9.]{1,6}$/), tagPattern: fc.constantFrom('^v[0-9]', 'release-.*', '') }, { requiredKeys: [] }),
      exclude: fc.array(fc.stringMatching(/^[a-z_]{1,8}\/\*\*$/), { maxLength: 3 }),
    }, { requiredKeys: [] });
    check('config: valid configurations round-trip', 6000, [config, fc.constantFrom(CONFIG_FILE, 'package.json'), fc.constantFrom(0, 2)], (value, file, indent) => {
      const text = JSON.stringify(file === CONFIG_FILE ? value : { name: 'x', versionwise: value }, null, indent);
      const read1 = read(file, text);
      assert.deepEqual(read1.findings, []);
      assert.equal(read1.source, file);
      assert.deepEqual(read1.settings, JSON.parse(JSON.stringify(value)));
    });
  });
});

// ---------------------------------------------------------------------------------------------------------

function assertRangeIn(text: string, range: Range, lines = new LineIndex(text)): void {
  for (const position of [range.start, range.end]) {
    assert.ok(position.line >= 0 && position.line < lines.lineCount, `line ${position.line} of ${lines.lineCount}`);
    const offset = lines.offsetAt(position);
    assert.deepEqual(lines.positionAt(offset), position, `position ${JSON.stringify(position)} is inside its line`);
  }
  assert.ok(lines.offsetAt(range.start) <= lines.offsetAt(range.end));
}

function textAt(text: string, range: Range): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
}
