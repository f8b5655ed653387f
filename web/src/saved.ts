import type { Citation, ServerMessage } from './types.js';
import type { ExplanationView } from './thread.js';

type Question = Extract<ServerMessage, { type: 'question' }>;
type Grade = Extract<ServerMessage, { type: 'grade' }>;

export type Entry =
  | { kind: 'student'; text: string }
  | {
      kind: 'answer';
      text: string;
      citations: Citation[];
      explanation?: ExplanationView;
    }
  | { kind: 'error'; text: string }
  | { kind: 'card'; question: Question; answer?: string; grade?: Grade };

interface Saved {
  version: 1;
  entries: Entry[];
}

const KEY = 'course-tutor.conversation';

/**
 * The conversation, kept in this browser until "New conversation": a reload shows it again (the
 * score and history are the server's, by the student's cookie). Storage that is full, blocked or holds something unreadable never breaks the page.
 */
export class SavedConversation {
  private data: Saved;

  constructor() {
    this.data = SavedConversation.read() ?? { version: 1, entries: [] };
  }

  private static read(): Saved | undefined {
    try {
      const parsed = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Saved | null;
      return parsed?.version === 1 && Array.isArray(parsed.entries) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  get entries(): readonly Entry[] {
    return this.data.entries;
  }

  /** Adds an entry and returns its position, for updating it later (a card's grade). */
  add(entry: Entry): number {
    this.data.entries.push(entry);
    this.save();
    return this.data.entries.length - 1;
  }

  update(index: number, entry: Entry): void {
    this.data.entries[index] = entry;
    this.save();
  }

  clear(): void {
    this.data = { version: 1, entries: [] };
    try {
      localStorage.removeItem(KEY);
    } catch {
      // Storage blocked: nothing was kept.
    }
  }

  private save(): void {
    try {
      localStorage.setItem(KEY, JSON.stringify(this.data));
    } catch {
      // Full or blocked: the conversation still works, it just is not kept.
    }
  }
}
