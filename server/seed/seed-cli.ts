import 'reflect-metadata';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrate, openOrm } from '../db/orm.js';
import { seedDemo } from './seed.js';

/** `npm run seed`: migrates, then loads the demo data when the database is empty. */
const config = loadConfig();
const db = await openDatabase(config, () => {});
const orm = await openOrm(db.url);
try {
  await migrate(orm);
  console.log((await seedDemo(orm.em.fork())) ? 'Demo data loaded.' : 'The database already has data; nothing loaded.');
} finally {
  await orm.close();
  await db.embedded?.stop();
}
