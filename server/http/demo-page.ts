import type { Config } from '../config.js';

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// The demo catalogue's people (server/seed/seed.ts), for the dev-mode picker.
const DEMO_USERS: [uid: string, who: string][] = [
  ['alice', 'Alice Martin — étudiante'],
  ['bob', 'Bob Durand — étudiant'],
  ['gestionnaire', 'Gaëlle Gestionnaire — gestionnaire DNUM'],
  ['superviseur', 'Sylvain Superviseur — superviseur DNUM'],
  ['admin', 'Administrateur'],
];

const STYLE = `
  body { margin: 0; font: 1rem/1.5 system-ui, sans-serif; background: #eef1f5; color: #1e1e1e; }
  .ent-header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; justify-content: space-between;
    padding: .75rem 1.5rem; background: #1d4f91; color: #fff; }
  .ent-header p { margin: 0; font-weight: 700; font-size: 1.1rem; }
  .ent-header label { font-weight: 600; margin-right: .5rem; }
  .ent-header select { font: inherit; padding: .2rem; }
  .ent-tabs ul { display: flex; flex-wrap: wrap; gap: .25rem; margin: 0; padding: 0 1.5rem; list-style: none; background: #163d70; }
  .ent-tabs li > * { display: block; padding: .5rem 1rem; color: #fff; text-decoration: none; }
  .ent-tabs [aria-current] { background: #eef1f5; color: #163d70; font-weight: 700; }
  main { max-width: 72rem; margin: 1.5rem auto; padding: 1.5rem; background: #fff; border-radius: 6px; }
  main h1 { margin-top: 0; font-size: 1.5rem; }
  .warning { padding: .75rem; border-left: 4px solid #b00020; background: #fff4f4; }
  :focus-visible { outline: 3px solid #e07b00; outline-offset: 2px; }
  @media print { .ent-header, .ent-tabs { display: none; } main { margin: 0; padding: 0; } body { background: #fff; } }`;

/**
 * Dev mode's picker, served at /portlet/demo-user.js (the page's CSP allows no inline script): it asks
 * `POST /auth/dev/token` for the chosen user's token, then puts the portlet in the page with it, so the
 * portlet never speaks without a user.
 */
export const DEMO_USER_SCRIPT = `const picker = document.getElementById('demo-user');
const slot = document.getElementById('portlet-slot');
let portlet;
async function signIn(uid) {
  const res = await fetch('/auth/dev/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ uid }) });
  const { token } = await res.json();
  localStorage.setItem('helpdesk-demo-uid', uid);
  if (!portlet) {
    portlet = document.createElement('helpdesk-portlet');
    portlet.token = token;
    slot.replaceChildren(portlet);
  } else portlet.token = token;
}
picker.value = localStorage.getItem('helpdesk-demo-uid') || 'alice';
picker.addEventListener('change', () => signIn(picker.value));
signIn(picker.value);
`;

/**
 * The page at `/`: it plays the ENT (its header, its tabs, "Assistance" open) around the portlet, with
 * a demo-user picker in dev mode. Without the built bundle it says how to build it.
 */
export function demoPage(config: Config, bundleBuilt: boolean): string {
  const dev = config.authMode === 'dev';
  const picker = dev
    ? `<form><label for="demo-user">Utilisateur de démonstration</label><select id="demo-user">${DEMO_USERS.map(
        ([uid, who]) => `<option value="${uid}">${escape(who)}</option>`,
      ).join('')}</select></form>`
    : '';
  const portlet = !bundleBuilt
    ? `<p class="warning">Le portlet n'est pas construit : lancez <code>npm run build:portlet</code>.</p>`
    : dev
      ? '<div id="portlet-slot"></div>'
      : '<helpdesk-portlet></helpdesk-portlet>';
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Assistance — ENT</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
${bundleBuilt ? '<script type="module" src="/portlet/helpdesk-portlet.js"></script>' : ''}
</head><body>
<header class="ent-header"><p>ENT · Université de démonstration</p>${picker}</header>
<nav class="ent-tabs" aria-label="ENT"><ul>
<li><span>Accueil</span></li><li><span>Scolarité</span></li><li><span>Messagerie</span></li>
<li><a href="/" aria-current="page">Assistance</a></li>${!config.production && !config.mail.smtpUrl ? '<li><a href="/dev/mail">Courriels envoyés</a></li>' : ''}</ul></nav>
<main><h1>Assistance utilisateurs</h1>
${portlet}
</main>
${dev && bundleBuilt ? '<script type="module" src="/portlet/demo-user.js"></script>' : ''}
</body></html>`;
}
