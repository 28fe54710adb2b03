import { LitElement, html, css } from 'lit';
import { inertHtml, isBlank } from './rich-text.js';
import { helpdeskEvent } from './events.js';
import { base } from './styles.js';
import type { Messages } from './fr.js';

type Command = 'bold' | 'italic' | 'underline';

/**
 * The message editor: the browser's own editing commands behind a small toolbar (B, I, U) and a Source
 * view of the HTML, which the server sanitises. Images pasted into it (screenshots) leave as files:
 * `helpdesk-files` carries them to the form's "Fichiers". A child in `slot="tools"` joins the toolbar
 * (staff's "Réponses types"); the `helpdesk-insert` it sends is added to the message.
 */
export class HelpdeskEditor extends LitElement {
  static override styles = [
    base,
    css`
      .area,
      textarea {
        box-sizing: border-box;
        width: 100%;
        min-height: 8em;
        padding: 0.5em;
        border: 1px solid var(--bd);
        border-radius: 0 0 4px 4px;
        background: var(--bg);
      }
      [aria-invalid='true'] {
        border-color: var(--er);
      }
      .tools button {
        min-width: 2.2em;
        border-radius: 0;
      }
      .lbl {
        font-weight: 600;
      }
      [aria-pressed='true'] {
        background: var(--a);
        color: #fff;
      }
      ::slotted(*) {
        margin-left: 0.5em;
      }
    `,
  ];

  static override properties = { label: {}, error: {}, required: { type: Boolean }, words: { attribute: false }, source: { state: true } };

  label = '';
  /** The problem to show under the field ("Décrivez votre problème."); empty when none. */
  error = '';
  required = false;
  declare words: Messages;
  private source = false;
  private html = '';

  constructor() {
    super();
    this.addEventListener('helpdesk-insert', (e) => {
      e.stopPropagation();
      this.insert((e as CustomEvent<{ html: string }>).detail.html);
    });
  }

  /** The message as HTML. */
  get value(): string {
    return this.source || !this.area ? this.html : this.area.innerHTML;
  }

  set value(next: string) {
    this.html = inertHtml(next);
    if (this.area) this.area.innerHTML = this.html;
  }

  override focus(): void {
    this.renderRoot.querySelector<HTMLElement>('.area, textarea')?.focus();
  }

  /**
   * Adds HTML after what is typed (the menu that sends it took the focus, and the caret with it), then
   * puts the caret at its end; the form hears an `input`, as if it had been typed.
   */
  insert(fragment: string): void {
    const typed = this.value;
    this.value = `${isBlank(typed) ? '' : typed}${fragment}`;
    this.requestUpdate();
    this.focus();
    const area = this.area;
    if (area) getSelection()?.setBaseAndExtent(area, area.childNodes.length, area, area.childNodes.length);
    this.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }

  private get area(): HTMLElement | null {
    return this.renderRoot.querySelector('.area');
  }

  override render() {
    const t = this.words;
    const tool = (command: Command, text: string, name: string) =>
      html`<button
        type="button"
        aria-label=${name}
        title=${name}
        ?disabled=${this.source}
        @mousedown=${(e: Event) => e.preventDefault()}
        @click=${() => this.exec(command)}
      >
        ${text}
      </button>`;
    return html`<span id="label" class="lbl" @click=${() => this.focus()}>${this.label}</span>
      <div class="tools row" role="group" aria-label=${this.label} style="gap:0">
        ${tool('bold', 'B', t.bold)}${tool('italic', 'I', t.italic)}${tool('underline', 'U', t.underline)}
        <button type="button" aria-pressed=${this.source} @click=${this.toggleSource}>${t.source}</button>
        <slot name="tools"></slot>
      </div>
      ${
        this.source
          ? html`<textarea
              aria-labelledby="label"
              aria-invalid=${!!this.error}
              aria-describedby="error"
              .value=${this.html}
              @input=${(e: Event) => (this.html = (e.target as HTMLTextAreaElement).value)}
            ></textarea>`
          : html`<div
              class="area"
              part="editor"
              contenteditable="true"
              role="textbox"
              aria-multiline="true"
              aria-required=${this.required}
              aria-labelledby="label"
              aria-invalid=${!!this.error}
              aria-describedby="error"
              @input=${() => (this.html = this.area?.innerHTML ?? '')}
              @paste=${this.onPaste}
            ></div>`
      }
      <div id="error" class="error" role=${this.error ? 'alert' : 'none'}>${this.error}</div>`;
  }

  override updated(): void {
    // Only when the text changed from outside (a template, the Source view): re-setting it would move the caret.
    if (this.area && this.area.innerHTML !== this.html) this.area.innerHTML = this.html;
  }

  private exec(command: Command): void {
    this.area?.focus();
    // The browser's own editing commands: deprecated on paper, kept by every browser, and no library to ship.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    document.execCommand(command);
    this.html = this.area?.innerHTML ?? '';
  }

  private toggleSource(): void {
    this.html = this.source ? inertHtml(this.html) : this.value;
    this.source = !this.source;
  }

  private onPaste(e: ClipboardEvent): void {
    const files = [...(e.clipboardData?.files ?? [])].filter((f) => f.type.startsWith('image/'));
    if (!files.length) return;
    e.preventDefault();
    this.dispatchEvent(helpdeskEvent('helpdesk-files', { files }));
  }
}
