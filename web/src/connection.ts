import { t } from './i18n.js';
import type { ClientMessage, MessageId, ServerMessage } from './types.js';

export type ConnectionState = 'connecting' | 'open' | 'closed';

interface Pending {
  message: ClientMessage;
  onMessage: (message: ServerMessage) => void;
  /** The answer came (an explanation is still on its way): never send the question again. */
  answered?: boolean;
}

/**
 * One WebSocket to /ws that reconnects by itself (backing off up to 10 s). Requests still waiting
 * for their final reply when the connection drops are sent again once it is back.
 */
export class Connection {
  private socket: WebSocket | undefined;
  private pending = new Map<MessageId, Pending>();
  private retryMs = 500;
  private counter = 0;

  constructor(private readonly onState: (state: ConnectionState, detail?: string) => void) {}

  nextId(): string {
    this.counter += 1;
    return `c${this.counter}`;
  }

  connect(): void {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
    this.onState('connecting');
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.retryMs = 500;
      this.onState('open');
      for (const [id, pending] of this.pending) {
        if (!pending.answered) {
          socket.send(JSON.stringify(pending.message));
          continue;
        }
        // The explanation being written was lost with the connection: say so, do not ask again.
        this.pending.delete(id);
        pending.onMessage({
          type: 'explanation',
          id,
          composer: 'extractive',
          text: '',
          citations: [],
          note: t('explanationLost'),
        });
      }
    });
    socket.addEventListener('message', (event) => this.dispatch(event.data));
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      const wait = this.retryMs;
      this.retryMs = Math.min(this.retryMs * 2, 10_000);
      this.onState('closed', String(Math.round(wait / 1000) || 1));
      window.setTimeout(() => this.connect(), wait);
    });
  }

  /** Send a message that gets no reply of its own (stop). */
  send(message: ClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  /** Send a request; onMessage gets its token frames and its final reply (an answer, then its explanation when one was promised). */
  request(message: ClientMessage, onMessage: (message: ServerMessage) => void): void {
    this.pending.set(message.id, { message, onMessage });
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private dispatch(data: unknown): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(String(data)) as ServerMessage;
    } catch {
      return;
    }
    const id = 'id' in message ? message.id : undefined;
    const pending = id === undefined ? undefined : this.pending.get(id);
    if (!pending) return;
    if (message.type === 'answer' && message.explaining) pending.answered = true;
    else if (message.type !== 'token' && message.type !== 'waiting') this.pending.delete(id!);
    pending.onMessage(message);
  }
}
