import { describe, expect, it } from 'vitest';
import { fileTicket } from '../factories.js';
import { useScene, useTestApp } from '../fixture.js';
import { ok } from '../harness.js';

const TICKET = 'id status manager { uid } allowedActions history { type statusBefore statusAfter message actor { uid } }';
interface T {
  id: string;
  status: string;
  manager: { uid: string } | null;
  allowedActions: string[];
  history: { type: string; statusBefore: string | null; statusAfter: string; message: string | null; actor: { uid: string } | null }[];
}

describe('the user guide, played through the API', () => {
  const app = useTestApp();
  const s = useScene(app);
  const run = async (uid: string, mutation: string, vars: Record<string, unknown>): Promise<T> => {
    const decl = mutation.includes('$m') ? '$id: ID!, $m: String!' : '$id: ID!';
    const data = ok(await app.gql<Record<string, T>>(uid, `mutation(${decl}) { r: ${mutation} { ${TICKET} } }`, vars));
    return data.r;
  };

  it('should go create → take → request information → answer → request closure → refuse closure → request closure → approve', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    let t = await run(s.manager.uid, 'takeTicket(ticketId: $id)', { id });
    expect([t.status, t.manager?.uid]).toEqual(['IN_PROGRESS', s.manager.uid]);
    t = await run(s.manager.uid, 'requestInformation(ticketId: $id, message: $m)', { id, m: '<p>Quel navigateur ?</p>' });
    expect(t.status).toBe('INCOMPLETE');
    t = await run(s.owner.uid, 'addComment(ticketId: $id, message: $m)', { id, m: 'Firefox' });
    expect(t.status).toBe('IN_PROGRESS');
    expect(t.history.at(-1)?.type).toBe('INFORMATION_GIVEN');
    t = await run(s.manager.uid, 'requestClosure(ticketId: $id, message: $m)', { id, m: 'Videz le cache.' });
    expect(t.status).toBe('CLOSED');
    t = await run(s.owner.uid, 'refuseClosure(ticketId: $id, message: $m)', { id, m: 'Toujours en panne' });
    expect([t.status, t.manager?.uid]).toEqual(['IN_PROGRESS', s.manager.uid]);
    await run(s.manager.uid, 'requestClosure(ticketId: $id, message: $m)', { id, m: 'Corrigé côté serveur.' });
    const seen = ok(await app.gql<{ ticket: T }>(s.owner.uid, `query($id: ID!) { ticket(id: $id) { ${TICKET} } }`, { id })).ticket;
    expect(seen.allowedActions).toEqual(expect.arrayContaining(['APPROVE_CLOSURE', 'REFUSE_CLOSURE']));
    t = await run(s.owner.uid, 'approveClosure(ticketId: $id)', { id });
    expect(t.status).toBe('APPROVED');
    expect(t.history.map((e) => e.type)).toEqual([
      'CREATED',
      'TAKEN',
      'INFORMATION_REQUESTED',
      'INFORMATION_GIVEN',
      'CLOSURE_REQUESTED',
      'CLOSURE_REFUSED',
      'CLOSURE_REQUESTED',
      'CLOSURE_APPROVED',
    ]);
    for (let i = 1; i < t.history.length; i++) expect(t.history[i].statusBefore).toBe(t.history[i - 1].statusAfter);
    expect(t.history.at(-1)!.statusAfter).toBe(t.status);
  });

  it('should postpone, recall, invite and remove, watch, cancel and reopen', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    await run(s.manager.uid, 'takeTicket(ticketId: $id)', { id });
    const until = new Date(Date.now() + 86_400_000).toISOString();
    let t = ok(
      await app.gql<{ r: T }>(
        s.manager.uid,
        `mutation($id: ID!, $u: DateTime!) { r: postponeTicket(ticketId: $id, until: $u) { ${TICKET} } }`,
        { id, u: until },
      ),
    ).r;
    expect(t.status).toBe('POSTPONED');
    t = await run(s.manager.uid, 'recallTicket(ticketId: $id)', { id });
    expect(t.status).toBe('IN_PROGRESS');
    t = await run(s.owner.uid, 'inviteUser(ticketId: $id, user: $m)', { id, m: s.stranger.uid });
    expect(t.history.at(-1)?.type).toBe('INVITED');
    t = await run(s.owner.uid, `removeInvitation(ticketId: $id, userId: "${s.stranger.id}")`, { id });
    expect(t.history.at(-1)?.type).toBe('INVITATION_REMOVED');
    t = await run(s.manager2.uid, 'watchTicket(ticketId: $id)', { id });
    expect(t.allowedActions).toContain('UNWATCH');
    t = await run(s.owner.uid, 'cancelTicket(ticketId: $id)', { id });
    expect(t.status).toBe('CANCELLED');
    t = await run(s.owner.uid, 'reopenTicket(ticketId: $id, message: $m)', { id, m: 'Ça recommence' });
    expect([t.status, t.manager?.uid]).toEqual(['IN_PROGRESS', s.manager.uid]);
  });
});
