import { describe, it, expect } from 'vitest';
import {
  OPEN_STATUSES,
  Relation,
  SchedulerAction,
  TicketAction,
  TicketStatus,
  allowedActions,
  isOpen,
  transition,
  type LifecycleAction,
  type Transition,
} from './ticket-status.js';

const { FREE, IN_PROGRESS, INCOMPLETE, POSTPONED, CLOSED, APPROVED, CANCELLED, REFUSED, EXPIRED } = TicketStatus;
const { OWNER, INVITEE, TICKET_MANAGER, MEMBER, SUPERVISOR, ADMIN, STRANGER, SCHEDULER } = Relation;
const A = TicketAction;

const ok = (to: TicketStatus): Transition => ({ ok: true, to });
const RELATION: Transition = { ok: false, refusal: 'RELATION' };
const STATUS: Transition = { ok: false, refusal: 'STATUS' };
const rel = (...r: Relation[]): ReadonlySet<Relation> => new Set(r);

// Transcribed by hand from docs/lifecycle.md "Actions", NOT derived from the module.
// Columns are the statuses in this order; a cell is the resulting status, or "--" for a STATUS refusal.
// A relation not named in an action's rows is refused with RELATION in every status.
// Context used for the whole matrix: inside the owner's reopen window and nothing else set, so
// REOPEN lands on FR (last manager not known to be a member) and UNWATCH is "--" (not watching).
const COLUMNS = [FREE, IN_PROGRESS, INCOMPLETE, POSTPONED, CLOSED, APPROVED, CANCELLED, REFUSED, EXPIRED];
const CODE: Partial<Record<string, TicketStatus>> = {
  FR: FREE,
  IP: IN_PROGRESS,
  IN: INCOMPLETE,
  PO: POSTPONED,
  CL: CLOSED,
  AP: APPROVED,
  CA: CANCELLED,
  RE: REFUSED,
  EX: EXPIRED,
};
const MATRIX_CTX = { withinReopenWindow: true };

// prettier-ignore
const EXPECTED: Record<LifecycleAction, Record<string, string>> = {
  //                                                        FR IP IN PO CL AP CA RE EX
  TAKE:                { 'MEMBER':                         'IP IP -- -- -- -- -- -- --' },
  ASSIGN:              { 'SUPERVISOR ADMIN':               'IP IP -- -- -- -- -- -- --' },
  FREE:                { 'TICKET_MANAGER SUPERVISOR ADMIN': '-- FR -- -- -- -- -- -- --' },
  REQUEST_INFORMATION: { 'TICKET_MANAGER':                 '-- IN -- IN -- -- -- -- --' },
  ADD_COMMENT:         { 'OWNER INVITEE':                  'FR IP IP PO -- -- -- -- --',
                         'MEMBER':                         'FR IP IN PO -- -- -- -- --' },
  POSTPONE:            { 'TICKET_MANAGER':                 '-- PO PO -- -- -- -- -- --' },
  RECALL:              { 'TICKET_MANAGER SCHEDULER':       '-- -- -- IP -- -- -- -- --' },
  REQUEST_CLOSURE:     { 'TICKET_MANAGER':                 '-- CL CL CL -- -- -- -- --' },
  CLOSE:               { 'OWNER':                          'AP AP AP AP -- -- -- -- --' },
  APPROVE_CLOSURE:     { 'OWNER':                          '-- -- -- -- AP -- -- -- --' },
  REFUSE_CLOSURE:      { 'OWNER':                          '-- -- -- -- IP -- -- -- --' },
  EXPIRE:              { 'SCHEDULER':                      '-- -- -- -- EX -- -- -- --' },
  CANCEL:              { 'OWNER':                          'CA CA CA CA -- -- -- -- --' },
  REFUSE:              { 'TICKET_MANAGER SUPERVISOR ADMIN': 'RE RE RE RE -- -- -- -- --' },
  REOPEN:              { 'OWNER SUPERVISOR ADMIN':         '-- -- -- -- -- FR FR FR FR' },
  MOVE:                { 'MEMBER':                         'FR IP IN PO -- -- -- -- --' },
  INVITE:              { 'OWNER MEMBER':                   'FR IP IN PO CL AP CA RE EX' },
  REMOVE_INVITATION:   { 'OWNER MEMBER SUPERVISOR ADMIN':  'FR IP IN PO CL AP CA RE EX' },
  WATCH:               { 'OWNER INVITEE TICKET_MANAGER MEMBER SUPERVISOR ADMIN STRANGER':
                                                           'FR IP IN PO CL AP CA RE EX' },
  UNWATCH:             { 'OWNER INVITEE TICKET_MANAGER MEMBER SUPERVISOR ADMIN STRANGER':
                                                           '-- -- -- -- -- -- -- -- --' },
  UPDATE:              { 'TICKET_MANAGER SUPERVISOR ADMIN': 'FR IP IN PO CL AP CA RE EX',
                         'OWNER':                          'FR IP IN PO -- -- -- -- --' },
  ATTACH_FILES:        { 'OWNER INVITEE MEMBER':           'FR IP IN PO -- -- -- -- --' },
  CHANGE_OWNER:        { 'TICKET_MANAGER SUPERVISOR ADMIN': 'FR IP IN PO -- -- -- -- --' },
};

