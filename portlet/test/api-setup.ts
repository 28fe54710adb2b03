import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { TestProject } from 'vitest/node';
import { ensureDatabase } from '../../server/db/database.js';
import dbSetup, { dropDatabase } from '../../test/global-setup.js';
import { startPortal } from '../../test/portal.js';

/** The ENT portal stand-in's signature key (base64, as uPortal reads it). */
const PORTAL_KEY = Buffer.from('the-browser-tests-portal-key-0123456789').toString('base64');

async function ready(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the test server stopped (${child.exitCode}):\n${output()}`);
    const up = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the test server did not start in time:\n${output()}`);
}

/**
 * The real helpdesk for the component tests: a clone of the migrated template (test/global-setup.ts)
 * with the demo catalogue and users, served by `server/main.ts` in its own Node process, exactly as
 * `npm run dev` runs it, on the port the browser project proxies `/graphql` and `/auth` to.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const releaseDatabase = await dbSetup(project);
  const { dbAdminUrl: admin, templateDb } = project.getProvidedContext();
  const name = `t_portlet_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(admin, name, templateDb);
  const database = new URL(admin);
  database.pathname = `/${name}`;
  const port = process.env.HELPDESK_BROWSER_API_PORT!;
  const portal = await startPortal({ key: PORTAL_KEY, port: Number(process.env.HELPDESK_BROWSER_PORTAL_PORT) });
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'server/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: port,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: database.toString(),
      SEED_DEMO: 'true',
      LOG_LEVEL: 'warn',
      TIMER_INTERVAL_SECONDS: '0',
      RATE_LIMIT_PER_MINUTE: '0',
      // The demo users file and comment for every component test.
      FILING_LIMIT_PER_HOUR: '0',
      FILING_LIMIT_PER_DAY: '0',
      STAFF_FILING_LIMIT_PER_HOUR: '0',
      STAFF_FILING_LIMIT_PER_DAY: '0',
      COMMENT_LIMIT_PER_MINUTE: '0',
      PORTAL_JWT_KEY: PORTAL_KEY,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    await ready(`http://127.0.0.1:${port}`, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    await portal.stop();
    throw error;
  }
  return async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    await portal.stop();
    await dropDatabase(admin, name);
    await releaseDatabase();
  };
}
