import { describe, expect, it } from 'vitest';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok } from '../../test/harness.js';

/** The daily digest's settings of a membership: updateMyMembership(digestHours, digestWeekends). */
describe('digest settings', () => {
  const app = useTestApp();
  const s = useScene(app);
  const UPDATE = `mutation($d: ID!, $h: [Int!], $w: Boolean) {
    updateMyMembership(departmentId: $d, digestHours: $h, digestWeekends: $w) { digestHours digestWeekends available } }`;
  const stored = async (): Promise<{ digest_hours: number[]; digest_weekends: boolean }> =>
    (
      await app
        .em()
        .execute<{ digest_hours: number[]; digest_weekends: boolean }[]>(
          'select digest_hours, digest_weekends from department_member where user_id = ? and department_id = ?',
          [s.manager.id, s.department.id],
        )
    )[0];

  it('should start with no digest, and keep the hours sorted and once each', async () => {
    expect(await stored()).toEqual({ digest_hours: [], digest_weekends: false });
    const r = ok(
      await app.gql<{ updateMyMembership: unknown }>(s.manager.uid, UPDATE, { d: String(s.department.id), h: [17, 8, 8], w: true }),
    );
    expect(r.updateMyMembership).toEqual({ digestHours: [8, 17], digestWeekends: true, available: true });
    // Left out, each keeps its value.
    ok(await app.gql(s.manager.uid, UPDATE, { d: String(s.department.id), w: false }));
    expect(await stored()).toEqual({ digest_hours: [8, 17], digest_weekends: false });
  });

  it.each([[[24]], [[-1]], [[7, 30]]])('should refuse the hours %j (BAD_USER_INPUT) and write nothing', async (hours) => {
    const before = await stored();
    const result = await app.gql(s.manager.uid, UPDATE, { d: String(s.department.id), h: hours, w: !before.digest_weekends });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'digestHours' });
    expect(await stored()).toEqual(before);
  });
});
