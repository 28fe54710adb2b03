import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/fixture.js';
import { fileTicket, makeScene } from '../../test/factories.js';
import { GENERIC_PLANS_APPLICATION, GenericPlanPool, numberPlaceholders } from './generic-plans.js';

describe('placeholders, numbered as knex numbers them', () => {
  it('should number every ? in order, keep an escaped \\? as a literal and refuse identifier bindings', () => {
    expect(numberPlaceholders('select ? as a, ?::int[] as b where x = ?')).toBe('select $1 as a, $2::int[] as b where x = $3');
    expect(numberPlaceholders("select '\\?' as q, ? as a")).toBe("select '?' as q, $1 as a");
    expect(() => numberPlaceholders('select ?? from t')).toThrow(/identifier bindings/);
  });
});

describe('the generic-plan connections', () => {
  const app = useTestApp();

  it('should plan a statement once per connection (a generic plan, never a custom one), whatever its values', async () => {
    const pool = new GenericPlanPool(app.databaseUrl, { seconds: 5, max: 1, onError: () => undefined });
    try {
      const sql = 'select t.id from ticket t where t.id = any(?::int[]) or t.subject = ? order by t.id limit 5';
      for (const [ids, subject] of [
        ['{1}', 'a'],
        ['{2,3}', 'b'],
        ['{}', 'c'],
        ['{4}', 'd'],
        ['{5}', 'e'],
        ['{6}', 'f'],
        ['{7}', 'g'],
      ])
        await pool.query('generic_test', sql, [ids, subject]);
      // One connection (max 1): the same session answers about its own prepared statement.
      const [plans] = await pool.query<{ generic_plans: string; custom_plans: string; mode: string }[]>(
        'generic_test_plans',
        "select generic_plans::text, custom_plans::text, current_setting('plan_cache_mode') as mode from pg_prepared_statements where name = ?",
        ['generic_test'],
      );
      expect(plans).toEqual({ generic_plans: '7', custom_plans: '0', mode: 'force_generic_plan' });
    } finally {
      await pool.end();
    }
  });

  it('should refuse an undefined value, as knex does, rather than send NULL', async () => {
    const pool = new GenericPlanPool(app.databaseUrl, { seconds: 5, max: 1, onError: () => undefined });
    try {
      await expect(pool.query('undefined_test', 'select ? as a', [undefined])).rejects.toThrow(/Undefined binding/);
    } finally {
      await pool.end();
    }
  });

  it("should serve the app's plain list pages and views, while a search keeps PostgreSQL's own choice on the ORM's connections", async () => {
    const scene = await makeScene(app);
    const owner = scene.owner.uid;
    const id = await fileTicket(app, owner, scene.category.id, { subject: 'Imprimante du couloir' });
    const sent = async (work: () => Promise<unknown>): Promise<{ generic: boolean; text: string }[]> => {
      const seen: { generic: boolean; text: string }[] = [];
      const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
      const original = proto.query;
      proto.query = function recorded(this: pg.Client & { connectionParameters: { application_name?: string } }, ...args: unknown[]) {
        const text = (args[0] as { text?: string } | string | undefined) ?? '';
        seen.push({
          generic: this.connectionParameters.application_name === GENERIC_PLANS_APPLICATION,
          text: typeof text === 'string' ? text : (text.text ?? ''),
        });
        return original.apply(this, args);
      };
      try {
        await work();
      } finally {
        proto.query = original;
      }
      return seen;
    };
    const list = await sent(async () => {
      const answer = await app.gql<{ tickets: { edges: { node: { id: string } }[] } }>(
        owner,
        '{ tickets(first: 25) { edges { node { id subject } } } }',
      );
      expect(answer.data?.tickets.edges.map((e) => e.node.id)).toEqual([id]);
    });
    // The page, with its LIMIT written in the text (a generic plan must see it).
    expect(list.filter((s) => s.generic && /limit 26\) page/.test(s.text))).toHaveLength(1);
    const view = await sent(async () => {
      const answer = await app.gql<{ ticket: { subject: string } }>(owner, 'query($id: ID!) { ticket(id: $id) { subject } }', { id });
      expect(answer.data?.ticket.subject).toBe('Imprimante du couloir');
    });
    expect(view.filter((s) => s.generic && /t\.id = \$\d/.test(s.text))).toHaveLength(1);
    const search = await sent(async () => {
      const answer = await app.gql<{ tickets: { edges: { node: { id: string } }[] } }>(
        owner,
        '{ tickets(first: 25, filter: { search: "imprimante" }) { edges { node { id } } } }',
      );
      expect(answer.data?.tickets.edges.map((e) => e.node.id)).toEqual([id]);
    });
    const words = search.filter((s) => /tsquery|search/i.test(s.text));
    expect(words.length).toBeGreaterThan(0);
    expect(words.filter((s) => s.generic)).toEqual([]);
  });
});
