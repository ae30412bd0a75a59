import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../server/src/cli/output';
import { CONFIG_RULES } from '../../server/src/core/projectConfig';
import { VersionwiseService, type WorkspaceAnalysis } from '../../server/src/core/service';
import { normaliseSettings } from '../../server/src/core/settings';
import { factKey, MemoryWorkspace, type BaselineProvider } from '../../server/src/core/workspace';
import { RULE_CODES, ruleDocPath } from '../../server/src/features/ruleDocs';
import { loadCParser } from '../../server/src/node/treeSitterC';
import { readTypescriptLib } from '../../server/src/node/typescriptLib';
import { ALL_SCHEMES } from '../../server/src/schemes';
import { RULES as FIRMWARE_RULES } from '../../server/src/schemes/firmware';
import { RULES as LIBTOOL_RULES } from '../../server/src/schemes/libtool';
import { BUMP_RULES as LIBTOOL_BUMP_RULES } from '../../server/src/schemes/libtool/bumpRules';
import { RULES as MIGRATION_RULES } from '../../server/src/schemes/migration';
import { RULES as PMIX_RULES } from '../../server/src/schemes/pmix';
import { RULES as RELEASE_RULES } from '../../server/src/schemes/release';
import { RULES as SEMVER_RULES } from '../../server/src/schemes/semver';
import { RULES as VMOD_RULES } from '../../server/src/schemes/vmod';
import { analyze } from '../helpers/workspace';

/**
 * docs/rules/: one page per rule code, and the pages tell the truth. Every code the schemes export has a
 * page with the sections users look for; every page is a code; the index lists them all with the page's
 * severity; and each page's example runs through the real analysis and produces exactly the lines the page
 * shows (`versionwise check`'s text output), while its "Silencing it" configuration really silences it.
 */
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const RULES_DIR = path.join(REPO_ROOT, 'docs', 'rules');
const SECTIONS = ['## Why it matters', '## Example', '## How to fix it', '## Silencing it', '## References'];
const SEVERITY = /^- \*\*Default severity:\*\* (error|warning|information|hint)\b(.*)$/m;

const EXPORTED: Record<string, Readonly<Record<string, string>>> = {
  'libtool RULES': LIBTOOL_RULES,
  'libtool BUMP_RULES': LIBTOOL_BUMP_RULES,
  'semver RULES': SEMVER_RULES,
  'release RULES': RELEASE_RULES,
  'firmware RULES': FIRMWARE_RULES,
  'vmod RULES': VMOD_RULES,
  'pmix RULES': PMIX_RULES,
  'migration RULES': MIGRATION_RULES,
  CONFIG_RULES,
};

const page = (code: string) => fs.readFileSync(path.join(REPO_ROOT, ruleDocPath(code)), 'utf8');

/** The text of a `## ` section, up to the next one. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) return '';
  const next = markdown.indexOf('\n## ', start + heading.length + 1);
  return markdown.slice(start, next < 0 ? markdown.length : next);
}

interface Block {
  readonly words: readonly string[];
  readonly text: string;
}

/** Fenced code blocks: the info string's words (```make file=Makefile.am at=v1.2.0) and the text. */
function blocks(markdown: string): Block[] {
  const found: Block[] = [];
  const fence = /^```([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm;
  for (let m = fence.exec(markdown); m; m = fence.exec(markdown)) found.push({ words: m[1].trim().split(/\s+/), text: m[2] });
  return found;
}

const attribute = (block: Block, name: string) => block.words.find((w) => w.startsWith(`${name}=`))?.slice(name.length + 1);

/**
 * A page's example: `file=PATH` blocks are the working tree, `file=PATH at=TAG` blocks the same files at
 * the last release tag (the rest of the tree is the same there, except blocks marked `new`), a `tree`
 * block lists files by name (firmware blobs, tarballs), and the `output` block is what `versionwise check`
 * prints for them. `<!-- example: baseline=TAG commits=N -->` says that the example has a last release.
 */
interface Example {
  readonly files: Record<string, string>;
  readonly baseline?: { readonly ref: string; readonly commitsSince: number; readonly files: Record<string, string> };
  /** What git answers about the history, keyed like `factKey`: `branch`, `commit <ref>`, `count <from> <to>`. */
  readonly facts?: Readonly<Record<string, string | number | null>>;
  readonly output: readonly string[];
}

function exampleOf(markdown: string): Example {
  const text = section(markdown, '## Example');
  const files: Record<string, string> = {};
  const released: Record<string, string> = {};
  const added = new Set<string>();
  let output: string[] | undefined;
  for (const block of blocks(text)) {
    const file = attribute(block, 'file');
    if (file && attribute(block, 'at')) released[file] = block.text;
    else if (file) {
      files[file] = block.text;
      if (block.words.includes('new')) added.add(file);
    } else if (block.words.includes('tree')) {
      for (const line of block.text.split('\n')) if (line.trim()) files[line.trim()] = '';
    } else if (block.words.includes('output')) output = block.text.split('\n').filter((l) => l !== '');
  }
  assert.ok(output, 'the example has no ```text output block');
  const options = /<!-- example: baseline=(\S+) commits=(\d+) -->/.exec(text);
  const baseline = options
    ? { ref: options[1], commitsSince: Number(options[2]), files: { ...Object.fromEntries(Object.entries(files).filter(([p]) => !added.has(p))), ...released } }
    : undefined;
  assert.ok(options || !Object.keys(released).length, 'files at a release need <!-- example: baseline=… commits=… -->');
  // `<!-- example: facts={"branch": "6.0", "commit v1.0.2": "…"} -->`: answers from the repository's history.
  const factsOption = /<!-- example: facts=(\{.*?\}) -->/.exec(text);
  const facts = factsOption ? (JSON.parse(factsOption[1]) as Record<string, string | number | null>) : undefined;
  return { files, baseline, facts, output };
}

