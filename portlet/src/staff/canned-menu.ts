import { css, html, nothing } from 'lit';
import { CannedAnswersDocument, type CannedAnswersQuery } from '../graphql/generated/graphql.js';
import { errorText } from '../shared/errors.js';
import { HelpdeskElement } from '../shared/helpdesk-element.js';
import { menuStyles } from '../shared/menu-styles.js';
import { QueryController } from '../shared/query.js';
import { base } from '../shared/styles.js';
import { StaffElement } from './staff-element.js';

/** The variables a canned answer may hold, and what each becomes for the ticket at hand (absent: left as typed). */
export type CannedVariables = Partial<Record<'owner' | 'number' | 'manager' | 'category', string>>;

type Canned = CannedAnswersQuery['cannedAnswers'][number];

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * A canned answer's body with `{owner}`, `{number}`, `{manager}` and `{category}` replaced by the
 * ticket's values, as text (a name is never read as HTML); any other `{…}`, or one without a value,
 * stays as typed for the person to finish.
 */
export function fillVariables(body: string, values: CannedVariables): string {
  return body.replace(/\{(owner|number|manager|category)\}/g, (whole, name: keyof CannedVariables) => {
    const value = values[name];
    return value === undefined ? whole : value.replace(/[&<>"']/g, (c) => escapes[c]);
  });
}

/**
 * `<helpdesk-canned-menu slot="tools">` (staff part), in a message editor's toolbar: the menu button
 * "Réponses types" — the answers the viewer may use for the ticket's department, with a search field
 * on top — following the menu button pattern (the search has the focus when it opens, Down goes to the
 * answers, arrows, Home and End move, Escape closes and gives the focus back). Choosing one sends
 * `helpdesk-insert` with its body, variables filled, for the editor to insert: two clicks.
 */
export class HelpdeskCannedMenu extends StaffElement {
  static override styles = [
    base,
    menuStyles,
    css`
      .popup {
        width: min(24em, 80vw);
        padding: 0.5em;
      }
      input {
        box-sizing: border-box;
        width: 100%;
      }
      [role='menu'] {
        list-style: none;
        margin: 0.5em 0 0;
        padding: 0;
        max-height: 16em;
        overflow-y: auto;
      }
      p {
        margin: 0.5em 0 0;
      }
    `,
  ];

  static override properties = {
    ...HelpdeskElement.properties,
    departmentId: { attribute: false },
    variables: { attribute: false },
    open: { state: true },
    search: { state: true },
  };

  /** The ticket's department: its answers, with the personal and global ones. */
  declare departmentId: string | undefined;
  /** What the variables become for this ticket. */
  variables: CannedVariables = {};
  private open = false;
  private search = '';
  // The answers are asked for the first time the menu opens: most forms are sent without one.
  private wanted = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private shown: Canned[] = [];

  private readonly answers = new QueryController(this, CannedAnswersDocument, () =>
    this.wanted ? { client: this.api, variables: { search: this.search || null, departmentId: this.departmentId ?? null } } : null,
  );

  override render() {
    const { w, t } = this;
    // While a new search runs, the previous answers stay (no flash of "Chargement…" at each key).
    const list = (this.shown = this.answers.data?.cannedAnswers ?? this.shown);
    return html`<button
        type="button"
        aria-haspopup="menu"
        aria-expanded=${this.open}
        aria-controls="menu"
        @click=${() => void this.toggle(!this.open)}
        @keydown=${this.onButtonKey}
      >
        ${w.canned} ▾
      </button>
      <div class="popup" ?hidden=${!this.open} @keydown=${this.onKey} @focusout=${this.onFocusOut}>
        <input type="search" aria-label=${w.cannedSearch} aria-controls="menu" .value=${this.search} @input=${this.onSearch} />
        <ul role="menu" id="menu" aria-label=${w.canned} ?hidden=${!list.length}>
          ${list.map((a) => html`<li role="menuitem" tabindex="-1" data-id=${a.id} @click=${() => this.choose(a)}>${a.title}</li>`)}
        </ul>
        ${list.length ? nothing : html`<p role="status">${this.answers.error ? errorText(t, this.answers.error) : this.answers.data ? w.noCanned : t.loading}</p>`}
      </div>`;
  }

  private get items(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('[role="menuitem"]')];
  }

  private get field(): HTMLInputElement | null {
    return this.renderRoot.querySelector('input');
  }

  private async toggle(open: boolean, item?: number): Promise<void> {
    this.open = open;
    this.wanted ||= open;
    await this.updateComplete;
    if (!open) return;
    if (item === undefined) this.field?.focus();
    else this.items.at(item)?.focus();
  }

  private close(): void {
    this.open = false;
    this.renderRoot.querySelector('button')?.focus();
  }

  // Down opens on the first answer, Up on the last (the menu button pattern).
  private onButtonKey(e: KeyboardEvent): void {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    void this.toggle(true, e.key === 'ArrowDown' ? 0 : -1);
  }

  private onKey(e: KeyboardEvent): void {
    const items = this.items;
    const at = items.indexOf(this.renderRoot.querySelector<HTMLElement>(':focus')!);
    const inField = at < 0;
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation(); // a modal dialog around would close too
      this.close();
      return;
    }
    if (e.key === 'Tab') {
      this.open = false;
      return;
    }
    const moves: Record<string, number> = inField
      ? { ArrowDown: 0, ArrowUp: items.length - 1 }
      : { ArrowDown: (at + 1) % items.length, ArrowUp: at - 1, Home: 0, End: items.length - 1 };
    if (e.key in moves) {
      e.preventDefault();
      // Up from the first answer goes back to the search.
      if (moves[e.key] < 0) this.field?.focus();
      else items[moves[e.key]]?.focus();
      return;
    }
    if (inField) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const chosen = this.answers.data?.cannedAnswers.find((a) => a.id === items[at].dataset.id);
      if (chosen) this.choose(chosen);
    } else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      // Typing on an answer searches: the key goes to the field.
      this.field?.focus();
    }
  }

  private onFocusOut(e: FocusEvent): void {
    if (!this.renderRoot.contains(e.relatedTarget as Node | null)) this.open = false;
  }

  // The list follows what is typed, a quarter of a second after the last key.
  private onSearch(e: Event): void {
    const text = (e.target as HTMLInputElement).value.trim();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => (this.search = text), 250);
  }

  // The editor takes the focus with the text: the menu just closes.
  private choose(answer: Canned): void {
    this.open = false;
    this.emit('helpdesk-insert', { html: fillVariables(answer.body, this.variables) });
  }
}
