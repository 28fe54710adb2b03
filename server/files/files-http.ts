import type { MikroORM } from '@mikro-orm/postgresql';
import type { RequestHandler, Router } from 'express';
import type { Logger } from 'pino';
import type { FileLinks } from './file-links.js';
import type { TokenVerifier } from '../auth/tokens.js';
import type { Config } from '../config.js';
import type { TicketHooks } from '../hooks/ticket-hooks.js';
import { downloadRouter } from './download.js';
import type { FileStore } from './store.js';
import { uploadIntake } from './uploads.js';

/** The running file parts main.ts builds: the store and the link signer. */
export interface FileParts {
  store: FileStore;
  links: FileLinks;
}

/** What the HTTP side of files needs from the application (a subset of http/app.ts's parts). */
export interface FilesHttpParts {
  config: Config;
  logger: Logger;
  orm: MikroORM;
  verifier: TokenVerifier;
  hooks: TicketHooks;
  files: FileParts;
}

/** The two HTTP pieces of files: the upload intake for /graphql and the download router for /files. */
export function filesHttp(parts: FilesHttpParts): { uploads: RequestHandler; downloads: Router } {
  const { config, logger, orm, verifier, hooks, files } = parts;
  return {
    uploads: uploadIntake({ orm, store: files.store, verifier, files: config.files, bodyBytes: config.limits.bodyBytes, logger }),
    downloads: downloadRouter({
      context: { orm, verifier, hooks, adminUids: config.adminUids },
      store: files.store,
      links: files.links,
      logger,
    }),
  };
}
