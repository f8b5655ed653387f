import crypto from 'node:crypto';
import type { RequestHandler } from 'express';
import { RateLimiterMemory } from 'rate-limiter-flexible';

/** Wrong tokens an address may send per window before it is refused for the rest of it. */
const BAD_TOKENS = 10;
const WINDOW_S = 15 * 60;

const digest = (text: string) => crypto.createHash('sha256').update(text).digest();

/**
 * Every teacher endpoint: `Authorization: Bearer <token>`, compared in constant time (as digests, so
 * lengths leak nothing). Without it, 401; an address that keeps sending wrong tokens is refused with
 * 429 until its window passes, even with the right one.
 */
export function teacherAuth(token: string): RequestHandler {
  const expected = digest(token);
  const failures = new RateLimiterMemory({ points: BAD_TOKENS, duration: WINDOW_S });
  return async (req, res, next) => {
    const address = req.socket.remoteAddress ?? 'unknown';
    const seen = await failures.get(address);
    if (seen && seen.consumedPoints >= BAD_TOKENS) {
      res.set('Retry-After', String(Math.ceil(seen.msBeforeNext / 1000)));
      res.status(429).json({ error: 'too many wrong teacher tokens from this address; wait and try again' });
      return;
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (match && crypto.timingSafeEqual(digest(match[1]!), expected)) {
      next();
      return;
    }
    if (match) await failures.penalty(address, 1);
    res.set('WWW-Authenticate', 'Bearer realm="teacher"');
    res.status(401).json({ error: 'teacher token required (Authorization: Bearer <token>)' });
  };
}
