import { LitElement, html, nothing } from 'lit';
import type { Messages } from './fr.js';
import { helpdeskEvent } from './events.js';
import { base } from './styles.js';

/** The types the server accepts (it judges the bytes; this only spares a useless upload). */
const ACCEPTED = [
  'pdf',
  'png',
  'jpg',
  'jpeg',
  'gif',
  'webp',
  'txt',
  'log',
  'csv',
  'eml',
  'odt',
  'ods',
  'odp',
  'docx',
  'xlsx',
  'pptx',
  'zip',
];
/** The server's default largest file (FILE_MAX_BYTES, 10 MiB); the server stays the judge. */
const MAX_BYTES = 10 * 1024 * 1024;

/**
 * "Fichiers": "Parcourir…" chooses, "Transférer" adds them to the files sent with the form (or, with
 * `immediate`, sends `helpdesk-transfer` to upload them at once). Files too large or of a refused
 * type are named and left out before any upload; `progress` (0–1) shows an upload under way.
 */
export class HelpdeskFiles extends LitElement {
  static override styles = base;
  static override properties = {
    words: { attribute: false },
    progress: { type: Number },
    immediate: { type: Boolean },
    problem: { state: true },
  };
  declare words: Messages;
  declare progress: number | undefined;
  immediate = false;
  /** The files to send. */
  files: File[] = [];
  private problem = '';
  private chosen: File[] = [];

  override render() {
    const t = this.words;
    return html`<fieldset>
      <legend>${t.files}</legend>
      <div class="row">
        <input
          id="pick"
          type="file"
          multiple
          class="sr"
          tabindex="-1"
          aria-hidden="true"
          accept=${ACCEPTED.map((e) => `.${e}`).join()}
          @change=${this.pick}
        />
        <button type="button" @click=${() => this.renderRoot.querySelector<HTMLInputElement>('#pick')!.click()}>${t.browse}</button>
        <span aria-live="polite">${this.chosen.length ? this.chosen.map((f) => f.name).join(', ') : t.noFileChosen}</span>
        <button type="button" ?disabled=${!this.chosen.length} @click=${this.transfer}>${t.transfer}</button>
      </div>
      ${
        this.files.length
          ? html`<ul tabindex="-1" aria-label=${t.files}>
              ${this.files.map(
                (f, i) =>
                  html`<li>
                    ${f.name} <span class="muted">(${t.size(Math.ceil(f.size / 1024))})</span>
                    <button type="button" class="link" @click=${() => this.drop(i)}>${t.remove}</button>
                  </li>`,
              )}
            </ul>`
          : nothing
      }
      ${this.progress === undefined ? nothing : html`<progress max="1" .value=${this.progress} aria-label=${t.sending}></progress>`}
      <p class="error" role="alert">${this.problem}</p>
    </fieldset>`;
  }

  /** Adds files (chosen, or pasted into the editor), leaving out and naming those the server would refuse. */
  add(files: File[]): File[] {
    const t = this.words;
    const refused = files.flatMap((f) =>
      f.size > MAX_BYTES
        ? [`${f.name} : ${t.tooLarge}`]
        : ACCEPTED.includes(f.name.split('.').pop()!.toLowerCase())
          ? []
          : [`${f.name} : ${t.badType}`],
    );
    const accepted = files.filter((f) => f.size <= MAX_BYTES && ACCEPTED.includes(f.name.split('.').pop()!.toLowerCase()));
    this.problem = refused.join(' ');
    if (!this.immediate) this.files = [...this.files, ...accepted];
    this.requestUpdate();
    return accepted;
  }

  /** Empties the list (after the form was sent). */
  clear(): void {
    this.files = [];
    this.problem = '';
    this.requestUpdate();
  }

  private pick(e: Event): void {
    this.chosen = [...((e.target as HTMLInputElement).files ?? [])];
    this.requestUpdate();
  }

  private async transfer(): Promise<void> {
    const accepted = this.add(this.chosen);
    this.chosen = [];
    this.renderRoot.querySelector<HTMLInputElement>('#pick')!.value = '';
    if (this.immediate && accepted.length) return void this.dispatchEvent(helpdeskEvent('helpdesk-transfer', { files: accepted }));
    // "Transférer" is disabled now: the focus goes to the list of files (or to "Parcourir…"), never to <body>.
    await this.updateComplete;
    (this.renderRoot.querySelector('ul') ?? this.renderRoot.querySelector('button'))?.focus();
  }

  private drop(index: number): void {
    this.files = this.files.filter((_, i) => i !== index);
    this.requestUpdate();
  }
}
