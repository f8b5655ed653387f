import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { log } from '../log.js';
import type { Course } from '../tutor/course.js';
import { createApp } from './app.js';
import { ChatHandler } from './chat.js';
import { LIMITS } from '../contracts/limits.js';
import type { Learners } from '../learners/learners.js';
import { StudentIdentity } from './identity.js';

export interface ServerOptions {
  course: Course;
  corpusDir: string;
  webDir: string;
  port: number;
  host: string;
  /** Students' progress; also keeps the cookie signing key every replica shares. */
  learners: Learners;
  /** The bearer token of the teacher endpoints. */
  teacherToken: string;
}

export interface RunningServer {
  url: string;
  port: number;
  chat: ChatHandler;
  /** Stop accepting, finish the replies in flight, then close. */
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const identity = new StudentIdentity(await options.learners.secret('cookie-secret'));
  const app = createApp({ ...options, identity });
  const server = http.createServer(app);
  const wss = new WebSocketServer({ server, path: '/ws', maxPayload: LIMITS.maxPayloadBytes });
  const chat = new ChatHandler(options.course, options.learners, identity);
  chat.attach(wss);
  wss.on('error', (error) => log.warn('websocket server error', { reason: error.message }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shown = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  const url = `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    chat,
    close() {
      closing ??= (async () => {
        server.close();
        for (const client of wss.clients) client.pause?.();
        await chat.whenIdle();
        for (const client of wss.clients) client.close(1001, 'server is shutting down');
        wss.close();
        server.closeAllConnections?.();
      })();
      return closing;
    },
  };
}
