import { html, nothing, type TemplateResult } from 'lit';

/** What the fields need: which one the server refused (its `extensions.field`), for aria-invalid. */
export interface Fields {
  invalid: string;
}

/** A labelled text (or email, number) input, filled with the current value. */
export function textField(
  f: Fields,
  name: string,
  label: string,
  value: string | number | null | undefined,
  options: { type?: string; required?: boolean; min?: number } = {},
): TemplateResult {
  return html`<div class="field">
    <label for=${name}>${label}</label>
    <input
      id=${name}
      name=${name}
      type=${options.type ?? 'text'}
      min=${options.min ?? nothing}
      .value=${value === null || value === undefined ? '' : String(value)}
      ?required=${!!options.required}
      aria-invalid=${f.invalid === name ? 'true' : 'false'}
      aria-describedby="feedback"
    />
  </div>`;
}

/** A labelled multi-line text, plain (templates, FAQ content as HTML the server sanitises). */
export function areaField(f: Fields, name: string, label: string, value: string | null | undefined): TemplateResult {
  return html`<div class="field">
    <label for=${name}>${label}</label>
    <textarea id=${name} name=${name} rows="4" .value=${value ?? ''} aria-invalid=${f.invalid === name ? 'true' : 'false'}></textarea>
  </div>`;
}

/** A checkbox with its label after it. */
export function checkField(name: string, label: string, checked: boolean): TemplateResult {
  return html`<div class="row check">
    <input id=${name} name=${name} type="checkbox" .checked=${checked} /><label for=${name}>${label}</label>
  </div>`;
}

/** A labelled select; each option [value, words]; `value` is chosen. */
export function selectField(
  f: Fields,
  name: string,
  label: string,
  options: [value: string, words: string][],
  value: string | null | undefined,
  multiple = false,
): TemplateResult {
  return html`<div class="field">
    <label for=${name}>${label}</label>
    <select id=${name} name=${name} ?multiple=${multiple} aria-invalid=${f.invalid === name ? 'true' : 'false'}>
      ${options.map(([v, words]) => html`<option value=${v} ?selected=${v === (value ?? '')}>${words}</option>`)}
    </select>
  </div>`;
}

/** The form's values by name: text trimmed (empty: undefined), numbers, checkboxes, multiple choices. */
export function formValues(form: HTMLFormElement) {
  const data = new FormData(form);
  const text = (name: string): string | undefined => (data.get(name) as string | null)?.trim() || undefined;
  return {
    text,
    /** Empty text clears the value on the server (null). */
    nullable: (name: string): string | null => text(name) ?? null,
    number: (name: string): number | undefined => (text(name) === undefined ? undefined : Number(text(name))),
    checked: (name: string): boolean => data.get(name) === 'on',
    all: (name: string): string[] => data.getAll(name) as string[],
  };
}
