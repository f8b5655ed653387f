import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { StreamTextOptions } from '../llm/streamText.js';
import type { SearchResult } from '../retrieval/search.js';
import type { Lang } from '../types.js';
import { composeAnswer } from './answer/answer.js';
import { readInstructions } from './answer/explainPrompt.js';
import { explanationPassages, type ExplanationPassage } from './answer/passages.js';
import { explainAnswer, type Explanation } from './answer/explainAnswer.js';
import { cacheable, ExplanationCache, unitHashes } from './answer/explanationCache.js';
import type { SupportReading } from './answer/support.js';
import { QueueFullError, type PlacedLimiter } from '../queue.js';
import { grade, type GradeContext, type GradeInput, type GradeResult } from './grading/grade.js';
import { findReferences } from './grading/reference.js';
import type { MeaningJudge } from './grading/signals/meaning.js';
import type { CalibrationStatus, GradingCalibration } from './grading/calibrated.js';
import type { BankQuestion } from './knowledge/bank.js';
import type { CourseKnowledge } from './knowledge/courseKnowledge.js';
import { needsTopic, noExplanation, notCovered } from './messages/phrases.js';
import { drawGradable, type QuizRequest } from './quiz/draw.js';
import type { CoverageJudgement } from './scope/coverage.js';
import type { Scope } from './scope/scope.js';
import type { Citation, Turn } from './types.js';

export interface TutorAnswer {
  answer: string;
  grounded: boolean;
  citations: Citation[];
  lang: Lang;
  /** 'generative': written by the configured chat model; 'llm': an explanation (ask --explain). */
  composer: 'extractive' | 'generative' | 'llm' | 'refusal';
  /** The standalone question that was looked up (a follow-up rewritten or read with its topic). */
  query: string;
  /** How the question was looked up (not sent to clients). */
  phrasings?: string[];
}

export interface AskOptions {
  /** Receives answer text as the generative composer streams it. */
  onToken?: (text: string) => void;
  /** Compose extractively even when a chat model is configured (an explanation follows separately). */
  extractive?: boolean;
}

/** Receives the explanation as it is written; the signal stops it (what was written is kept). */
export type ExplainOptions = Pick<StreamTextOptions, 'onToken' | 'signal'> & {
  /** Told how many explanations go before this one, each time that changes while it waits. */
  onPlace?: (ahead: number) => void;
  /** Written for the cache when nobody waits (the local model stops it for any student's request). */
  background?: boolean;
};

/** An answer shown at once and the explanation that follows it (null: none was asked for or none can be written). */
export interface ExplainedAnswer {
  answer: TutorAnswer;
  explanation: Explanation | null;
  /** Said instead when an explanation was wanted but none could be used, in the student's language. */
  note?: string;
}

/** The parts a tutor is made of; the composition root (src/app/compose.ts) builds them. */
export interface TutorParts {
  knowledge: CourseKnowledge;
  scope: Scope;
  /** A configured chat model composes answers; null quotes the notes. */
  chat: BaseChatModel | null;
  /** Writes explanations: the configured chat model, else the local model; null when neither is there. */
  explainer: BaseChatModel | null;
  /** Reads the meaning of answers when grading; null grades with embeddings and rules only. */
  judge: MeaningJudge | null;
  /** The grading decision fitted on this course (null: conservative rules) and whether there is one. */
  calibration: GradingCalibration | null;
  calibrationStatus: CalibrationStatus;
  /** Explanations are written through these slots (one at a time on the local model), each waiting one told its place. */
  explanationSlots: PlacedLimiter;
  /** The class's explanations (files or the Postgres store); null keeps none. */
  explanationCache: ExplanationCache | null;
  /** The model's reading of whether a passage supports a sentence; null checks explanations by words only. */
  supportReading: SupportReading | null;
  /** Whether the language model has nothing to do now (background work waits for this). */
  modelIdle: () => boolean;
  /** Loads what the parts load lazily (the local language model); returns a failure instead of throwing. */
  warmModels: () => Promise<Error | undefined>;
}

/** One method per use case: ask (and explain), grade, quiz, search. */
export class Tutor {
  constructor(private readonly parts: TutorParts) {}

  get knowledge(): CourseKnowledge {
    return this.parts.knowledge;
  }
  get bank(): readonly BankQuestion[] {
    return this.parts.knowledge.bank;
  }
  get explainer(): BaseChatModel | null {
    return this.parts.explainer;
  }
  get judge(): MeaningJudge | null {
    return this.parts.judge;
  }
  /** Whether grading uses a decision fitted on this course (`npm run calibrate`). */
  get calibration(): CalibrationStatus {
    return this.parts.calibrationStatus;
  }
  /** Explanations a new one would wait behind. */
  get explanationsAhead(): number {
    return this.parts.explanationSlots.ahead;
  }
  /** Nobody is waiting on the language model (background work may use it). */
  get modelIdle(): boolean {
    return this.parts.explanationSlots.idle && this.parts.modelIdle();
  }
  get explanationCache(): ExplanationCache | null {
    return this.parts.explanationCache;
  }

  /** Embed and load what every answer, explanation and grade needs up front, so the first students do not wait; failures are returned. */
  async warm(): Promise<Error | undefined> {
    await this.parts.knowledge.warm();
    const failed = await this.parts.warmModels();
    if (!failed) await readInstructions(this.parts.explainer).catch(() => undefined);
    return failed;
  }

