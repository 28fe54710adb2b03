import { html, nothing, type TemplateResult } from 'lit';
import type { CategoriesQuery } from '../graphql/generated/graphql.js';

/** A category as the wizard lists it. */
export type WizardCategory = CategoriesQuery['categories'][number];

/**
 * The category tree grouped by department. A filtered list may lack a category's parent: such a
 * category stands at the top with its whole path, so one always knows where it belongs.
 */
export function categoryTree(categories: WizardCategory[], choose: (c: WizardCategory) => void): TemplateResult {
  const ids = new Set(categories.map((c) => c.id));
  const children = new Map<string, WizardCategory[]>();
  const departments = new Map<string, { label: string; roots: WizardCategory[] }>();
  for (const c of categories) {
    if (c.parent && ids.has(c.parent.id)) {
      children.set(c.parent.id, [...(children.get(c.parent.id) ?? []), c]);
    } else {
      const group = departments.get(c.department.id) ?? { label: c.department.label, roots: [] };
      group.roots.push(c);
      departments.set(c.department.id, group);
    }
  }
  const branch = (list: WizardCategory[], top: boolean): TemplateResult =>
    html`<ul>
      ${list.map(
        (c) =>
          html`<li>
            <button type="button" class="category" aria-label=${c.path} @click=${() => choose(c)}>
              ${top && c.parent ? c.path : c.label}
            </button>
            ${children.has(c.id) ? branch(children.get(c.id)!, false) : nothing}
          </li>`,
      )}
    </ul>`;
  return html`${[...departments.values()].map(
    (d) =>
      html`<section class="department">
        <h3>${d.label}</h3>
        ${branch(d.roots, true)}
      </section>`,
  )}`;
}
