import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { TWO_LIBRARY_PROJECT } from '../helpers/fixtures';
import { LspTestClient } from '../helpers/lspClient';
import { TempWorkspace } from '../helpers/tempWorkspace';
import { rangeOf } from '../helpers/workspace';

/**
 * A soak test of the bundled server over stdio: 10,000 random edits (incremental and full) to an open
 * configure.ac and Makefile.am, with hovers and code actions interleaved and left in flight while edits go
 * on. Afterwards the server must still answer correctly (the diagnostics of a known final state, a hover)
 * and its memory must stay flat: the resident set of the server process (VmRSS in /proc/<pid>/status) after
 * a warm-up and at the end may differ by less than MAX_GROWTH_MB.
 *
 * VERSIONWISE_SOAK_EDITS changes the number of edits; VERSIONWISE_FUZZ_SEED the (fixed by default) seed.
 */
const EDITS = Number(process.env.VERSIONWISE_SOAK_EDITS ?? 10_000);
const SEED = Number(process.env.VERSIONWISE_FUZZ_SEED ?? 20261121);
const WARM_UP = Math.min(2_000, Math.floor(EDITS / 5));
const MAX_GROWTH_MB = 50;

/** xorshift32: a small deterministic generator, so a failing run can be replayed with its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
}

/** The server process: the child of this process running dist/server.js (found in /proc, newest first). */
function serverPid(): number {
  const candidates: { pid: number; start: number }[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state ppid … starttime is field 22.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== process.pid) continue;
      if (!fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('server.js')) continue;
      candidates.push({ pid: Number(entry), start: Number(fields[19]) });
    } catch {
      // the process ended meanwhile
    }
  }
  candidates.sort((a, b) => b.start - a.start);
  if (!candidates.length) throw new Error('the server process was not found in /proc');
  return candidates[0].pid;
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]);
  return kb / 1024;
}

/** What an editor types into these files: numbers, separators, variables, macros, line breaks. */
const TYPED = ['0', '1', '2', '3', '4', '7', '9', '10', ':', '::', '.', '$', '$(', ')', '(', '[', ']', '@', '${G_AGE}', '$(G_CURRENT)', '@G_AGE@', 'G_AGE=', 'G_CURRENT=', 'AC_SUBST(', 'AC_SUBST(G_AGE)', 'm4_define([lt_age], [2])', '-version-info ', '-version-number ', '-release ', 'lib_LTLIBRARIES = libx.la', 'libx_la_LDFLAGS = -version-info 1:0:0', 'dnl ', '#', '\n', '\r\n', '\\\n', ' ', '\t', '"', "'", '`', 'é', '🚀', '\u0000'];

