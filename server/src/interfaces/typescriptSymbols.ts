import * as ts from 'typescript';

/** What one exported symbol is, as far as its public API goes. */
export type TsApiKind = 'function' | 'class' | 'interface' | 'type' | 'enum' | 'variable' | 'namespace';

/**
 * A symbol's meanings, each listed as its own item: `const Color = …` plus `type Color = …` are two
 * items (a value and a type) under one name; a class or an enum is one item (its value and type come from
 * the same declaration). Namespace-only symbols are a `namespace` item; their members are listed apart.
 */
export function meaningsOf(symbol: ts.Symbol): { kind: TsApiKind; space: 'value' | 'type' }[] {
  const flags = symbol.flags;
  if (flags & ts.SymbolFlags.Class) return [{ kind: 'class', space: 'value' }];
  if (flags & ts.SymbolFlags.Enum) return [{ kind: 'enum', space: 'value' }];
  const meanings: { kind: TsApiKind; space: 'value' | 'type' }[] = [];
  if (flags & ts.SymbolFlags.Function) meanings.push({ kind: 'function', space: 'value' });
  else if (flags & (ts.SymbolFlags.Variable | ts.SymbolFlags.Property | ts.SymbolFlags.Accessor)) meanings.push({ kind: 'variable', space: 'value' });
  if (flags & ts.SymbolFlags.Interface) meanings.push({ kind: 'interface', space: 'type' });
  else if (flags & ts.SymbolFlags.TypeAlias) meanings.push({ kind: 'type', space: 'type' });
  if (!meanings.length && flags & (ts.SymbolFlags.ValueModule | ts.SymbolFlags.NamespaceModule)) meanings.push({ kind: 'namespace', space: 'value' });
  if (!meanings.length) meanings.push({ kind: 'variable', space: 'value' });
  return meanings;
}

export function hasNamespaceMembers(symbol: ts.Symbol): boolean {
  return !!(symbol.flags & (ts.SymbolFlags.ValueModule | ts.SymbolFlags.NamespaceModule)) && !(symbol.flags & ts.SymbolFlags.Enum);
}

/** Whether any declaration of the symbol carries one of the JSDoc tags (`internal`, `beta`…, lower case, no `@`). */
export function hasHiddenTag(symbol: ts.Symbol | undefined, tags: ReadonlySet<string>): boolean {
  if (!symbol || !tags.size) return false;
  return (symbol.declarations ?? []).some((declaration) => ts.getJSDocTags(declaration).some((tag) => tags.has(tag.tagName.text.toLowerCase())));
}

