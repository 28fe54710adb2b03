import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureDatabase } from '../../server/db/database.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../server/db/embedded-postgres.js';
import { ROOT } from '../processes.js';

/** A PostgreSQL cluster of the test's own that it may stop (SIGSTOP) and resume — never the machine's shared one. */
export interface FreezableCluster {
  /** A URL to the cluster's `helpdesk` database. */
  url: string;
  /** Stops every process of the cluster (SIGSTOP): sockets stay open, nothing answers. */
  freeze(): Promise<void>;
  /** Resumes them (SIGCONT), the children first, as they were stopped after the postmaster. */
  thaw(): void;
  /** Resumes if need be, stops the cluster and removes its data. */
  remove(): Promise<void>;
}

/** Starts an embedded cluster in a data folder of its own, with an empty `helpdesk` database. */
export async function startFreezableCluster(): Promise<FreezableCluster> {
  const dataDir = join(ROOT, '.data', `fault-frozen-${randomBytes(4).toString('hex')}`);
  const postgres: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir });
  await ensureDatabase(postgres.url, 'helpdesk');
  const url = new URL(postgres.url);
  url.pathname = '/helpdesk';
  let stopped: number[] = [];
  const thaw = (): void => {
    for (const pid of stopped.reverse()) process.kill(pid, 'SIGCONT');
    stopped = [];
  };
  return {
    url: url.toString(),
    async freeze() {
      // The postmaster first, so it forks no new backend while its children are being stopped.
      const postmaster = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
      process.kill(postmaster, 'SIGSTOP');
      stopped = [postmaster, ...(await childrenOf(postmaster))];
      for (const pid of stopped.slice(1)) process.kill(pid, 'SIGSTOP');
    },
    thaw,
    async remove() {
      thaw();
      await postgres.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The processes whose parent is `pid` (Linux /proc). */
async function childrenOf(pid: number): Promise<number[]> {
  const children: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Fields after the command name (which may hold spaces), closed by ") ": state, then the parent's pid.
    const parent = Number(stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[1]);
    if (parent === pid) children.push(Number(entry));
  }
  return children;
}