/** A provider that answers the example's git facts (the keys use spaces where `factKey` uses NUL). */
function answering(facts: Readonly<Record<string, string | number | null>>, baseline?: BaselineProvider): BaselineProvider {
  return {
    resolve: baseline ? baseline.resolve : async () => ({ kind: 'unavailable', message: 'no release in this example' }),
    facts: async (queries) => {
      const answers = new Map<string, string | number | null>();
      for (const query of queries) {
        const key = factKey(query);
        const written = key.replace(/\0/g, ' ');
        if (written in facts) answers.set(key, facts[written]);
      }
      return answers;
    },
  };
}

/** The workspace at the last release, in memory, as the git baseline would hand it to the service. */
function releasedAt(baseline: NonNullable<Example['baseline']>): BaselineProvider {
  const workspace = new MemoryWorkspace(baseline.files);
  return {
    resolve: async () => ({
      kind: 'found',
      baseline: { ref: baseline.ref, commit: '0'.repeat(40), commitsSince: baseline.commitsSince, listFiles: () => workspace.listFiles(), readFile: (p) => workspace.readFile(p) },
      notes: [],
    }),
  };
}

async function run(example: Example, extra: Record<string, string> = {}, settings: unknown = {}): Promise<WorkspaceAnalysis> {
  const files = { ...example.files, ...extra };
  if (!example.baseline && !example.facts) return analyze(files, settings);
  const released = example.baseline ? releasedAt(example.baseline) : undefined;
  const provider = example.facts ? answering(example.facts, released) : released;
  // Comparing with a release reads C headers and TypeScript declarations, as the CLI does.
  return new VersionwiseService(new MemoryWorkspace(files, provider), { cParser: loadCParser, typescriptLib: readTypescriptLib }).analyze(normaliseSettings(settings));
}

/** VS Code's `settings.json` (`"versionwise.severity": {…}`) as the settings the editor hands the service. */
function editorSettings(json: string): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(JSON.parse(json) as Record<string, unknown>)) {
    const parts = key.replace(/^versionwise\./, '').split('.');
    let target = settings;
    for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    target[parts[parts.length - 1]] = value;
  }
  return settings;
}

/** The finding lines of `versionwise check`'s text output. */
const printed = (analysis: WorkspaceAnalysis) => checkText(analysis, false).split('\n').filter((l) => /^\S+:\d+:\d+: (error|warning|information|hint) /.test(l));

