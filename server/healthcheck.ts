import { loadConfig } from './config.js';

/**
 * The image's HEALTHCHECK (Dockerfile): exits 0 when this container's /readyz answers 200 within
 * 4 s, 1 otherwise. A file of its own because the slim base image has neither curl nor wget.
 */
const controller = new AbortController();
setTimeout(() => controller.abort(), 4000).unref();
fetch(`http://127.0.0.1:${loadConfig().port}/readyz`, { signal: controller.signal }).then(
  (res) => process.exit(res.ok ? 0 : 1),
  () => process.exit(1),
);
