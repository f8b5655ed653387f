import type { WebSocket } from 'ws';
import type { ServerMessage } from '../contracts/ws.js';

/** A client that leaves this much unread is dropped rather than buffered without end. */
const MAX_UNREAD_BYTES = 2 * 1024 * 1024;
/** Streamed text is sent in groups: when this many characters wait, or after FLUSH_MS. */
const FLUSH_CHARS = 48;
const FLUSH_MS = 40;

export function send(socket: WebSocket, message: ServerMessage): void {
  if (socket.readyState !== socket.OPEN) return;
  if (socket.bufferedAmount > MAX_UNREAD_BYTES) {
    socket.close(1008, 'client is not reading its messages');
    return;
  }
  socket.send(JSON.stringify(message));
}

/** Groups streamed text into token frames instead of one frame per fragment. */
export class TokenBatcher {
  private buffer = '';
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly emit: (text: string) => void) {}
  push(text: string): void {
    this.buffer += text;
    if (this.buffer.length >= FLUSH_CHARS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer) this.emit(this.buffer);
    this.buffer = '';
  }
}
