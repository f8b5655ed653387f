/** Limits of the chat protocol, enforced at the server's boundary and shown by the page (no zod here: the page imports it). */
export const LIMITS = {
  /** Largest WebSocket frame accepted; bigger frames close the socket with 1009. */
  maxPayloadBytes: 64 * 1024,
  /** Longest question or answer text. */
  maxTextChars: 4000,
  /** Messages waiting per connection before new ones are refused with "busy". */
  maxQueue: 16,
  /** Token bucket per connection: burst size and refill per second. */
  rateBurst: 30,
  ratePerSecond: 3,
};
