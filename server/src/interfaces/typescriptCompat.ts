import * as ts from 'typescript';
import { SignatureRenderer } from './typescriptSignature';
import {
  declaredTypeParameters,
  enumMembers,
  hasDefault,
  hasRestParameter,
  isAbstractClass,
  isConstEnum,
  isObjectLike,
  membersOf,
  minArgumentCount,
  type MemberInfo,
  type TsApiKind,
} from './typescriptSymbols';

/**
 * Whether the new version of one export can replace the old one, decided by the checker with both
 * versions in one program (see typescriptApi.ts for the rules in prose).
 *
 * `relate(source, target)` is "a value of `source` can be used where `target` is expected", i.e.
 * `checker.isTypeAssignableTo`, with one refinement: a named type that is exported by both versions is
 * *pinned* — its old and new declarations count as the same type here, because that type is an item of its
 * own and its change is judged (and reported) there, once. Without pinning, a class that gained a method
 * would make every function taking that class "breaking" (a structural caller's object lacks the method),
 * and a class with private members would never be assignable to its other version at all (private
 * members are nominal). Pinning is applied when the checker says no: the two types are then taken apart
 * (unions, intersections, references to the same generic — `Promise<T>`, `T[]` —, object members,
 * call signatures) looking for pinned pairs; anything else keeps the checker's answer.
 */
export interface ComparedItem {
  readonly kind: TsApiKind;
  readonly symbol: ts.Symbol;
  readonly signature: string;
}

export interface Verdict {
  readonly breaking: boolean;
  readonly reason: string;
}

export class Comparator {
  private readonly cache = new Map<ts.Type, Map<ts.Type, boolean>>();
  /**
   * Type parameters of the two versions of one declaration, paired by position (`<T>` and `<Item>` are
   * the same parameter of `first`): registered while comparing the declaration, consulted by `relate`.
   */
  private readonly typeParameterPairs = new Map<ts.Type, Set<ts.Type>>();

  constructor(
    private readonly checker: ts.TypeChecker,
    /** Declaration keys (root-free fully qualified names) exported by both versions. */
    private readonly pinned: ReadonlySet<string>,
    private readonly keyOf: (symbol: ts.Symbol) => string,
    private readonly hidden: ReadonlySet<string>,
    private readonly render: SignatureRenderer,
  ) {}

  // ——— the relation ———

  private pairTypeParameters(old: readonly ts.Type[], now: readonly ts.Type[]): void {
    for (let i = 0; i < Math.min(old.length, now.length); i++) {
      for (const [a, b] of [[old[i], now[i]], [now[i], old[i]]]) {
        let set = this.typeParameterPairs.get(a);
        if (!set) this.typeParameterPairs.set(a, (set = new Set()));
        set.add(b);
      }
    }
  }

  /**
   * For an item's own type: the checker, then the structural walk without pinning at the top (pinning the
   * item against itself would make every change compatible).
   */
  private relateOwn(source: ts.Type, target: ts.Type): boolean {
    return source === target || this.checker.isTypeAssignableTo(source, target) || this.relateStructurally(source, target, 1, false);
  }

  relate(source: ts.Type, target: ts.Type, depth = 0): boolean {
    if (source === target || this.checker.isTypeAssignableTo(source, target)) return true;
    if (depth > 8) return false;
    let row = this.cache.get(source);
    if (!row) this.cache.set(source, (row = new Map()));
    const known = row.get(target);
    if (known !== undefined) return known;
    row.set(target, true); // coinductive: a pair met again while comparing it is assumed related
    const result = this.relateStructurally(source, target, depth + 1);
    row.set(target, result);
    return result;
  }

