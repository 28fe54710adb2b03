import { html, css } from 'lit';
import { ViewerDocument } from '../graphql/generated/graphql.js';
import { HelpdeskElement } from '../shared/helpdesk-element.js';
import { QueryController } from '../shared/query.js';
import { base } from '../shared/styles.js';
import { en } from './en.js';
import { fr, type AdminMessages } from './fr.js';
import { SCREENS } from './screens.js';

/** The admin module's words in the element's language. */
export function adminWords(host: HelpdeskElement): AdminMessages {
  return host.language === 'en' ? en : fr;
}

/**
 * `<helpdesk-admin>` (admin module): the administration for admins and supervisors — a menu of the
 * screens of `SCREENS` and the chosen one. The server decides what each may change; a screen shows
 * what the viewer may read.
 */
export class HelpdeskAdmin extends HelpdeskElement {
  static override styles = [
    base,
    css`
      nav ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5em;
        list-style: none;
        padding: 0;
        margin: 0 0 1em;
      }
      [aria-current='page'] {
        background: var(--a);
        color: #fff;
      }
    `,
  ];

  static override properties = { screen: { state: true } };
  private screen = SCREENS[0].id;
  // The portlet read the viewer already: answered from the cache.
  private readonly viewer = new QueryController(this, ViewerDocument, () => ({ client: this.api, variables: {} }));

  override render() {
    const w = adminWords(this);
    const admin = this.viewer.data?.viewer.isAdmin ?? false;
    const screens = SCREENS.filter((s) => admin || !s.adminOnly);
    const shown = screens.find((s) => s.id === this.screen) ?? screens[0];
    return html`<h2>${w.administration}</h2>
      <nav aria-label=${w.screens}>
        <ul>
          ${screens.map(
            (s) =>
              html`<li>
                <button aria-current=${s === shown ? 'page' : 'false'} @click=${() => (this.screen = s.id)}>${s.title(w)}</button>
              </li>`,
          )}
        </ul>
      </nav>
      ${shown.render(this.api)}`;
  }
}
