import pg from 'pg';

type QueryFn = (...args: unknown[]) => unknown;

/** Runs `work` while recording every statement any pg client of this process sends (the test server runs in-process). */
export async function countingQueries<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const proto = pg.Client.prototype as unknown as { query: QueryFn };
  const original = proto.query;
  const statements: string[] = [];
  proto.query = function counted(this: unknown, ...args: unknown[]): unknown {
    const [first] = args;
    const text = typeof first === 'string' ? first : (first as { text?: unknown } | undefined)?.text;
    statements.push(typeof text === 'string' ? text : '?');
    return original.apply(this, args);
  };
  try {
    return { result: await work(), statements };
  } finally {
    proto.query = original;
  }
}
