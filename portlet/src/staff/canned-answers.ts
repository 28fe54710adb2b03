import { css, html, nothing } from 'lit';
import {
  CannedAnswersDocument,
  DeleteCannedAnswerDocument,
  DepartmentsDocument,
  DeskViewerDocument,
  SaveCannedAnswerDocument,
  type CannedAnswersQuery,
  type CannedScope,
} from '../graphql/generated/graphql.js';
import { errorKind, errorText, fieldProblem, graphqlError } from '../shared/errors.js';
import type { HelpdeskEditor } from '../shared/helpdesk-editor.js';
import { HelpdeskElement } from '../shared/helpdesk-element.js';
import { QueryController } from '../shared/query.js';
import { isBlank } from '../shared/rich-text.js';
import { base } from '../shared/styles.js';
import { cannedForm } from './canned-form.js';
import { mayManage, scopesFor } from './canned-rules.js';
import { StaffElement } from './staff-element.js';

type Canned = CannedAnswersQuery['cannedAnswers'][number];

/**
 * `<helpdesk-canned-answers>` (staff part): "Réponses types" — those the viewer may use, with
 * "Modifier" and "Supprimer" on the ones they manage, and the form to write one (title, text, scope and
 * department), offering only the scopes the viewer may give. A refusal is said from the server's code,
 * on the field it names.
 */
export class HelpdeskCannedAnswers extends StaffElement {
  static override styles = [
    base,
    css`
      ul {
        list-style: none;
        padding: 0;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25em 0.75em;
        align-items: baseline;
        padding: 0.4em 0;
        border-bottom: 1px solid #ddd;
      }
      form {
        border: 1px solid var(--bd);
        border-radius: 6px;
        padding: 0 0.75em 0.75em;
        max-width: 44em;
      }
      input,
      select {
        max-width: 100%;
        box-sizing: border-box;
      }
    `,
  ];

  static override properties = {
    ...HelpdeskElement.properties,
    editing: { state: true },
    scope: { state: true },
    removing: { state: true },
    problem: { state: true },
    invalid: { state: true },
    done: { state: true },
  };

  declare private editing: Canned | undefined;
  private scope: CannedScope = 'PERSONAL';
  /** The answer whose deletion waits for its confirmation. */
  private removing = '';
  private problem = '';
  /** The field refused (by the form or by the server's `extensions.field`). */
  private invalid = '';
  private done = '';

  private readonly viewer = new QueryController(this, DeskViewerDocument, () => ({ client: this.api, variables: {} }));
  private readonly answers = new QueryController(this, CannedAnswersDocument, () => ({ client: this.api, variables: {} }));
  private readonly departments = new QueryController(this, DepartmentsDocument, () =>
    this.viewer.data?.viewer.isAdmin ? { client: this.api, variables: {} } : null,
  );

  private get editor(): HelpdeskEditor | null {
    return this.renderRoot.querySelector('helpdesk-editor');
  }

  override render() {
    const { w, t } = this;
    const viewer = this.viewer.data?.viewer;
    const list = this.answers.data?.cannedAnswers;
    return html`<h2 tabindex="-1">${w.canned}</h2>
      ${
        !viewer || !list
          ? html`<p role="status">
              ${(this.answers.error ?? this.viewer.error) ? errorText(t, this.answers.error ?? this.viewer.error) : t.loading}
            </p>`
          : list.length
            ? html`<ul aria-label=${w.canned}>
                ${list.map((a) => this.item(a, mayManage(viewer, a)))}
              </ul>`
            : html`<p>${w.noCanned}</p>`
      }
      <p id="feedback">
        <span role="status">${this.done}</span><span role="alert" class="error">${this.invalid === 'body' ? '' : this.problem}</span>
      </p>
      ${viewer ? this.form(viewer) : nothing}`;
  }

