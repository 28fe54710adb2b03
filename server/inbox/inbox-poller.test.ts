import { ImapFlow } from 'imapflow';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { composeMail, useMailIn } from '../../test/dovecot.js';
import { startAnotherInstance as anotherInstance } from '../../test/harness.js';
import { FILED_KEYWORD } from './mailbox-reader.js';

describe('mail in across restarts and instances (dovecot)', () => {
  const { imap, app, s } = useMailIn();

  async function subjects(): Promise<string[]> {
    const rows = await app.em().execute<{ subject: string }[]>("select subject from ticket where origin = 'EMAIL' order by id");
    return rows.map((r) => r.subject);
  }

  it('should file nothing twice when the server stopped between the commit and the IMAP flag', async () => {
    await imap.deliver(
      'dnum',
      await composeMail({ from: s.owner.email!, to: 'dnum@univ.example.fr', subject: 'Avant le redémarrage', text: 'Un' }),
    );
    expect((await app.inbox.readAll()).map((f) => f.outcome)).toEqual(['ticket']);
    // The crash: the ticket committed, the flag never reached the IMAP server.
    const client = new ImapFlow({
      host: imap.host,
      port: imap.port,
      secure: false,
      auth: { user: 'dnum', pass: 'secret-dnum' },
      logger: false,
    });
    await client.connect();
    await client.mailboxOpen('INBOX');
    await client.messageFlagsRemove('1:*', ['\\Seen', FILED_KEYWORD]);
    await client.logout();
    const restarted = await anotherInstance(app);
    try {
      expect((await restarted.inbox.readAll()).map((f) => f.outcome)).toEqual(['already']);
      expect(await restarted.inbox.readAll()).toEqual([]);
    } finally {
      await restarted.stop();
    }
    expect(await subjects()).toEqual(['Avant le redémarrage']);
  });

  it('should let one instance at a time read a mailbox: two reading at once file each mail once', async () => {
    for (let i = 1; i <= 4; i++)
      await imap.deliver(
        'dnum',
        await composeMail({ from: s.owner.email!, to: 'dnum@univ.example.fr', subject: `Ensemble ${i}`, text: `n°${i}` }),
      );
    const other = await anotherInstance(app);
    try {
      const [a, b] = await Promise.all([app.inbox.readAll(), other.inbox.readAll()]);
      expect([...a, ...b].filter((f) => f.outcome === 'ticket')).toHaveLength(4);
    } finally {
      await other.stop();
    }
    expect((await subjects()).filter((t) => t.startsWith('Ensemble')).sort()).toEqual([
      'Ensemble 1',
      'Ensemble 2',
      'Ensemble 3',
      'Ensemble 4',
    ]);
  });

  it('should file new mail at once while waiting in IMAP IDLE, long before the next pass', async () => {
    // Polls every 60 s: its first pass reads at start, then waits in IDLE.
    const reader = await anotherInstance(app, { MAIL_POLL_SECONDS: '60' });
    try {
      await sleep(1500);
      await imap.deliver(
        'dnum',
        await composeMail({ from: s.owner.email!, to: 'dnum@univ.example.fr', subject: 'Pendant IDLE', text: 'Vite' }),
      );
      let filed = false;
      for (let i = 0; i < 100 && !filed; i++) {
        filed = (await subjects()).includes('Pendant IDLE');
        if (!filed) await sleep(100);
      }
      expect(filed).toBe(true);
    } finally {
      await reader.stop();
    }
  });
});
