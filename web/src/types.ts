/** The chat protocol as the page sees it (the server's schemas live in src/server/protocol.ts). */
export interface Citation {
  file: string;
  startLine: number;
  endLine: number;
  title: string;
  text: string;
}

export type ServerMessage =
  | { type: 'token'; id: string; text: string }
  | { type: 'answer'; id: string; text: string; grounded: boolean; citations: Citation[] }
  | {
      type: 'question';
      id: string;
      questionId: string;
      text: string;
      kind: 'mcq' | 'open';
      options?: Array<{ label: string; text: string }>;
      lang: string;
    }
  | {
      type: 'grade';
      id: string;
      questionId: string | null;
      verdict: 'correct' | 'partial' | 'incorrect' | 'unknown';
      score: number;
      feedback: string;
      reference: string;
      citations: Citation[];
    }
  | { type: 'error'; id?: string; code: string; message: string };

export type ClientMessage =
  | { type: 'ask'; id: string; text: string }
  | { type: 'quiz'; id: string; lang?: string; topic?: string; kind?: 'mcq' | 'open' }
  | { type: 'answer'; id: string; questionId: string; text: string }
  | { type: 'reset'; id: string };
