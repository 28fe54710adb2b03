import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENTRY_BUDGET, measureModules, ON_DEMAND_BUDGET } from '../../portlet/bundle-sizes.js';
import { ensurePortletBuilt } from '../../test/e2e/portlet-browser.js';
import { useTestApp } from '../../test/fixture.js';
import { loadConfig } from '../config.js';
import { demoPage } from './demo-page.js';
import { portletDist } from './portlet.js';

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

  it('should serve the parts loaded on demand beside the bundle, kept a year (their names change with their content)', async () => {
    const parts = measureModules(portletDist()).filter((m) => m.name !== 'entry');
    expect(parts.map((p) => p.name)).toEqual(expect.arrayContaining(['staff', 'admin']));
    for (const file of parts.flatMap((p) => p.files)) {
      const res = await fetch(`${app.url}/portlet/${file}`, { headers: { origin: 'https://ent.univ.example.fr' } });
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/javascript/);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
    const entry = await fetch(`${app.url}/portlet/helpdesk-portlet.js`);
    expect(entry.headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('should keep the built entry and each part within their gzip budgets, the staff and admin parts out of the entry', () => {
    const [entry, ...parts] = measureModules(portletDist());
    expect(entry.name).toBe('entry');
    expect(entry.files).toEqual(['helpdesk-portlet.js']);
    expect(entry.bytes).toBeLessThanOrEqual(ENTRY_BUDGET);
    for (const part of parts) expect(part.bytes, part.name).toBeLessThanOrEqual(ON_DEMAND_BUDGET);
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

describe('the portlet budgets (portlet/bundle-sizes.ts)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'helpdesk-sizes-'));
  // Random bytes in base64 hardly compress: about three quarters of their length in gzip.
  const noise = (gzipBytes: number) => `/*${randomBytes(Math.ceil(gzipBytes / 0.76 / 4) * 3).toString('base64')}*/`;
  const write = (file: string, code: string) => writeFileSync(path.join(dir, file), code);

  it('should count what the entry imports at once in the entry, and in a part only what the entry did not load', () => {
    write('helpdesk-portlet.js', `import{a as b}from"./helpdesk-core-AAAAAAAA.js";const s=()=>import(\`./helpdesk-staff-BBBBBBBB.js\`);`);
    write('helpdesk-core-AAAAAAAA.js', `export const a=1;${noise(1_000)}`);
    write('helpdesk-staff-BBBBBBBB.js', `import{a}from"./helpdesk-core-AAAAAAAA.js";export{x}from"./helpdesk-shared-CCCCCCCC.js";`);
    write('helpdesk-shared-CCCCCCCC.js', `export const x=2;${noise(2_000)}`);
    const [entry, staff, ...rest] = measureModules(dir);
    expect(rest).toEqual([]);
    expect(entry.files).toEqual(['helpdesk-portlet.js', 'helpdesk-core-AAAAAAAA.js']);
    expect(staff.name).toBe('staff');
    expect(staff.files).toEqual(['helpdesk-staff-BBBBBBBB.js', 'helpdesk-shared-CCCCCCCC.js']);
    expect(staff.bytes).toBeGreaterThan(2_000);
    expect(entry.bytes).toBeLessThan(staff.bytes);
  });

  it('should hold the entry to 70,000 bytes and each part to 40,000, over the budget by a byte or a thousand', () => {
    write('helpdesk-portlet.js', `const s=()=>import(\`./helpdesk-admin-DDDDDDDD.js\`);${noise(71_000)}`);
    write('helpdesk-admin-DDDDDDDD.js', `export const y=3;${noise(41_000)}`);
    const [entry, admin] = measureModules(dir);
    expect(entry.bytes).toBeGreaterThan(ENTRY_BUDGET);
    expect(entry.budget).toBe(70_000);
    expect(admin.bytes).toBeGreaterThan(ON_DEMAND_BUDGET);
    expect(admin.budget).toBe(40_000);
    rmSync(dir, { recursive: true, force: true });
  });
});