  private namedKey(type: ts.Type): string | undefined {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (!symbol || !(symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Enum))) return undefined;
    const key = this.keyOf(symbol);
    return this.pinned.has(key) ? key : undefined;
  }

  private typeArguments(type: ts.Type): readonly ts.Type[] {
    if (type.aliasSymbol) return type.aliasTypeArguments ?? [];
    if (isReference(type)) {
      const declared = (type.target as ts.InterfaceType).typeParameters?.length ?? 0;
      return this.checker.getTypeArguments(type).slice(0, declared);
    }
    return [];
  }

  private relateStructurally(source: ts.Type, target: ts.Type, depth: number, pin = true): boolean {
    const sourceKey = pin ? this.namedKey(source) : undefined;
    if (sourceKey !== undefined && sourceKey === this.namedKey(target)) {
      const a = this.typeArguments(source);
      const b = this.typeArguments(target);
      return a.length === b.length && a.every((t, i) => this.relate(t, b[i], depth));
    }
    if (source.flags & ts.TypeFlags.TypeParameter && target.flags & ts.TypeFlags.TypeParameter) {
      return !!this.typeParameterPairs.get(source)?.has(target) || source.symbol?.name === target.symbol?.name;
    }
    if (source.isUnion()) return source.types.every((t) => this.relate(t, target, depth));
    if (target.isUnion()) return target.types.some((t) => this.relate(source, t, depth));
    if (target.isIntersection()) return target.types.every((t) => this.relate(source, t, depth));
    if (source.isIntersection()) return source.types.some((t) => this.relate(t, target, depth));
    if (isReference(source) && isReference(target) && source.target === target.target) {
      const a = this.checker.getTypeArguments(source);
      const b = this.checker.getTypeArguments(target);
      return a.length === b.length && a.every((t, i) => this.relate(t, b[i], depth));
    }
    if (source.flags & ts.TypeFlags.Object && target.flags & ts.TypeFlags.Object) return this.relateMembers(source, target, depth);
    return false;
  }

  private relateMembers(source: ts.Type, target: ts.Type, depth: number): boolean {
    for (const kind of [ts.SignatureKind.Call, ts.SignatureKind.Construct]) {
      const sourceSignatures = this.checker.getSignaturesOfType(source, kind);
      for (const t of this.checker.getSignaturesOfType(target, kind)) {
        if (!sourceSignatures.some((s) => this.signatureAssignable(s, t, depth))) return false;
      }
    }
    for (const property of this.checker.getPropertiesOfType(target)) {
      const counterpart = this.checker.getPropertyOfType(source, property.name);
      const optional = !!(property.flags & ts.SymbolFlags.Optional);
      if (!counterpart) {
        if (optional) continue;
        return false;
      }
      if (counterpart.flags & ts.SymbolFlags.Optional && !optional) return false;
      if (!this.relate(this.checker.getTypeOfSymbol(counterpart), this.checker.getTypeOfSymbol(property), depth)) return false;
    }
    const sourceIndexes = this.checker.getIndexInfosOfType(source);
    for (const info of this.checker.getIndexInfosOfType(target)) {
      const counterpart = sourceIndexes.find((i) => i.keyType === info.keyType);
      if (!counterpart || !this.relate(counterpart.type, info.type, depth)) return false;
    }
    return true;
  }

  /** TypeScript's rule for one signature replacing another (fewer parameters fine, parameters contravariant). */
  private signatureAssignable(source: ts.Signature, target: ts.Signature, depth: number): boolean {
    this.pairTypeParameters(source.getTypeParameters() ?? [], target.getTypeParameters() ?? []);
    const targetCount = target.parameters.length;
    if (minArgumentCount(this.checker, source) > targetCount && !hasRestParameter(target)) return false;
    const count = Math.min(Math.max(source.parameters.length, targetCount), 64);
    for (let i = 0; i < count; i++) {
      if ((i >= source.parameters.length && !hasRestParameter(source)) || (i >= targetCount && !hasRestParameter(target))) break;
      if (!this.relate(target.getTypeParameterAtPosition(i), source.getTypeParameterAtPosition(i), depth)) return false;
    }
    const targetReturn = target.getReturnType();
    return !!(targetReturn.flags & ts.TypeFlags.Void) || this.relate(source.getReturnType(), targetReturn, depth);
  }

  // ——— rules per kind ———

  /** `undefined` when nothing about the item changed. */
  compare(before: ComparedItem, after: ComparedItem): Verdict | undefined {
    if (before.symbol === after.symbol) return undefined; // both versions read the same (shared) file
    const sameText = before.signature === after.signature;
    const result = this.compareKinds(before, after);
    if (!result.problems.length && sameText) return undefined;
    if (result.problems.length) {
      const prefix = sameText ? 'a type it refers to changed: ' : '';
      return { breaking: true, reason: prefix + unique(result.problems).join('; ') };
    }
    return { breaking: false, reason: result.notes.length ? unique(result.notes).join('; ') : 'signature changed, still compatible' };
  }

  private compareKinds(before: ComparedItem, after: ComparedItem): Outcome {
    const out = new Outcome();
    const b = before.kind;
    const a = after.kind;
    if (b === 'namespace' && a === 'namespace') return out;
    if ((b === 'function' || b === 'variable') && (a === 'function' || a === 'variable')) {
      this.compareValues(before.symbol, after.symbol, out);
    } else if (b === 'class' && a === 'class') {
      this.compareClasses(before.symbol, after.symbol, out);
    } else if (b === 'enum' && a === 'enum') {
      this.compareEnums(before.symbol, after.symbol, out);
    } else if ((b === 'interface' || b === 'type') && (a === 'interface' || a === 'type')) {
      this.compareTypes(before.symbol, after.symbol, out);
    } else {
      out.problem(`was ${article(b)}, now ${article(a)}`);
    }
    return out;
  }

  /** Functions and variables: what callers and readers of the old value do must still work. */
  private compareValues(before: ts.Symbol, after: ts.Symbol, out: Outcome): void {
    const oldType = this.checker.getTypeOfSymbol(before);
    const newType = this.checker.getTypeOfSymbol(after);
    const oldCalls = this.checker.getSignaturesOfType(oldType, ts.SignatureKind.Call);
    if (oldCalls.length && !this.checker.getPropertiesOfType(oldType).length) {
      this.callers(oldCalls, this.checker.getSignaturesOfType(newType, ts.SignatureKind.Call), '', out);
      return;
    }
    if (!this.relate(newType, oldType)) out.problem(`type ${this.render.type(oldType)} became ${this.render.type(newType)}, which readers of the old type do not expect`);
    else if (this.render.type(oldType) !== this.render.type(newType)) out.note(`type narrowed from ${this.render.type(oldType)} to ${this.render.type(newType)}`);
  }

  /**
   * The callers' rule: every old overload must still be callable — some new signature takes at least the
   * arguments it took (no new required parameter, no parameter removed), accepts each of their types,
   * and returns something assignable to the old return type (anything, when the old one returned void).
   */
  private callers(oldSignatures: readonly ts.Signature[], newSignatures: readonly ts.Signature[], label: string, out: Outcome): void {
    if (!newSignatures.length) {
      out.problem(`${label}can no longer be called`);
      return;
    }
    oldSignatures.forEach((old, index) => {
      let best: Outcome | undefined;
      for (const candidate of newSignatures) {
        const attempt = new Outcome();
        this.callSignature(old, candidate, label, attempt);
        if (!best || attempt.problems.length < best.problems.length) best = attempt;
        if (!attempt.problems.length) break;
      }
      if (oldSignatures.length > 1 && best!.problems.length) out.problem(`${label}overload ${index + 1} (${this.render.signature(old)}) is gone: ${best!.problems.join(', ')}`);
      else out.merge(best!);
    });
    if (newSignatures.length > oldSignatures.length) out.note(`${label}new overload`);
  }

  private callSignature(old: ts.Signature, now: ts.Signature, label: string, out: Outcome): void {
    this.pairTypeParameters(old.getTypeParameters() ?? [], now.getTypeParameters() ?? []);
    const oldMin = minArgumentCount(this.checker, old);
    const newMin = minArgumentCount(this.checker, now);
    const oldCount = old.parameters.length;
    const newCount = now.parameters.length;
    const oldRest = hasRestParameter(old);
    const newRest = hasRestParameter(now);
    if (newMin > oldMin) {
      if (newMin > oldCount && !oldRest) out.problem(`${label}new required parameter ${oldCount + 1}`);
      else out.problem(`${label}parameter ${oldMin + 1} is now required`);
    }
    if (!newRest && (oldRest || newCount < oldCount)) out.problem(`${label}parameter ${newCount + 1} was removed`);
    const upto = Math.min(oldRest ? Math.max(oldCount, newCount) : oldCount, 64);
    for (let i = 0; i < upto; i++) {
      if (i >= newCount && !newRest) break;
      const was = old.getTypeParameterAtPosition(i);
      const is = now.getTypeParameterAtPosition(i);
      if (!this.relate(was, is)) out.problem(`${label}parameter ${i + 1} no longer accepts ${this.render.type(was)} (now ${this.render.type(is)})`);
      else if (this.render.type(was) !== this.render.type(is)) out.note(`${label}parameter ${i + 1} accepts more (${this.render.type(was)} → ${this.render.type(is)})`);
    }
    if (newCount > oldCount && newMin <= oldMin) out.note(`${label}new optional parameter${newCount - oldCount > 1 ? 's' : ''}`);
    const oldReturn = old.getReturnType();
    const newReturn = now.getReturnType();
    if (!(oldReturn.flags & ts.TypeFlags.Void) && !this.relate(newReturn, oldReturn)) {
      out.problem(`${label}returns ${this.render.type(newReturn)}, wider than the old ${this.render.type(oldReturn)}`);
    } else if (this.render.type(oldReturn) !== this.render.type(newReturn)) {
      out.note(`${label}narrower return type (${this.render.type(oldReturn)} → ${this.render.type(newReturn)})`);
    }
    this.typeParameters(old.getTypeParameters() ?? [], now.getTypeParameters() ?? [], label, out);
  }

  /**
   * Type parameters: explicit type arguments written for the old must still fit (no new required type
   * parameter, none removed), and each constraint must accept what the old one did.
   */
  private typeParameters(old: readonly ts.TypeParameter[], now: readonly ts.TypeParameter[], label: string, out: Outcome): void {
    this.pairTypeParameters(old, now);
    const required = now.filter((p) => !hasDefault(this.checker, p)).length;
    if (required > old.length) out.problem(`${label}new required type parameter`);
    if (now.length < old.length) out.problem(`${label}type parameter ${now.length + 1} was removed`);
    for (let i = 0; i < Math.min(old.length, now.length); i++) {
      const was = old[i].getConstraint();
      const is = now[i].getConstraint();
      if (is && (!was || !this.relate(was, is))) out.problem(`${label}type parameter ${now[i].symbol.name} is more constrained`);
    }
  }

  /**
   * Classes: every public or protected member (instance and static) must still be there, with its
   * visibility; methods by the callers' rule, read-only properties (and getters) must not widen, other
   * properties must keep their type both ways (they are read and written). Added members are compatible,
   * except abstract ones (subclasses must implement them). The constructor by the callers' rule; a class
   * that became abstract can no longer be instantiated. Subclasses that override methods are not checked.
   */
  private compareClasses(before: ts.Symbol, after: ts.Symbol, out: Outcome): void {
    if (!isAbstractClass(before) && isAbstractClass(after)) out.problem('became abstract');
    this.typeParameters(declaredTypeParameters(this.checker, before), declaredTypeParameters(this.checker, after), '', out);
    const oldStatic = this.checker.getTypeOfSymbol(before);
    const newStatic = this.checker.getTypeOfSymbol(after);
    const oldConstructors = this.checker.getSignaturesOfType(oldStatic, ts.SignatureKind.Construct);
    if (oldConstructors.length) this.callers(oldConstructors, this.checker.getSignaturesOfType(newStatic, ts.SignatureKind.Construct), 'constructor: ', out);
    const oldMembers = [...membersOf(this.checker, this.checker.getDeclaredTypeOfSymbol(before), this.hidden), ...membersOf(this.checker, oldStatic, this.hidden, true)];
    const newMembers = [...membersOf(this.checker, this.checker.getDeclaredTypeOfSymbol(after), this.hidden), ...membersOf(this.checker, newStatic, this.hidden, true)];
    this.compareMembers(oldMembers, newMembers, 'class', out);
  }

  /**
   * Interfaces and object types are both read (output) and built (input) by their users, so their members
   * must be mutually assignable: no member removed, no required member added, no type changed in either
   * direction, no optionality flip, no member made read-only. Methods: callers' rule, plus an old
   * implementation must still satisfy the new type (a new optional parameter passes both; a narrower return
   * type does not). Adding an optional member is compatible. Other types (unions, primitives, functions…):
   * mutual assignability — a union that gains a member is breaking (exhaustive `switch`es), one that loses
   * one is breaking too.
   */
  private compareTypes(before: ts.Symbol, after: ts.Symbol, out: Outcome): void {
    this.typeParameters(declaredTypeParameters(this.checker, before), declaredTypeParameters(this.checker, after), '', out);
    const oldType = this.checker.getDeclaredTypeOfSymbol(before);
    const newType = this.checker.getDeclaredTypeOfSymbol(after);
    const memberwise = (symbol: ts.Symbol, type: ts.Type) => !!(symbol.flags & ts.SymbolFlags.Interface) || isObjectLike(this.checker, type);
    if (memberwise(before, oldType) && memberwise(after, newType)) {
      for (const kind of [ts.SignatureKind.Call, ts.SignatureKind.Construct]) {
        const label = kind === ts.SignatureKind.Call ? 'call signature: ' : 'construct signature: ';
        const oldSignatures = this.checker.getSignaturesOfType(oldType, kind);
        const newSignatures = this.checker.getSignaturesOfType(newType, kind);
        if (oldSignatures.length) this.callers(oldSignatures, newSignatures, label, out);
        else if (newSignatures.length) out.problem(`new ${label.slice(0, -2)}`);
        this.implementers(oldSignatures, newSignatures, label, out);
      }
      this.compareIndexes(oldType, newType, out);
      this.compareMembers(membersOf(this.checker, oldType, this.hidden), membersOf(this.checker, newType, this.hidden), 'interface', out);
      return;
    }
    const widened = !this.relateOwn(newType, oldType);
    const narrowed = !this.relateOwn(oldType, newType);
    const was = this.render.type(oldType, ts.NodeBuilderFlags.InTypeAlias);
    const is = this.render.type(newType, ts.NodeBuilderFlags.InTypeAlias);
    const [gained, lost] = this.unionDifference(oldType, newType);
    // Both directions matter: code reading values of the type breaks when new values do not fit the old
    // type, code supplying them breaks when old values do not fit the new one.
    if (widened) out.problem(gained.length ? `now also allows ${gained.join(' | ')}` : `values of the new type do not fit the old one (${was} → ${is})`);
    if (narrowed) out.problem(lost.length ? `no longer allows ${lost.join(' | ')}` : `values of the old type do not fit the new one (${was} → ${is})`);
    if (!widened && !narrowed && was !== is) out.note(`assignable both ways (${was} → ${is})`);
  }

  private unionDifference(oldType: ts.Type, newType: ts.Type): [string[], string[]] {
    const parts = (t: ts.Type) => (t.isUnion() ? t.types : [t]).map((m) => this.render.type(m));
    const was = parts(oldType);
    const is = parts(newType);
    if (!oldType.isUnion() && !newType.isUnion()) return [[], []];
    return [is.filter((p) => !was.includes(p)), was.filter((p) => !is.includes(p))];
  }

  /** An implementation written against the old signatures must still satisfy the new ones. */
  private implementers(oldSignatures: readonly ts.Signature[], newSignatures: readonly ts.Signature[], label: string, out: Outcome): void {
    for (const now of newSignatures) {
      if (oldSignatures.length && !oldSignatures.some((old) => this.signatureAssignable(old, now, 0))) {
        out.problem(`${label}implementations of the old signature no longer fit ${this.render.signature(now)}`);
      }
    }
  }

  private compareIndexes(oldType: ts.Type, newType: ts.Type, out: Outcome): void {
    const oldIndexes = this.checker.getIndexInfosOfType(oldType);
    const newIndexes = this.checker.getIndexInfosOfType(newType);
    for (const info of oldIndexes) {
      const counterpart = newIndexes.find((i) => this.render.type(i.keyType) === this.render.type(info.keyType));
      if (!counterpart) out.problem(`index signature [${this.render.type(info.keyType)}] removed`);
      else if (!this.relate(counterpart.type, info.type) || !this.relate(info.type, counterpart.type)) out.problem(`index signature [${this.render.type(info.keyType)}] changed type`);
    }
    for (const info of newIndexes) {
      if (!oldIndexes.some((i) => this.render.type(i.keyType) === this.render.type(info.keyType))) out.problem(`new index signature [${this.render.type(info.keyType)}] constrains every member`);
    }
  }

  private compareMembers(oldMembers: readonly MemberInfo[], newMembers: readonly MemberInfo[], mode: 'class' | 'interface', out: Outcome): void {
    const byKey = new Map(newMembers.map((m) => [m.key, m]));
    for (const old of oldMembers) {
      const now = byKey.get(old.key);
      if (!now) {
        out.problem(`${old.key} removed`);
        continue;
      }
      if (!old.protected && now.protected) out.problem(`${old.key} is now protected`);
      if (!old.readonly && now.readonly) out.problem(`${old.key} became read-only`);
      if (mode === 'interface' && old.optional !== now.optional) out.problem(`${old.key} is now ${now.optional ? 'optional' : 'required'}`);
      if (old.method && now.method) {
        const oldSignatures = this.checker.getSignaturesOfType(old.type, ts.SignatureKind.Call);
        const newSignatures = this.checker.getSignaturesOfType(now.type, ts.SignatureKind.Call);
        this.callers(oldSignatures, newSignatures, `${old.key}: `, out);
        if (mode === 'interface') this.implementers(oldSignatures, newSignatures, `${old.key}: `, out);
        continue;
      }
      const was = this.render.propertyType(old.type, old.optional);
      const is = this.render.propertyType(now.type, now.optional);
      const covariantOnly = mode === 'class' && old.readonly && now.readonly;
      const forward = this.relate(now.type, old.type);
      const backward = covariantOnly || this.relate(old.type, now.type);
      if (!forward || !backward) out.problem(`${old.key}: type ${was} became ${is}`);
      else if (was !== is) out.note(`${old.key}: ${was} → ${is}`);
    }
    const oldKeys = new Set(oldMembers.map((m) => m.key));
    for (const now of newMembers) {
      if (oldKeys.has(now.key)) continue;
      if (now.abstract) out.problem(`new abstract member ${now.key} (subclasses must implement it)`);
      else if (mode === 'interface' && !now.optional) out.problem(`new required member ${now.key} (objects built for the old type lack it)`);
      else out.note(`new ${now.optional ? 'optional ' : ''}member ${now.key}`);
    }
  }

  /** Enums: a removed member or a changed value breaks; a new member is compatible; `const` matters. */
  private compareEnums(before: ts.Symbol, after: ts.Symbol, out: Outcome): void {
    if (!isConstEnum(before) && isConstEnum(after)) out.problem('became a const enum (no runtime object)');
    const newMembers = new Map(enumMembers(this.checker, after).map((m) => [m.name, m]));
    const oldNames = new Set<string>();
    for (const old of enumMembers(this.checker, before)) {
      oldNames.add(old.name);
      const now = newMembers.get(old.name);
      if (!now) out.problem(`member ${old.name} removed`);
      else if (old.value !== now.value) out.problem(`member ${old.name} changed value (${show(old.value)} → ${show(now.value)})`);
    }
    for (const name of newMembers.keys()) if (!oldNames.has(name)) out.note(`new member ${name}`);
  }
}

class Outcome {
  readonly problems: string[] = [];
  readonly notes: string[] = [];
  problem(text: string): void {
    this.problems.push(text);
  }
  note(text: string): void {
    this.notes.push(text);
  }
  merge(other: Outcome): void {
    this.problems.push(...other.problems);
    this.notes.push(...other.notes);
  }
}

function isReference(type: ts.Type): type is ts.TypeReference {
  return !!(type.flags & ts.TypeFlags.Object) && !!((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function article(kind: TsApiKind): string {
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
}

function show(value: string | number | undefined): string {
  return value === undefined ? 'computed' : JSON.stringify(value);
}
