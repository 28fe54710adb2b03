import 'reflect-metadata';
import { devSession } from '../context.js';
import { openCluster } from '../database.js';
import { ensureBenchData } from '../data/generate.js';
import { ROOT, startHelpdesk } from '../processes.js';
import { hammer } from '../http-load.js';

const log = (m: string) => process.stderr.write(m + '\n');
const QUERIES: Record<string, string> = {
  typename: '{ __typename }',
  me: '{ me { id } }',
  ids: '{ tickets(first: 25) { edges { node { id } } } }',
  cols: '{ tickets(first: 25) { edges { node { id number subject status priority lastActivityAt } } } }',
  owner: '{ tickets(first: 25) { edges { node { id number subject status priority lastActivityAt owner { displayName } } } } }',
  full: `{ tickets(first: 25) { edges { node { id number subject status priority lastActivityAt
  owner { displayName } category { path } manager { displayName } } } } }`,
};
async function main() {
  const cluster = await openCluster(ROOT, log);
  const data = await ensureBenchData(cluster.adminUrl, { tickets: Number(process.env.T ?? 2000), seed: 1, log });
  const app = await startHelpdesk(data.url, (process.env.NODEARGS ?? '').split(' ').filter(Boolean));
  try {
    const s = devSession(app.url);
    const uid = data.people.manager;
    const token = await s.token(uid);
    const conns = Number(process.env.C ?? 1);
    const which = (process.env.Q ?? Object.keys(QUERIES).join(',')).split(',');
    for (const round of [1, 2]) for (const name of which) {
      const query = QUERIES[name];
      await s.gql(uid, query);
      const cpu0 = app.cpuMs();
      const r = await hammer({ url: `${app.url}/graphql`, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) }, conns, Number(process.env.S ?? 4), 1);
      const cpu = (app.cpuMs() - cpu0) / r.requests;
      log(`${round} ${name.padEnd(10)} ${r.perSecond.toFixed(0).padStart(6)} req/s  p50 ${r.p50_ms} p99 ${r.p99_ms}  cpu/req ${cpu.toFixed(3)} ms  errors ${r.errors}`);
    }
  } finally { await app.stop(); await cluster.stop(); }
}
main().catch((e) => { console.error(e); process.exit(1); });
