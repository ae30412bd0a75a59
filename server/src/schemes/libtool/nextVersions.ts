/**
 * The next C:R:A for each kind of change, by the libtool manual's rules (§7.3): a source change bumps
 * REVISION; any interface change bumps CURRENT and resets REVISION; additions bump AGE; removals or changes
 * reset AGE.
 */
export type ChangeKind = 'revision' | 'added' | 'removed-or-changed';

export interface Triple {
  readonly current: number;
  readonly revision: string;
  readonly age: number;
}

export const CHANGE_LABEL: Record<ChangeKind, string> = {
  revision: 'source changed, interfaces unchanged',
  added: 'interfaces added',
  'removed-or-changed': 'interfaces removed or changed',
};

export function nextTriple(from: Triple, change: ChangeKind): Triple {
  switch (change) {
    case 'revision':
      return { current: from.current, revision: (BigInt(from.revision) + 1n).toString(), age: from.age };
    case 'added':
      return { current: from.current + 1, revision: '0', age: from.age + 1 };
    case 'removed-or-changed':
      return { current: from.current + 1, revision: '0', age: 0 };
  }
}

export function formatTriple(t: Triple): string {
  return `${t.current}:${t.revision}:${t.age}`;
}

/**
 * The same rules for a library declared with `-version-number MAJOR:MINOR:REVISION` (C = MAJOR+MINOR,
 * A = MINOR, R = REVISION on GNU/Linux), written in that flag's own syntax: a removal moves MAJOR past
 * MAJOR+MINOR so that CURRENT still grows.
 */
export function nextVersionNumber(major: number, minor: number, revision: string, change: ChangeKind): string {
  switch (change) {
    case 'revision':
      return `${major}:${minor}:${(BigInt(revision) + 1n).toString()}`;
    case 'added':
      return `${major}:${minor + 1}:0`;
    case 'removed-or-changed':
      return `${major + minor + 1}:0:0`;
  }
}