/** Expected outcome of one cell of the matrix, read from EXPECTED. */
function expected(action: LifecycleAction, relation: Relation, from: TicketStatus): Transition {
  for (const [names, row] of Object.entries(EXPECTED[action])) {
    if (!names.split(' ').includes(relation)) continue;
    const cell = row.split(' ').at(COLUMNS.indexOf(from));
    if (cell === '--') return STATUS;
    const to = cell === undefined ? undefined : CODE[cell];
    if (to === undefined) throw new Error(`bad cell ${cell ?? '(none)'} for ${action}/${relation}`);
    return ok(to);
  }
  return RELATION;
}

describe('ticket status', () => {
  it('should match the domain table for every status, lifecycle action and single relation', () => {
    // Guard the transcription itself, so a typo in EXPECTED cannot silently widen the test.
    const relations = Object.values(Relation);
    for (const [action, rows] of Object.entries(EXPECTED)) {
      for (const [names, row] of Object.entries(rows)) {
        expect(
          names.split(' ').every((n) => (relations as string[]).includes(n)),
          action,
        ).toBe(true);
        expect(row.split(' '), `${action}/${names}`).toHaveLength(COLUMNS.length);
      }
    }
    const actions: LifecycleAction[] = [...Object.values(TicketAction), ...Object.values(SchedulerAction)];
    expect(Object.keys(EXPECTED).sort()).toEqual([...actions].sort());

    const mismatches: string[] = [];
    let cells = 0;
    for (const from of COLUMNS) {
      for (const action of actions) {
        for (const relation of relations) {
          cells++;
          const want = expected(action, relation, from);
          const got = transition(from, action, rel(relation), MATRIX_CTX);
          if (JSON.stringify(got) !== JSON.stringify(want)) {
            mismatches.push(`${action} by ${relation} from ${from}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(cells).toBe(9 * 23 * 8);
  });

  it('should expose the statuses and actions exactly as docs/api.md lists them, in order', () => {
    expect(Object.values(TicketStatus)).toEqual([
      'FREE',
      'IN_PROGRESS',
      'INCOMPLETE',
      'POSTPONED',
      'CLOSED',
      'APPROVED',
      'CANCELLED',
      'REFUSED',
      'EXPIRED',
    ]);
    expect(Object.values(TicketAction)).toEqual([
      'TAKE',
      'ASSIGN',
      'FREE',
      'REQUEST_INFORMATION',
      'ADD_COMMENT',
      'POSTPONE',
      'RECALL',
      'REQUEST_CLOSURE',
      'CLOSE',
      'APPROVE_CLOSURE',
      'REFUSE_CLOSURE',
      'CANCEL',
      'REFUSE',
      'REOPEN',
      'MOVE',
      'INVITE',
      'REMOVE_INVITATION',
      'WATCH',
      'UNWATCH',
      'UPDATE',
      'ATTACH_FILES',
      'CHANGE_OWNER',
    ]);
    expect(Object.values(SchedulerAction)).toEqual(['EXPIRE']);
  });

  it('should treat exactly FREE, IN_PROGRESS, INCOMPLETE and POSTPONED as open', () => {
    expect([...OPEN_STATUSES]).toEqual([FREE, IN_PROGRESS, INCOMPLETE, POSTPONED]);
    expect(COLUMNS.filter(isOpen)).toEqual([FREE, IN_PROGRESS, INCOMPLETE, POSTPONED]);
  });

  it('should refuse TAKE by the ticket manager as RELATION, even when a supervisor', () => {
    expect(transition(IN_PROGRESS, A.TAKE, rel(TICKET_MANAGER, MEMBER), { hasManager: true })).toEqual(RELATION);
    expect(
      transition(IN_PROGRESS, A.TAKE, rel(TICKET_MANAGER, MEMBER, SUPERVISOR), {
        hasManager: true,
      }),
    ).toEqual(RELATION);
  });

  it('should let only a supervisor take a ticket assigned to another member', () => {
    expect(transition(IN_PROGRESS, A.TAKE, rel(MEMBER), { hasManager: true })).toEqual(RELATION);
    expect(transition(IN_PROGRESS, A.TAKE, rel(MEMBER, SUPERVISOR), { hasManager: true })).toEqual(ok(IN_PROGRESS));
    expect(transition(IN_PROGRESS, A.TAKE, rel(MEMBER, ADMIN), { hasManager: true })).toEqual(ok(IN_PROGRESS));
    expect(transition(FREE, A.TAKE, rel(MEMBER), { hasManager: false })).toEqual(ok(IN_PROGRESS));
  });

  it('should let the owner reopen only within the reopen window, and a supervisor any time', () => {
    expect(transition(APPROVED, A.REOPEN, rel(OWNER), { withinReopenWindow: true })).toEqual(ok(FREE));
    expect(transition(APPROVED, A.REOPEN, rel(OWNER), { withinReopenWindow: false })).toEqual(RELATION);
    expect(transition(APPROVED, A.REOPEN, rel(OWNER))).toEqual(RELATION);
    expect(transition(APPROVED, A.REOPEN, rel(OWNER, MEMBER, SUPERVISOR), { withinReopenWindow: false })).toEqual(ok(FREE));
    // Inside the window, an open ticket is a status problem, not a permission problem.
    expect(transition(IN_PROGRESS, A.REOPEN, rel(OWNER), { withinReopenWindow: true })).toEqual(STATUS);
  });

  it('should reopen to IN_PROGRESS when the last manager is still a member, else FREE', () => {
    const s = rel(MEMBER, SUPERVISOR);
    expect(transition(REFUSED, A.REOPEN, s, { lastManagerStillMember: true })).toEqual(ok(IN_PROGRESS));
    expect(transition(REFUSED, A.REOPEN, s, { lastManagerStillMember: false })).toEqual(ok(FREE));
    expect(
      transition(EXPIRED, A.REOPEN, rel(OWNER), {
        withinReopenWindow: true,
        lastManagerStillMember: true,
      }),
    ).toEqual(ok(IN_PROGRESS));
  });

  it('should free the ticket on MOVE only when its manager is not a member of the target department', () => {
    expect(transition(INCOMPLETE, A.MOVE, rel(MEMBER), { managerFreedByMove: true })).toEqual(ok(FREE));
    expect(transition(INCOMPLETE, A.MOVE, rel(MEMBER), { managerFreedByMove: false })).toEqual(ok(INCOMPLETE));
    expect(transition(POSTPONED, A.MOVE, rel(MEMBER))).toEqual(ok(POSTPONED));
  });

  it('should move INCOMPLETE to IN_PROGRESS when the owner or an invitee comments, not when a member does', () => {
    expect(transition(INCOMPLETE, A.ADD_COMMENT, rel(OWNER))).toEqual(ok(IN_PROGRESS));
    expect(transition(INCOMPLETE, A.ADD_COMMENT, rel(INVITEE))).toEqual(ok(IN_PROGRESS));
    expect(transition(INCOMPLETE, A.ADD_COMMENT, rel(MEMBER))).toEqual(ok(INCOMPLETE));
    expect(transition(INCOMPLETE, A.ADD_COMMENT, rel(TICKET_MANAGER, MEMBER))).toEqual(ok(INCOMPLETE));
    expect(transition(POSTPONED, A.ADD_COMMENT, rel(OWNER))).toEqual(ok(POSTPONED));
  });

  it('should allow WATCH only when not watching and UNWATCH only when watching', () => {
    const reader = rel(STRANGER);
    expect(transition(CLOSED, A.WATCH, reader, { watching: false })).toEqual(ok(CLOSED));
    expect(transition(CLOSED, A.WATCH, reader, { watching: true })).toEqual(STATUS);
    expect(transition(CLOSED, A.UNWATCH, reader, { watching: true })).toEqual(ok(CLOSED));
    expect(transition(CLOSED, A.UNWATCH, reader, { watching: false })).toEqual(STATUS);
    expect(transition(CLOSED, A.UNWATCH, reader)).toEqual(STATUS);
    expect(transition(CLOSED, A.UNWATCH, rel(SCHEDULER), { watching: true })).toEqual(RELATION);
  });

  it('should refuse with RELATION when the actor may never act and with STATUS when only the status is wrong', () => {
    expect(transition(IN_PROGRESS, A.REQUEST_CLOSURE, rel(OWNER))).toEqual(RELATION);
    expect(transition(FREE, A.REQUEST_CLOSURE, rel(TICKET_MANAGER))).toEqual(STATUS);
    expect(transition(IN_PROGRESS, A.CANCEL, rel(INVITEE))).toEqual(RELATION);
    expect(transition(CLOSED, A.CANCEL, rel(OWNER))).toEqual(STATUS);
    expect(transition(FREE, SchedulerAction.EXPIRE, rel(MEMBER, SUPERVISOR))).toEqual(RELATION);
    expect(transition(FREE, SchedulerAction.EXPIRE, rel(SCHEDULER))).toEqual(STATUS);
    // The owner may update in some statuses, so a closed ticket is a STATUS refusal for them.
    expect(transition(CLOSED, A.UPDATE, rel(OWNER))).toEqual(STATUS);
  });

  it('should allow an action when any one of the actor relations permits it', () => {
    const supervisor = rel(MEMBER, SUPERVISOR);
    expect(transition(FREE, A.ASSIGN, supervisor)).toEqual(ok(IN_PROGRESS));
    expect(transition(FREE, A.TAKE, supervisor)).toEqual(ok(IN_PROGRESS));
    expect(transition(INCOMPLETE, A.ATTACH_FILES, supervisor)).toEqual(ok(INCOMPLETE));
    expect(transition(IN_PROGRESS, A.REQUEST_INFORMATION, supervisor)).toEqual(RELATION);
    // The owner alone could not update a closed ticket, but as its manager they can.
    expect(transition(CLOSED, A.UPDATE, rel(OWNER, TICKET_MANAGER, MEMBER))).toEqual(ok(CLOSED));
    expect(transition(FREE, A.APPROVE_CLOSURE, rel(OWNER, INVITEE))).toEqual(STATUS);
  });

  it('should list the allowed public actions in enum order, never scheduler-only ones', () => {
    expect(allowedActions(IN_PROGRESS, rel(TICKET_MANAGER, MEMBER), { watching: false })).toEqual([
      A.FREE,
      A.REQUEST_INFORMATION,
      A.ADD_COMMENT,
      A.POSTPONE,
      A.REQUEST_CLOSURE,
      A.REFUSE,
      A.MOVE,
      A.INVITE,
      A.REMOVE_INVITATION,
      A.WATCH,
      A.UPDATE,
      A.ATTACH_FILES,
      A.CHANGE_OWNER,
    ]);
    expect(allowedActions(CLOSED, rel(OWNER), { watching: true })).toEqual([
      A.APPROVE_CLOSURE,
      A.REFUSE_CLOSURE,
      A.INVITE,
      A.REMOVE_INVITATION,
      A.UNWATCH,
    ]);
    expect(allowedActions(POSTPONED, rel(SCHEDULER))).toEqual([A.RECALL]);
    expect(allowedActions(CLOSED, rel(SCHEDULER))).toEqual([]);
  });
});
