/**
 * The workspace's file names, as the analysis core sees them: a set of workspace-relative paths plus the
 * indexes the schemes look names up by. A tree of 100,000 files is walked by name once per listing, not
 * once per scheme and per question: "every `.bin`", "every `package.json`", "the files in `doc/`" are map
 * lookups. Each index is built on first use and kept as long as the listing (the language server keeps one
 * listing until a file is created or deleted, so keystrokes never rebuild them).
 */
export class FileListing implements ReadonlySet<string> {
  private byName?: PathIndex;
  private byExtension?: PathIndex;
  private byDirectory?: PathIndex;

  private constructor(private readonly paths: ReadonlySet<string>, private readonly ordered: readonly string[]) {}

  /** The listing of these paths, in this order (the walk's order: "first" means first listed). */
  static of(paths: readonly string[]): FileListing {
    let listing = LISTINGS.get(paths);
    if (!listing) LISTINGS.set(paths, (listing = new FileListing(new Set(paths), paths)));
    return listing;
  }

  get size(): number {
    return this.paths.size;
  }

  has(path: string): boolean {
    return this.paths.has(path);
  }

  /** Paths whose last segment is `name` (`package.json`, `WHENCE`), in listing order. */
  named(name: string): readonly string[] {
    return lookup((this.byName ??= index(this.ordered, nameOf)), name);
  }

  /** Every distinct last segment of the listing (to test a pattern once per name, not once per path). */
  names(): IterableIterator<string> {
    return (this.byName ??= index(this.ordered, nameOf)).keys();
  }

  /** Paths whose name ends in `extension` after its last dot (`.bin`, `.m4`; `.in` for `foo.spec.in`), in listing order. */
  withExtension(extension: string): readonly string[] {
    return lookup((this.byExtension ??= index(this.ordered, extensionOf)), extension);
  }

  /** Files directly in `directory` ('' for the workspace root), in listing order. */
  inDirectory(directory: string): readonly string[] {
    return lookup((this.byDirectory ??= index(this.ordered, directoryOf)), directory);
  }

  /** A listing of the paths `keep` accepts (settings that exclude files), kept per predicate key. */
  filtered(key: string, keep: (path: string) => boolean): FileListing {
    if (this.filteredCache?.key !== key) this.filteredCache = { key, listing: new FileListing(new Set(this.ordered.filter(keep)), this.ordered.filter(keep)) };
    return this.filteredCache.listing;
  }
  private filteredCache?: { readonly key: string; readonly listing: FileListing };

  [Symbol.iterator](): IterableIterator<string> {
    return this.paths[Symbol.iterator]();
  }

  keys(): IterableIterator<string> {
    return this.paths.keys();
  }

  values(): IterableIterator<string> {
    return this.paths.values();
  }

  entries(): IterableIterator<[string, string]> {
    return this.paths.entries();
  }

  forEach(callback: (value: string, key: string, set: ReadonlySet<string>) => void, thisArg?: unknown): void {
    for (const path of this.paths) callback.call(thisArg, path, path, this);
  }
}

const NONE: readonly string[] = Object.freeze([]);

/** One listing per array the reader returned: the editor's workspace and a git baseline keep theirs. */
const LISTINGS = new WeakMap<readonly string[], FileListing>();

/**
 * Paths by key. Most names are unique in a tree (`src/foo123.c`), so a key with one path maps to the path
 * itself: 100,000 one-element arrays would be most of the index's memory and garbage.
 */
type PathIndex = Map<string, string | string[]>;

function index(paths: readonly string[], keyOf: (path: string) => string | undefined): PathIndex {
  const map: PathIndex = new Map();
  for (const path of paths) {
    const key = keyOf(path);
    if (key === undefined) continue;
    const found = map.get(key);
    if (found === undefined) map.set(key, path);
    else if (typeof found === 'string') map.set(key, [found, path]);
    else found.push(path);
  }
  return map;
}

function lookup(index: PathIndex, key: string): readonly string[] {
  const found = index.get(key);
  return found === undefined ? NONE : typeof found === 'string' ? [found] : found;
}

function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function extensionOf(path: string): string | undefined {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') + 1 ? path.slice(dot) : undefined;
}

function directoryOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}
