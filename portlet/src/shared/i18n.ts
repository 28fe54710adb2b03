import { en } from './en.js';
import { fr, type Messages } from './fr.js';

/** The languages the portlet speaks; the server's `labels(lang)` speaks the same ones. */
export type Lang = 'fr' | 'en';

const catalogues: Record<Lang, Messages> = { fr, en };

/** The language to speak: the element's `lang`, else the nearest ancestor's (through shadow roots), else the page's, else French. */
export function resolveLang(element: Element): Lang {
  let node: Node | null = element;
  while (node) {
    if (node instanceof Element && node.getAttribute('lang'))
      return node.getAttribute('lang')!.toLowerCase().startsWith('en') ? 'en' : 'fr';
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return 'fr';
}

/** The portlet's own words in one language. */
export function messages(lang: Lang): Messages {
  return catalogues[lang];
}

/** Dates as people of that language read them ("29/11/2026 14:05"). */
export function formatDate(lang: Lang, iso: string | null | undefined): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });
}
