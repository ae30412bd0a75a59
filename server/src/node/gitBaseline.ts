import * as path from 'node:path';
import { compileTagPattern, isReleaseTag, isSafeRef } from '../core/releaseTags';
import { factKey, type Baseline, type BaselineProvider, type BaselineRequest, type BaselineResolution, type FactAnswer, type FactAnswers, type FactQuery, type FileContent, type RepositoryFacts } from '../core/workspace';
import { decodeText, MAX_FILE_BYTES } from './diskWorkspace';
import { GitError, readBlobs, runGit } from './git';

/**
 * The last release of a workspace, read from git objects: the newest release tag reachable from HEAD (or
 * the ref the user names). Nothing is checked out and the repository is never written to. Every way this
 * can be impossible (no git, no repository, no commits, no tags) is an `unavailable` with one sentence for
 * the user; shallow clones and detached HEADs are notes.
 */
/** What resolve() reads from the repository whatever the request; a prepared read is used for this long. */
const PREPARED_FOR_MS = 5_000;

interface RepositoryState {
  readonly shallow: boolean;
  readonly toplevel: string;
  /** true; false for an unborn branch; a message when git could not read HEAD's commit (damaged objects). */
  readonly hasCommits: boolean | string;
  readonly detached: boolean;
  /** Tags reachable from HEAD, newest first, with the commit each names (when the listing could say). */
  readonly tags: Promise<readonly { readonly name: string; readonly commit?: string }[]>;
}

/** git processes at once when answering repository facts. */
const FACT_CONCURRENCY = 4;
const HASH = /^[0-9a-f]{4,40}$/;

/** A ref or an abbreviated hash git may be given: a safe ref name, and all-hex names only as 4–40 digit hashes. */
function isSafeObjectName(name: string): boolean {
  return isSafeRef(name) && (!/^[0-9a-fA-F]+$/.test(name) || HASH.test(name));
}

export class GitBaselineProvider implements BaselineProvider, RepositoryFacts {
  private prepared?: { readonly at: number; readonly facts: Promise<RepositoryState> };

  constructor(private readonly root: string) {}

  /**
   * Starts the git commands every resolution needs (whether the folder is a repository, HEAD, the tags),
   * all at once and in the background: the service calls this before listing the workspace.
   */
  prepare(): void {
    if (this.prepared && Date.now() - this.prepared.at < PREPARED_FOR_MS) return;
    const facts = this.readFacts();
    facts.catch(() => undefined); // a failure is reported by the resolve() that uses it
    this.prepared = { at: Date.now(), facts };
  }

  async resolve(request: BaselineRequest): Promise<BaselineResolution> {
    try {
      return await this.find(request);
    } catch (error) {
      if (error instanceof GitError) {
        const what = {
          'not-installed': 'git is not installed, so the last release cannot be read',
          'not-a-repository': 'the workspace is not a git repository, so there is no last release to compare with',
          timeout: `git took too long (${error.message})`,
          failed: error.message,
        }[error.kind];
        return { kind: 'unavailable', message: `Interface changes are not checked: ${what}.` };
      }
      return { kind: 'unavailable', message: `Interface changes are not checked: ${(error as Error).message}` };
    }
  }

  /**
   * Repository facts for the schemes, with read-only ref and object commands only. Refs are checked with
   * isSafeRef (and hex hashes must be 4–40 digits) before git sees them; whatever cannot be answered for
   * certain (not a repository, a detached HEAD, a shallow clone, where missing history looks like a
   * missing commit, an ambiguous hash) is left unknown. Never throws.
   */
  async facts(queries: readonly FactQuery[]): Promise<FactAnswers> {
    const answers = new Map<string, FactAnswer>();
    const needsHistory = queries.some((q) => q.kind !== 'branch');
    const shallow = needsHistory
      ? runGit(this.root, ['rev-parse', '--is-shallow-repository']).then((out) => out.toString('utf8').trim() !== 'false', () => true)
      : Promise.resolve(false);
    const queue = [...queries];
    const worker = async () => {
      for (let query = queue.shift(); query; query = queue.shift()) {
        const answer = await this.answer(query, shallow).catch(() => undefined);
        if (answer !== undefined) answers.set(factKey(query), answer);
      }
    };
    await Promise.all(Array.from({ length: Math.min(FACT_CONCURRENCY, queue.length) }, worker));
    return answers;
  }

