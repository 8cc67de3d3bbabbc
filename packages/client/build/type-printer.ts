import { SyntaxKind } from 'typescript/unstable/ast';
import {
  type Checker,
  ElementFlags,
  ObjectFlags,
  type Project,
  SymbolFlags,
  type Symbol as TsSymbol,
  type Type,
  TypeFlags,
} from 'typescript/unstable/sync';

/** TypeScript's CheckFlags.Readonly: a property made readonly by a mapped type or `as const`. */
const READONLY_CHECK_FLAG = 1 << 3;

/** The standard library's declarations (`lib.es2018.asynciterable.d.ts`, …): global names, usable as they are. */
const LIB_FILE = /[\\/]lib\.[\w.]+\.d\.ts$/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Where a named type may come from, and how the printed text refers to it. */
export interface PrinterSources {
  /** Names a type of the package the printed text may import from, by the symbol it exports. */
  importable: ReadonlyMap<number, string>;
}

/**
 * Prints checker types as self-contained TypeScript: standard library types keep their global
 * names, types the printed module may import (tRPC's) keep theirs, other named types become
 * declarations of the printed module, and generic ones are written out per use, so the text
 * refers to no other package. A type it cannot write out (a function, a generic parameter) is an
 * error: the contract must stay plain data.
 */
export class TypePrinter {
  readonly #checker: Checker;
  readonly #project: Project;
  readonly #sources: PrinterSources;
  /** Type id → its name in the printed module. */
  readonly #names = new Map<number, string>();
  readonly #declarations: string[] = [];
  readonly #imports = new Set<string>();
  /** The types being written out, to report a recursive one instead of overflowing the stack. */
  readonly #expanding = new Set<number>();

  constructor(project: Project, sources: PrinterSources) {
    this.#project = project;
    this.#checker = project.checker;
    this.#sources = sources;
  }

  /** The names to import from the importable package. */
  get imports(): string[] {
    return [...this.#imports].sort();
  }

  /** The named declarations printed so far (`export type X = …;`), in discovery order. */
  get declarations(): readonly string[] {
    return this.#declarations;
  }

  /** Declares `type` under `name` (its own name when it has one) and returns the name. */
  declare(type: Type, name: string): string {
    const existing = this.#names.get(type.id);
    if (existing) return existing;
    const unique = this.#uniqueName(name);
    this.#names.set(type.id, unique);
    // Reserve the slot first: the body may refer back to this name (recursive types).
    const index = this.#declarations.push('') - 1;
    this.#declarations[index] = `export type ${unique} = ${this.#printStructure(type)};`;
    return unique;
  }

  /** The text of `type`, declaring the named types it uses. */
  print(type: Type): string {
    const named = this.#names.get(type.id);
    if (named) return named;
    const reference = this.#referenceTo(type);
    return reference ?? this.#printStructure(type);
  }

  /** The name `type` goes by (its alias, or its interface or class), when the printed text can use one. */
  #referenceTo(type: Type): string | undefined {
    const alias = type.getAliasSymbol();
    if (alias) return this.#reference(alias, type.getAliasTypeArguments());
    const symbol = type.getSymbol();
    const isNamedObject =
      type.isObjectType() && (type.objectFlags & (ObjectFlags.ClassOrInterface | ObjectFlags.Reference)) !== 0;
    if (!symbol || !isNamedObject || this.#checker.isArrayType(type) || type.isTupleType()) return undefined;
    return this.#reference(symbol, type.isTypeReference() ? this.#checker.getTypeArguments(type) : []);
  }

  /** A reference by name to a named type the printed module may use, or undefined to write it out. */
  #reference(symbol: TsSymbol, typeArguments: readonly Type[]): string | undefined {
    const target = symbol.flags & SymbolFlags.Alias ? this.#checker.getAliasedSymbol(symbol) : symbol;
    const imported = this.#sources.importable.get(target.id);
    const path = target.declarations[0]?.path ?? '';
    const args = typeArguments.length ? `<${typeArguments.map((arg) => this.print(arg)).join(', ')}>` : '';
    if (imported) {
      this.#imports.add(imported);
      return imported + args;
    }
    if (LIB_FILE.test(path)) return target.name + args;
    // A generic type is written out per use: its parameters have no meaning in the contract.
    if (!typeArguments.length) {
      return this.declare(this.#checker.getDeclaredTypeOfSymbol(target), target.name);
    }
    return undefined;
  }

  /** Writes `type` out (its members refer to named types by name). */
  #printStructure(type: Type): string {
    if (this.#expanding.has(type.id)) {
      throw new Error(`the contract cannot write out the recursive type ${this.#checker.typeToString(type)}; name it`);
    }
    this.#expanding.add(type.id);
    try {
      return this.#printKind(type);
    } finally {
      this.#expanding.delete(type.id);
    }
  }

