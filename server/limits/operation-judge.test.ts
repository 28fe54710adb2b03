import 'reflect-metadata';
import { getOperationAST, type DocumentNode } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { CatalogueSizes } from '../catalogue/catalogue-sizes.js';
import { loadConfig } from '../config.js';
import type { AppError } from '../errors.js';
import { buildAppSchema } from '../schema.js';
import { useTestApp } from '../../test/fixture.js';
import { OperationJudge } from './operation-judge.js';

describe('OperationJudge', () => {
  const app = useTestApp();
  let judge: OperationJudge;

  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: app.databaseUrl });
    judge = new OperationJudge({ config, schema: await buildAppSchema(), catalogue: new CatalogueSizes(app.orm) });
  });

  const judged = async (query: string, variables?: Record<string, unknown>): Promise<AppError | undefined> => {
    const document = judge.check(query) as DocumentNode;
    return judge.refusal(document, getOperationAST(document)!, variables);
  };

  it('should compute the cost of a document once per distinct text (and page size asked)', async () => {
    const list = 'query List($n: Int) { tickets(first: $n) { edges { node { id history { type message actor { uid } } } } } }';
    const before = judge.costsComputed;
    for (let i = 0; i < 5; i++) expect(await judged(list, { n: 5 })).toBeUndefined();
    expect(judge.costsComputed - before).toBe(1);
    await judged(`${list} `, { n: 5 });
    expect(judge.costsComputed - before).toBe(2);
    expect(await judged(list, { n: 100 })).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(await judged(list, { n: 100 })).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(judge.costsComputed - before).toBe(3);
  });

  it('should refuse a document over the size limit before parsing it', () => {
    const refused = judge.check(`subscription { ticketUpdated(ticketId: "1") { id } } # ${'x'.repeat(70_000)}`);
    expect(refused).toEqual([expect.objectContaining({ message: 'The query document is larger than 65536 bytes' })]);
  });

  it('should refuse more mutation fields than allowed, and NUL characters, with their codes', async () => {
    const two = await judged('mutation { a: watchTicket(ticketId: "1") { id } b: watchTicket(ticketId: "2") { id } }');
    expect(two).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const nul = await judged('query($s: String!) { users(search: $s) { uid } }', { s: 'a\u0000b' });
    expect(nul).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'search' } });
  });
});
