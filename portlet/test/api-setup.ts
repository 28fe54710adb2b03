import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../server/config.js';
import { ensureDatabase } from '../../server/db/database.js';
import { startApp } from '../../server/main.js';
import dbSetup, { dropDatabase } from '../../test/global-setup.js';

/**
 * The real helpdesk for the component tests: the migrated template (test/global-setup.ts), one clone
 * with the demo catalogue and users, the whole server on the port the browser project proxies to
 * (`/graphql`, WebSocket included, and `/auth/dev/token`).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dropTemplate = await dbSetup(project);
  const { dbAdminUrl: admin, templateDb } = project.getProvidedContext();
  const name = `t_portlet_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(admin, name, templateDb);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const app = await startApp(
    loadConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: process.env.HELPDESK_BROWSER_API_PORT!,
      LOG_LEVEL: 'silent',
      SEED_DEMO: 'true',
      TIMER_INTERVAL_SECONDS: '0',
      RATE_LIMIT_PER_MINUTE: '0',
      DATABASE_URL: url.toString(),
    }),
  );
  return async () => {
    await app.stop();
    await dropDatabase(admin, name);
    await dropTemplate();
  };
}
