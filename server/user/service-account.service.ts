import type { EntityManager } from '@mikro-orm/postgresql';
import { newServiceKey, serviceUid } from '../auth/service-key.js';
import type { Viewer } from '../auth/viewer.js';
import { BadInputError, NotFoundError } from '../errors.js';
import type { TicketHooks } from '../hooks/ticket-hooks.js';
import { Department } from '../model/department.entity.js';
import { ServiceAccount } from '../model/service-account.entity.js';
import type { ServiceScope } from '../model/service-account.enums.js';
import { parseId } from '../shared/ids.js';
import { requireLine } from '../shared/rich-text.js';

/** Longest account name (the column's width). */
const NAME_LENGTH = 100;

/** What createServiceAccount takes, checked here. */
export interface ServiceAccountRequest {
  name: string;
  scopes: readonly ServiceScope[];
  departmentIds: readonly string[];
  expiresAt?: Date | null;
}

/** Every account, newest first (revoked ones too: admins see what was revoked and when). */
/** The list's bound (the query cost counts on it): the newest this many accounts. */
export const MOST_SERVICE_ACCOUNTS = 500;

export function listServiceAccounts(em: EntityManager): Promise<ServiceAccount[]> {
  return em.find(ServiceAccount, {}, { orderBy: { id: 'desc' }, limit: MOST_SERVICE_ACCOUNTS });
}

/**
 * Creates an account and its own user (uid `service:<id>`, named after it) in one transaction, and
 * answers the key once: only its hash is stored.
 */
export async function createServiceAccount(
  em: EntityManager,
  creator: Viewer,
  request: ServiceAccountRequest,
): Promise<{ account: ServiceAccount; key: string }> {
  const name = requireLine('name', request.name, NAME_LENGTH);
  const scopes = [...new Set(request.scopes)];
  if (scopes.length === 0) throw new BadInputError('Give at least one scope', 'scopes');
  const departmentIds = [...new Set(request.departmentIds.map((id) => parseId('Department', id)))];
  if (departmentIds.length === 0) throw new BadInputError('Give at least one department', 'departmentIds');
  const found = await em.count(Department, { id: { $in: departmentIds } });
  if (found !== departmentIds.length) throw new NotFoundError('Department');
  const expiresAt = request.expiresAt ?? null;
  if (expiresAt && expiresAt.getTime() <= Date.now()) throw new BadInputError('expiresAt must be in the future', 'expiresAt');
  const { key, hash } = newServiceKey();
  const account = await em.transactional(async (tx) => {
    const [{ id }] = await tx.execute<{ id: number }[]>(`select nextval('service_account_id_seq')::int as id`);
    const [{ id: userId }] = await tx.execute<{ id: number }[]>(
      `insert into app_user (uid, display_name, locale, created_at, muted_events) values (?, ?, 'fr', now(), '{}') returning id`,
      [serviceUid(id), name],
    );
    await tx.execute(
      `insert into service_account (id, name, key_hash, scopes, department_ids, user_id, created_by_id, created_at, expires_at)
       values (?, ?, ?, ?::text[], ?::int[], ?, ?, now(), ?)`,
      [id, name, hash, `{${scopes.join(',')}}`, `{${departmentIds.join(',')}}`, userId, creator.userId, expiresAt],
    );
    return tx.findOneOrFail(ServiceAccount, id);
  });
  return { account, key };
}

/**
 * Revokes an account: its next request is refused (keys are read at every request), and its open
 * subscriptions close on every instance (the hooks' revocation crosses the live bus). Revoking twice
 * keeps the first date.
 */
export async function revokeServiceAccount(em: EntityManager, hooks: TicketHooks, id: string): Promise<ServiceAccount> {
  const accountId = parseId('ServiceAccount', id);
  await em.execute('update service_account set revoked_at = now() where id = ? and revoked_at is null', [accountId]);
  const account = await em.findOne(ServiceAccount, accountId, { refresh: true });
  if (!account) throw new NotFoundError('ServiceAccount');
  await hooks.revoked(serviceUid(account.id));
  return account;
}
