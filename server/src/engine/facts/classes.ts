/**
 * Classes: member nodes (fields, methods, accessors, constructor parameter
 * properties), DI singletons and injections, and the catalogue's class
 * conventions (method decorators, `implements`) as concurrent contexts.
 */
import ts from 'typescript';
import { SK } from './kinds';
import type { BindingNode, LocalId } from '../types';
import type { ContextEntry, MethodDecoratorEntry } from '../catalogue/contexts';
import { addContext } from './contexts';
import { creationOf } from './driverValues';
import { classInfoOf, diNode, initializerEdges, memberNode } from './resolve';
import { decoratorsOf, hasModifier, literalText, propertyNameText, unwrap } from './syntax';
import type { ClassInfo, VisitContext } from './visitContext';

// Read once: every `ts.x` is a getter on a huge dictionary-mode object (see kinds.ts).
const { isCallExpression, isClassDeclaration, isClassStaticBlockDeclaration, isComputedPropertyName, isConstructorDeclaration, isIdentifier, isMethodDeclaration, isObjectLiteralExpression, isPropertyAccessExpression, isPropertyAssignment, isPropertyDeclaration, isTypeReferenceNode } = ts;


const DI_CLASS_DECORATORS = new Set(['Injectable', 'Controller', 'Resolver', 'Service', 'Module', 'WebSocketGateway', 'JsonController']);

interface DecoratorUse {
  decorator: ts.Decorator;
  name: string;
  args: readonly ts.Expression[];
}

/** Decorators whose name resolves to an import (a local `function Get()` is not NestJS's). */
function importedDecorators(walker: VisitContext, node: ts.Node): DecoratorUse[] {
  const out: DecoratorUse[] = [];
  for (const decorator of decoratorsOf(node)) {
    const e = unwrap(decorator.expression);
    const callee = isCallExpression(e) ? unwrap(e.expression) : e;
    if (!isIdentifier(callee)) continue;
    if (walker.moduleScope.get(callee.text)?.fromModule === undefined) continue;
    out.push({ decorator, name: callee.text, args: isCallExpression(e) ? e.arguments : [] });
  }
  return out;
}

/** DI token key: `"PG"` for string literals, the identifier (or dotted) name otherwise. */
export function tokenKey(walker: VisitContext, token: ts.Expression | undefined): string | undefined {
  if (!token) return undefined;
  const e = unwrap(token);
  const text = literalText(e);
  if (text !== undefined) return JSON.stringify(text);
  if (isIdentifier(e) || isPropertyAccessExpression(e)) return e.getText(walker.sourceFile);
  return undefined;
}

function injectedKey(walker: VisitContext, node: ts.Node): { key: string; at: ts.Node } | undefined {
  for (const use of importedDecorators(walker, node)) {
    if (use.name !== 'Inject') continue;
    const key = tokenKey(walker, use.args[0]);
    if (key !== undefined) return { key, at: use.args[0] };
  }
  return undefined;
}

function classIdOf(walker: VisitContext, node: ts.ClassLikeDeclaration): LocalId | undefined {
  if (isClassDeclaration(node)) {
    if (walker.scope !== walker.moduleScope) return undefined;
    if (node.name) return `b:${node.name.text}`;
    return hasModifier(node, SK.DefaultKeyword) ? 'b:default' : undefined;
  }
  return walker.classIdOfExpression(node);
}

function joinPath(...parts: (string | undefined)[]): string {
  const segments = parts.flatMap((p) => (p ?? '').split('/')).filter((s) => s.length > 0);
  return '/' + segments.join('/');
}

