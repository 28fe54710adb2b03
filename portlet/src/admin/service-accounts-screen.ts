import { html, css, nothing } from 'lit';
import {
  CreateServiceAccountDocument,
  RevokeServiceAccountDocument,
  ServiceAccountsDocument,
  type ServiceAccountRowFragment,
  type ServiceScope,
} from '../graphql/generated/graphql.js';
import { errorText } from '../shared/errors.js';
import { QueryController } from '../shared/query.js';
import { AdminScreenElement } from './admin-screen.js';

const SCOPES: ServiceScope[] = ['TICKETS_CREATE', 'TICKETS_READ', 'TICKETS_ACT', 'TICKETS_SUBSCRIBE'];
/** What a change of accounts reads again: the list (the departments do not change). */
const ACCOUNT_QUERIES = ['ServiceAccounts'];

/**
 * `<helpdesk-admin-service-accounts>` (admins): other services' credentials — the list with each
 * account's rights, departments and use, revocation, and a form whose answer shows the new key once.
 */
export class HelpdeskAdminServiceAccounts extends AdminScreenElement {
  static override styles = [
    ...AdminScreenElement.styles,
    css`
      table {
        border-collapse: collapse;
        width: 100%;
      }
      th,
      td {
        border-bottom: 1px solid var(--bd);
        padding: 0.25em 0.5em;
        text-align: left;
        vertical-align: top;
      }
      fieldset {
        border: 1px solid var(--bd);
        margin: 0.5em 0;
      }
      .key {
        border: 2px solid var(--a);
        padding: 0.5em;
        margin: 0.5em 0;
      }
      code {
        word-break: break-all;
      }
    `,
  ];

  static override properties = { ...AdminScreenElement.properties, key: { state: true } };
  private key: string | undefined;
  private readonly list = new QueryController(this, ServiceAccountsDocument, () => ({ client: this.api, variables: {} }));

  override render() {
    const { t, w, list } = this;
    if (list.error && !list.data) return html`<p role="alert" class="error">${errorText(t, list.error)}</p>`;
    if (!list.data) return html`<p role="status">${t.loading}</p>`;
    const accounts = list.data.serviceAccounts;
    return html`<h3>${w.serviceAccounts}</h3>
      <p class="muted">${w.serviceAccountsIntro}</p>
      ${
        this.key
          ? html`<div class="key" role="status">
              <p>${w.keyOnce}</p>
              <p>${w.key} : <code>${this.key}</code></p>
            </div>`
          : nothing
      }
      ${
        accounts.length === 0
          ? html`<p>${w.noAccount}</p>`
          : html`<table>
              <thead>
                <tr>
                  <th scope="col">${w.accountName}</th>
                  <th scope="col">${w.scopes}</th>
                  <th scope="col">${w.departments}</th>
                  <th scope="col">${w.created}</th>
                  <th scope="col">${w.expires}</th>
                  <th scope="col">${w.lastUsed}</th>
                  <th scope="col">${w.status}</th>
                </tr>
              </thead>
              <tbody>
                ${accounts.map((a) => this.row(a))}
              </tbody>
            </table>`
      }
      <form @submit=${(e: SubmitEvent) => void this.create(e)} aria-describedby="feedback">
        <h4>${w.newServiceAccount}</h4>
        <div class="field">
          <label for="name">${w.accountName}</label>
          <input id="name" name="name" required maxlength="100" autocomplete="off" />
        </div>
        <fieldset>
          <legend>${w.scopes}</legend>
          ${SCOPES.map(
            (s) =>
              html`<div class="row">
                <input type="checkbox" id=${`scope-${s}`} name="scope" value=${s} />
                <label for=${`scope-${s}`}>${w.scopeWords[s]}</label>
              </div>`,
          )}
        </fieldset>
        <fieldset>
          <legend>${w.departments}</legend>
          ${list.data.departments.map(
            (d) =>
              html`<div class="row">
                <input type="checkbox" id=${`department-${d.id}`} name="department" value=${d.id} />
                <label for=${`department-${d.id}`}>${d.label}</label>
              </div>`,
          )}
        </fieldset>
        <div class="field">
          <label for="expires">${w.expiresAt}</label>
          <input id="expires" name="expires" type="date" />
        </div>
        ${this.feedback()}
        <button type="submit" ?disabled=${this.busy}>${w.createAccount}</button>
      </form>`;
  }

  private row(a: ServiceAccountRowFragment) {
    const { w } = this;
    const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString(this.language) : w.never);
    const expired = !a.revokedAt && !!a.expiresAt && new Date(a.expiresAt).getTime() <= Date.now();
    return html`<tr>
      <th scope="row">${a.name}</th>
      <td>${a.scopes.map((s) => w.scopeWords[s]).join(', ')}</td>
      <td>${a.departments.map((d) => d.label).join(', ')}</td>
      <td>${when(a.createdAt)}</td>
      <td>${a.expiresAt ? when(a.expiresAt) : '—'}</td>
      <td>${when(a.lastUsedAt)}</td>
      <td>
        ${
          a.revokedAt
            ? `${w.revoked} ${when(a.revokedAt)}`
            : expired
              ? w.expired
              : html`${w.active}
                  <button aria-label=${w.revokeNamed(a.name)} ?disabled=${this.busy} @click=${() => void this.revoke(a.id)}>
                    ${w.revoke}
                  </button>`
        }
      </td>
    </tr>`;
  }

  private async create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const { w } = this;
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const scopes = data.getAll('scope') as ServiceScope[];
    const departmentIds = data.getAll('department') as string[];
    const missing = scopes.length === 0 ? w.chooseScope : departmentIds.length === 0 ? w.chooseDepartment : '';
    if (missing) {
      this.done = '';
      this.problem = missing;
      return;
    }
    const text = (name: string): string => {
      const value = data.get(name);
      return typeof value === 'string' ? value : '';
    };
    const expires = text('expires');
    const created = await this.mutate(
      CreateServiceAccountDocument,
      {
        input: {
          name: text('name'),
          scopes,
          departmentIds,
          // The end of the chosen day, in the admin's own time zone.
          expiresAt: expires ? new Date(`${expires}T23:59:59`).toISOString() : null,
        },
      },
      ACCOUNT_QUERIES,
    );
    if (!created) return;
    this.key = created.createServiceAccount.key;
    form.reset();
  }

  private async revoke(id: string): Promise<void> {
    this.key = undefined;
    await this.mutate(RevokeServiceAccountDocument, { id }, ACCOUNT_QUERIES);
  }
}
