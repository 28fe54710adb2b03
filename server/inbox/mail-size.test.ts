import { describe, expect, it } from 'vitest';
import { composeMail, useMailIn } from '../../test/dovecot.js';
import { PDF } from '../../test/file-samples.js';

const MIB = 1024 * 1024;

describe('mail in: sizes (dovecot)', () => {
  // Files of 10 MiB at most (the default), mails of 30 MiB at most.
  const { imap, app, s } = useMailIn({ MAIL_MAX_BYTES: String(30 * MIB) });

  async function deliverPdf(subject: string, text: string, filename: string, padding: number): Promise<void> {
    const content = Buffer.concat([PDF, Buffer.alloc(padding, 0x20)]);
    const raw = await composeMail({
      from: s.owner.email!,
      to: 'dnum@univ.example.fr',
      subject,
      text,
      attachments: [{ filename, content }],
    });
    await imap.deliver('dnum', raw);
  }

  it('should file a mail with a 20 MiB attachment without the file, naming it in the entry', async () => {
    await deliverPdf('Gros fichier', 'Voici le journal.', 'journal.pdf', 20 * MIB);
    const [filed] = await app.inbox.readAll();
    expect(filed.outcome).toBe('ticket');
    const [entry] = await app
      .em()
      .execute<{ message: string; files: number }[]>(
        "select e.message, (select count(*)::int from attachment a where a.ticket_id = e.ticket_id) as files from ticket_event e where e.ticket_id = ? and e.type = 'CREATED'",
        [filed.ticketId],
      );
    expect(entry.files).toBe(0);
    expect(entry.message).toContain('Voici le journal.');
    expect(entry.message).toContain('journal.pdf : A file may weigh 10 MiB at most');
    // Nothing of the refused file is left in the store's pending keys.
    const [{ n }] = await app.em().execute<{ n: number }[]>('select count(*)::int as n from pending_file');
    expect(n).toBe(0);
  });

  it('should not read a mail over MAIL_MAX_BYTES: remembered once as too large, no ticket', async () => {
    await deliverPdf('Trop gros', 'Trop', 'trop.pdf', 24 * MIB);
    const filed = await app.inbox.readAll();
    expect(filed.map((f) => f.outcome)).toEqual(['too-large']);
    const [{ n }] = await app.em().execute<{ n: number }[]>("select count(*)::int as n from ticket where subject = 'Trop gros'");
    expect(n).toBe(0);
    const [row] = await app
      .em()
      .execute<{ sender: string; outcome: string }[]>("select sender, outcome from inbox_message where outcome = 'too-large'");
    expect(row).toEqual({ sender: s.owner.email, outcome: 'too-large' });
    expect(await app.inbox.readAll()).toEqual([]);
  });
});
