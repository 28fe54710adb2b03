import { AndFilter, Client, EqualityFilter, OrFilter, SubstringFilter, type Entry, type Filter } from 'ldapts';
import type { Logger } from 'pino';
import type { DirectoryConfig } from '../config.js';

/** A person as the directory (SUPANN schema) describes them. */
export interface DirectoryPerson {
  uid: string;
  displayName: string;
  email: string | null;
  /** eduPersonAffiliation: student, staff, faculty, employee… */
  affiliations: string[];
  /** supannAffectation: where they work or study. */
  affectations: string[];
}

/** What `users(search)` and the people arguments ask of the directory. */
export interface Directory {
  /**
   * People whose uid or name contains `text` (and whose mail does, or for `wholeEmailOnly` equals it),
   * at most `limit`; [] when the directory does not answer in time or fails (logged, never thrown).
   */
  search(text: string, limit: number, options: { wholeEmailOnly: boolean }): Promise<DirectoryPerson[]>;
  /** The person of exactly this uid; undefined when unknown or when the directory fails. */
  find(uid: string): Promise<DirectoryPerson | undefined>;
}

const ATTRIBUTES = ['uid', 'displayName', 'cn', 'mail', 'eduPersonAffiliation', 'supannAffectation'];
/** Only people: the SUPANN directories also hold groups, structures and applications. */
const PEOPLE = new EqualityFilter({ attribute: 'objectClass', value: 'inetOrgPerson' });

/**
 * The directory over LDAP (ldapts). Filters are built as filter objects, never strings, so what a
 * person types is a value and never filter syntax: `*)(uid=*` is searched for as those characters.
 * One connection per question, bound with LDAP_BIND_DN, under one deadline for connect, bind and search.
 */
export function ldapDirectory(config: DirectoryConfig, logger: Pick<Logger, 'warn'>): Directory {
  const ask = async (filter: Filter, limit: number): Promise<DirectoryPerson[]> => {
    const client = new Client({ url: config.url, timeout: config.timeoutMs, connectTimeout: config.timeoutMs });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${config.timeoutMs} ms`)), config.timeoutMs);
    });
    try {
      const work = (async () => {
        if (config.bindDn) await client.bind(config.bindDn, config.bindPassword ?? '');
        const { searchEntries } = await client.search(config.baseDn, {
          scope: 'sub',
          filter: new AndFilter({ filters: [PEOPLE, filter] }),
          attributes: ATTRIBUTES,
          sizeLimit: limit,
          timeLimit: Math.max(1, Math.ceil(config.timeoutMs / 1000)),
        });
        return searchEntries.map(personOf).filter((p): p is DirectoryPerson => p !== undefined);
      })();
      work.catch(() => undefined);
      return await Promise.race([work, deadline]);
    } catch (err) {
      logger.warn({ err: { message: (err as Error).message } }, 'directory: LDAP search failed, local results only');
      return [];
    } finally {
      clearTimeout(timer);
      client.unbind().catch(() => undefined);
    }
  };
  return {
    search: (text, limit, { wholeEmailOnly }) => {
      const contains = (attribute: string): Filter => new SubstringFilter({ attribute, any: [text] });
      const email = wholeEmailOnly ? new EqualityFilter({ attribute: 'mail', value: text }) : contains('mail');
      return ask(new OrFilter({ filters: [contains('uid'), contains('displayName'), contains('cn'), email] }), limit);
    },
    find: async (uid) => (await ask(new EqualityFilter({ attribute: 'uid', value: uid }), 1)).at(0),
  };
}

function first(entry: Entry, attribute: string): string | undefined {
  const value = entry[attribute];
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === 'string' && one !== '' ? one : undefined;
}

function all(entry: Entry, attribute: string): string[] {
  const value = entry[attribute];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');
}

// An entry without a usable uid (or one as long as no sign-in would give) is nobody we can name.
function personOf(entry: Entry): DirectoryPerson | undefined {
  const uid = first(entry, 'uid');
  if (!uid || uid.length > 64 || /\s/.test(uid)) return undefined;
  return {
    uid,
    displayName: (first(entry, 'displayName') ?? first(entry, 'cn') ?? uid).slice(0, 200),
    email: first(entry, 'mail')?.slice(0, 320) ?? null,
    affiliations: all(entry, 'eduPersonAffiliation'),
    affectations: all(entry, 'supannAffectation'),
  };
}
