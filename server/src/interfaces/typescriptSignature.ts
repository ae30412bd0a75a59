import * as ts from 'typescript';

/**
 * Stable renderings of TypeScript types for interface signatures. The checker builds a type node from
 * the *type* (never from the source text), and the node is normalised before printing, so that a
 * signature does not depend on:
 * - parameter names (every parameter is `arg0`, `arg1`… — `this` stays `this`; destructuring is a name),
 * - formatting, comments, quotes (`'a'` and `"a"`), redundant parentheses, numeric spelling (`0x10`),
 * - the order of union members and of the named members of object types (overloads keep their order),
 * - the file a named type is declared in (`import("./x").Foo` is written `Foo`), so moving a type
 *   between files changes nothing; a structural change inside a named type shows in that type's own
 *   signature (and, for types that are not exported, in the comparison, which goes by types).
 * Type parameter names are kept: renaming `T` to `U` changes the text (and compares equal by type).
 */
const NODE_FLAGS =
  ts.NodeBuilderFlags.NoTruncation |
  ts.NodeBuilderFlags.IgnoreErrors |
  ts.NodeBuilderFlags.UseAliasDefinedOutsideCurrentScope |
  ts.NodeBuilderFlags.WriteClassExpressionAsTypeLiteral |
  ts.NodeBuilderFlags.AllowUniqueESSymbolType |
  ts.NodeBuilderFlags.GenerateNamesForShadowedTypeParams;

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed, omitTrailingSemicolon: true });
let scratch: ts.SourceFile | undefined;

function print(node: ts.Node): string {
  scratch ??= ts.createSourceFile('/__render.ts', '', ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  return printer
    .printNode(ts.EmitHint.Unspecified, node, scratch)
    .replace(/\s+/g, ' ')
    .replace(/;\s*}/g, ' }')
    .replace(/;$/, '')
    .trim();
}

/** The node with names, literals and layout normalised (see above). */
function normalise<T extends ts.Node>(node: T): T {
  const factory = ts.factory;
  const transformer: ts.TransformerFactory<ts.Node> = (context) => {
    const visit = (current: ts.Node): ts.Node => {
      if (ts.isParenthesizedTypeNode(current)) return visit(current.type);
      if (ts.isImportTypeNode(current)) {
        // import("…/x").Foo<A> → Foo<A>; a bare `typeof import("…")` keeps only the module's base name.
        const args = current.typeArguments?.map((a) => visit(a) as ts.TypeNode);
        if (current.qualifier) {
          const name = factory.createIdentifier(entityText(current.qualifier));
          return current.isTypeOf ? factory.createTypeQueryNode(name, args) : factory.createTypeReferenceNode(name, args);
        }
        const module = ts.isLiteralTypeNode(current.argument) && ts.isStringLiteral(current.argument.literal) ? current.argument.literal.text : 'module';
        return factory.createTypeReferenceNode(`typeof import("${baseName(module)}")`);
      }
      if (isSignatureLike(current)) {
        let index = 0;
        const parameters = current.parameters.map((p) => {
          const keepThis = ts.isIdentifier(p.name) && p.name.text === 'this';
          const name = keepThis ? 'this' : ts.isIndexSignatureDeclaration(current) ? 'key' : `arg${index++}`;
          let type = p.type ? (visit(p.type) as ts.TypeNode) : undefined;
          // `b?: number` and `b?: number | undefined` are the same parameter.
          if (p.questionToken && type && ts.isUnionTypeNode(type)) type = withoutUndefined(type);
          return factory.createParameterDeclaration(undefined, p.dotDotDotToken, name, p.questionToken, type, undefined);
        });
        const updated = replaceParameters(current, parameters);
        return ts.visitEachChild(updated, (child) => (ts.isParameter(child) ? child : visit(child)), context);
      }
      if (ts.isUnionTypeNode(current)) {
        const members = current.types.map((t) => visit(t) as ts.TypeNode);
        const unique = new Map(members.map((m) => [print(m), m]));
        return factory.createUnionTypeNode([...unique.keys()].sort().map((k) => unique.get(k)!));
      }
      if (ts.isTypeLiteralNode(current)) {
        const members = current.members.map((m) => visit(m) as ts.TypeElement);
        return factory.createTypeLiteralNode(sortMembers(members));
      }
      if (ts.isStringLiteral(current)) return factory.createStringLiteral(current.text);
      if (ts.isNoSubstitutionTemplateLiteral(current)) return factory.createStringLiteral(current.text);
      if (ts.isNumericLiteral(current)) return factory.createNumericLiteral(String(Number(current.text.replace(/_/g, ''))));
      if (ts.isBigIntLiteral(current)) return factory.createBigIntLiteral(current.text.replace(/_/g, ''));
      if (ts.isIdentifier(current)) return factory.createIdentifier(current.text);
      return ts.visitEachChild(current, visit, context);
    };
    return (root) => visit(root);
  };
  const result = ts.transform<ts.Node>(node, [transformer]);
  const transformed = result.transformed[0] as T;
  result.dispose();
  return transformed;
}

type SignatureLike =
  | ts.FunctionTypeNode
  | ts.ConstructorTypeNode
  | ts.CallSignatureDeclaration
  | ts.ConstructSignatureDeclaration
  | ts.MethodSignature
  | ts.IndexSignatureDeclaration;