  #printKind(type: Type): string {
    const { flags } = type;
    if (flags & TypeFlags.Any) return 'any';
    if (flags & TypeFlags.Unknown) return 'unknown';
    if (flags & TypeFlags.String) return 'string';
    if (flags & TypeFlags.Number) return 'number';
    if (flags & TypeFlags.BigInt) return 'bigint';
    if (flags & TypeFlags.Boolean) return 'boolean';
    if (flags & TypeFlags.Void) return 'void';
    if (flags & TypeFlags.Undefined) return 'undefined';
    if (flags & TypeFlags.Null) return 'null';
    if (flags & TypeFlags.Never) return 'never';
    if (flags & TypeFlags.NonPrimitive) return 'object';
    if (flags & (TypeFlags.StringLiteral | TypeFlags.NumberLiteral | TypeFlags.BooleanLiteral)) {
      return JSON.stringify((type as Type & { value: unknown }).value);
    }
    if (flags & TypeFlags.BigIntLiteral) return `${(type as Type & { value: bigint }).value}n`;
    if (flags & TypeFlags.TemplateLiteral) return this.#printTemplate(type);
    if (type.isUnionType()) return this.#printUnion(type.getTypes());
    if (type.isIntersectionType())
      return type
        .getTypes()
        .map((member) => this.#operand(member))
        .join(' & ');
    if (type.isObjectType()) return this.#printObject(type);
    throw new Error(`the contract cannot express the type ${this.#checker.typeToString(type)}`);
  }

  #printUnion(members: readonly Type[]): string {
    const printed = members.map((member) => this.#operand(member));
    // The checker spells `boolean` as `false | true`.
    const hasBoth = printed.includes('true') && printed.includes('false');
    const merged = hasBoth ? printed.filter((text) => text !== 'true' && text !== 'false').concat('boolean') : printed;
    return merged.join(' | ');
  }

  #printTemplate(type: Type): string {
    const { texts } = type as Type & { texts: readonly string[] };
    const spans = (type.isTemplateLiteralType() ? type.getTypes() : []).map(
      (span, i) => `\${${this.print(span)}}${escapeTemplate(texts[i + 1] ?? '')}`,
    );
    return `\`${escapeTemplate(texts[0] ?? '')}${spans.join('')}\``;
  }

  #printObject(type: Type): string {
    const checker = this.#checker;
    if (checker.isArrayType(type)) {
      const [element] = checker.getTypeArguments(type as never);
      const readonly = type.getSymbol()?.name === 'ReadonlyArray' ? 'readonly ' : '';
      return `${readonly}${this.#operand(element as Type)}[]`;
    }
    if (type.isTupleType()) return this.#printTuple(type);
    if (checker.getSignaturesOfType(type, 0).length || checker.getSignaturesOfType(type, 1).length) {
      throw new Error(`the contract carries data only, not the function ${checker.typeToString(type)}`);
    }
    const members = checker.getPropertiesOfType(type).map((property) => this.#printProperty(property));
    const indexes = checker.getIndexInfosOfType(type).map((info) => {
      const readonly = info.isReadonly ? 'readonly ' : '';
      return `${readonly}[key: ${this.print(info.keyType)}]: ${this.print(info.valueType)}`;
    });
    const body = [...indexes, ...members];
    return body.length ? `{ ${body.join('; ')} }` : '{}';
  }

  #printTuple(type: Type & { elementFlags: readonly ElementFlags[]; readonly: boolean }): string {
    const elements = this.#checker.getTypeArguments(type as never).map((element, i) => {
      const flag = type.elementFlags[i] ?? ElementFlags.Required;
      if (flag & ElementFlags.Rest) return `...${this.#operand(element)}[]`;
      if (flag & ElementFlags.Variadic) return `...${this.print(element)}`;
      return flag & ElementFlags.Optional ? `${this.#operand(element)}?` : this.print(element);
    });
    return `${type.readonly ? 'readonly ' : ''}[${elements.join(', ')}]`;
  }

  #printProperty(property: TsSymbol): string {
    if (property.flags & SymbolFlags.Method) {
      throw new Error(`the contract carries data only, not the method ${property.name}`);
    }
    const type = this.#checker.getTypeOfSymbol(property);
    if (!type) throw new Error(`no type for the property ${property.name}`);
    const readonly = this.#isReadonly(property) ? 'readonly ' : '';
    const optional = property.flags & SymbolFlags.Optional ? '?' : '';
    const name = IDENTIFIER.test(property.name) ? property.name : JSON.stringify(property.name);
    return `${readonly}${name}${optional}: ${this.print(type)}`;
  }

  #isReadonly(property: TsSymbol): boolean {
    if (property.checkFlags & READONLY_CHECK_FLAG) return true;
    return property.declarations.some((handle) => {
      const node = handle.resolve(this.#project) as { modifiers?: readonly { kind: SyntaxKind }[] } | undefined;
      return node?.modifiers?.some((modifier) => modifier.kind === SyntaxKind.ReadonlyKeyword) ?? false;
    });
  }

  /** A type as the operand of `[]`, `|` or `&`: parenthesized when it is written out as a union or intersection. */
  #operand(type: Type): string {
    const text = this.print(type);
    const compound = type.isUnionType() || type.isIntersectionType() || text.startsWith('readonly ');
    return compound && !IDENTIFIER.test(text) ? `(${text})` : text;
  }

  #uniqueName(name: string): string {
    const taken = new Set(this.#names.values());
    let unique = name;
    for (let n = 2; taken.has(unique); n++) unique = `${name}${n}`;
    return unique;
  }
}

function escapeTemplate(text: string): string {
  return text.replace(/[`\\]|\$\{/g, (match) => `\\${match}`);
}
