import { html, type TemplateResult } from 'lit';

/**
 * The ARIA tabs pattern: one tab in the Tab order (the selected one), arrows move and select
 * (automatic activation), Home and End go to the ends; each panel names its tab and carries its title
 * for the printed page.
 */
export function tabs<T extends string>(
  name: string,
  all: readonly T[],
  selected: T,
  text: (tab: T) => string,
  select: (tab: T) => void,
  panel: (tab: T) => unknown,
): TemplateResult {
  const onKey = (e: KeyboardEvent): void => {
    const at = all.indexOf(selected);
    const next: Record<string, number> = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: all.length - 1 };
    if (!(e.key in next)) return;
    e.preventDefault();
    const tab = all[(next[e.key] + all.length) % all.length];
    select(tab);
    const list = e.currentTarget as HTMLElement;
    void Promise.resolve().then(() => list.querySelector<HTMLElement>(`#tab-${tab}`)?.focus());
  };
  return html`<div role="tablist" aria-label=${name} class="tabs noprint" @keydown=${onKey}>
      ${all.map(
        (tab) =>
          html`<button
            role="tab"
            id="tab-${tab}"
            aria-selected=${selected === tab}
            aria-controls="panel-${tab}"
            tabindex=${selected === tab ? 0 : -1}
            @click=${() => select(tab)}
          >
            ${text(tab)}
          </button>`,
      )}
    </div>
    ${all.map(
      (tab) =>
        html`<section role="tabpanel" id="panel-${tab}" aria-labelledby="tab-${tab}" tabindex="0" ?hidden=${selected !== tab}>
          <h3 class="printonly">${text(tab)}</h3>
          ${panel(tab)}
        </section>`,
    )}`;
}
