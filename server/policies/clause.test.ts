import { describe, expect, it } from 'vitest';
import type { Viewer } from '../auth/viewer.js';
import { MemberRole } from '../model/catalogue.enums.js';
import { User } from '../model/user.entity.js';
import { allOf, anyOf, atom, columnIs, not, toSql } from './clause.js';
import { readableTicketsSql } from './ticket.policy.js';

const viewer = (extra: Partial<Viewer> = {}): Viewer => ({ user: new User(), userId: 7, isAdmin: false, memberships: new Map(), ...extra });

const ADMIN = atom<unknown>(
  'admin',
  (v) => v.isAdmin,
  (v) => v.isAdmin,
);
const OWNER = atom<{ ownerId: number }>(
  'owner',
  (v, t) => t.ownerId === v.userId,
  (v) => ({ sql: 't.owner_id = ?', params: [v.userId] }),
);
const COLOURS = ['RED', 'GREEN', 'BLUE'] as const;
const colour = (c: (typeof COLOURS)[number]) => columnIs<{ c: string }, string>(c, (_v, f) => f.c === c, 't.colour', c, COLOURS);

describe('clauses rendered as SQL', () => {
  it('should fold what the viewer alone settles: an admin’s or is true, a non-admin’s clause drops', () => {
    expect(toSql(anyOf(ADMIN, OWNER), viewer({ isAdmin: true }))).toEqual({ sql: 'true', params: [] });
    expect(toSql(anyOf(ADMIN, OWNER), viewer())).toEqual({ sql: 't.owner_id = ?', params: [7] });
    expect(toSql(allOf(ADMIN, OWNER), viewer())).toEqual({ sql: 'false', params: [] });
    expect(toSql(not(ADMIN), viewer({ isAdmin: true }))).toEqual({ sql: 'false', params: [] });
  });

  it('should flatten nested ors and keep parameters in the order of the text', () => {
    const other = atom<unknown>(
      'other',
      () => true,
      (v) => ({ sql: 't.creator_id = ?', params: [v.userId + 1] }),
    );
    expect(toSql(anyOf(anyOf(OWNER, other), not(OWNER)), viewer())).toEqual({
      sql: '(t.owner_id = ? or t.creator_id = ? or not t.owner_id = ?)',
      params: [7, 8, 7],
    });
  });

  it('should write ored values of one column as one test: <> the value left, true for every value', () => {
    expect(toSql(anyOf<{ c: string; ownerId: number }>(colour('RED'), OWNER, colour('BLUE')), viewer()).sql).toBe(
      "(t.colour <> 'GREEN' or t.owner_id = ?)",
    );
    expect(toSql(anyOf(colour('RED'), colour('GREEN'), colour('BLUE')), viewer()).sql).toBe('true');
  });

  it('should decide a combination under assumed values of its parts, and refuse an atom left unassumed', () => {
    const either = anyOf(OWNER, ADMIN);
    expect(
      either.decide(
        new Map([
          [OWNER, false],
          [ADMIN, true],
        ]),
      ),
    ).toBe(true);
    expect(
      not(either).decide(
        new Map([
          [OWNER, false],
          [ADMIN, false],
        ]),
      ),
    ).toBe(true);
    expect(() => either.decide(new Map([[ADMIN, false]]))).toThrow('"owner" was not assumed');
  });
});

describe('readableTicketsSql', () => {
  // The shapes the list's plans rely on (server/ticket/ticket-search-plan.test.ts): no condition for admins, no empty department list.
  it('should be true for admins, and name no department for a viewer who belongs to none', () => {
    expect(readableTicketsSql(viewer({ isAdmin: true }))).toEqual({ sql: 'true', params: [] });
    expect(readableTicketsSql(viewer()).sql).not.toContain('department_id');
    const member = readableTicketsSql(viewer({ memberships: new Map([[3, MemberRole.MANAGER]]) }));
    expect(member.sql).toMatch(/^\(t\.department_id = any\(\?::int\[\]\) or /);
    expect(member.sql).toContain("t.visibility <> 'PRIVATE'");
    expect(member.params[0]).toBe('{3}');
  });
});