  private item(a: Canned, manages: boolean) {
    const { w } = this;
    const scope = `${w.scopes[a.scope]}${a.department ? ` — ${a.department.label}` : ''}`;
    if (this.removing === a.id)
      return html`<li>
        <span>${w.confirmRemove(a.title)}</span>
        <button class="primary" id="confirm" @click=${() => void this.deleteAnswer(a)}>${w.remove}</button>
        <button @click=${() => (this.removing = '')}>${w.cancel}</button>
      </li>`;
    return html`<li>
      <strong>${a.title}</strong> <span class="muted">${scope}</span>
      ${
        manages
          ? html`<button aria-label="${w.edit} ${a.title}" @click=${() => void this.edit(a)}>${w.edit}</button>
              <button aria-label="${w.remove} ${a.title}" @click=${() => void this.askRemove(a)}>${w.remove}</button>`
          : nothing
      }
    </li>`;
  }

  private form(viewer: NonNullable<typeof this.viewer.data>['viewer']) {
    return cannedForm({
      w: this.w,
      t: this.t,
      editing: this.editing,
      scopes: scopesFor(viewer),
      scope: this.scope,
      departments: viewer.isAdmin
        ? (this.departments.data?.departments ?? []).map((d) => ({ id: d.id, label: d.label }))
        : viewer.memberships.map((m) => m.department),
      invalid: this.invalid,
      problem: this.problem,
      submit: (e) => void this.submit(e),
      typed: () => this.invalid === 'body' && (this.invalid = ''),
      chooseScope: (scope) => (this.scope = scope),
      cancel: () => void this.edit(undefined),
    });
  }

  /** "Modifier" fills the form with the answer (none: an empty form for a new one) and goes there. */
  private async edit(answer: Canned | undefined): Promise<void> {
    this.editing = answer;
    this.scope = answer?.scope ?? 'PERSONAL';
    this.problem = this.invalid = this.done = '';
    await this.updateComplete;
    if (this.editor) this.editor.value = answer?.body ?? '';
    this.renderRoot.querySelector<HTMLElement>('form h3')?.focus();
  }

  private async askRemove(answer: Canned): Promise<void> {
    this.removing = answer.id;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#confirm')?.focus();
  }

  private async deleteAnswer(answer: Canned): Promise<void> {
    this.removing = '';
    if (await this.send(() => this.api.mutate({ mutation: DeleteCannedAnswerDocument, variables: { id: answer.id } }))) {
      this.done = this.w.removed(answer.title);
      if (this.editing?.id === answer.id) await this.edit(undefined);
    }
    this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const title = (data.get('title') as string).trim();
    const body = this.editor?.value ?? '';
    this.done = '';
    const missing = !title ? 'title' : isBlank(body) ? 'body' : '';
    if (missing) {
      this.refuse(missing, this.t.required);
      return;
    }
    const input = {
      title,
      body,
      scope: this.scope,
      departmentId: this.scope === 'DEPARTMENT' ? (data.get('departmentId') as string) : null,
    };
    const id = this.editing?.id ?? null;
    // A new answer can only miss its department (one the viewer may not name).
    const gone = id ? this.w.cannedGone : fieldProblem(this.w.department, this.t.refused);
    if (await this.send(() => this.api.mutate({ mutation: SaveCannedAnswerDocument, variables: { id, input } }), gone)) {
      this.done = this.w.saved;
      if (!id) {
        form.reset();
        if (this.editor) this.editor.value = '';
      }
      this.editing = undefined;
    }
  }

  /**
   * Runs a change, then reads the list again; a refusal is said on the field the server names, and
   * NOT_FOUND as `gone` says. True when it went through.
   */
  private async send(work: () => Promise<unknown>, gone = this.w.cannedGone): Promise<boolean> {
    this.problem = this.invalid = '';
    try {
      await work();
      this.answers.refetch();
      return true;
    } catch (error) {
      const { field } = graphqlError(error);
      const kind = errorKind(error);
      const why = kind === 'notFound' ? gone : errorText(this.t, error);
      if (field && this.w.fields[field]) this.refuse(field, kind === 'badInput' ? this.t.refused : why);
      else this.problem = why;
      return false;
    }
  }

  /** Marks a field invalid, says why after its name, and puts the focus there. */
  private refuse(field: string, why: string): void {
    this.invalid = field;
    // The editor says its own problem under its own label.
    this.problem = field === 'body' ? why : fieldProblem(this.w.fields[field], why);
    if (field === 'body') this.editor?.focus();
    else this.renderRoot.querySelector<HTMLElement>(`[name="${field}"]`)?.focus();
  }
}
