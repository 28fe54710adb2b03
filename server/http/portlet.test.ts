import { beforeAll, describe, expect, it } from 'vitest';
import { ensurePortletBuilt } from '../../test/e2e/portlet-browser.js';
import { useTestApp } from '../../test/fixture.js';
import { loadConfig } from '../config.js';
import { demoPage } from './demo-page.js';

describe('the portlet bundle and the demo page', () => {
  beforeAll(() => ensurePortletBuilt(), 120_000);
  const app = useTestApp();

  it('should serve the demo ENT page with the portlet, the dev user picker, and no inline script (the CSP allows none)', async () => {
    const res = await fetch(`${app.url}/`);
    const page = await res.text();
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(page).toContain('<script type="module" src="/portlet/helpdesk-portlet.js"></script>');
    expect(page).toContain('<label for="demo-user">Utilisateur de démonstration</label>');
    expect(page).toContain('aria-current="page">Assistance</a>');
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page).not.toMatch(/\son[a-z]+=/);
    const picker = await fetch(`${app.url}/portlet/demo-user.js`);
    expect(picker.status).toBe(200);
    expect(await picker.text()).toContain("fetch('/auth/dev/token'");
  });

  it('should serve the bundle to any site (the ENT loads it as a module), and a missing file as NOT_FOUND', async () => {
    const res = await fetch(`${app.url}/portlet/helpdesk-portlet.js`, { headers: { origin: 'https://ent.univ.example.fr' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.text()).toContain('helpdesk-portlet');
    const missing = await fetch(`${app.url}/portlet/nope.js`);
    expect(missing.status).toBe(404);
  });

  it('should leave the picker out when sign-in is not the dev mode, and say how to build a missing bundle', () => {
    const dev = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgresql://x@127.0.0.1/x' });
    const oidc = { ...dev, authMode: 'oidc' as const };
    expect(demoPage(oidc, true)).toContain('<helpdesk-portlet></helpdesk-portlet>');
    expect(demoPage(oidc, true)).not.toContain('demo-user');
    expect(demoPage(dev, false)).toContain('npm run build:portlet');
    expect(demoPage(dev, false)).not.toContain('helpdesk-portlet.js');
  });
});
