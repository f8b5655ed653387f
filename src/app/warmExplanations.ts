import { BackgroundStoppedError } from '../llm/local.js';
import { log } from '../log.js';
import type { Course } from '../tutor/course.js';
import type { Tutor } from '../tutor/tutor.js';
import { Lang } from '../contracts/ws.js';
import { detectLanguage } from '../text/language.js';

/** How a glossary term is asked about in each language. */
const WHAT_IS: Record<Lang, (term: string) => string> = {
  en: (term) => `What is ${term}?`,
  nb: (term) => `Hva er ${term}?`,
  sv: (term) => `Vad är ${term}?`,
  da: (term) => `Hvad er ${term}?`,
};

/** How long to wait before looking again whether the model is idle. */
const IDLE_POLL_MS = 1000;

/** What a class asks first: the notes' own exam questions and their glossary terms, each in its own language. */
export function questionsOf(tutor: Tutor): string[] {
  const exam = tutor.bank.map((q) => q.text);
  const glossary = tutor.knowledge.references
    .filter((r) => r.origin === 'glossary' && r.text.trim())
    .map((r) => WHAT_IS[r.lang](r.text.trim()));
  return [...new Set([...exam, ...glossary])];
}

const LANGUAGES = Lang.options;

/** One explanation to write: a question, explained in a language (its own, or another a student may ask in). */
interface WarmTask {
  question: string;
  /** null: the question's own language. */
  lang: Lang | null;
}

/**
 * Every question in its own language first, then in the other three: a class asks in all four, and
 * the cache is keyed by the language and the passages, so a student who asks the same thing in
 * another language (finding the same passages) is served too.
 */
function tasksOf(questions: string[]): WarmTask[] {
  const own = questions.map((question) => ({ question, lang: null }));
  const others = questions.flatMap((question) =>
    LANGUAGES.filter((lang) => lang !== detectLanguage(question)).map((lang) => ({ question, lang })),
  );
  return [...own, ...others];
}

/**
 * Fills the class's explanation cache while nobody needs the language model: each bank question and
 * glossary term is answered and explained at the lowest priority, one at a time, only when the model
 * is idle; a student's request stops the one being written (it is tried again later). Progress is
 * logged by tenths. A new index build (the notes changed) starts it over on the new tutor.
 */
export class ExplanationWarmer {
  private generation = 0;
  private running: Promise<void> | undefined;

  constructor(private readonly course: Course) {}

  start(): void {
    const generation = ++this.generation;
    const tutor = this.course.tutor;
    if (!tutor.explainer || !tutor.explanationCache) return;
    const previous = this.running ?? Promise.resolve();
    this.running = previous
      .then(() => this.warm(tutor, generation))
      .catch((error: Error) => log.warn('warming explanations failed', { reason: error.message }));
  }

  stop(): void {
    this.generation++;
  }

  /** Resolves when no warming is running (tests). */
  async settled(): Promise<void> {
    while (this.running) {
      const running = this.running;
      await running;
      if (running === this.running) this.running = undefined;
    }
  }

  private current(generation: number, tutor: Tutor): boolean {
    return generation === this.generation && this.course.tutor === tutor;
  }

  private async idle(tutor: Tutor, generation: number): Promise<boolean> {
    while (!tutor.modelIdle) {
      if (!this.current(generation, tutor)) return false;
      await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
    }
    return this.current(generation, tutor);
  }

  private async warm(tutor: Tutor, generation: number): Promise<void> {
    const questions = questionsOf(tutor);
    const tasks = tasksOf(questions);
    const started = Date.now();
    let explained = 0;
    let shown = 0;
    log.info('warming the explanation cache in idle time', { questions: questions.length, explanations: tasks.length });
    for (let i = 0; i < tasks.length; i++) {
      if (!(await this.idle(tutor, generation))) return;
      const { question, lang } = tasks[i]!;
      try {
        const answer = await tutor.ask(question, [], { extractive: true });
        const explanation = await tutor.explain(lang ? { ...answer, lang } : answer, { background: true });
        if (explanation?.composer === 'llm' && !explanation.cached) explained++;
      } catch (error) {
        if (!(error instanceof BackgroundStoppedError)) throw error;
        i--; // a student needed the model: this one again, once it is idle
        continue;
      }
      const tenth = Math.floor((10 * (i + 1)) / tasks.length);
      if (tenth > shown) {
        shown = tenth;
        log.info('warming explanations', { done: i + 1, total: tasks.length, explained, ms: Date.now() - started });
      }
    }
  }
}
