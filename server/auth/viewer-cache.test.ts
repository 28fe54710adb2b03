import { describe, expect, it } from 'vitest';
import { makeDepartment, makeMember, makeUser, unique } from '../../test/factories.js';
import { useTestApp } from '../../test/fixture.js';
import { ok, type GqlResult } from '../../test/harness.js';
import { countingQueries } from '../../test/statements.js';
import { User } from '../model/user.entity.js';
import { readKnownUser } from './sign-in.js';
import { ViewerCache } from './viewer-cache.js';

describe('remembered viewers', () => {
  const app = useTestApp();

  /** A GraphQL request with a given token: the cache remembers viewers per token (the harness signs a new one each time). */
  async function gql<T>(token: string, query: string): Promise<T> {
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    return ok((await res.json()) as GqlResult<T>);
  }

  async function known(uid: string): Promise<NonNullable<Awaited<ReturnType<typeof readKnownUser>>>> {
    const row = await readKnownUser(app.em(), uid);
    if (!row) throw new Error(`no user ${uid}`);
    return row;
  }

  it('should sign a known user in without a statement once remembered', async () => {
    const uid = unique('cached');
    const token = await app.token(uid);
    await gql(token, '{ __typename }'); // the first sign-in creates the user
    await gql(token, '{ __typename }'); // a known user: read in one statement, then remembered
    const { result, statements } = await countingQueries(() => gql(token, '{ viewer { user { uid } } }'));
    expect(result).toEqual({ viewer: { user: { uid } } });
    expect(statements).toEqual([]);
  });

  it('should map the remembered user into each request’s own EntityManager, never share an entity', async () => {
    const user = await makeUser(app.em());
    const cache = new ViewerCache();
    cache.remember('t', await known(user.uid), false, Date.now() + 60_000);
    const [one, two] = [app.em(), app.em()];
    const [a, b] = [cache.viewer('t', () => one)!.user, cache.viewer('t', () => two)!.user];
    expect(a).not.toBe(b);
    expect(one.getUnitOfWork().getById(User.name, user.id)).toBe(a);
    expect(two.getUnitOfWork().getById(User.name, user.id)).toBe(b);
  });

  it('should forget a viewer after its time to live, and never keep one past its token’s expiry', async () => {
    const user = await makeUser(app.em());
    let now = 1_000_000;
    const cache = new ViewerCache(15_000, 100, () => now);
    const row = await known(user.uid);
    cache.remember('long', row, false, now + 3_600_000);
    cache.remember('short', row, false, now + 5_000);
    now += 5_000;
    expect(cache.viewer('short', () => app.em())).toBeUndefined();
    expect(cache.viewer('long', () => app.em())).toBeDefined();
    now += 10_000;
    expect(cache.viewer('long', () => app.em())).toBeUndefined();
  });

  it('should hold at most its bound, the oldest going first', async () => {
    const row = await known((await makeUser(app.em())).uid);
    const cache = new ViewerCache(15_000, 2);
    for (const token of ['a', 'b', 'c']) cache.remember(token, row, false, Date.now() + 60_000);
    expect(cache.size).toBe(2);
    expect(cache.viewer('a', () => app.em())).toBeUndefined();
    expect(cache.viewer('c', () => app.em())).toBeDefined();
  });

  it('should forget a user whose membership this instance flushed', async () => {
    const em = app.em();
    const user = await makeUser(em);
    const cache = new ViewerCache();
    app.orm.em.getEventManager().registerSubscriber(cache.subscriber());
    cache.remember('t', await known(user.uid), false, Date.now() + 60_000);
    await makeMember(em, await makeDepartment(em), user);
    expect(cache.viewer('t', () => app.em())).toBeUndefined();
  });

  it('should show the viewer’s own change at their next request (the mutation forgets them)', async () => {
    const token = await app.token(unique('prefs'));
    const language = async (): Promise<string> =>
      (await gql<{ viewer: { preferences: { language: string } } }>(token, '{ viewer { preferences { language } } }')).viewer.preferences
        .language;
    expect(await language()).toBe('fr');
    await gql(token, 'mutation { updatePreferences(input: { language: "en" }) { isAdmin } }');
    expect(await language()).toBe('en');
  });
});