  private async answer(query: FactQuery, shallow: Promise<boolean>): Promise<FactAnswer | undefined> {
    switch (query.kind) {
      case 'branch': {
        // Fails on a detached HEAD: unknown.
        const branch = (await runGit(this.root, ['symbolic-ref', '--quiet', '--short', 'HEAD'])).toString('utf8').trim();
        return branch || undefined;
      }
      case 'commit': {
        if (!isSafeObjectName(query.ref)) return undefined;
        try {
          return (await runGit(this.root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${query.ref}^{commit}`])).toString('utf8').trim();
        } catch (error) {
          if (!(error instanceof GitError) || error.kind !== 'failed' || (await shallow)) return undefined;
          if (!HASH.test(query.ref)) return null; // no such ref (or not a commit)
          // An abbreviated hash also fails when it is ambiguous: missing only if no object at all starts with it.
          const objects = (await runGit(this.root, ['rev-parse', `--disambiguate=${query.ref}`])).toString('utf8').trim();
          return objects === '' ? null : undefined;
        }
      }
      case 'count': {
        if (!isSafeObjectName(query.from) || !isSafeObjectName(query.to) || (await shallow)) return undefined;
        const count = Number((await runGit(this.root, ['rev-list', '--count', '--end-of-options', `${query.from}..${query.to}`])).toString('utf8').trim());
        return Number.isSafeInteger(count) ? count : undefined;
      }
    }
  }

  /** The independent commands run in parallel (each is a process: their start-up costs overlap). */
  private async readFacts(): Promise<RepositoryState> {
    const located = runGit(this.root, ['rev-parse', '--is-shallow-repository', '--show-toplevel']);
    // No commit at HEAD is an unborn branch, unless git says why otherwise (damaged objects).
    const head = runGit(this.root, ['rev-parse', '--verify', 'HEAD^{commit}']).then(
      () => true,
      async (error: unknown): Promise<boolean | string> => {
        // Refs without a readable commit are damage, not an unborn branch (which has no refs at all).
        const refs = await runGit(this.root, ['for-each-ref', '--count=1', '--format=%(refname)', 'refs/heads', 'refs/tags']).then((out) => out.toString('utf8').trim(), () => '');
        return refs ? `damaged: ${(error as Error).message}` : false;
      },
    );
    const detached = runGit(this.root, ['symbolic-ref', '--quiet', 'HEAD']).then(() => false, () => true);
    // Newest first by date; tags of the same second (a scripted release) by version order. The commit a tag
    // names: the peeled object of an annotated tag, the object itself of a lightweight one.
    const tags = runGit(this.root, ['for-each-ref', '--merged', 'HEAD', '--sort=-v:refname', '--sort=-creatordate', '--format=%(refname:short)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)', 'refs/tags']).then((out) =>
      out.toString('utf8').split('\n').filter(Boolean).map((line) => {
        const [name, type, object, peeledType, peeled] = line.split('\0');
        return { name, commit: type === 'commit' ? object : peeledType === 'commit' ? peeled : undefined };
      }),
    );
    tags.catch(() => undefined);
    let lines: string[];
    try {
      lines = (await located).toString('utf8').trim().split('\n');
    } finally {
      await Promise.all([head, detached]);
    }
    return { shallow: lines[0] === 'true', toplevel: lines[1], hasCommits: await head, detached: await detached, tags };
  }

  private async find(request: BaselineRequest): Promise<BaselineResolution> {
    const prepared = this.prepared && Date.now() - this.prepared.at < PREPARED_FOR_MS ? this.prepared : undefined;
    this.prepared = undefined; // used once: a later resolution reads the repository again
    const facts = await (prepared?.facts ?? this.readFacts());
    const { shallow, toplevel } = facts;
    const notes: string[] = [];
    if (shallow) notes.push('The repository is a shallow clone: older tags and history may be missing.');
    if (typeof facts.hasCommits === 'string') return { kind: 'unavailable', message: `Interface changes are not checked: the repository's objects are damaged (${facts.hasCommits.replace(/^damaged: /, '')}); run git fsck.` };
    if (!facts.hasCommits) return { kind: 'unavailable', message: 'Interface changes are not checked: the repository has no commits yet.' };
    if (facts.detached) notes.push('HEAD is detached: the last release is looked for in the history of the checked-out commit.');

    let ref = request.ref;
    let commit: string | undefined;
    if (ref !== undefined) {
      if (!isSafeRef(ref)) return { kind: 'unavailable', message: `Interface changes are not checked: '${ref}' is not a valid git ref name.` };
    } else {
      const { regex, error } = compileTagPattern(request.tagPattern);
      if (error) return { kind: 'unavailable', message: `Interface changes are not checked: ${error}.` };
      const tags = await facts.tags;
      const tag = tags.find((t) => isReleaseTag(t.name, request.packageNames, regex));
      if (!tag) {
        const why = tags.length ? `none of the ${tags.length} tag(s) reachable from HEAD looks like a release of this package` : 'no tag is reachable from HEAD';
        return { kind: 'unavailable', message: `Interface changes are not checked: ${why}${shallow ? ' (the clone is shallow)' : ''}. Name the last release with the setting versionwise.baseline.ref or --baseline REF.` };
      }
      ref = tag.name;
      commit = tag.commit;
    }
    if (commit === undefined) {
      try {
        commit = (await runGit(this.root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])).toString('utf8').trim();
      } catch {
        return { kind: 'unavailable', message: `Interface changes are not checked: '${ref}' does not name a commit of this repository.` };
      }
    }
    const prefix = path.relative(toplevel, this.root).split(path.sep).join('/');
    let commitsSince: number | undefined;
    try {
      commitsSince = Number((await runGit(this.root, ['rev-list', '--count', `${commit}..HEAD`])).toString('utf8').trim());
    } catch {
      commitsSince = undefined; // e.g. a shallow clone without the range: not known
    }
    return { kind: 'found', baseline: new GitBaseline(this.root, ref, commit, prefix, commitsSince), notes };
  }
}

/** One commit's files, under the workspace folder's path inside the repository. */
class GitBaseline implements Baseline {
  private listing?: Promise<readonly string[]>;
  private pending = new Map<string, ((content: FileContent) => void)[]>();
  /** A commit never changes: what was read once is kept for later analyses. */
  private readonly read = new Map<string, Promise<FileContent>>();
  private flushScheduled = false;

  constructor(private readonly cwd: string, readonly ref: string, readonly commit: string, private readonly prefix: string, readonly commitsSince?: number) {}

  listFiles(): Promise<readonly string[]> {
    this.listing ??= (async () => {
      const args = ['ls-tree', '-r', '-z', '--name-only', '--full-tree', this.commit];
      if (this.prefix) args.push('--', this.prefix);
      const names = (await runGit(this.cwd, args)).toString('utf8').split('\0').filter(Boolean);
      const strip = this.prefix ? `${this.prefix}/` : '';
      return names.filter((n) => n.startsWith(strip)).map((n) => n.slice(strip.length)).sort();
    })();
    return this.listing;
  }

  /** Reads are batched: every file asked for in the same tick comes from one `git cat-file --batch`. */
  readFile(file: string): Promise<FileContent> {
    let content = this.read.get(file);
    if (!content) this.read.set(file, (content = this.request(file)));
    return content;
  }

  private request(file: string): Promise<FileContent> {
    return new Promise((resolve) => {
      const waiting = this.pending.get(file);
      if (waiting) waiting.push(resolve);
      else this.pending.set(file, [resolve]);
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    this.flushScheduled = false;
    const files = [...batch.keys()];
    const repoPaths = files.map((f) => (this.prefix ? `${this.prefix}/${f}` : f));
    let results: { bytes?: Buffer; size?: number; failed?: boolean }[];
    try {
      results = await readBlobs(this.cwd, this.commit, repoPaths, MAX_FILE_BYTES);
    } catch (error) {
      for (const resolvers of batch.values()) for (const resolve of resolvers) resolve({ kind: 'unreadable', reason: (error as Error).message });
      return;
    }
    files.forEach((file, i) => {
      const result = results[i];
      const content: FileContent = result?.bytes
        ? decodeText(result.bytes)
        : result?.size !== undefined
          ? { kind: 'unreadable', reason: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB at ${this.ref}` }
          : result?.failed
            ? { kind: 'unreadable', reason: `git could not read it at ${this.ref} (a damaged object?)` }
            : { kind: 'unreadable', reason: `not in ${this.ref}` };
      for (const resolve of batch.get(file)!) resolve(content);
    });
  }
}
