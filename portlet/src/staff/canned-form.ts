import { html, nothing, type TemplateResult } from 'lit';
import type { CannedAnswersQuery, CannedScope } from '../graphql/generated/graphql.js';
import type { Messages } from '../shared/fr.js';
import type { StaffMessages } from './fr.js';

/** What the canned answer form shows, and what its controls do (the screen keeps the state). */
export interface CannedFormContext {
  w: StaffMessages;
  t: Messages;
  /** The answer being changed; none: a new one. */
  editing: CannedAnswersQuery['cannedAnswers'][number] | undefined;
  /** The scopes the viewer may give, and the one chosen. */
  scopes: CannedScope[];
  scope: CannedScope;
  /** The departments a DEPARTMENT answer may name. */
  departments: { id: string; label: string }[];
  /** The field refused, and why (the editor shows its own). */
  invalid: string;
  problem: string;
  submit(e: SubmitEvent): void;
  typed(): void;
  chooseScope(scope: CannedScope): void;
  cancel(): void;
}

/** "Nouvelle réponse type" / "Modifier « … »": title, text (the message editor), scope and, for a department's, which one. */
export function cannedForm(c: CannedFormContext): TemplateResult {
  const { w, t, editing: a } = c;
  const invalid = (field: string) => (c.invalid === field ? 'true' : 'false');
  return html`<form novalidate @submit=${c.submit} @input=${c.typed}>
    <h3 tabindex="-1">${a ? w.editCanned(a.title) : w.newCanned}</h3>
    <div class="field">
      <label for="title">${w.cannedTitle}</label>
      <input
        id="title"
        name="title"
        maxlength="200"
        required
        .value=${a?.title ?? ''}
        aria-invalid=${invalid('title')}
        aria-describedby="feedback"
      />
    </div>
    <p id="hint" class="muted">${w.cannedHint}</p>
    <helpdesk-editor .words=${t} label=${w.cannedBody} required error=${c.invalid === 'body' ? c.problem : ''}></helpdesk-editor>
    <div class="field">
      <label for="scope">${w.scope}</label>
      <select
        id="scope"
        name="scope"
        aria-invalid=${invalid('scope')}
        @change=${(e: Event) => c.chooseScope((e.target as HTMLSelectElement).value as CannedScope)}
      >
        ${c.scopes.map((s) => html`<option value=${s} ?selected=${s === c.scope}>${w.scopes[s]}</option>`)}
      </select>
    </div>
    ${
      c.scope === 'DEPARTMENT'
        ? html`<div class="field">
            <label for="departmentId">${w.department}</label>
            <select id="departmentId" name="departmentId" aria-invalid=${invalid('departmentId')} aria-describedby="feedback">
              ${c.departments.map((d) => html`<option value=${d.id} ?selected=${d.id === a?.department?.id}>${d.label}</option>`)}
            </select>
          </div>`
        : nothing
    }
    <div class="row">
      <button type="submit" class="primary">${a ? w.save : w.create}</button>
      ${a ? html`<button type="button" @click=${c.cancel}>${w.cancel}</button>` : nothing}
    </div>
  </form>`;
}
