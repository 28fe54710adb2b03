import { access } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fileTicket } from './factories.js';
import { useScene, useTestApp } from './fixture.js';
import { ok } from './harness.js';

describe('test harness', () => {
  const app = useTestApp();
  const scene = useScene(app);

  it('should file a ticket and read it back by its number', async () => {
    const id = await fileTicket(app, scene.owner.uid, scene.category.id);
    const data = ok(
      await app.gql<{ ticket: { number: number; status: string; owner: { uid: string } } }>(
        scene.owner.uid,
        'query($id: ID!) { ticket(id: $id) { number status owner { uid } } }',
        { id },
      ),
    );
    expect(data.ticket).toEqual({ number: Number(id), status: 'FREE', owner: { uid: scene.owner.uid } });
  });
});

describe('test fixture (useTestApp, useScene)', () => {
  /** What the inner describe saw, checked once it has ended. */
  const seen: {
    url?: string;
    database?: string;
    filesDir?: string;
    earlyRead?: unknown;
    ownHookFound?: string;
    statusAtOwnAfterAll?: number;
  } = {};

  describe('a describe with its own app and scene', () => {
    const app = useTestApp();
    const scene = useScene(app, { confidential: true });
    try {
      seen.earlyRead = app.url;
    } catch (error) {
      seen.earlyRead = error;
    }
    beforeAll(async () => {
      // A hook registered after the fixture runs once the app and the scene exist.
      const [row] = await app
        .em()
        .execute<{ code: string }[]>('select code from department where id = ? and confidential', [scene.department.id]);
      seen.ownHookFound = row.code;
    });
    afterAll(async () => {
      // And its afterAll runs before the app stops (files close their clients there).
      seen.statusAtOwnAfterAll = (await fetch(`${app.url}/healthz`)).status;
    });

    it('should serve its tests on a database and a files folder of its own', async () => {
      seen.url = app.url;
      seen.database = new URL(app.databaseUrl).pathname.slice(1);
      seen.filesDir = app.filesDir;
      await access(app.filesDir);
      expect(app.filesDir).not.toMatch(/\.data/);
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
      expect(seen.database).not.toBe(inject('templateDb'));
    });
  });

  it('should refuse a read of the app before its beforeAll, saying where to use it', () => {
    expect(seen.earlyRead).toBeInstanceOf(Error);
    expect(String(seen.earlyRead)).toMatch(/The test app exists only between its beforeAll and afterAll/);
  });

  it('should run the describe’s own hooks with the app and its scene there, before the stop', () => {
    expect(seen.ownHookFound).toMatch(/^D/);
    expect(seen.statusAtOwnAfterAll).toBe(200);
  });

  it('should stop the app, drop its database and remove its files folder once its describe has ended', async () => {
    await expect(fetch(`${seen.url!}/healthz`)).rejects.toThrow();
    await expect(access(seen.filesDir!)).rejects.toThrow();
    const admin = new pg.Client({ connectionString: inject('dbAdminUrl') });
    await admin.connect();
    try {
      const found = await admin.query('select 1 from pg_database where datname = $1', [seen.database]);
      expect(found.rowCount).toBe(0);
    } finally {
      await admin.end();
    }
  });
});