export function visitClass(walker: VisitContext, node: ts.ClassLikeDeclaration): void {
  const classId = classIdOf(walker, node);
  if (classId === undefined || !walker.out.byId.has(classId)) {
    // A class inside a function: its code belongs to the enclosing container.
    walker.pushList([...(decoratorsOf(node)), ...(node.heritageClauses ?? []), ...node.members]);
    return;
  }
  const info: ClassInfo = classInfoOf(walker, classId);
  const decorators = importedDecorators(walker, node);
  const isDi = decorators.some((d) => DI_CLASS_DECORATORS.has(d.name));
  if (isDi) (walker.out.byId.get(classId) as BindingNode).diSingleton = true;
  const implemented = implementedInterfaces(node);
  const mixins = extendedMixins(walker, node);
  const implementsEntries = walker.contexts.implementsEntries.filter((e) => e.extendsCallOf
    ? mixins.some((m) => m.name === e.interface && e.extendsCallOf!.includes(m.module))
    : implemented.includes(e.interface));

  walker.enterContainer(classId);

  for (const member of node.members) {
    const isStatic = hasModifier(member, SK.StaticKeyword);
    if (isConstructorDeclaration(member)) {
      const ctorId = memberNode(walker, info, 'constructor', false, member.getFirstToken(walker.sourceFile) ?? member);
      walker.setFrame(member, { container: ctorId, thisClass: info, thisStatic: false });
      for (const parameter of member.parameters) constructorParameter(walker, info, parameter, isDi);
      continue;
    }
    if (isClassStaticBlockDeclaration(member)) {
      walker.setFrame(member, { container: classId, thisClass: info, thisStatic: true });
      continue;
    }
    const name = propertyNameText(member.name as ts.PropertyName | undefined);
    if (name === undefined || !member.name) {
      walker.setFrame(member, { container: classId, thisClass: info, thisStatic: isStatic });
      continue;
    }
    const memberId = memberNode(walker, info, name, isStatic, member.name);
    walker.setFrame(member, { container: memberId, thisClass: info, thisStatic: isStatic });
    if (isPropertyDeclaration(member)) {
      const injected = injectedKey(walker, member);
      if (injected) walker.edge(memberId, diNode(walker, injected.key, injected.at), 'ref');
      if (member.initializer) {
        const value = unwrap(member.initializer);
        if (creationOf(walker, value)) {
          walker.claim(value, {
            shape: isStatic ? 'module' : 'classField', holder: memberId, holderName: `${info.name}.${name}`, classId,
          });
        } else initializerEdges(walker, memberId, value);
      }
    } else if (isMethodDeclaration(member)) {
      methodContexts(walker, info, member, memberId, name, decorators);
      for (const entry of implementsEntries) {
        if (entry.method === name) addMethodContext(walker, member, memberId, member.name, entry, `${info.name}.${name}`);
      }
    }
  }
  walker.pushList([...(decoratorsOf(node)), ...(node.heritageClauses ?? []), ...node.members]);
}

export function visitPropertyDeclaration(walker: VisitContext, node: ts.PropertyDeclaration): void {
  walker.pushList([...(decoratorsOf(node)), isComputedPropertyName(node.name) ? node.name : undefined, node.initializer]);
}

/** Names in `implements A, B` (identifiers only). */
function implementedInterfaces(node: ts.ClassLikeDeclaration): string[] {
  const names: string[] = [];
  for (const clause of node.heritageClauses ?? []) {
    if (clause.token !== SK.ImplementsKeyword) continue;
    for (const type of clause.types) if (isIdentifier(type.expression)) names.push(type.expression.text);
  }
  return names;
}

/** `extends PassportStrategy(Strategy)`: the imported function called in the extends clause, by its export name. */
function extendedMixins(walker: VisitContext, node: ts.ClassLikeDeclaration): { name: string; module: string }[] {
  const out: { name: string; module: string }[] = [];
  for (const clause of node.heritageClauses ?? []) {
    if (clause.token !== SK.ExtendsKeyword) continue;
    for (const type of clause.types) {
      const e = unwrap(type.expression);
      if (!isCallExpression(e) || !isIdentifier(e.expression)) continue;
      const symbol = walker.lookup(e.expression.text);
      if (symbol?.fromModule !== undefined && symbol.importedName !== undefined) out.push({ name: symbol.importedName, module: symbol.fromModule });
    }
  }
  return out;
}

