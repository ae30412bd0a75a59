import { keyValueFacts } from '../../sources/buildProject';

/**
 * Step 1 of the pmix scheme: the Open MPI / OpenPMIx `VERSION` file, shell `key=value` lines that
 * `config/pmix_get_version.sh` reads: `major`, `minor`, `release`, `greek`, `repo_rev`,
 * `tarball_version`, `date`, and one `lib<name>_so_version=C:R:A` per installed library (those belong to
 * the libtool scheme, which reports on them; this scheme only compares them with the last release).
 * Other `VERSION` files (one line, another project's format) have no `major=` and are not this scheme's.
 */
export interface Field {
  readonly key: string;
  readonly keyStart: number;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface PmixVersionFile {
  readonly path: string;
  readonly major?: Field;
  readonly minor?: Field;
  readonly release?: Field;
  readonly greek?: Field;
  readonly repoRev?: Field;
  readonly tarballVersion?: Field;
  readonly date?: Field;
  /** `lib*_so_version` lines, by key. */
  readonly soVersions: readonly Field[];
  /** The first key of the file (where a finding about a missing key goes). */
  readonly first: Field;
}

/** The VERSION file's fields, or undefined when it is not an Open MPI / PMIx style VERSION file. */
export function readPmixVersionFile(path: string, text: string): PmixVersionFile | undefined {
  const { entries } = keyValueFacts(path, text);
  const fields = entries.map((e): Field => ({ key: e.key, keyStart: e.keyStart, text: text.slice(e.value.start, e.value.end), start: e.value.start, end: e.value.end }));
  // The last assignment wins, as when the shell sources the file.
  const get = (key: string) => [...fields].reverse().find((f) => f.key === key);
  const major = get('major');
  const minor = get('minor');
  const release = get('release');
  if (!major && !(minor && release)) return undefined;
  return {
    path,
    major,
    minor,
    release,
    greek: get('greek'),
    repoRev: get('repo_rev'),
    tarballVersion: get('tarball_version'),
    date: get('date'),
    soVersions: fields.filter((f) => /^lib[A-Za-z0-9_]*_so_version$/.test(f.key)),
    first: fields[0],
  };
}
