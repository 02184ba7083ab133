import type * as TypeScript from 'typescript';

/**
 * What a declaration file exports, as the compiler prints it: each exported name with its kind
 * and its type — an interface's or class's members one by one (optional, readonly, private), a
 * function's signatures, an enum's members and values, a type alias's definition. Re-exports are
 * followed to what they name.
 */
export function exportedSurface(ts: typeof TypeScript, checker: TypeScript.TypeChecker, entry: TypeScript.SourceFile): Record<string, unknown> {
  const module = checker.getSymbolAtLocation(entry);
  if (!module) return { exports: {} };
  const print = (type: TypeScript.Type, at?: TypeScript.Node) =>
    checker.typeToString(type, at, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseFullyQualifiedType | ts.TypeFormatFlags.InTypeAlias);
  const exports = exportsOf(ts, checker, module, print);
  // `export = h`: what the module is, under the name `export=`.
  const assigned = module.exports?.get(ts.InternalSymbolName.ExportEquals);
  if (assigned) exports['export='] = describe(ts, checker, resolveAlias(ts, checker, assigned), print);
  return { exports };
}

const resolveAlias = (ts: typeof TypeScript, checker: TypeScript.TypeChecker, symbol: TypeScript.Symbol) =>
  symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;

function exportsOf(ts: typeof TypeScript, checker: TypeScript.TypeChecker, module: TypeScript.Symbol, print: Print): Record<string, unknown> {
  const exports: Record<string, unknown> = {};
  for (const exported of checker.getExportsOfModule(module)) exports[exported.name] = describe(ts, checker, resolveAlias(ts, checker, exported), print);
  return exports;
}

type Print = (type: TypeScript.Type, at?: TypeScript.Node) => string;

function describe(ts: typeof TypeScript, checker: TypeScript.TypeChecker, symbol: TypeScript.Symbol, print: Print): Record<string, unknown> {
  const declaration = symbol.declarations?.[0];
  const flags = symbol.flags;
  const typeParameters = (declaration as { typeParameters?: TypeScript.NodeArray<TypeScript.TypeParameterDeclaration> } | undefined)?.typeParameters?.map((p) =>
    p.getText(),
  );
  const generic = typeParameters?.length ? { typeParameters } : {};
  if (flags & ts.SymbolFlags.Enum) {
    const members = Object.fromEntries(
      (symbol.exports ? [...(symbol.exports.values() as Iterable<TypeScript.Symbol>)] : []).map((member) => {
        const node = member.valueDeclaration as TypeScript.EnumMember | undefined;
        return [member.name, node ? (checker.getConstantValue(node) ?? null) : null];
      }),
    );
    return { kind: 'enum', members };
  }
  if (flags & ts.SymbolFlags.Class) {
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    const constructors = checker.getSignaturesOfType(checker.getTypeOfSymbol(symbol), ts.SignatureKind.Construct).map((s) => checker.signatureToString(s));
    return { kind: 'class', ...generic, constructors, members: members(ts, checker, type, print) };
  }
  if (flags & ts.SymbolFlags.Interface) {
    return { kind: 'interface', ...generic, members: members(ts, checker, checker.getDeclaredTypeOfSymbol(symbol), print) };
  }
  if (flags & ts.SymbolFlags.TypeAlias) {
    return { kind: 'type', ...generic, type: print(checker.getDeclaredTypeOfSymbol(symbol), declaration) };
  }
  if (flags & ts.SymbolFlags.Function) {
    const signatures = checker.getSignaturesOfType(checker.getTypeOfSymbol(symbol), ts.SignatureKind.Call);
    return { kind: 'function', signatures: signatures.map((s) => checker.signatureToString(s, undefined, ts.TypeFormatFlags.NoTruncation)) };
  }
  if (flags & ts.SymbolFlags.Variable) {
    const isConst = declaration && ts.isVariableDeclaration(declaration) && (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0;
    return { kind: isConst ? 'const' : 'let', type: print(checker.getTypeOfSymbol(symbol), declaration) };
  }
  if (flags & ts.SymbolFlags.Module) return { kind: 'namespace', exports: exportsOf(ts, checker, symbol, print) };
  return { kind: 'other', type: print(checker.getTypeOfSymbol(symbol), declaration) };
}

/** An object type's members: `name`, `name?`, with `readonly`, `private` or `protected` before the type where they apply. */
function members(ts: typeof TypeScript, checker: TypeScript.TypeChecker, type: TypeScript.Type, print: Print): Record<string, string> {
  const out: Record<string, string> = {};
  for (const property of checker.getPropertiesOfType(type)) {
    const declaration = property.valueDeclaration ?? property.declarations?.[0];
    const modifiers = declaration ? ts.getCombinedModifierFlags(declaration as TypeScript.Declaration) : 0;
    const words = [
      modifiers & ts.ModifierFlags.Private ? 'private' : '',
      modifiers & ts.ModifierFlags.Protected ? 'protected' : '',
      modifiers & ts.ModifierFlags.Readonly ? 'readonly' : '',
    ].filter(Boolean);
    const optional = property.flags & ts.SymbolFlags.Optional ? '?' : '';
    const shown = declaration ? print(checker.getTypeOfSymbolAtLocation(property, declaration), declaration) : '';
    out[`${property.name}${optional}`] = [...words, shown].join(' ');
  }
  for (const signature of checker.getSignaturesOfType(type, ts.SignatureKind.Call)) out['()'] = checker.signatureToString(signature);
  for (const info of checker.getIndexInfosOfType(type)) out[`[${print(info.keyType)}]`] = `${info.isReadonly ? 'readonly ' : ''}${print(info.type)}`;
  return out;
}