  async ask(question: string, history: readonly Turn[] = [], options: AskOptions = {}): Promise<TutorAnswer> {
    const examined = await this.parts.scope.examine(question, history);
    const { lang, query, phrasings } = examined;
    const refusal = (answer: string): TutorAnswer => ({ answer, grounded: false, citations: [], lang, composer: 'refusal', query });
    if (!examined.result) return refusal(needsTopic(lang));
    if (!examined.covered) return refusal(notCovered(lang));
    const composed = await composeAnswer(
      { scoreSentences: this.parts.knowledge.scoreSentences, chat: this.parts.chat },
      { question, query, lang, history, hits: examined.result.hits },
      options,
    );
    if (!composed) return refusal(notCovered(lang));
    return this.parts.knowledge.named({ ...composed, grounded: true, lang, query, phrasings });
  }

  /** The answer (given to `onAnswer` at once, quoting the notes), then its explanation by the language model. */
  async askAndExplain(
    question: string,
    history: readonly Turn[],
    options: ExplainOptions & { onAnswer?: (answer: TutorAnswer, explaining: boolean) => void } = {},
  ): Promise<ExplainedAnswer> {
    const answer = await this.ask(question, history, { extractive: this.parts.explainer !== null });
    const explaining = answer.grounded && this.parts.explainer !== null;
    options.onAnswer?.(answer, explaining);
    if (!explaining) return { answer, explanation: null };
    const explanation = await this.explain(answer, options);
    const usable = explanation && (explanation.composer === 'llm' || (options.signal?.aborted && explanation.text));
    return usable ? { answer, explanation } : { answer, explanation, note: noExplanation(answer.lang, explanation?.problem === 'busy') };
  }

  /**
   * An explanation of an answer's question from the retrieved passages only; null when it was refused
   * or no model is there. Served from the class's cache when another student's question found the
   * same passages in the same language; otherwise written in its turn and kept for the next student.
   */
  async explain(answer: TutorAnswer, options: ExplainOptions = {}): Promise<Explanation | null> {
    const explainer = this.parts.explainer;
    if (!answer.grounded || !explainer) return null;
    const { scope, knowledge, explanationSlots } = this.parts;
    const passages = await this.explanationPassagesOf(answer);
    const uncoveredTerms = await scope.uncoveredTerms(answer.query);
    // What the notes never mention is said per question, so such explanations are not shared.
    const cache = uncoveredTerms.length === 0 ? this.parts.explanationCache : null;
    const { key, sources } = ExplanationCache.keyOf(
      answer.lang,
      passages.map((p) => p.unitId),
      this.hashes,
    );
    const fromCache = async () => {
      const cached = await cache?.get(key);
      if (cached?.text) options.onToken?.(cached.text);
      return cached ?? null;
    };
    const found = await fromCache();
    if (found) return knowledge.named(found);
    const request = { query: answer.query, lang: answer.lang, passages, uncoveredTerms, firstQuote: answer.citations[0]?.text };
    const deps = { model: explainer, score: knowledge.scoreSupport, read: this.parts.supportReading };
    const write = async (): Promise<Explanation> => {
      // Another student's identical question may have been explained while this one waited.
      const written = (await fromCache()) ?? (await explainAnswer(deps, request, options));
      if (cache && !written.cached && cacheable(written)) await cache.put(key, sources, answer.lang, answer.query, written);
      return written;
    };
    // Background work takes no slot: a student's explanation stops it (the local model does) rather than waiting for it.
    if (options.background) return knowledge.named(await write());
    try {
      return knowledge.named(await explanationSlots.run(write, options.onPlace));
    } catch (error) {
      if (!(error instanceof QueueFullError)) throw error;
      return { composer: 'extractive', text: '', citations: [], lang: null, problem: 'busy', removedMarkers: [] };
    }
  }

  /** The passages an answer is explained from: with the language, the class's cache key (the eval measures how often a warmed one serves). */
  async explanationPassagesOf(answer: TutorAnswer): Promise<ExplanationPassage[]> {
    return explanationPassages((await this.parts.scope.lookUp(answer.phrasings ?? [answer.query])).hits);
  }

  private hashesMemo: ReturnType<typeof unitHashes> | undefined;
  /** Each unit's file, lines and text, hashed: the cache keys of this index build. */
  get hashes(): ReturnType<typeof unitHashes> {
    this.hashesMemo ??= unitHashes(this.parts.knowledge.retriever.chunks);
    return this.hashesMemo;
  }

  /** The passages for a query and whether the notes cover it, judged as `ask` judges it. */
  async search(query: string, k: number): Promise<{ result: SearchResult; covered: boolean }> {
    const examined = await this.parts.scope.examine(query, [], k);
    return { result: examined.result ?? (await this.parts.scope.lookUp([query], k)), covered: examined.covered };
  }

  /** Whether the notes cover what a search was for. */
  covers(result: SearchResult): Promise<CoverageJudgement> {
    return this.parts.scope.judge(result);
  }

  async grade(input: GradeInput, judge = this.parts.judge): Promise<GradeResult> {
    return this.parts.knowledge.named(await grade(this.gradeContext(judge), input));
  }

  /** The reference a question would be graded against (its question id and lines), or null when none is. */
  async referenceFor(question: string): Promise<BankQuestion | null> {
    const { knowledge, scope } = this.parts;
    const found = await findReferences(knowledge, question, scope.lookUpCovered, this.englishReading);
    return found[0]?.question ?? null;
  }

  private readonly englishReading = (question: string) => this.parts.scope.englishReading(question);
  private gradeContext(judge: MeaningJudge | null): GradeContext {
    return {
      knowledge: this.parts.knowledge,
      judge,
      lookUp: this.parts.scope.lookUpCovered,
      uncoveredTerms: (question) => this.parts.scope.uncoveredTerms(question),
      englishReading: this.englishReading,
      calibration: this.parts.calibration,
    };
  }

  /** An exam question the tutor can grade. */
  quiz(request: QuizRequest = {}): Promise<BankQuestion> {
    return drawGradable(this.parts.knowledge, this.parts.scope.covers, request);
  }
}
