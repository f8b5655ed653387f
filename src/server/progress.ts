import express, { type Router } from 'express';
import { NameBody } from '../contracts/http.js';
import type { Learners } from '../learners/learners.js';
import { StudentRateLimit } from './rateLimit.js';

/** GET /api/progress (the student's own, by cookie) and PUT /api/progress/name. */
export function progressRoutes(learners: Learners): Router {
  const router = express.Router();
  const rate = new StudentRateLimit();
  router.use(async (_req, res, next) => {
    if (await rate.allow(res.locals.student)) return next();
    res.status(429).json({ error: 'too many requests; slow down' });
  });
  router.get('/', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(await learners.progress(res.locals.student));
  });
  router.put('/name', express.json({ limit: '2kb' }), async (req, res) => {
    const parsed = NameBody.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: `name: ${parsed.error.issues[0]?.message ?? 'invalid'} (send {"name": "…"} or {"name": null})` });
      return;
    }
    await learners.rename(res.locals.student, parsed.data.name || null);
    res.json({ ok: true });
  });
  return router;
}
