import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { LIMITS } from '../contracts/limits.js';

/**
 * Messages per student, across all their tabs and connections (rate-limiter-flexible): a burst of
 * `rateBurst`, refilled at `ratePerSecond`. Replicas each keep their own count.
 */
export class StudentRateLimit {
  private readonly limiter = new RateLimiterMemory({
    points: LIMITS.rateBurst,
    duration: LIMITS.rateBurst / LIMITS.ratePerSecond,
  });

  /** Whether this student may send one more message now. */
  async allow(student: string): Promise<boolean> {
    try {
      await this.limiter.consume(student);
      return true;
    } catch (error) {
      if (error instanceof RateLimiterRes) return false;
      throw error;
    }
  }
}
