import { setTimeout as sleep } from 'node:timers/promises';

/** Asks `find` every 100 ms until it gives something (a mail, a row), and gives that; fails after `ms`. */
export async function until<T>(find: () => T | undefined | false | Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const found = await find();
    if (found) return found;
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(100);
  }
}
