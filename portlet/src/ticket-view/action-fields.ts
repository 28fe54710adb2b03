import { html, type TemplateResult } from 'lit';
import type { TicketDetailFragment, TicketVisibility, UsersQuery } from '../graphql/generated/graphql.js';
import type { Messages } from '../shared/fr.js';

/** What the fields of an action's form need from the dialog. */
export interface FieldContext {
  t: Messages;
  label(kind: string, key: string | number): string;
  /** The name of the field found missing, if any. */
  invalid: string;
}

/** A labelled select; `placeholder` (an empty first choice) makes it required. */
export function selectField(
  c: FieldContext,
  name: string,
  text: string,
  options: [value: string | number, text: string, selected?: boolean][],
  placeholder?: string,
): TemplateResult {
  return html`<div class="field">
    <label for=${name}>${text}</label>
    <select id=${name} name=${name} ?required=${placeholder !== undefined} aria-invalid=${c.invalid === name} aria-describedby="problem">
      ${placeholder === undefined ? '' : html`<option value="">${placeholder}</option>`}
      ${options.map(([value, words, selected]) => html`<option value=${value} ?selected=${!!selected}>${words}</option>`)}
    </select>
  </div>`;
}

/** "Reporter": the recall date. */
export function untilField(c: FieldContext): TemplateResult {
  return html`<div class="field">
    <label for="until">${c.t.until}</label>
    <input id="until" name="until" type="datetime-local" required aria-invalid=${c.invalid === 'until'} aria-describedby="problem" />
  </div>`;
}

/** Staff acting without sending mail (the mutation's `silent`). */
export function silentField(c: FieldContext): TemplateResult {
  return html`<div class="row"><input id="silent" name="silent" type="checkbox" /><label for="silent">${c.t.silent}</label></div>`;
}

/** "Inviter un utilisateur", "Changer de propriétaire": a uid or an email, with the people search as a native datalist. */
export function userField(c: FieldContext, people: UsersQuery['users'], search: (e: Event) => void): TemplateResult {
  return html`<p id="hint" class="muted">${c.t.inviteHint}</p>
    <div class="field">
      <label for="user">${c.t.user}</label>
      <input
        id="user"
        name="user"
        list="people"
        autocomplete="off"
        required
        aria-invalid=${c.invalid === 'user'}
        aria-describedby="hint problem"
        @input=${search}
      />
      <datalist id="people">
        ${people.map((u) => html`<option value=${u.uid}>${u.displayName}${u.email ? ` <${u.email}>` : ''}</option>`)}
      </datalist>
    </div>`;
}

const TICKET_VISIBILITIES: TicketVisibility[] = ['PRIVATE', 'PUBLIC', 'SUBJECT_ONLY'];

/** "Modifier les propriétés": subject, priority, visibility, as they are now. */
export function propertiesFields(c: FieldContext, ticket: TicketDetailFragment): TemplateResult {
  return html`<div class="field">
      <label for="subject">${c.t.subject}</label>
      <input
        id="subject"
        name="subject"
        maxlength="200"
        required
        .value=${ticket.subject}
        aria-invalid=${c.invalid === 'subject'}
        aria-describedby="problem"
      />
    </div>
    ${selectField(
      c,
      'priority',
      c.t.priority,
      [1, 2, 3, 4, 5].map((p) => [p, c.label('priority', p), p === ticket.priority]),
    )}
    ${selectField(
      c,
      'ticketVisibility',
      c.t.visibility,
      TICKET_VISIBILITIES.map((v) => [v, c.label('visibility', v), v === ticket.visibility]),
    )}`;
}
