import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../helpers/lspClient';

/** ARCHITECTURE.md's invariant "the analysis core does no I/O", checked on the source. */
describe('architecture', () => {
  const CORE_DIRECTORIES = ['core', 'sources', 'schemes', 'features'].map((d) => path.join(REPO_ROOT, 'server', 'src', d));
  const FORBIDDEN = /from ['"](node:)?(fs|fs\/promises|child_process|net|http|https|worker_threads)['"]|from ['"]vscode-languageserver|from ['"]vscode['"]|require\(/;

  const sources = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));

  it('the analysis core imports no I/O and no LSP connection', () => {
    const files = CORE_DIRECTORIES.flatMap(sources);
    assert.ok(files.length > 10);
    const offenders = files.filter((file) => FORBIDDEN.test(fs.readFileSync(file, 'utf8'))).map((f) => path.relative(REPO_ROOT, f));
    assert.deepEqual(offenders, []);
  });

  it('the core does not depend on the front ends', () => {
    const files = CORE_DIRECTORIES.flatMap(sources);
    const offenders = files.filter((file) => /from ['"][./]*(node|cli)\//.test(fs.readFileSync(file, 'utf8')) || /from ['"][./]*server['"]/.test(fs.readFileSync(file, 'utf8')));
    assert.deepEqual(offenders.map((f) => path.relative(REPO_ROOT, f)), []);
  });
});
