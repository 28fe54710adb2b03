import type { OperationVariables, TypedDocumentNode } from '@apollo/client';
import { css, html, nothing, type PropertyDeclarations } from 'lit';
import type { AdminDepartmentsQuery } from '../graphql/generated/graphql.js';
import { errorText, graphqlError } from '../shared/errors.js';
import { HelpdeskElement } from '../shared/helpdesk-element.js';
import { base } from '../shared/styles.js';
import { en } from './en.js';
import { fr, type AdminMessages } from './fr.js';

/** The admin part's words in an element's language (screens that are not AdminScreenElements ask here too). */
export function adminWords(host: HelpdeskElement): AdminMessages {
  return host.language === 'en' ? en : fr;
}

/** A department as the administration reads it: settings, every category, members. */
export type AdminDepartment = AdminDepartmentsQuery['departments'][number];

/** The look of the administration's lists and forms: cards rather than tables, so a phone never scrolls sideways. */
export const adminStyles = css`
  ul.items {
    list-style: none;
    padding: 0;
    margin: 0.5em 0;
  }
  ul.items li {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 0.75em;
    align-items: baseline;
    padding: 0.4em 0;
    border-bottom: 1px solid #ddd;
  }
  ul.items ul.items {
    padding-left: 1.25em;
    width: 100%;
  }
  .tag {
    border: 1px solid var(--bd);
    border-radius: 3px;
    padding: 0 0.3em;
    font-size: 0.9em;
    color: var(--mu);
  }
  form {
    border: 1px solid var(--bd);
    border-radius: 6px;
    padding: 0 0.75em 0.75em;
    margin: 1em 0;
    max-width: 40em;
  }
  input:not([type='checkbox']),
  select,
  textarea {
    max-width: 100%;
    box-sizing: border-box;
  }
  .check {
    margin: 0.5em 0;
  }
`;

/** The queries a save reads again by default: the departments, as the menu and the screens show them. */
const DEPARTMENT_QUERIES = ['AdminDepartments', 'Departments'];

/**
 * What every screen of the administration shares: the department it works on (chosen in the menu),
 * the admin part's words, the item its form edits (`Item`; none: the form creates one), and one way
 * to save — the mutation, then its lists read again, and "Enregistré." or what the server refused
 * (the field it names marked invalid).
 */
export class AdminScreenElement<Item extends { id: string } = { id: string }> extends HelpdeskElement {
  static override styles = [base, adminStyles];
  static override properties: PropertyDeclarations = {
    ...HelpdeskElement.properties,
    department: { attribute: false },
    departments: { attribute: false },
    admin: { type: Boolean },
    problem: { state: true },
    done: { state: true },
    invalid: { state: true },
    editing: { state: true },
    busy: { state: true },
  };

  /** The department chosen in the menu (screens of one department). */
  declare department: AdminDepartment | undefined;
  /** Every department the viewer may read here. */
  departments: AdminDepartment[] = [];
  /** Whether the viewer is an administrator (creates departments). */
  admin = false;
  protected problem = '';
  protected done = '';
  /** The field the server refused (its `extensions.field`), marked invalid. */
  invalid = '';
  /** The item whose "Modifier" opened the form (undefined: the form creates one). */
  declare protected editing: Item | undefined;
  /** A save is on its way: the buttons wait. */
  protected busy = false;

  /** The admin part's words in the element's language. */
  get w(): AdminMessages {
    return adminWords(this);
  }

  /**
   * Runs a mutation, reads `refetch` again, and says how it went: the mutation's answer, or undefined
   * when the server refused (the refusal is said).
   */
  protected async mutate<D, V extends OperationVariables>(
    mutation: TypedDocumentNode<D, V>,
    variables: V,
    refetch: string[] = DEPARTMENT_QUERIES,
  ): Promise<D | undefined> {
    this.done = '';
    this.busy = true;
    try {
      const { data } = await this.api.mutate({ mutation, variables, refetchQueries: refetch, awaitRefetchQueries: true });
      this.problem = '';
      this.invalid = '';
      this.done = this.w.saved;
      return data;
    } catch (error) {
      const { code, field } = graphqlError(error);
      this.invalid = field ?? (code === 'CONFLICT' ? 'code' : '');
      this.problem = code === 'CONFLICT' ? this.w.conflict : errorText(this.t, error);
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  /** `mutate` for a form that needs only to know whether it went through (then, say, it empties itself). */
  protected async save<D, V extends OperationVariables>(mutation: TypedDocumentNode<D, V>, variables: V): Promise<boolean> {
    return (await this.mutate(mutation, variables)) !== undefined;
  }

  /** The item being edited as `items` read now (after a save); none when they no longer hold it: the form creates one. */
  protected editingIn(items: readonly Item[] | undefined): Item | undefined {
    return items?.find((o) => o.id === this.editing?.id);
  }

  /** "Modifier": the form takes the item, the last save's words go, and the focus moves to the form's heading. */
  protected open(item: Item): void {
    this.editing = item;
    this.problem = this.done = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('form h3')?.focus());
  }

  /** "Enregistré." or the refusal, where the form's fields point (aria-describedby="feedback"). */
  protected feedback() {
    return html`<p id="feedback"><span role="status">${this.done}</span><span role="alert" class="error">${this.problem}</span></p>`;
  }

  /** The form's buttons: "Enregistrer" for an item being edited (with "Annuler", back to creating), else "Créer". */
  protected formButtons(editing: boolean) {
    const { w } = this;
    return html`<div class="row">
      <button class="primary" type="submit" ?disabled=${this.busy}>${editing ? w.save : w.create}</button>
      ${editing ? html`<button type="button" @click=${() => (this.editing = undefined)}>${w.cancel}</button>` : nothing}
    </div>`;
  }
}
