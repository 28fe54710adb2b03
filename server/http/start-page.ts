import type { Config } from '../config.js';

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page at `/`: what this server is and where its parts are (the portlet demo comes with the portlet). */
export function startPage(config: Config): string {
  const url = escape(config.publicUrl);
  const dev =
    config.authMode === 'dev'
      ? `<p>Mode développement : <code>POST ${url}/auth/dev/token</code> avec <code>{"uid": "alice"}</code> donne un jeton pour un utilisateur de démonstration
      (<code>alice</code>, <code>bob</code>, <code>gestionnaire</code>, <code>superviseur</code>, <code>admin</code>).</p>`
      : '';
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Assistance utilisateurs</title></head>
<body><main>
<h1>Assistance utilisateurs</h1>
<p>Le service d'assistance de l'ENT : déposez un ticket, suivez-le jusqu'à sa résolution.</p>
<ul>
<li>API GraphQL : <a href="${url}/graphql">${url}/graphql</a></li>
<li>État : <a href="${url}/healthz">/healthz</a>, <a href="${url}/readyz">/readyz</a></li>
</ul>
${dev}
</main></body></html>`;
}
