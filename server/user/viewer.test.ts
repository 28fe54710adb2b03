import { describe, expect, it } from 'vitest';
import { makeUser, unique } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok, type GqlResult } from '../../test/harness.js';
import { provisionalUid } from '../auth/sign-in.js';
import { TicketEventType } from '../model/ticket.enums.js';
import { mailLanguages, updatePreferences } from './preferences.js';
import { User } from '../model/user.entity.js';

const ALL_EVENTS = Object.values(TicketEventType);

const VIEWER = `{ viewer {
  user { uid displayName }
  isAdmin
  memberships { role available alert department { id code } user { uid } }
  preferences { language notifications }
} }`;
const UPDATE =
  'mutation($input: PreferencesInput!) { updatePreferences(input: $input) { user { uid } preferences { language notifications } } }';

interface ViewerData {
  user: { uid: string; displayName: string };
  isAdmin: boolean;
  memberships: { role: string; available: boolean; alert: string; department: { id: string; code: string }; user: { uid: string } }[];
  preferences: { language: string; notifications: string[] };
}

describe('viewer and preferences', () => {
  const app = useTestApp();
  const scene = useScene(app);

  const viewer = async (uid: string): Promise<ViewerData> => ok(await app.gql<{ viewer: ViewerData }>(uid, VIEWER)).viewer;

  /** The stored preference columns of a user, to prove what was (not) written. */
  async function stored(uid: string): Promise<{ locale: string; muted_events: string[] }> {
    const [row] = await app
      .em()
      .execute<{ locale: string; muted_events: string[] }[]>('select locale, muted_events from app_user where uid = ?', [uid]);
    return row;
  }

  /** A request with a token carrying identity-provider claims (the harness's own tokens carry no locale). */
  async function asClaims(
    uid: string,
    claims: { locale?: string; email?: string; name?: string },
  ): Promise<GqlResult<{ viewer: ViewerData }>> {
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await app.token(uid, claims)}` },
      body: JSON.stringify({ query: VIEWER }),
    });
    return { status: res.status, ...((await res.json()) as object) };
  }

  describe('viewer', () => {
    it('should tell a plain user who they are, with every mail on and French by default', async () => {
      const me = await viewer(scene.owner.uid);
      expect(me).toEqual({
        user: { uid: scene.owner.uid, displayName: scene.owner.displayName },
        isAdmin: false,
        memberships: [],
        preferences: { language: 'fr', notifications: ALL_EVENTS },
      });
    });

    it("should list a supervisor's memberships with role, availability, alerts and department", async () => {
      const me = await viewer(scene.supervisor.uid);
      expect(me.memberships).toEqual([
        {
          role: 'SUPERVISOR',
          available: true,
          alert: 'ALL',
          department: { id: String(scene.department.id), code: scene.department.code },
          user: { uid: scene.supervisor.uid },
        },
      ]);
      expect(me.isAdmin).toBe(false);
    });

    it('should say when the viewer is an administrator', async () => {
      expect((await viewer(scene.admin.uid)).isAdmin).toBe(true);
    });
  });

  describe('updatePreferences', () => {
    it('should store the language and the mailed events, keeping the others off', async () => {
      const user = await makeUser(app.em(), unique('prefs'));
      const wanted = [TicketEventType.CREATED, TicketEventType.CLOSURE_REQUESTED, TicketEventType.COMMENTED];
      const data = ok(
        await app.gql<{ updatePreferences: { user: { uid: string }; preferences: ViewerData['preferences'] } }>(user.uid, UPDATE, {
          input: { language: 'en', notifications: wanted },
        }),
      );
      const expected = ALL_EVENTS.filter((t) => wanted.includes(t));
      expect(data.updatePreferences).toEqual({ user: { uid: user.uid }, preferences: { language: 'en', notifications: expected } });
      expect((await viewer(user.uid)).preferences).toEqual({ language: 'en', notifications: expected });
      const row = await stored(user.uid);
      expect(row.locale).toBe('en');
      expect(row.muted_events.sort()).toEqual(ALL_EVENTS.filter((t) => !wanted.includes(t)).sort());
    });

    it('should change only the fields given', async () => {
      const user = await makeUser(app.em(), unique('prefs'));
      ok(await app.gql(user.uid, UPDATE, { input: { notifications: [] } }));
      const allOff = await stored(user.uid);
      expect({ locale: allOff.locale, muted: [...allOff.muted_events].sort() }).toEqual({ locale: 'fr', muted: [...ALL_EVENTS].sort() });
      ok(await app.gql(user.uid, UPDATE, { input: { language: 'en' } }));
      expect((await viewer(user.uid)).preferences).toEqual({ language: 'en', notifications: [] });
      ok(await app.gql(user.uid, UPDATE, { input: { notifications: ALL_EVENTS } }));
      expect(await stored(user.uid)).toEqual({ locale: 'en', muted_events: [] });
    });

    it('should mail new kinds of events by default, and ignore turned-off kinds that no longer exist', async () => {
      const user = await makeUser(app.em(), unique('prefs'));
      // As if the user had chosen before some event types existed: only what they turned off is stored.
      await app.em().execute(`update app_user set muted_events = '{COMMENTED,GONE_EVENT}' where id = ?`, [user.id]);
      expect((await viewer(user.uid)).preferences.notifications).toEqual(ALL_EVENTS.filter((t) => t !== TicketEventType.COMMENTED));
    });

    it.each(['de', 'FR', 'fr-FR', 'english', '', ' fr'])(
      'should answer BAD_USER_INPUT on language for %j and write nothing, not even the valid fields',
      async (language) => {
        const user = await makeUser(app.em(), unique('prefs'));
        const before = await stored(user.uid);
        const result = await app.gql(user.uid, UPDATE, { input: { language, notifications: [TicketEventType.CREATED] } });
        expect(result.data ?? null).toBeNull();
        expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'language' });
        expect(await stored(user.uid)).toEqual(before);
      },
    );

    it('should answer BAD_USER_INPUT naming notifications for an unknown event, and write nothing', async () => {
      const user = await makeUser(app.em(), unique('prefs'));
      const before = await stored(user.uid);
      const viaVariables = await app.gql(user.uid, UPDATE, { input: { language: 'en', notifications: ['CREATED', 'NOPE'] } });
      const inline = await app.gql(
        user.uid,
        'mutation { updatePreferences(input: { language: "en", notifications: [CREATED, NOPE] }) { isAdmin } }',
      );
      for (const result of [viaVariables, inline]) {
        expect(result.data ?? null).toBeNull();
        expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(result.errors?.[0]?.message).toMatch(/NOPE/);
      }
      // Through variables (how clients send input) the answer names the field.
      expect(viaVariables.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'notifications' });
      expect(await stored(user.uid)).toEqual(before);
    });

    it('should refuse an unknown event type given to the service directly (callers other than GraphQL), naming the field', async () => {
      const em = app.em();
      const user = await makeUser(em, unique('prefs'));
      await expect(updatePreferences(em, user, { language: 'en', notifications: ['CREATED', 'NOPE'] })).rejects.toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', field: 'notifications' },
      });
      expect(await stored(user.uid)).toEqual({ locale: 'fr', muted_events: [] });
    });
  });

  describe('the language and the sign-in', () => {
    it("should seed the language from the token's locale at the first sign-in", async () => {
      const uid = unique('anglais');
      expect(ok(await asClaims(uid, { locale: 'en-GB' })).viewer.preferences.language).toBe('en');
      expect((await stored(uid)).locale).toBe('en');
    });

    it("should never let the token's locale overwrite the language the user chose", async () => {
      const uid = unique('choix');
      ok(await asClaims(uid, { locale: 'en' }));
      ok(await app.gql(uid, UPDATE, { input: { language: 'fr' } }));
      // Every later request carries the identity provider's locale again.
      for (let i = 0; i < 2; i++) expect(ok(await asClaims(uid, { locale: 'en' })).viewer.preferences.language).toBe('fr');
      expect((await stored(uid)).locale).toBe('fr');
    });

    it('should keep following the identity provider for name and email', async () => {
      const uid = unique('suivi');
      ok(await asClaims(uid, { locale: 'en', name: 'Avant', email: `${uid}@avant.example.fr` }));
      ok(await asClaims(uid, { locale: 'fr', name: 'Après', email: `${uid}@apres.example.fr` }));
      const user = await app.em().findOneOrFail(User, { uid });
      expect({ name: user.displayName, email: user.email, locale: user.locale }).toEqual({
        name: 'Après',
        email: `${uid}@apres.example.fr`,
        locale: 'en',
      });
    });

    it('should seed the language of a user invited by email when they first sign in', async () => {
      const uid = unique('invite');
      const email = `${uid}@univ.example.fr`;
      const em = app.em();
      em.create(User, { uid: provisionalUid(email), displayName: email, email, provisional: true });
      await em.flush();
      expect(ok(await asClaims(uid, { locale: 'en', email })).viewer.user.uid).toBe(uid);
      expect(await stored(uid)).toMatchObject({ locale: 'en' });
    });
  });

  describe('mailLanguages (what mail asks)', () => {
    it('should give each user who wants this kind of mail their language, leaving out those who turned it off', async () => {
      const em = app.em();
      const [fr, en, muted, mutedOther] = await Promise.all(['fr', 'en', 'muted', 'other'].map(() => makeUser(app.em(), unique('mail'))));
      await em.execute(`update app_user set locale = 'en' where id = ?`, [en.id]);
      await em.execute(`update app_user set muted_events = '{INVITED,COMMENTED}' where id = ?`, [muted.id]);
      await em.execute(`update app_user set muted_events = '{CLOSURE_REQUESTED}' where id = ?`, [mutedOther.id]);
      const ids = [fr.id, en.id, muted.id, mutedOther.id, 999_999];
      const answer = await mailLanguages(app.em(), ids, TicketEventType.COMMENTED);
      expect(Object.fromEntries(answer)).toEqual({ [fr.id]: 'fr', [en.id]: 'en', [mutedOther.id]: 'fr' });
      expect((await mailLanguages(app.em(), ids, TicketEventType.CLOSURE_REQUESTED)).has(mutedOther.id)).toBe(false);
      expect((await mailLanguages(app.em(), [], TicketEventType.CREATED)).size).toBe(0);
    });
  });
});