describe('language server soak: 10,000 random edits with hovers and code actions', function () {
  this.timeout(Math.max(180_000, EDITS * 30));
  let workspace: TempWorkspace;
  let client: LspTestClient;

  before(async () => {
    workspace = new TempWorkspace(TWO_LIBRARY_PROJECT);
    client = new LspTestClient();
    await client.initialize(workspace.root);
    await client.diagnosticsFor(workspace.uri('configure.ac'), (p) => p.diagnostics.length > 0);
  });
  after(async () => {
    await client.shutdown();
    workspace.dispose();
  });

  it(`stays correct and its memory flat (${EDITS} edits, seed ${SEED})`, async function () {
    const next = random(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const files = ['configure.ac', 'src/Makefile.am'] as const;
    const docs = new Map(files.map((file) => [file, TextDocument.create(workspace.uri(file), file.endsWith('.ac') ? 'autoconf' : 'makefile', 1, TWO_LIBRARY_PROJECT[file])]));
    for (const doc of docs.values()) await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: doc.uri, languageId: doc.languageId, version: doc.version, text: doc.getText() } });

    const pending: Promise<void>[] = [];
    let requests = 0;
    let hovers = 0;
    let codeActions = 0;
    const failures: string[] = [];
    const request = (method: string, params: unknown) => {
      requests++;
      pending.push(client.connection.sendRequest(method, params).then(() => undefined, (error: Error) => void failures.push(`${method}: ${error.message}`)));
    };
    let before = 0;
    let pid = 0;
    const samples: string[] = [];
    const started = performance.now();

    for (let i = 1; i <= EDITS; i++) {
      const file = pick(files);
      let doc = docs.get(file)!;
      const text = doc.getText();
      let change: TextDocumentContentChangeEvent;
      const roll = next();
      if (roll < 0.05 || text.length > 20_000) {
        // A full-document change: the original, or the current text with a chunk dropped.
        const replacement = roll < 0.02 || text.length > 20_000 ? TWO_LIBRARY_PROJECT[file] : text.slice(0, Math.floor(next() * text.length)) + pick(TYPED);
        change = { text: replacement };
      } else {
        const start = Math.floor(next() * (text.length + 1));
        const end = Math.min(text.length, start + (next() < 0.6 ? 0 : Math.floor(next() * 12)));
        change = { range: { start: doc.positionAt(start), end: doc.positionAt(end) }, text: next() < 0.15 ? '' : pick(TYPED) };
      }
      doc = TextDocument.update(doc, [change], doc.version + 1);
      docs.set(file, doc);
      void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: doc.uri, version: doc.version }, contentChanges: [change] });

      const position = doc.positionAt(Math.floor(next() * (doc.getText().length + 1)));
      if (i % 23 === 0) {
        hovers++;
        request('textDocument/hover', { textDocument: { uri: doc.uri }, position });
      }
      if (i % 41 === 0) {
        codeActions++;
        const other = doc.positionAt(Math.floor(next() * (doc.getText().length + 1)));
        const [from, to] = doc.offsetAt(other) < doc.offsetAt(position) ? [other, position] : [position, other];
        request('textDocument/codeAction', { textDocument: { uri: doc.uri }, range: { start: from, end: to }, context: { diagnostics: [] } });
      }
      if (i % 100 === 0) {
        // Let the requests in flight finish; now and then wait past the debounce so background analyses run too.
        await Promise.all(pending.splice(0));
        if (i % 500 === 0) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      if (process.env.VERSIONWISE_FUZZ_VERBOSE && pid && i % 1_000 === 0) samples.push(`${i}: ${rssMb(pid).toFixed(1)}`);
      if (i === WARM_UP) {
        await Promise.all(pending.splice(0));
        await new Promise((resolve) => setTimeout(resolve, 500));
        pid = serverPid();
        before = rssMb(pid);
      }
      assert.ok(!client.exited, `the server exited after edit ${i}: ${client.stderr.slice(-2000)}`);
    }
    await Promise.all(pending.splice(0));

    // A known final state: the fixture as written, sent as full changes; its one error comes back.
    for (const file of files) {
      const doc = docs.get(file)!;
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: doc.uri, version: doc.version + 1 }, contentChanges: [{ text: TWO_LIBRARY_PROJECT[file] }] });
      docs.set(file, TextDocument.update(doc, [{ text: TWO_LIBRARY_PROJECT[file] }], doc.version + 1));
    }
    const final = await client.diagnosticsFor(workspace.uri('configure.ac'), (p) => p.diagnostics.length === 1 && p.diagnostics[0].code === 'libtool/age-exceeds-current', 20_000);
    assert.deepEqual(final.diagnostics[0].range, rangeOf(TWO_LIBRARY_PROJECT, 'configure.ac', 'G_AGE=4', '4'));
    await client.diagnosticsFor(workspace.uri('src/Makefile.am'), (p) => p.diagnostics.length === 0, 20_000);
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: workspace.uri('src/Makefile.am') }, position: rangeOf(TWO_LIBRARY_PROJECT, 'src/Makefile.am', '7:2:3', '2').start })) as { contents: { value: string } } | null;
    assert.match(hover?.contents.value ?? '', /libwidget/);
    // And a fix typed in the editor clears it.
    const configure = docs.get('configure.ac')!;
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: configure.uri, version: configure.version + 1 }, contentChanges: [{ range: rangeOf(TWO_LIBRARY_PROJECT, 'configure.ac', 'G_AGE=4', '4'), text: '1' }] });
    await client.diagnosticsFor(workspace.uri('configure.ac'), (p) => p.diagnostics.length === 0, 20_000);

    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = rssMb(pid);
    const seconds = (performance.now() - started) / 1000;
    if (samples.length) console.log(`      RSS (MB) by edit: ${samples.join(', ')}`);
    console.log(`      ${EDITS} edits, ${hovers} hovers, ${codeActions} code actions in ${seconds.toFixed(1)} s; server RSS ${before.toFixed(1)} MB after ${WARM_UP} edits, ${after.toFixed(1)} MB at the end (${(after - before >= 0 ? '+' : '') + (after - before).toFixed(1)} MB)`);
    // The server log: nothing failed.
    const logFailures = client.stderr.split('\n').filter((line) => /analysis failed|unhandled|TypeError|RangeError|Chaining cycle|PromiseRejectionHandledWarning/i.test(line));
    assert.deepEqual(logFailures, [], 'the server log has no failure');
    assert.ok(after - before < MAX_GROWTH_MB, `the server's resident memory grew by ${(after - before).toFixed(1)} MB (bound ${MAX_GROWTH_MB} MB)`);
    // Once, a stale analysis handed over to itself ("Chaining cycle detected for promise") and a few
    // hovers and code actions failed; every request must be answered.
    assert.deepEqual(failures, [], `${failures.length} of ${requests} requests failed`);
  });
});
