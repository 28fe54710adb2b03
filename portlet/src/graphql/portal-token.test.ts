import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { fileTicket, mount, someone } from '../../test/browser.js';
import { MeDocument } from './generated/graphql.js';
import { createHelpdeskClient } from './client.js';

/** Signs `sub` in to the ENT portal stand-in (test/portal.ts, behind the test page's own origin), its tokens living `ttl` seconds. */
async function signInToPortal(sub: string, ttl = 300): Promise<void> {
  const res = await fetch(`/portail/Login?sub=${sub}&name=${sub}&ttl=${ttl}`);
  expect(res.status).toBe(204);
}

const issued = async (): Promise<number> => ((await (await fetch('/portail/issued')).json()) as { issued: number }).issued;
const USER_INFO = '/portail/api/v5-1/userinfo';

describe('user-info-api-url: the ENT portal’s own token (uPortal /api/v5-1/userinfo)', () => {
  it("should sign the element in with the portal's token, fetched with the ENT's cookies", async () => {
    const person = someone('ent');
    const number = await fileTicket(person, 'Depuis le portail');
    await signInToPortal(person);
    await mount('helpdesk-ticket-list', { 'user-info-api-url': USER_INFO, heading: 'Mes tickets', involvement: 'OWNER' });
    await expect.element(page.getByRole('link', { name: String(number) })).toBeVisible();
  });

  it('should send the token as bearer, and fetch a new one only when the old one is a minute from expiry', async () => {
    const person = someone('renew');
    await signInToPortal(person, 62);
    const { client, dispose } = createHelpdeskClient({ endpoint: new URL('/graphql', location.href).href, userInfo: USER_INFO });
    const before = await issued();
    const first = await client.query({ query: MeDocument, fetchPolicy: 'network-only' });
    expect(first.data?.me.id).toBeTruthy();
    await client.query({ query: MeDocument, fetchPolicy: 'network-only' });
    expect(await issued()).toBe(before + 1);
    // 62 s tokens are renewed 60 s before they expire: 2 s on, the next request asks the portal again.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const renewed = await client.query({ query: MeDocument, fetchPolicy: 'network-only' });
    expect(renewed.data?.me.id).toBe(first.data?.me.id);
    expect(await issued()).toBe(before + 2);
    dispose();
  });
});
