const dropped = 'script,style,iframe,object,embed,link,meta,form,input,button,textarea,select';

/**
 * Makes HTML safe to edit in this page (templates, pasted text, the Source view): no scripts, no event
 * handlers, no javascript: links. The server's sanitiser stays the rule for what is stored and shown.
 */
export function inertHtml(html: string): string {
  const template = document.createElement('template');
  template.innerHTML = html;
  template.content.querySelectorAll(dropped).forEach((el) => el.remove());
  for (const el of template.content.querySelectorAll('*')) {
    for (const { name, value } of [...el.attributes]) {
      if (
        name.startsWith('on') ||
        (/^(href|src|xlink:href|action|formaction)$/.test(name) && /^\s*(javascript|data|vbscript):/i.test(value))
      )
        el.removeAttribute(name);
    }
  }
  return template.innerHTML;
}

/** Whether a message says nothing (only spaces and empty tags, no image). */
export function isBlank(html: string): boolean {
  const template = document.createElement('template');
  template.innerHTML = html;
  return !template.content.textContent.trim() && !template.content.querySelector('img');
}