/** A property name as written: `foo`, `"with space"`, `[Symbol.iterator]`. */
export function memberName(symbol: ts.Symbol): string {
  const name = symbol.name;
  const wellKnown = /^__@(.+)@\d+$/.exec(symbol.escapedName as string);
  if (wellKnown) return `[Symbol.${wellKnown[1]}]`;
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

function modifierFlags(symbol: ts.Symbol): ts.ModifierFlags {
  const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
  return declaration ? ts.getCombinedModifierFlags(declaration as ts.Declaration) : ts.ModifierFlags.None;
}

function isPrivateMember(symbol: ts.Symbol): boolean {
  if ((symbol.escapedName as string).startsWith('__#')) return true;
  const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
  const name = declaration && (declaration as ts.NamedDeclaration).name;
  if (name && ts.isPrivateIdentifier(name)) return true;
  return !!(modifierFlags(symbol) & ts.ModifierFlags.Private);
}

export interface MemberInfo {
  readonly symbol: ts.Symbol;
  /** `x` or `static x`. */
  readonly key: string;
  readonly name: string;
  readonly isStatic: boolean;
  readonly method: boolean;
  readonly optional: boolean;
  readonly readonly: boolean;
  readonly protected: boolean;
  readonly abstract: boolean;
  readonly type: ts.Type;
}

/** An object type's public (and protected) members, private and hidden ones left out, sorted by key. */
export function membersOf(checker: ts.TypeChecker, type: ts.Type, hidden: ReadonlySet<string>, isStatic = false): MemberInfo[] {
  const members: MemberInfo[] = [];
  for (const property of checker.getPropertiesOfType(type)) {
    if (isStatic && property.name === 'prototype') continue;
    if (isPrivateMember(property) || hasHiddenTag(property, hidden)) continue;
    const flags = modifierFlags(property);
    const getterOnly = !!(property.flags & ts.SymbolFlags.GetAccessor) && !(property.flags & ts.SymbolFlags.SetAccessor);
    const name = memberName(property);
    members.push({
      symbol: property,
      key: isStatic ? `static ${name}` : name,
      name,
      isStatic,
      method: !!(property.flags & ts.SymbolFlags.Method),
      optional: !!(property.flags & ts.SymbolFlags.Optional),
      readonly: !!(flags & ts.ModifierFlags.Readonly) || getterOnly,
      protected: !!(flags & ts.ModifierFlags.Protected),
      abstract: !!(flags & ts.ModifierFlags.Abstract),
      type: checker.getTypeOfSymbol(property),
    });
  }
  return members.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function isAbstractClass(symbol: ts.Symbol): boolean {
  return (symbol.declarations ?? []).some((d) => ts.isClassLike(d) && !!(ts.getCombinedModifierFlags(d) & ts.ModifierFlags.Abstract));
}

export function isConstEnum(symbol: ts.Symbol): boolean {
  return !!(symbol.flags & ts.SymbolFlags.ConstEnum);
}

/** An enum's members with their constant values (`undefined` when computed), in declaration order. */
export function enumMembers(checker: ts.TypeChecker, symbol: ts.Symbol): { name: string; value: string | number | undefined; symbol: ts.Symbol }[] {
  const members: { name: string; value: string | number | undefined; symbol: ts.Symbol }[] = [];
  symbol.exports?.forEach((member) => {
    if (!(member.flags & ts.SymbolFlags.EnumMember)) return;
    const declaration = member.valueDeclaration;
    const value = declaration && ts.isEnumMember(declaration) ? checker.getConstantValue(declaration) : undefined;
    members.push({ name: member.name, value, symbol: member });
  });
  return members;
}

/** The type parameters a class, interface or type alias declares (not the `this` type). */
export function declaredTypeParameters(checker: ts.TypeChecker, symbol: ts.Symbol): readonly ts.TypeParameter[] {
  if (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface)) {
    return (checker.getDeclaredTypeOfSymbol(symbol) as ts.InterfaceType).typeParameters ?? [];
  }
  const declaration = symbol.declarations?.find((d) => ts.isTypeAliasDeclaration(d) || ts.isJSDocTypedefTag(d) || ts.isJSDocCallbackTag(d));
  if (!declaration) return [];
  return ts.getEffectiveTypeParameterDeclarations(declaration as ts.DeclarationWithTypeParameters).map((d) => checker.getTypeAtLocation(d) as ts.TypeParameter);
}

export function hasDefault(checker: ts.TypeChecker, parameter: ts.TypeParameter): boolean {
  return checker.getDefaultFromTypeParameter(parameter) !== undefined;
}

/** Arguments a caller must pass. */
export function minArgumentCount(checker: ts.TypeChecker, signature: ts.Signature): number {
  // The checker's own count (it knows trailing `void` parameters and tuple rests); the declared one otherwise.
  const internal = (signature as { minArgumentCount?: unknown }).minArgumentCount;
  if (typeof internal === 'number') return internal;
  let count = 0;
  for (const parameter of signature.parameters) {
    const declaration = parameter.valueDeclaration;
    if (declaration && ts.isParameter(declaration) && (declaration.dotDotDotToken || checker.isOptionalParameter(declaration))) break;
    count++;
  }
  return count;
}

export function hasRestParameter(signature: ts.Signature): boolean {
  // The checker's flag (SignatureFlags.HasRestParameter = 1) covers JSDoc `{...T}` and tuple rests too.
  const internal = (signature as { flags?: unknown }).flags;
  if (typeof internal === 'number') return (internal & 1) !== 0;
  const last = signature.parameters[signature.parameters.length - 1];
  const declaration = last?.valueDeclaration;
  return !!declaration && ts.isParameter(declaration) && !!declaration.dotDotDotToken;
}

/** The type-like kinds of types: objects and intersections of objects, not functions, arrays or tuples. */
export function isObjectLike(checker: ts.TypeChecker, type: ts.Type): boolean {
  const objects = type.isIntersection() ? type.types : [type];
  if (!objects.every((t) => t.flags & ts.TypeFlags.Object)) return false;
  if (checker.isArrayType(type) || checker.isTupleType(type)) return false;
  return !checker.getSignaturesOfType(type, ts.SignatureKind.Call).length && !checker.getSignaturesOfType(type, ts.SignatureKind.Construct).length;
}
