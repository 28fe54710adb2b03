import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import type { Config } from '../config.js';
import { DEMO_USER_SCRIPT, demoPage } from './demo-page.js';

/** Where `npm run build:portlet` writes the bundle: portlet/dist under the package root (from server/ and dist/server/ alike). */
export function portletDist(from = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'portlet', 'dist');
}

/** A part loaded on demand (`helpdesk-staff-Bx3k9_Qa.js`): its name changes with its content. */
const HASHED = /^helpdesk-[\w-]+-[\w-]{8}\.js(\.map)?$/;

/**
 * The portlet bundle at `/portlet/helpdesk-portlet.js` and the parts it loads on demand beside it (any
 * site may load them: the ENT embeds it), and the demo page at `/`, which plays the ENT around it.
 */
export function portletRouter(config: Config): Router {
  const dist = portletDist();
  const router = Router();
  router.get('/', (_req, res) => {
    res.type('html').send(demoPage(config, existsSync(path.join(dist, 'helpdesk-portlet.js'))));
  });
  if (config.authMode === 'dev') router.get('/portlet/demo-user.js', (_req, res) => void res.type('js').send(DEMO_USER_SCRIPT));
  router.use(
    '/portlet',
    express.static(dist, {
      index: false,
      // The ENT caches the entry briefly and revalidates (ETag): a new release shows within minutes. A
      // part's file never changes under its name, so it is kept for a year.
      maxAge: '5m',
      setHeaders: (res, file) => {
        res.setHeader('access-control-allow-origin', '*');
        if (HASHED.test(path.basename(file))) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  return router;
}
