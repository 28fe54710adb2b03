import type { ApolloClient } from '@apollo/client';
import { LitElement, type PropertyDeclarations } from 'lit';
import { clientFor, defaultEndpoint } from '../graphql/client.js';
import { LabelsDocument } from '../graphql/generated/graphql.js';
import { type HelpdeskEvents, helpdeskEvent } from './events.js';
import { type Lang, messages, resolveLang } from './i18n.js';
import type { Messages } from './fr.js';
import { QueryController } from './query.js';

/**
 * What every helpdesk element shares: where the API is (`endpoint`, `token`, or a `client` handed down
 * by the portlet), which language to speak, and the server's words for statuses, events and actions.
 */
export class HelpdeskElement extends LitElement {
  static override properties: PropertyDeclarations = {
    endpoint: {},
    token: {},
    userInfoApiUrl: { attribute: 'user-info-api-url' },
    client: { attribute: false },
  };
  /** The GraphQL endpoint; default: the origin that served the bundle. */
  declare endpoint: string | undefined;
  /** A bearer token; without one the ENT's same-site session cookie is used. */
  declare token: string | undefined;
  /** uPortal's token service (e.g. `/portail/api/v5-1/userinfo`): its token is sent as bearer, renewed before it expires. */
  declare userInfoApiUrl: string | undefined;
  /** The client of the enclosing portlet, so every element shares one cache and one WebSocket. */
  declare client: ApolloClient | undefined;

  /** The server's words (`labels(lang)`), loaded once per client and language. */
  private readonly labelsQuery = new QueryController(this, LabelsDocument, () => ({
    client: this.api,
    variables: { lang: this.language },
  }));

  /** The client this element talks through. */
  get api(): ApolloClient {
    return this.client ?? clientFor({ endpoint: this.endpoint ?? defaultEndpoint(), token: this.token, userInfo: this.userInfoApiUrl });
  }

  /** The language spoken: `lang` on the element or an ancestor, else French. */
  get language(): Lang {
    return resolveLang(this);
  }

  /** The portlet's own words in that language. */
  get t(): Messages {
    return messages(this.language, () => this.requestUpdate());
  }

  /**
   * The server's word for an enum value (status, eventType, action, priority, visibility, origin…).
   * `staff`: read from the department's side, where "Incomplet" waits for the owner, not for "you".
   */
  label(kind: string, key: string | number | null | undefined, staff = false): string {
    if (key === null || key === undefined) return '';
    if (staff && kind === 'status' && key === 'INCOMPLETE') return this.t.incompleteStaff;
    const found = this.labelsQuery.data?.labels.find((l) => l.kind === kind && l.key === String(key));
    return found?.text ?? String(key);
  }

  /** Sends a typed event that crosses shadow roots, for the enclosing portlet (or the page) to act on. */
  emit<K extends keyof HelpdeskEvents>(name: K, detail: HelpdeskEvents[K]): boolean {
    return this.dispatchEvent(helpdeskEvent(name, detail));
  }
}