function isSignatureLike(node: ts.Node): node is SignatureLike {
  return ts.isFunctionTypeNode(node) || ts.isConstructorTypeNode(node) || ts.isCallSignatureDeclaration(node) || ts.isConstructSignatureDeclaration(node) || ts.isMethodSignature(node) || ts.isIndexSignatureDeclaration(node);
}

function replaceParameters(node: SignatureLike, parameters: ts.ParameterDeclaration[]): ts.Node {
  const f = ts.factory;
  const list = f.createNodeArray(parameters);
  if (ts.isFunctionTypeNode(node)) return f.createFunctionTypeNode(node.typeParameters, list, node.type);
  if (ts.isConstructorTypeNode(node)) return f.createConstructorTypeNode(node.modifiers, node.typeParameters, list, node.type);
  if (ts.isCallSignatureDeclaration(node)) return f.createCallSignature(node.typeParameters, list, node.type);
  if (ts.isConstructSignatureDeclaration(node)) return f.createConstructSignature(node.typeParameters, list, node.type);
  if (ts.isMethodSignature(node)) return f.createMethodSignature(node.modifiers, node.name, node.questionToken, node.typeParameters, list, node.type);
  return f.createIndexSignature(node.modifiers, list, node.type);
}

function withoutUndefined(union: ts.UnionTypeNode): ts.TypeNode {
  const rest = union.types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword);
  if (rest.length === union.types.length || rest.length === 0) return union;
  return rest.length === 1 ? rest[0] : ts.factory.createUnionTypeNode(rest);
}

function entityText(name: ts.EntityName): string {
  return ts.isIdentifier(name) ? name.text : `${entityText(name.left)}.${name.right.text}`;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Call, construct and index signatures first, in their order; named members by name (stable, so overloads keep theirs). */
function sortMembers(members: ts.TypeElement[]): ts.TypeElement[] {
  const unnamed = members.filter((m) => !m.name);
  const named = members.filter((m) => m.name).map((m, i) => ({ m, i, key: m.name ? memberKey(m.name) : '' }));
  named.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i));
  return [...unnamed, ...named.map((n) => n.m)];
}

function memberKey(name: ts.PropertyName): string {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return print(name);
}

export class SignatureRenderer {
  /** Renderings by type and flags: comparisons ask for the same types again and again. */
  private readonly cache = new Map<ts.Type, Map<number, string>>();
  private readonly signatureCache = new Map<ts.Signature, Map<string, string>>();

  constructor(private readonly checker: ts.TypeChecker) {}

  type(type: ts.Type, flags = 0): string {
    let byFlags = this.cache.get(type);
    if (!byFlags) this.cache.set(type, (byFlags = new Map()));
    let text = byFlags.get(flags);
    if (text === undefined) {
      const node = this.checker.typeToTypeNode(type, undefined, NODE_FLAGS | flags);
      text = node ? print(normalise(node)) : this.checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation);
      byFlags.set(flags, text);
    }
    return text;
  }

  /** A property's type; optional properties without the `| undefined` their read type carries. */
  propertyType(type: ts.Type, optional: boolean): string {
    if (!optional || !type.isUnion()) return this.type(type);
    const node = this.checker.typeToTypeNode(type, undefined, NODE_FLAGS);
    if (!node) return this.type(type);
    const normal = normalise(node);
    return print(ts.isUnionTypeNode(normal) ? withoutUndefined(normal) : normal);
  }

  /** `<T>(arg0: T, arg1?: number): T` */
  signature(signature: ts.Signature, kind: ts.SyntaxKind.CallSignature | ts.SyntaxKind.ConstructSignature = ts.SyntaxKind.CallSignature): string {
    const key = `${kind}`;
    let byKind = this.signatureCache.get(signature);
    if (!byKind) this.signatureCache.set(signature, (byKind = new Map()));
    let text = byKind.get(key);
    if (text === undefined) {
      const node = this.checker.signatureToSignatureDeclaration(signature, kind, undefined, NODE_FLAGS);
      text = node ? print(normalise(node)) : this.checker.signatureToString(signature, undefined, ts.TypeFormatFlags.NoTruncation);
      byKind.set(key, text);
    }
    return text;
  }

  /** Overloads in their order, `; `-separated. */
  signatures(signatures: readonly ts.Signature[], kind: ts.SyntaxKind.CallSignature | ts.SyntaxKind.ConstructSignature = ts.SyntaxKind.CallSignature): string {
    return signatures.map((s) => this.signature(s, kind)).join('; ');
  }

  indexSignature(info: ts.IndexInfo): string {
    const node = this.checker.indexInfoToIndexSignatureDeclaration(info, undefined, NODE_FLAGS);
    return node ? print(normalise(node)) : `[key: ${this.type(info.keyType)}]: ${this.type(info.type)}`;
  }

  /** `<T extends string = "a", U>` or '' */
  typeParameters(parameters: readonly ts.TypeParameter[] | undefined): string {
    if (!parameters?.length) return '';
    const rendered = parameters.map((p) => {
      const node = this.checker.typeParameterToDeclaration(p, undefined, NODE_FLAGS);
      return node ? print(normalise(node)) : p.symbol.name;
    });
    return `<${rendered.join(', ')}>`;
  }
}
