import { LitElement, html, css } from 'lit';
import { helpdeskEvent } from './events.js';
import { menuStyles } from './menu-styles.js';
import { base } from './styles.js';

/** One entry of a menu: the value it sends and the words it shows. */
export interface MenuItem {
  value: string;
  text: string;
}

let menus = 0;

/**
 * The "ACTIONS" menu button, following the ARIA menu button pattern: Enter, Space or Down opens it on
 * the first item, Up on the last; arrows, Home and End move; Escape closes it and gives the focus back;
 * choosing sends `helpdesk-menu-select` with the item's value.
 */
export class HelpdeskMenu extends LitElement {
  static override styles = [
    base,
    menuStyles,
    css`
      [role='menu'] {
        min-width: 14em;
        padding: 0.25em 0;
        list-style: none;
      }
    `,
  ];

  static override properties = { text: {}, name: {}, items: { attribute: false }, open: { state: true } };

  /** The button's words ("ACTIONS"). */
  text = 'ACTIONS';
  /** The accessible name when several menus sit side by side ("ACTIONS Statut"). */
  declare name: string | undefined;
  items: MenuItem[] = [];
  private open = false;
  private readonly menuId = `helpdesk-menu-${++menus}`;

  override render() {
    return html`<button
        part="menu-button"
        aria-haspopup="menu"
        aria-expanded=${this.open}
        aria-controls=${this.menuId}
        aria-label=${this.name ?? this.text}
        ?disabled=${!this.items.length}
        @click=${() => this.toggle(!this.open, 0)}
        @keydown=${this.onButtonKey}
      >
        ${this.text} ▾
      </button>
      <ul
        role="menu"
        class="popup"
        id=${this.menuId}
        aria-label=${this.name ?? this.text}
        ?hidden=${!this.open}
        @keydown=${this.onMenuKey}
        @focusout=${this.onFocusOut}
      >
        ${this.items.map(
          (item) =>
            html`<li role="menuitem" tabindex="-1" data-value=${item.value} @click=${() => this.choose(item.value)}>${item.text}</li>`,
        )}
      </ul>`;
  }

  private get entries(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('[role="menuitem"]')];
  }

  private async toggle(open: boolean, focusIndex: number): Promise<void> {
    this.open = open;
    await this.updateComplete;
    if (open) this.entries.at(focusIndex)?.focus();
  }

  private onButtonKey(e: KeyboardEvent): void {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      void this.toggle(true, e.key === 'ArrowDown' ? 0 : -1);
    }
  }

  private onMenuKey(e: KeyboardEvent): void {
    const items = this.entries;
    const at = items.indexOf(this.renderRoot.querySelector(':focus') as HTMLElement);
    const move: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 };
    if (e.key in move) {
      e.preventDefault();
      items[(move[e.key] + items.length) % items.length]?.focus();
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const value = items[at]?.dataset.value;
      if (value) this.choose(value);
    } else if (e.key === 'Escape' || e.key === 'Tab') {
      if (e.key === 'Escape') e.preventDefault();
      this.close(e.key === 'Escape');
    }
  }

  private onFocusOut(e: FocusEvent): void {
    if (!this.renderRoot.contains(e.relatedTarget as Node | null)) this.open = false;
  }

  private close(focusButton: boolean): void {
    this.open = false;
    if (focusButton) this.renderRoot.querySelector('button')?.focus();
  }

  private choose(value: string): void {
    this.close(true);
    this.dispatchEvent(helpdeskEvent('helpdesk-menu-select', { value }));
  }
}
