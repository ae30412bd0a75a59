import type { Range } from '../core/text';

/**
 * A library's public interface as Versionwise sees it: named items with a normalised signature, so that
 * two versions can be compared without building either. What counts as "changed" is a different
 * signature for the same kind and name: parameter names and whitespace never matter.
 */
export type InterfaceKind = 'function' | 'variable' | 'typedef' | 'struct' | 'union' | 'enum-constant' | 'symbol';

export interface InterfaceItem {
  readonly kind: InterfaceKind;
  readonly name: string;
  /** Normalised: `int(const char*,int)` for a function, member list for a struct, value for an enum constant. */
  readonly signature: string;
  readonly file: string;
  readonly range: Range;
}

export interface ChangedItem {
  readonly before: InterfaceItem;
  readonly after: InterfaceItem;
}

export interface InterfaceDiff {
  readonly added: readonly InterfaceItem[];
  readonly removed: readonly InterfaceItem[];
  readonly changed: readonly ChangedItem[];
}

const key = (item: InterfaceItem) => `${item.kind === 'symbol' ? 'function' : item.kind}\0${item.name}`;

/** Items keyed by kind and name; a name declared twice (in two `#if` branches) keeps every signature. */
export function indexItems(items: readonly InterfaceItem[]): Map<string, InterfaceItem> {
  const byKey = new Map<string, InterfaceItem>();
  for (const item of items) {
    const existing = byKey.get(key(item));
    if (!existing) byKey.set(key(item), item);
    else if (existing.kind === 'symbol' && item.kind !== 'symbol') byKey.set(key(item), item);
    else if (item.kind !== 'symbol' && !existing.signature.split(' | ').includes(item.signature)) {
      byKey.set(key(item), { ...existing, signature: [...existing.signature.split(' | '), item.signature].sort().join(' | ') });
    }
  }
  return byKey;
}

export function diffInterfaces(before: readonly InterfaceItem[], after: readonly InterfaceItem[]): InterfaceDiff {
  const old = indexItems(before);
  const now = indexItems(after);
  const added: InterfaceItem[] = [];
  const removed: InterfaceItem[] = [];
  const changed: ChangedItem[] = [];
  for (const [k, item] of now) {
    const previous = old.get(k);
    if (!previous) added.push(item);
    // A bare symbol (from a symbol list) has no signature to compare.
    else if (previous.signature !== item.signature && previous.kind !== 'symbol' && item.kind !== 'symbol') changed.push({ before: previous, after: item });
  }
  for (const [k, item] of old) if (!now.has(k)) removed.push(item);
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  return { added: added.sort(byName), removed: removed.sort(byName), changed: changed.sort((a, b) => byName(a.after, b.after)) };
}

export function isEmptyDiff(diff: InterfaceDiff): boolean {
  return !diff.added.length && !diff.removed.length && !diff.changed.length;
}
