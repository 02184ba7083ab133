import type { Json } from '../types.js';
import { compatibility } from './assignability.js';
import type { ChangeSink, ContractChange } from './change.js';

type Node = Record<string, Json>;
const node = (value: Json | undefined): Node => (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {});
const strings = (value: Json | undefined): string[] => (Array.isArray(value) ? value.map(String) : []);

/**
 * Two TypeScript surfaces, export by export: the new declarations must accept every old use. What
 * the surface says structurally is classified (an export, member or enum member removed, a member
 * made required or private, a required parameter or a type parameter without default added); a
 * type whose printed text changed otherwise may break, and is a warning to review.
 */
export function classifyTypeScript(before: Json, after: Json, out: ChangeSink): void {
  const found: ContractChange[] = [];
  classifyExports('', node(node(before).exports), node(node(after).exports), { add: (change) => void found.push(change) });
  for (const change of refined(before, after, found)) out.add(change);
}

/** The top-level export a change is about (`User.email` → `User`). */
const exportOf = (change: ContractChange) => change.at.split('.')[0]!;

/**
 * The changes whose printed types cannot be judged (warnings) put to the compiler: a new export
 * that no longer works where the old one was read or called breaks (`incompatible-type`); one that
 * also still accepts every old value is a change that breaks nothing (info); the rest stay warnings.
 */
function refined(before: Json, after: Json, found: ContractChange[]): ContractChange[] {
  const uncertain = [...new Set(found.filter((c) => c.level === 'warning').map(exportOf))].filter(
    (name) => !found.some((c) => c.level === 'error' && exportOf(c) === name),
  );
  if (uncertain.length === 0) return found;
  const answers = compatibility(before, after, uncertain);
  const result: ContractChange[] = [];
  for (const change of found) {
    const answer = change.level === 'warning' ? answers.get(exportOf(change)) : undefined;
    if (!answer || answer.reads === undefined) result.push(change);
    else if (answer.reads !== true) {
      const name = exportOf(change);
      if (!result.some((c) => c.id === 'incompatible-type' && c.at === name)) {
        result.push({ id: 'incompatible-type', level: 'error', flow: null, at: name, message: `${name} no longer works where it was used: ${answer.reads}` });
      }
    } else if (answer.writes === undefined || answer.writes === true) result.push({ ...change, level: 'info' });
    else result.push(change);
  }
  return result;
}

/** The exports of a module, or (`prefix` `NS.`) of a namespace inside it. */
function classifyExports(prefix: string, old: Node, now: Node, out: ChangeSink): void {
  for (const exported of [...new Set([...Object.keys(old), ...Object.keys(now)])].sort()) {
    const name = `${prefix}${exported}`;
    const [a, b] = [node(old[exported]), node(now[exported])];
    if (!(exported in now)) out.add({ id: 'export-removed', level: 'error', flow: null, at: name, message: `${name} is no longer exported` });
    else if (!(exported in old)) out.add({ id: 'export-added', level: 'info', flow: null, at: name, message: `${name} is newly exported` });
    else if (a.kind !== b.kind)
      out.add({ id: 'export-kind-changed', level: 'error', flow: null, at: name, message: `${name} was a ${String(a.kind)} and is now a ${String(b.kind)}` });
    else if (a.kind === 'namespace') classifyExports(`${name}.`, node(a.exports), node(b.exports), out);
    else compareExport(name, a, b, out);
  }
}

function compareExport(name: string, a: Node, b: Node, out: ChangeSink): void {
  typeParameters(name, strings(a.typeParameters), strings(b.typeParameters), out);
  if (a.kind === 'interface' || a.kind === 'class') members(name, node(a.members), node(b.members), out);
  if (a.kind === 'enum') enumMembers(name, node(a.members), node(b.members), out);
  if (a.kind === 'function') signatures(name, strings(a.signatures), strings(b.signatures), out);
  if (a.kind === 'class' && JSON.stringify(a.constructors) !== JSON.stringify(b.constructors))
    signatures(`new ${name}`, strings(a.constructors), strings(b.constructors), out);
  if (a.type !== b.type && a.type !== undefined) {
    out.add({ id: 'type-changed', level: 'warning', flow: null, at: name, message: `${name}: ${String(a.type)} → ${String(b.type)}` });
  }
}

function typeParameters(name: string, old: string[], now: string[], out: ChangeSink): void {
  const added = now.slice(old.length).filter((p) => !p.includes('='));
  if (added.length > 0)
    out.add({ id: 'type-parameter-added', level: 'error', flow: null, at: name, message: `${name}: new type parameter ${added.join(', ')} without a default` });
  // Every use that passes the removed arguments (`Box<X>`) no longer compiles.
  if (now.length < old.length) {
    out.add({
      id: 'type-parameter-removed',
      level: 'error',
      flow: null,
      at: name,
      message: `${name}: type parameter ${old.slice(now.length).join(', ')} removed`,
    });
  }
}

