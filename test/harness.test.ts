import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileTicket, makeScene, type Scene } from './factories.js';
import { ok, startTestApp, type TestApp } from './harness.js';

describe('test harness', () => {
  let app: TestApp;
  let scene: Scene;
  beforeAll(async () => {
    app = await startTestApp();
    scene = await makeScene(app);
  });
  afterAll(() => app.stop());

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
