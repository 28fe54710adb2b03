import { perRequest, type RequestContext } from '../auth/context.js';
import { KnownLoader } from '../shared/known-loader.js';
import type { UserRecord } from '../model/user.entity.js';

/** A person as one JSON value of SQL over the `app_user` alias given, in the shape of UserRecord. */
export function userJsonSql(alias: string): string {
  return `json_build_object('id', ${alias}.id, 'uid', ${alias}.uid, 'displayName', ${alias}.display_name, 'email', ${alias}.email, 'locale', ${alias}.locale)`;
}

/** The request's people by id: rows a list joined, else one statement for all the misses of a tick. */
export function userRows(ctx: RequestContext): KnownLoader<number, UserRecord> {
  return perRequest(ctx, createUserRows);
}

function createUserRows({ em }: RequestContext): KnownLoader<number, UserRecord> {
  return new KnownLoader(async (ids) => {
    const rows = await em.execute<{ u: UserRecord }[]>(`select ${userJsonSql('u')} as u from app_user u where u.id = any(?::int[])`, [
      `{${ids.join(',')}}`,
    ]);
    const byId = new Map(rows.map((r) => [r.u.id, r.u]));
    return ids.map((id) => byId.get(id) ?? new Error(`user ${id} is missing`));
  });
}