function members(name: string, old: Node, now: Node, out: ChangeSink): void {
  const byName = (members: Node) =>
    new Map(Object.entries(members).map(([key, type]) => [key.replace(/\?$/, ''), { optional: key.endsWith('?'), type: String(type) }]));
  const [a, b] = [byName(old), byName(now)];
  for (const [member, was] of a) {
    const at = `${name}.${member}`;
    const is = b.get(member);
    if (!is) {
      out.add({ id: 'member-removed', level: 'error', flow: null, at, message: `${at} was removed` });
      continue;
    }
    if (was.optional && !is.optional) out.add({ id: 'member-became-required', level: 'error', flow: null, at, message: `${at} became required` });
    if (!was.optional && is.optional)
      out.add({ id: 'member-became-optional', level: 'warning', flow: null, at, message: `${at} became optional (readers may now get undefined)` });
    if (!was.type.startsWith('private') && is.type.startsWith('private'))
      out.add({ id: 'member-made-private', level: 'error', flow: null, at, message: `${at} became private` });
    else if (was.type.replace(/ \| undefined$/, '') !== is.type.replace(/ \| undefined$/, '')) {
      out.add({ id: 'member-type-changed', level: 'warning', flow: null, at, message: `${at}: ${was.type} → ${is.type}` });
    }
  }
  for (const [member, is] of b) {
    if (a.has(member)) continue;
    const at = `${name}.${member}`;
    out.add({
      id: is.optional ? 'optional-member-added' : 'required-member-added',
      level: is.optional ? 'info' : 'warning',
      flow: null,
      at,
      message: `${at} was added${is.optional ? '' : ' as required (code that builds or implements it must now provide it)'}`,
    });
  }
}

function enumMembers(name: string, old: Node, now: Node, out: ChangeSink): void {
  for (const [member, value] of Object.entries(old)) {
    const at = `${name}.${member}`;
    if (!(member in now)) out.add({ id: 'enum-member-removed', level: 'error', flow: null, at, message: `${at} was removed` });
    else if (JSON.stringify(now[member]) !== JSON.stringify(value)) {
      out.add({ id: 'enum-member-changed', level: 'error', flow: null, at, message: `${at}: ${JSON.stringify(value)} → ${JSON.stringify(now[member])}` });
    }
  }
  for (const member of Object.keys(now)) {
    if (!(member in old)) out.add({ id: 'enum-member-added', level: 'info', flow: null, at: `${name}.${member}`, message: `${name}.${member} was added` });
  }
}

/**
 * The parameters of a printed signature `<T>(a: A, b?: B, ...c: C[]): R`: how many are required.
 * Type parameters are skipped, and the `>` of an arrow (`=>`) closes nothing.
 */
function shape(signature: string): { required: number } {
  const parameters: string[] = [];
  let depth = 0;
  let current = '';
  let started = false;
  for (let i = 0; i < signature.length; i++) {
    const c = signature[i]!;
    const arrow = c === '>' && signature[i - 1] === '=';
    if (!started) {
      // Before the parameter list: only a type-parameter list `<…>` may come first.
      if (c === '<') depth++;
      else if (c === '>' && !arrow) depth--;
      else if (c === '(' && depth === 0) started = true;
      continue;
    }
    if ('(<{['.includes(c)) depth++;
    else if (')}]'.includes(c) || (c === '>' && !arrow)) {
      if (depth === 0 && c === ')') break;
      depth--;
    }
    if (c === ',' && depth === 0) {
      parameters.push(current.trim());
      current = '';
    } else current += c;
  }
  if (current.trim()) parameters.push(current.trim());
  return { required: parameters.filter((p) => !/^[\w$]+\?:/.test(p) && !p.startsWith('...')).length };
}

function signatures(name: string, old: string[], now: string[], out: ChangeSink): void {
  if (JSON.stringify(old) === JSON.stringify(now)) return;
  const fewest = (list: string[]) => Math.min(...list.map((s) => shape(s).required));
  if (now.length > 0 && old.length > 0 && fewest(now) > fewest(old)) {
    out.add({
      id: 'required-parameter-added',
      level: 'error',
      flow: 'input',
      at: name,
      message: `${name}: callers must now pass ${fewest(now)} arguments (was ${fewest(old)})`,
    });
    return;
  }
  out.add({ id: 'signature-changed', level: 'warning', flow: null, at: name, message: `${name}: ${old.join(' | ')} → ${now.join(' | ')}` });
}
