import express, { type Request, type Response, type Router } from 'express';
import { NameBody } from '../contracts/http.js';
import { Lang } from '../contracts/ws.js';
import type { Learners } from '../learners/learners.js';
import { StudentRateLimit } from './rateLimit.js';

/**
 * `?lang=` of a request: the language asked for, or undefined when none was; null when it is not one
 * of ours, after answering 400.
 */
export function langQuery(req: Request, res: Response): Lang | undefined | null {
  if (req.query.lang === undefined) return undefined;
  const parsed = Lang.safeParse(req.query.lang);
  if (parsed.success) return parsed.data;
  res.status(400).json({ error: 'lang: one of nb, sv, da, en' });
  return null;
}

/** GET /api/progress (the student's own, by cookie) and PUT /api/progress/name. */
export function progressRoutes(learners: Learners): Router {
  const router = express.Router();
  const rate = new StudentRateLimit();
  router.use(async (_req, res, next) => {
    if (await rate.allow(res.locals.student)) return next();
    res.status(429).json({ error: 'too many requests; slow down' });
  });
  router.get('/', async (req, res) => {
    const lang = langQuery(req, res);
    if (lang === null) return;
    res.set('Cache-Control', 'no-store');
    res.json(await learners.progress(res.locals.student, lang));
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