/** The path of a class decorator such as `@Controller('users')` / `@Controller({ path: 'users' })`. */
function decoratorPath(arg: ts.Expression | undefined): string | undefined {
  if (!arg) return undefined;
  const e = unwrap(arg);
  const text = literalText(e);
  if (text !== undefined) return text;
  if (isObjectLiteralExpression(e)) {
    for (const p of e.properties) {
      if (isPropertyAssignment(p) && propertyNameText(p.name) === 'path') return literalText(p.initializer);
    }
  }
  return undefined;
}

/** `constructor(private db: Db, @Inject('PG') pg: Client)`: member nodes and DI edges. */
function constructorParameter(walker: VisitContext, info: ClassInfo, parameter: ts.ParameterDeclaration, isDi: boolean): void {
  if (!isIdentifier(parameter.name)) return;
  const isProperty = hasModifier(parameter, SK.PrivateKeyword) || hasModifier(parameter, SK.PublicKeyword)
    || hasModifier(parameter, SK.ProtectedKeyword) || hasModifier(parameter, SK.ReadonlyKeyword);
  const injected = injectedKey(walker, parameter);
  let target: LocalId | undefined;
  if (injected) target = diNode(walker, injected.key, injected.at);
  else if (isDi && parameter.type && isTypeReferenceNode(parameter.type) && isIdentifier(parameter.type.typeName)) {
    target = walker.moduleScope.get(parameter.type.typeName.text)?.node;
  }
  if (isProperty) {
    const memberId = memberNode(walker, info, parameter.name.text, false, parameter.name);
    if (target !== undefined) walker.edge(memberId, target, 'ref');
    walker.aliasParameter(parameter, memberId);
  } else if (target !== undefined) {
    walker.aliasParameter(parameter, target);
  }
}

function addMethodContext(walker: VisitContext, method: ts.MethodDeclaration, memberId: LocalId, at: ts.Node,
  entry: ContextEntry, detail: string): void {
  const ctx = addContext(walker, `ctx:${at.getStart(walker.sourceFile)}`, entry, detail, method.name);
  walker.edge(ctx, memberId, 'ref');
}

/** The detail of a method-decorator context, in the entry's style. */
function decoratorDetail(entry: MethodDecoratorEntry, use: DecoratorUse, info: ClassInfo, method: string,
  classDecorators: readonly DecoratorUse[]): string {
  switch (entry.detail) {
    case 'route': {
      const prefixUse = entry.prefixDecorator === undefined ? undefined : classDecorators.find((d) => d.name === entry.prefixDecorator);
      const prefix = prefixUse ? decoratorPath(prefixUse.args[0]) : undefined;
      return `${use.name.toUpperCase()} ${joinPath(prefix, literalText(use.args[0]))}`;
    }
    case 'field':
      return `${entry.classTypedDecorators?.includes(use.name) ? info.name : use.name}.${method}`;
    case 'pattern': {
      const pattern = literalText(use.args[0]);
      return pattern === undefined ? `@${use.name} ${info.name}.${method}` : `@${use.name}("${pattern}")`;
    }
    case 'method':
      return `@${use.name} ${info.name}.${method}`;
  }
}

function methodContexts(walker: VisitContext, info: ClassInfo, method: ts.MethodDeclaration, memberId: LocalId,
  name: string, classDecorators: readonly DecoratorUse[]): void {
  const byName = walker.contexts.decorators;
  if (byName.size === 0) return;
  for (const use of importedDecorators(walker, method)) {
    const entry = byName.get(use.name);
    if (entry) addMethodContext(walker, method, memberId, use.decorator, entry, decoratorDetail(entry, use, info, name, classDecorators));
  }
}
