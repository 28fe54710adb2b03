import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileTicket, makeUser } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { errorCode, ok } from '../../test/harness.js';
import { freePort } from '../../test/processes.js';
import { startSlapd, type Slapd } from '../../test/slapd.js';
import { User } from '../model/user.entity.js';

const SEARCH = 'query($s: String!) { users(search: $s) { id uid displayName email } }';
type Person = { id: string; uid: string; displayName: string; email: string | null };
const INVITE = 'mutation($t: ID!, $u: String!) { inviteUser(ticketId: $t, user: $u) { invitees { uid displayName } } }';

// One slapd for the file, with its own small SUPANN-like directory (test/slapd.ts).
let slapd: Slapd;
beforeAll(async () => {
  slapd = await startSlapd();
});
afterAll(async () => {
  await slapd.stop();
});

describe('users(search) with a directory', () => {
  const app = useTestApp(() => slapd.env);
  const s = useScene(app);
  const search = async (uid: string, text: string): Promise<Person[]> =>
    ok(await app.gql<{ users: Person[] }>(uid, SEARCH, { s: text })).users;

  it('should find directory people who never signed in, accents included, named by an ldap: id', async () => {
    expect(await search(s.manager.uid, 'Müller')).toEqual([
      { id: 'ldap:hmuller', uid: 'hmuller', displayName: 'Hélène Müller', email: 'helene.muller@univ.test' },
    ]);
    expect((await search(s.manager.uid, 'François')).map((p) => p.uid)).toEqual(['fgarcon']);
    // The email is staff's to see; a person's search finds the name only.
    expect(await search(s.owner.uid, 'Hélène')).toEqual([
      { id: 'ldap:hmuller', uid: 'hmuller', displayName: 'Hélène Müller', email: null },
    ]);
  });

  it('should list local users first, a known person once (as the local user), and never a group', async () => {
    await makeUser(app.em(), 'mdupont', { displayName: 'Marie Dupont' });
    const known = await makeUser(app.em(), 'jdupont', { displayName: 'Jean Dupont' });
    const found = await search(s.manager.uid, 'Dupont');
    // Both local (numeric ids), Jean Dupont as his local user rather than again as ldap:jdupont; the group is not a person.
    expect(found.map((p) => p.uid).sort()).toEqual(['jdupont', 'mdupont']);
    expect(found.find((p) => p.uid === 'jdupont')?.id).toBe(String(known.id));
    expect(found.every((p) => /^\d+$/.test(p.id))).toBe(true);
  });

  it('should answer at most 20 people in all', async () => {
    const found = await search(s.manager.uid, 'Numéro');
    expect(found).toHaveLength(20);
    expect(new Set(found.map((p) => p.uid)).size).toBe(20);
  });

  it('should search for filter syntax as plain characters: injection finds nothing', async () => {
    for (const text of ['*)(uid=*', '\\00', '\\2a', '(uid=*)', 'hmuller)(|(uid=*', '*)(objectClass=*))(|(uid=*', '))((', '**']) {
      expect(await search(s.manager.uid, text), text).toEqual([]);
    }
    // A whole address finds its person for anyone, a piece of one only for staff.
    expect((await search(s.owner.uid, 'agent@univ.test')).map((p) => p.uid)).toEqual(['agent007']);
    expect(await search(s.owner.uid, 'univ.test')).toEqual([]);
    expect((await search(s.manager.uid, 'agent@univ')).map((p) => p.uid)).toEqual(['agent007']);
  });

  it('should refuse an anonymous search', async () => {
    const anonymous = await app.gql(null, SEARCH, { s: 'Müller' });
    expect(anonymous.status).toBe(401);
    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
  });

  it('should invite a directory person who never signed in, creating their user from the directory entry', async () => {
    const ticket = await fileTicket(app, s.owner.uid, s.category.id);
    const invited = ok(
      await app.gql<{ inviteUser: { invitees: { uid: string; displayName: string }[] } }>(s.owner.uid, INVITE, {
        t: ticket,
        u: 'zlefevre',
      }),
    );
    expect(invited.inviteUser.invitees).toEqual([{ uid: 'zlefevre', displayName: 'Zoé Lefèvre' }]);
    const user = await app.em().findOneOrFail(User, { uid: 'zlefevre' });
    expect(user).toMatchObject({ displayName: 'Zoé Lefèvre', email: 'zoe.lefevre@univ.test', provisional: false });
    // By the id the search gave, too.
    const again = ok(await app.gql<{ inviteUser: { invitees: { uid: string }[] } }>(s.owner.uid, INVITE, { t: ticket, u: 'ldap:fgarcon' }));
    expect(again.inviteUser.invitees.map((i) => i.uid).sort()).toEqual(['fgarcon', 'zlefevre']);
    // Someone in neither is still unknown.
    expect(errorCode(await app.gql(s.owner.uid, INVITE, { t: ticket, u: 'nobody-here' }))).toBe('BAD_USER_INPUT');
  });

  it('should file on behalf of a directory person by their ldap: id', async () => {
    const filed = ok(
      await app.gql<{ createTicket: { owner: { uid: string; displayName: string } } }>(
        s.manager.uid,
        'mutation($i: CreateTicketInput!) { createTicket(input: $i) { owner { uid displayName } } }',
        { i: { categoryId: String(s.category.id), subject: 'Badge', message: '<p>x</p>', ownerUid: 'ldap:etu07' } },
      ),
    );
    expect(filed.createTicket.owner).toEqual({ uid: 'etu07', displayName: 'Étudiant Numéro 07' });
  });
});

describe('users(search) when the directory is down', () => {
  // Nothing listens on the first port; the second accepts connections and never answers.
  let closedPort: number;
  let silent: Server;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    closedPort = await freePort();
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });
  const env = (port: () => number) => () => ({
    LDAP_URL: `ldap://127.0.0.1:${port()}`,
    LDAP_BASE_DN: 'dc=univ,dc=test',
    LDAP_TIMEOUT_MS: '500',
  });

  for (const [name, port] of [
    ['refused', () => closedPort],
    ['silent', () => (silent.address() as { port: number }).port],
  ] as const) {
    describe(`(${name})`, () => {
      const app = useTestApp(env(port));
      const s = useScene(app);
      it('should answer the local results, no 5xx, within the timeout', async () => {
        await makeUser(app.em(), 'lmartin', { displayName: 'Louise Martin' });
        const started = Date.now();
        const result = await app.gql<{ users: Person[] }>(s.manager.uid, SEARCH, { s: 'Martin' });
        expect(result.status).toBe(200);
        expect(ok(result).users.map((p) => p.uid)).toEqual(['lmartin']);
        expect(Date.now() - started).toBeLessThan(3000);
      });
    });
  }
});
