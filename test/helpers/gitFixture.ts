import { execFileSync } from 'node:child_process';
import { TempWorkspace } from './tempWorkspace';

/** A throwaway git repository driven by the real git, for baseline tests. */
export class GitFixture extends TempWorkspace {
  constructor(files: Record<string, string> = {}) {
    super(files);
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.email', 'fixture@versionwise.invalid');
    this.git('config', 'user.name', 'Fixture');
    this.git('config', 'commit.gpgsign', 'false');
    this.git('config', 'tag.gpgsign', 'false');
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.root, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } });
  }

  /** Commits everything; returns the commit hash. */
  commit(message: string, files: Record<string, string> = {}): string {
    for (const [name, text] of Object.entries(files)) this.write(name, text);
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD').trim();
  }

  /** An annotated tag one second apart from the previous, so "newest" is well defined. */
  tag(name: string, annotated = true): void {
    if (annotated) this.git('tag', '-a', name, '-m', name);
    else this.git('tag', name);
  }
}
