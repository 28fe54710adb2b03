import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UnauthenticatedError } from '../errors.js';
import { MemberRole } from '../model/catalogue.enums.js';
import type { ServiceScope } from '../model/service-account.enums.js';
import { User } from '../model/user.entity.js';
import type { Viewer } from './viewer.js';

/**
 * Service-account keys: `hdsk_` and 43 base64url characters (256 random bits). The prefix tells a key
 * from a JWT before anything is parsed, and makes a leaked key recognisable to secret scanners.
 */
export const SERVICE_KEY_PREFIX = 'hdsk_';
const KEY_PATTERN = /^hdsk_[A-Za-z0-9_-]{43}$/;
/** One answer for every refused key: nobody learns whether a key existed, was revoked or expired. */
const REFUSED = 'The service key is invalid, revoked or expired';
/** last_used_at is written at most this often per account (it is for people, not an audit log). */
const LAST_USED_EVERY_MS = 60_000;

/** Whether a bearer credential is a service key (by its shape only). */
export function isServiceKey(token: string): boolean {
  return token.startsWith(SERVICE_KEY_PREFIX);
}

/** A new key and the hash stored for it; the key is shown once and never stored. */
export function newServiceKey(): { key: string; hash: string } {
  const key = SERVICE_KEY_PREFIX + randomBytes(32).toString('base64url');
  return { key, hash: hashServiceKey(key) };
}

/** SHA-256, hex: a 256-bit random key needs no slow hash (nothing to guess from a dictionary). */
export function hashServiceKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The user a service account acts through: uid `service:<id>`, never a person's uid (they have no colon). */
export function serviceUid(accountId: number): string {
  return `service:${accountId}`;
}

interface AccountRow {
  account_id: number;
  account_name: string;
  key_hash: string;
  scopes: ServiceScope[];
  department_ids: number[];
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
  user: Record<string, unknown>;
}

/**
 * The viewer of a service key, read at every request (one statement, no cache) so a revocation or an
 * expiry takes effect at once. Its departments become memberships, so the read rules' atoms (staff
 * of the department) judge it as they judge that department's staff; its scopes bound the rest
 * (policies/service-account.policy.ts).
 */
export async function serviceViewer(em: EntityManager, key: string): Promise<Viewer> {
  if (!KEY_PATTERN.test(key)) throw new UnauthenticatedError(REFUSED);
  const hash = hashServiceKey(key);
  const rows = await em.execute<AccountRow[]>(
    `select a.id as account_id, a.name as account_name, a.key_hash, a.scopes, a.department_ids, a.expires_at, a.revoked_at,
       a.last_used_at, to_jsonb(u) as "user"
     from service_account a join app_user u on u.id = a.user_id where a.key_hash = ?`,
    [hash],
  );
  const row = rows.at(0);
  // The index finds the row by the hash; the comparison itself takes the same time wherever they differ.
  if (!row || !timingSafeEqual(Buffer.from(row.key_hash, 'hex'), Buffer.from(hash, 'hex'))) throw new UnauthenticatedError(REFUSED);
  const now = Date.now();
  if (row.revoked_at || (row.expires_at && new Date(row.expires_at).getTime() <= now)) throw new UnauthenticatedError(REFUSED);
  if (!row.last_used_at || now - new Date(row.last_used_at).getTime() > LAST_USED_EVERY_MS) {
    await em.execute('update service_account set last_used_at = now() where id = ?', [row.account_id]);
  }
  const user = em.map(User, row.user);
  return {
    user,
    userId: user.id,
    isAdmin: false,
    memberships: new Map(row.department_ids.map((id) => [id, MemberRole.MANAGER])),
    // What closes its sockets at once when revoked (live/), and when the key expires.
    credential: serviceUid(row.account_id),
    ...(row.expires_at ? { expiresAt: new Date(row.expires_at) } : {}),
    service: {
      id: row.account_id,
      name: row.account_name,
      scopes: new Set(row.scopes),
      expiresAt: row.expires_at ? new Date(row.expires_at) : null,
    },
  };
}
