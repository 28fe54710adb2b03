import type { Viewer } from '../auth/viewer.js';

/** SQL text with its positional parameters, in the order the text uses them. */
export interface Sql {
  sql: string;
  params: unknown[];
}

/** A clause written for one viewer: SQL, or a constant when the viewer alone settles it (an admin's staff clause). */
export type Rendered = Sql | boolean;

/**
 * One condition of the read rules, written once: `holds` judges it in TypeScript over the facts a
 * request already has, `render` writes the very same condition as SQL over the ticket `t`, its
 * department `d` (and a history entry `e`). Atoms carry both side by side; `anyOf`, `allOf` and
 * `not` combine them, so a rule built of atoms has its SQL by construction, never by a second hand.
 */
export interface Clause<F> {
  readonly name: string;
  holds(viewer: Viewer, facts: F): boolean;
  render(viewer: Viewer): Rendered;
  /** The value under assumed values of its parts (search cases): an atom left unassumed is a programming error. */
  decide(assumed: ReadonlyMap<Clause<never>, boolean>): boolean;
}

/** A condition on one fact, its TypeScript judgement beside its SQL. */
export function atom<F>(name: string, holds: (viewer: Viewer, facts: F) => boolean, render: (viewer: Viewer) => Rendered): Clause<F> {
  const self: Clause<F> = {
    name,
    holds,
    render,
    decide: (assumed) => {
      const value = assumed.get(self);
      if (value === undefined) throw new Error(`The clause "${name}" was not assumed`);
      return value;
    },
  };
  return self;
}

/** A condition that always holds (an entry for everyone). */
export const ALWAYS: Clause<unknown> = constant('always', true);
/** A condition that never holds (an entry for staff only, beyond its author). */
export const NEVER: Clause<unknown> = constant('never', false);

function constant(name: string, value: boolean): Clause<unknown> {
  return { name, holds: () => value, render: () => value, decide: () => value };
}

/** Holds when one of `parts` does. */
export function anyOf<F>(...parts: readonly Clause<F>[]): Clause<F> {
  return combine('or', parts);
}

/** Holds when every one of `parts` does. */
export function allOf<F>(...parts: readonly Clause<F>[]): Clause<F> {
  return combine('and', parts);
}

/** Holds when `part` does not. */
export function not<F>(part: Clause<F>): Clause<F> {
  const self: Clause<F> = {
    name: `not ${part.name}`,
    holds: (viewer, facts) => !part.holds(viewer, facts),
    render: (viewer) => {
      const inner = part.render(viewer);
      return typeof inner === 'boolean' ? !inner : { sql: `not ${inner.sql}`, params: inner.params };
    },
    decide: (assumed) => assumed.get(self) ?? !part.decide(assumed),
  };
  return self;
}

function combine<F>(op: 'or' | 'and', parts: readonly Clause<F>[]): Clause<F> {
  // The value that settles the whole (true for or, false for and), and the one each part may be dropped at.
  const settles = op === 'or';
  const self: Clause<F> = {
    name: `(${parts.map((p) => p.name).join(` ${op} `)})`,
    holds: (viewer, facts) => (settles ? parts.some((p) => p.holds(viewer, facts)) : parts.every((p) => p.holds(viewer, facts))),
    render: (viewer) =>
      joined(
        op,
        parts.map((p) => p.render(viewer)),
      ),
    decide: (assumed) => assumed.get(self) ?? (settles ? parts.some((p) => p.decide(assumed)) : parts.every((p) => p.decide(assumed))),
  };
  return self;
}

/** SQL joined by one operator, its parts kept so that joining it again with the same operator flattens it. */
interface Joined extends Sql {
  op: 'or' | 'and';
  parts: readonly Sql[];
}

/** SQL testing that a column holds one of `values` out of all it may hold (`domain`): `or` merges those of one column. */
interface ColumnIn extends Sql {
  column: string;
  values: readonly string[];
  domain: readonly string[];
}

/**
 * An atom on a column of enum values (a ticket's visibility). Several joined by `or` are written as
 * one test, `<>` the one value left when that is shorter, as a hand-written query would: the planner
 * estimates `visibility = 'PUBLIC' or visibility = 'SUBJECT_ONLY'` worse than `visibility <> 'PRIVATE'`.
 */
export function columnIs<F, V extends string>(
  name: string,
  holds: (viewer: Viewer, facts: F) => boolean,
  column: string,
  value: V,
  domain: readonly V[],
): Clause<F> {
  return atom(name, holds, () => columnIn(column, [value], domain));
}

function columnIn(column: string, values: readonly string[], domain: readonly string[]): ColumnIn | true {
  const others = domain.filter((v) => !values.includes(v));
  if (others.length === 0) return true;
  const quoted = (vs: readonly string[]): string => vs.map((v) => `'${v}'`).join(', ');
  let sql = `${column} in (${quoted(values)})`;
  if (values.length === 1) sql = `${column} = ${quoted(values)}`;
  else if (others.length === 1) sql = `${column} <> ${quoted(others)}`;
  return { sql, params: [], column, values, domain };
}

function joinedBy(part: Sql, op: Joined['op']): part is Joined {
  return (part as Partial<Joined>).op === op;
}

function isColumnIn(part: Sql): part is ColumnIn {
  return 'column' in part;
}

/**
 * Joins rendered parts with `op`, folding constants the viewer settled (an admin's `or` is `true`),
 * flattening nested parts of the same operator and merging `or`ed tests of one column, so the SQL
 * stays as plain as a hand-written one.
 */
export function joined(op: 'or' | 'and', rendered: readonly Rendered[]): Rendered {
  const settles = op === 'or';
  const flat = rendered.flatMap((p): readonly Rendered[] => (typeof p !== 'boolean' && joinedBy(p, op) ? p.parts : [p]));
  const kept: Sql[] = [];
  for (const part of flat) {
    if (part === settles) return settles;
    if (typeof part === 'boolean') continue;
    const same = settles && isColumnIn(part) ? kept.find((k): k is ColumnIn => isColumnIn(k) && k.column === part.column) : undefined;
    if (!same || !isColumnIn(part)) {
      kept.push(part);
      continue;
    }
    const merged = columnIn(part.column, [...same.values, ...part.values], part.domain);
    if (merged === true) return true;
    kept[kept.indexOf(same)] = merged;
  }
  if (kept.length === 0) return !settles;
  if (kept.length === 1) return kept[0];
  const result: Joined = { sql: `(${kept.map((p) => p.sql).join(` ${op} `)})`, params: kept.flatMap((p) => p.params), op, parts: kept };
  return result;
}

/** A rendering as SQL, constants written `true` or `false`. */
export function asSql(rendered: Rendered): Sql {
  return typeof rendered === 'boolean' ? { sql: String(rendered), params: [] } : { sql: rendered.sql, params: rendered.params };
}

/** The clause as SQL for one viewer. */
export function toSql(clause: Clause<never>, viewer: Viewer): Sql {
  return asSql(clause.render(viewer));
}
