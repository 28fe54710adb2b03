import type { EntityManager } from '@mikro-orm/postgresql';
import { BadInputError } from '../errors.js';
import { languageOf, requireLanguage, type Language } from '../shared/languages.js';
import { TicketEventType } from '../model/ticket.enums.js';
import { User } from '../model/user.entity.js';

const EVENT_TYPES: readonly string[] = Object.values(TicketEventType);

/** A user's choices as the API shows them (docs/api.md, "Preferences"). */
export interface UserPreferences {
  language: Language;
  /** The event types the user wants mailed: every type not turned off. */
  notifications: TicketEventType[];
}

/** What `updatePreferences` may change; absent fields stay as they are. */
export interface PreferencesChange {
  language?: string | null;
  notifications?: readonly string[] | null;
}

/** Reads a user's preferences from their row (the stored list is of events turned off, see User.mutedEvents). */
export function preferencesOf(user: Pick<User, 'locale' | 'mutedEvents'>): UserPreferences {
  const muted = new Set(user.mutedEvents);
  return {
    language: languageOf(user.locale),
    notifications: Object.values(TicketEventType).filter((type) => !muted.has(type)),
  };
}

/** Checks every field, then writes them: a bad field answers BAD_USER_INPUT naming it and nothing changes. */
export async function updatePreferences(em: EntityManager, user: User, change: PreferencesChange): Promise<User> {
  if (change.language != null) requireLanguage(change.language, 'language');
  let muted: string[] | undefined;
  if (change.notifications != null) {
    const unknown = change.notifications.find((type) => !EVENT_TYPES.includes(type));
    if (unknown !== undefined) throw new BadInputError(`notifications: ${unknown.slice(0, 40)} is not an event type`, 'notifications');
    const wanted = new Set(change.notifications);
    muted = EVENT_TYPES.filter((type) => !wanted.has(type));
  }
  if (change.language != null) user.locale = change.language;
  if (muted) user.mutedEvents = muted;
  await em.flush();
  return user;
}

/**
 * For mail: which of these users want mail about an event of this type, each with the language to
 * write it in (users who turned the type off are left out). One query for any number of recipients.
 */
export async function mailLanguages(em: EntityManager, userIds: readonly number[], type: TicketEventType): Promise<Map<number, Language>> {
  if (userIds.length === 0) return new Map();
  const rows = await em
    .createQueryBuilder(User, 'u')
    .select(['u.id', 'u.locale'])
    .where({ id: { $in: [...new Set(userIds)] } })
    .andWhere('not (? = any(u.muted_events))', [type])
    .execute<{ id: number; locale: string }[]>();
  return new Map(rows.map((row) => [row.id, languageOf(row.locale)]));
}
