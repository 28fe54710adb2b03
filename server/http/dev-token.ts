import type { MikroORM } from '@mikro-orm/postgresql';
import { Router } from 'express';
import type { DevTokenIssuer } from '../auth/tokens.js';
import { BadInputError } from '../errors.js';
import { User } from '../model/user.entity.js';
import { sendError } from './json-errors.js';

const UID = /^[A-Za-z0-9._@-]{1,64}$/;

/** Dev mode only: `POST /auth/dev/token {"uid": "alice"}` → a token that goes through the production verification path. */
export function devTokenRouter(issuer: DevTokenIssuer, orm: MikroORM): Router {
  const router = Router();
  router.post('/token', async (req, res, next) => {
    try {
      const uid: unknown = (req.body as { uid?: unknown } | undefined)?.uid;
      if (typeof uid !== 'string' || !UID.test(uid)) {
        sendError(res, new BadInputError('uid must be 1–64 letters, digits or . _ @ -', 'uid', 400));
        return;
      }
      // Known demo users keep their name and email; any other uid is a new user at first request.
      const user = await orm.em.fork().findOne(User, { uid });
      const token = await issuer.sign({
        uid,
        name: user?.displayName ?? uid,
        ...(user?.email ? { email: user.email } : {}),
        locale: user?.locale ?? 'fr',
      });
      res.json({ token });
    } catch (error) {
      next(error);
    }
  });
  router.get('/jwks.json', (_req, res) => void res.json(issuer.jwks()));
  return router;
}
