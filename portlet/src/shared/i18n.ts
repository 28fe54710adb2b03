import { fr, type Messages } from './fr.js';

/** The languages the portlet speaks; the server's `labels(lang)` speaks the same ones. */
export type Lang = 'fr' | 'en';

const catalogues: Partial<Record<Lang, Messages>> = { fr };
// French, the reference, is in the bundle; another language is a chunk loaded on first use.
const loaders: Record<Exclude<Lang, 'fr'>, () => Promise<Messages>> = { en: () => import('./en.js').then((m) => m.en) };
const loading = new Map<Lang, Promise<Messages>>();

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

/**
 * The portlet's own words in one language; until a language other than French has arrived (one small
 * request), French, and `loaded` runs once it is there (the element renders again).
 */
export function messages(lang: Lang, loaded?: () => void): Messages {
  const known = catalogues[lang];
  if (known) return known;
  let pending = loading.get(lang);
  if (!pending) {
    pending = loaders[lang as 'en']().then((words) => (catalogues[lang] = words));
    // A failed load is tried again at the next render.
    pending.catch(() => loading.delete(lang));
    loading.set(lang, pending);
  }
  if (loaded) pending.then(loaded, () => undefined);
  return fr;
}

/** Dates as people of that language read them ("29/11/2026 14:05"). */
export function formatDate(lang: Lang, iso: string | null | undefined): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });
}
