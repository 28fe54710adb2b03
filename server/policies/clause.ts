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
    render: (viewer) => joined(op, parts.map((p) => p.render(viewer))),
    decide: (assumed) => assumed.get(self) ?? (settles ? parts.some((p) => p.decide(assumed)) : parts.every((p) => p.decide(assumed))),
  };
  return self;
}

/** SQL joined by one operator, its parts kept so that joining it again with the same operator flattens it. */
interface Joined extends Sql {
  op: 'or' | 'and';
  parts: readonly Sql[];
}

function joinedBy(part: Sql, op: Joined['op']): part is Joined {
  return (part as Partial<Joined>).op === op;
}

/**
 * Joins rendered parts with `op`, folding constants the viewer settled (an admin's `or` is `true`)
 * and flattening nested parts of the same operator, so the SQL stays as plain as a hand-written one.
 */
export function joined(op: 'or' | 'and', rendered: readonly Rendered[]): Rendered {
  const settles = op === 'or';
  const kept: Sql[] = [];
  for (const part of rendered) {
    if (part === settles) return settles;
    if (typeof part === 'boolean') continue;
    if (joinedBy(part, op)) kept.push(...part.parts);
    else kept.push(part);
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