describe('rule documentation (docs/rules/)', function () {
  this.timeout(60_000);

  it('RULE_CODES is sorted, unique, and maps each code to docs/rules/<scheme>/<rule>.md', () => {
    assert.deepEqual([...RULE_CODES].sort(), [...RULE_CODES]);
    assert.equal(new Set(RULE_CODES).size, RULE_CODES.length);
    assert.equal(ruleDocPath('libtool/age-exceeds-current'), 'docs/rules/libtool/age-exceeds-current.md');
    assert.equal(ruleDocPath('firmware/guc-version-not-8-bit'), 'docs/rules/firmware/guc-version-not-8-bit.md');
    for (const bad of ['', 'libtool', 'libtool/', '../etc/passwd', 'libtool/../../x', 'Libtool/Age', 'a/b/c']) assert.throws(() => ruleDocPath(bad), bad);
  });

  it('RULE_CODES is exactly the codes the scheme modules and the project configuration export', () => {
    const exported = new Set(Object.values(EXPORTED).flatMap((rules) => Object.values(rules)));
    assert.deepEqual([...exported].sort(), [...RULE_CODES]);
    // Every scheme has codes, under its own id.
    for (const scheme of ALL_SCHEMES) assert.ok(RULE_CODES.some((c) => c.startsWith(`${scheme.id}/`)), scheme.id);
    const prefixes = new Set(RULE_CODES.map((c) => c.split('/')[0]));
    assert.deepEqual([...prefixes].sort(), [...ALL_SCHEMES.map((s) => s.id), 'config'].sort());
  });

  it('no rule code is written in the sources that RULE_CODES does not know', () => {
    const schemes = [...ALL_SCHEMES.map((s) => s.id), 'config'].join('|');
    const literal = new RegExp(`['"]((?:${schemes})/[a-z0-9-]+)['"]`, 'g');
    const sources = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
    const unknown: string[] = [];
    for (const file of sources(path.join(REPO_ROOT, 'server', 'src'))) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(literal)) {
        if (!RULE_CODES.includes(match[1])) unknown.push(`${path.relative(REPO_ROOT, file)}: ${match[1]}`);
      }
    }
    assert.deepEqual(unknown, []);
  });

  it('every page under docs/rules/ is the page of a rule code', () => {
    const pages: string[] = [];
    for (const entry of fs.readdirSync(RULES_DIR, { withFileTypes: true })) {
      if (entry.isFile()) {
        assert.equal(entry.name, 'README.md', `unexpected file docs/rules/${entry.name}`);
        continue;
      }
      for (const file of fs.readdirSync(path.join(RULES_DIR, entry.name), { withFileTypes: true })) {
        assert.ok(file.isFile() && file.name.endsWith('.md'), `unexpected docs/rules/${entry.name}/${file.name}`);
        pages.push(`${entry.name}/${file.name.replace(/\.md$/, '')}`);
      }
    }
    assert.deepEqual(pages.filter((p) => !RULE_CODES.includes(p)), [], 'pages without a rule code');
    assert.equal(pages.length, RULE_CODES.length);
  });

  it('the index lists every code once, under its scheme, with the severity its page gives', () => {
    const index = fs.readFileSync(path.join(RULES_DIR, 'README.md'), 'utf8');
    const rows = [...index.matchAll(/^\| \[`([^`]+)`\]\(([^)]+)\) \| ([^|]+) \| ([^|]+) \|$/gm)];
    assert.deepEqual(rows.map((r) => r[1]).sort(), [...RULE_CODES]);
    for (const [row, code, link, severity, summary] of rows) {
      assert.equal(link, `${code}.md`, row);
      const heading = index.slice(0, index.indexOf(row)).match(/^## .*$/gm)?.pop() ?? '';
      assert.ok(heading.startsWith(`## ${code.split('/')[0]} `), `${code} is listed under '${heading}'`);
      const [, base, rest] = SEVERITY.exec(page(code))!;
      assert.equal(severity.trim(), `${base}${rest}`.trim(), code);
      assert.ok(summary.trim().length > 10, code);
    }
  });

  for (const code of RULE_CODES) {
    describe(code, () => {
      it('has a page with its title, severity and the sections Why, Example, Fix, Silencing and References', () => {
        const file = path.join(REPO_ROOT, ruleDocPath(code));
        assert.ok(fs.existsSync(file), `${ruleDocPath(code)} is missing`);
        const markdown = page(code);
        assert.equal(markdown.split('\n')[0], `# \`${code}\``);
        assert.match(markdown, SEVERITY);
        const at = SECTIONS.map((heading) => markdown.indexOf(`\n${heading}\n`));
        assert.ok(at.every((i) => i > 0), `missing sections: ${SECTIONS.filter((_, i) => at[i] < 0).join(', ')}`);
        assert.deepEqual([...at].sort((a, b) => a - b), at, 'sections out of order');
        for (const heading of SECTIONS) assert.ok(section(markdown, heading).replace(heading, '').trim().length > 40, `${heading} is empty`);
        assert.ok(section(markdown, '## Silencing it').includes(code), 'Silencing it does not name the code');
        assert.match(section(markdown, '## References'), /^- \S/m);
      });

      it('its example produces exactly the messages the page shows', async () => {
        const example = exampleOf(page(code));
        const analysis = await run(example);
        assert.ok(analysis.findings.some((f) => f.code === code), `the example does not trigger ${code}: ${JSON.stringify(printed(analysis), null, 1)}`);
        assert.deepEqual(printed(analysis), example.output);
      });

      it('its "Silencing it" configuration silences it', async () => {
        const markdown = page(code);
        const example = exampleOf(markdown);
        const configs = blocks(section(markdown, '## Silencing it')).filter((b) => attribute(b, 'file') === '.versionwise.json' || attribute(b, 'file') === '.vscode/settings.json');
        assert.ok(configs.length > 0, 'no .versionwise.json (or .vscode/settings.json) to silence it');
        for (const config of configs) {
          const analysis = attribute(config, 'file') === '.versionwise.json' ? await run(example, { '.versionwise.json': config.text }) : await run(example, {}, editorSettings(config.text));
          assert.deepEqual(analysis.findings.filter((f) => f.code === code).map((f) => f.message), [], config.text);
          if (!code.startsWith('config/')) assert.deepEqual(analysis.findings.filter((f) => f.code.startsWith('config/')).map((f) => f.message), [], config.text);
          if (/"suppressions"/.test(config.text) && !code.startsWith('config/')) assert.ok(analysis.suppressed.some((s) => s.finding.code === code), `nothing suppressed by ${config.text}`);
        }
      });
    });
  }
});
