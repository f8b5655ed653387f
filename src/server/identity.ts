import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { parse as parseCookies } from 'cookie';
import cookieParser from 'cookie-parser';
import type { RequestHandler } from 'express';

/** The signed cookie that carries an anonymous student's id. */
export const STUDENT_COOKIE = 'tutor_student';
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;
const STUDENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

declare module 'express-serve-static-core' {
  interface Locals {
    /** The student this request is from: the cookie's, or a new anonymous one (and the cookie is set). */
    student: string;
  }
}

/**
 * Students without accounts: an id in a signed, HttpOnly, SameSite=Lax cookie. A missing, unsigned
 * or forged cookie makes a new anonymous student, never someone else.
 */
export class StudentIdentity {
  constructor(private readonly secret: string) {}

  private verified(value: unknown): string | null {
    // signedCookie() passes a value without the "s:" prefix through unchecked: such a cookie is unsigned.
    if (typeof value !== 'string' || !value.startsWith('s:')) return null;
    const id = cookieParser.signedCookie(value, this.secret);
    return typeof id === 'string' && STUDENT_ID.test(id) ? id : null;
  }

  /** Express: reads the cookie, or makes a student and sets it on the response. */
  middleware(): RequestHandler[] {
    return [
      cookieParser(this.secret),
      (req, res, next) => {
        const signed = (req.signedCookies as Record<string, unknown>)[STUDENT_COOKIE];
        let student = typeof signed === 'string' && STUDENT_ID.test(signed) ? signed : null;
        if (!student) {
          student = crypto.randomUUID();
          res.cookie(STUDENT_COOKIE, student, {
            signed: true,
            httpOnly: true,
            sameSite: 'lax',
            secure: req.secure,
            path: '/',
            maxAge: ONE_YEAR_MS,
          });
        }
        res.locals.student = student;
        next();
      },
    ];
  }

  /** The student of a WebSocket upgrade (its Cookie header), or a new anonymous one. */
  ofUpgrade(request: IncomingMessage): { student: string; known: boolean } {
    const header = request.headers.cookie;
    const value = header ? parseCookies(header)[STUDENT_COOKIE] : undefined;
    const student = this.verified(value);
    return student ? { student, known: true } : { student: crypto.randomUUID(), known: false };
  }
}
