import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { backup, NotEmptyError, restore } from './backup.js';

/**
 * `npm run backup -- [folder]` and `npm run restore -- <folder> [--force]` (docs/operations.md,
 * "Backups"): the database of DATABASE_URL (else the embedded one, started for the occasion) and the
 * directory store of FILES_DIR; with S3_BUCKET the files are the bucket's versioning's business.
 */
async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const force = rest.includes('--force');
  const folder = rest.find((a) => !a.startsWith('--'));
  const config = loadConfig();
  const db = await openDatabase(config, () => {});
  const filesDir = config.files.s3 ? null : config.files.dir;
  try {
    if (command === 'backup') {
      const into = path.resolve(folder ?? path.join('backups', `helpdesk-${new Date().toISOString().replace(/[:.]/g, '-')}`));
      const manifest = await backup(db.url, filesDir, into, config.pgBin);
      console.log(
        `backup written to ${into}: database (pg_dump ${manifest.pgDump}, server ${manifest.server}, last migration ${manifest.lastMigration ?? 'none'})` +
          (manifest.files ? `, ${manifest.files.length} files` : ', files left to the S3 bucket’s versioning'),
      );
    } else if (command === 'restore' && folder) {
      const manifest = await restore(path.resolve(folder), db.url, filesDir, force, config.pgBin);
      console.log(
        `restored ${folder}: database of ${manifest.createdAt}` + (manifest.files ? `, ${manifest.files.length} files checked` : ''),
      );
    } else {
      throw new Error('usage: backup-cli backup [folder] | backup-cli restore <folder> [--force]');
    }
  } finally {
    await db.embedded?.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    // Ours (ConfigError, NotEmptyError) and pg_dump's say what to do in their message; nothing else is shown.
    console.error(error instanceof ConfigError || error instanceof NotEmptyError || error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
