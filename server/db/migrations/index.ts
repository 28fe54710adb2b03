import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128000000Initial } from './Migration20261128000000Initial.js';
import { Migration20261128000100Search } from './Migration20261128000100Search.js';
import { Migration20261129100000History } from './Migration20261129100000History.js';
import { Migration20261130000000SearchDocument } from './Migration20261130000000SearchDocument.js';
import { Migration20261201000000Preferences } from './Migration20261201000000Preferences.js';
import { Migration20261202000000Files } from './Migration20261202000000Files.js';
import { Migration20261203000000ClientRequestId } from './Migration20261203000000ClientRequestId.js';
import { Migration20261207100000Sessions } from './Migration20261207100000Sessions.js';
import { Migration20261207110000ServiceAccounts } from './Migration20261207110000ServiceAccounts.js';
import { Migration20261207120000JobQueue } from './Migration20261207120000JobQueue.js';
import { Migration20261207120001Mail } from './Migration20261207120001Mail.js';
import { Migration20261207130000Mailboxes } from './Migration20261207130000Mailboxes.js';
import { Migration20261207160000SearchEntries } from './Migration20261207160000SearchEntries.js';
import { Migration20261207160001SearchConfigQualified } from './Migration20261207160001SearchConfigQualified.js';
import { Migration20261207170000Privacy } from './Migration20261207170000Privacy.js';
import { Migration20261207180000Desk } from './Migration20261207180000Desk.js';
import { Migration20261207180001CannedAnswers } from './Migration20261207180001CannedAnswers.js';
import { Migration20261207180002Digest } from './Migration20261207180002Digest.js';
import { Migration20261207190000Statistics } from './Migration20261207190000Statistics.js';
import { Migration20261207200000MailFailureTicket } from './Migration20261207200000MailFailureTicket.js';

/** Every migration, listed explicitly so the built app and the tests run the same ones in order. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261128000000Initial', class: Migration20261128000000Initial },
  { name: 'Migration20261128000100Search', class: Migration20261128000100Search },
  { name: 'Migration20261129100000History', class: Migration20261129100000History },
  { name: 'Migration20261130000000SearchDocument', class: Migration20261130000000SearchDocument },
  { name: 'Migration20261201000000Preferences', class: Migration20261201000000Preferences },
  { name: 'Migration20261202000000Files', class: Migration20261202000000Files },
  { name: 'Migration20261203000000ClientRequestId', class: Migration20261203000000ClientRequestId },
  { name: 'Migration20261207100000Sessions', class: Migration20261207100000Sessions },
  { name: 'Migration20261207110000ServiceAccounts', class: Migration20261207110000ServiceAccounts },
  { name: 'Migration20261207120000JobQueue', class: Migration20261207120000JobQueue },
  { name: 'Migration20261207120001Mail', class: Migration20261207120001Mail },
  { name: 'Migration20261207130000Mailboxes', class: Migration20261207130000Mailboxes },
  { name: 'Migration20261207160000SearchEntries', class: Migration20261207160000SearchEntries },
  { name: 'Migration20261207160001SearchConfigQualified', class: Migration20261207160001SearchConfigQualified },
  { name: 'Migration20261207170000Privacy', class: Migration20261207170000Privacy },
  { name: 'Migration20261207180000Desk', class: Migration20261207180000Desk },
  { name: 'Migration20261207180001CannedAnswers', class: Migration20261207180001CannedAnswers },
  { name: 'Migration20261207180002Digest', class: Migration20261207180002Digest },
  { name: 'Migration20261207190000Statistics', class: Migration20261207190000Statistics },
  { name: 'Migration20261207200000MailFailureTicket', class: Migration20261207200000MailFailureTicket },
];
