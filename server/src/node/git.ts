import { execFile, spawn } from 'node:child_process';

/**
 * Running git on a workspace that may not be trusted. git is run without a shell, with an argument list,
 * a timeout and a size limit, and with configuration that disarms everything a repository's own config
 * could make git execute: the fsmonitor hook, hooks, pagers, external diff and textconv drivers, ssh and
 * other transports, credential helpers, askpass. System and global configuration are ignored too, so the
 * result does not depend on the machine. Only commands that read objects and refs are used (rev-parse,
 * for-each-ref, ls-tree, cat-file): nothing touches the index or the working tree, so no clean/smudge
 * filter can run either.
 */
export const GIT_TIMEOUT_MS = 15_000;
export const GIT_MAX_OUTPUT = 64 * 1024 * 1024;

const HARDENING = [
  '-c', 'core.fsmonitor=false',
  '-c', 'core.hooksPath=/dev/null',
  '-c', 'core.pager=cat',
  '-c', 'core.sshCommand=false',
  '-c', 'core.askPass=',
  '-c', 'core.gitProxy=',
  '-c', 'core.untrackedCache=false',
  '-c', 'credential.helper=',
  '-c', 'diff.external=',
  '-c', 'protocol.allow=never',
  '-c', 'uploadpack.packObjectsHook=',
  '-c', 'gc.auto=0',
  '-c', 'maintenance.auto=false',
  '--no-pager',
  '--no-optional-locks',
];

function gitEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // Only what git needs to find itself; nothing from the user's environment that steers git (GIT_DIR,
  // GIT_EXTERNAL_DIFF, GIT_SSH, GIT_CONFIG_PARAMETERS…) is passed through.
  for (const name of ['PATH', 'HOME', 'SYSTEMROOT', 'TMPDIR', 'TEMP', 'TMP']) if (process.env[name] !== undefined) env[name] = process.env[name];
  return {
    ...env,
    LC_ALL: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_PAGER: 'cat',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
  };
}

export class GitError extends Error {
  constructor(message: string, readonly kind: 'not-installed' | 'not-a-repository' | 'failed' | 'timeout') {
    super(message);
  }
}

/** Runs one read-only git command in `cwd`; resolves with stdout (binary-safe as a Buffer). */
export function runGit(cwd: string, args: readonly string[], timeoutMs = GIT_TIMEOUT_MS): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('git', [...HARDENING, ...args], { cwd, env: gitEnvironment(), timeout: timeoutMs, maxBuffer: GIT_MAX_OUTPUT, encoding: 'buffer', windowsHide: true }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return reject(new GitError('git is not installed (or not on PATH)', 'not-installed'));
      if ((error as { killed?: boolean }).killed) return reject(new GitError(`git ${args[0]} did not finish within ${Math.round(timeoutMs / 1000)} s`, 'timeout'));
      const message = String(stderr).trim().split('\n').pop() || error.message;
      if (/not a git repository/i.test(message)) return reject(new GitError('not a git repository', 'not-a-repository'));
      reject(new GitError(`git ${args[0]} failed: ${message}`, 'failed'));
    });
  });
}

export interface BlobResult {
  readonly path: string;
  /** Undefined when the path does not exist at that commit (or is not a file). */
  readonly bytes?: Buffer;
  readonly size?: number;
  /** git stopped before answering for this path (a damaged object earlier in the batch). */
  readonly failed?: boolean;
}

/**
 * Reads many files of one commit with a single `git cat-file --batch`. Blobs larger than `maxBytes` are
 * reported with their size but not returned.
 */
export function readBlobs(cwd: string, commit: string, paths: readonly string[], maxBytes: number, timeoutMs = GIT_TIMEOUT_MS): Promise<BlobResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...HARDENING, 'cat-file', '--batch'], { cwd, env: gitEnvironment(), stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const chunks: Buffer[] = [];
    let received = 0;
    let failed = false;
    const timer = setTimeout(() => {
      failed = true;
      child.kill('SIGKILL');
      reject(new GitError(`git cat-file did not finish within ${Math.round(timeoutMs / 1000)} s`, 'timeout'));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      if (!failed) reject((error as NodeJS.ErrnoException).code === 'ENOENT' ? new GitError('git is not installed (or not on PATH)', 'not-installed') : error);
      failed = true;
    });
    child.stdout.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > GIT_MAX_OUTPUT + paths.length * 128) {
        failed = true;
        child.kill('SIGKILL');
        clearTimeout(timer);
        reject(new GitError('git cat-file output too large', 'failed'));
        return;
      }
      chunks.push(chunk);
    });
    child.stdin.on('error', () => undefined);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (failed) return;
      // git cat-file --batch stops at a damaged object: what it did not answer could not be read (as
      // opposed to "not in this commit").
      const incomplete = code !== 0;
      const output = Buffer.concat(chunks);
      const results: BlobResult[] = [];
      let offset = 0;
      for (const path of paths) {
        const headerEnd = output.indexOf(10, offset);
        if (headerEnd < 0) {
          results.push({ path, failed: incomplete });
          continue;
        }
        const header = output.subarray(offset, headerEnd).toString('utf8');
        const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
        if (!match) {
          results.push({ path }); // "<object> missing" or "ambiguous"
          offset = headerEnd + 1;
          continue;
        }
        const size = Number(match[2]);
        const body = output.subarray(headerEnd + 1, headerEnd + 1 + size);
        results.push(match[1] === 'blob' ? { path, size, bytes: size <= maxBytes ? body : undefined } : { path });
        offset = headerEnd + 1 + size + 1;
      }
      resolve(results);
    });
    // Paths with a newline cannot be asked for in batch mode; they are reported missing.
    const requests = paths.map((p) => (/[\n\r]/.test(p) ? `${commit}:__versionwise_unreadable_path__` : `${commit}:${p}`));
    child.stdin.end(requests.join('\n') + (requests.length ? '\n' : ''));
  });
}
