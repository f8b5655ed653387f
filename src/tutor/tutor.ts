import type { Embedder } from '../embed/embedder.js';
import { stemRecall } from '../text/analyze.js';
import { detectLanguage } from '../ingest/language.js';
import type { Retriever } from '../retrieval/search.js';
import type { Lang } from '../types.js';
import { extractQuestionBank, glossaryReferences, type BankQuestion } from './knowledge/bank.js';
import { composeExtractive, type Citation, type SentenceScorer } from './answer/extractive.js';
import { isFollowUp, lastTopic, standaloneQuestion, type Turn } from './scope/followup.js';
import { createChatModel, generateAnswer } from './answer/generative.js';
import type { LlmConfig } from '../config.js';
import { log } from '../log.js';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { grade, type GradeInput, type GradeResult } from './grading/grade.js';
import { buildKeyPointPool, type KeyPointPool } from './knowledge/keypoints.js';
import { needsTopic, notCovered, notMentioned } from './messages/phrases.js';
import { answerSentences } from './knowledge/sentences.js';
import { drawQuestion, type QuizRequest } from './quiz/draw.js';
import { cosine } from '../text/vectors.js';
import { LocalLlmBusyError, type LocalLlm } from '../llm/local.js';
import { CourseVocabulary, unknownSubjectWords } from './knowledge/vocabulary.js';
import { judgeCoverage, untranslated, type CoverageJudgement } from './scope/coverage.js';
import { QuestionReader } from './scope/questionReader.js';
import { groundingScore } from '../retrieval/grounding.js';
import { fuseResults, type SearchResult } from '../retrieval/search.js';
import { sourceNames } from './knowledge/sources.js';
import { localMeaningJudge, remoteMeaningJudge, type MeaningJudge } from './grading/signals/meaning.js';
import { LocalChatModel } from '../llm/localChatModel.js';
import { explain, type Explanation } from './answer/explain.js';
import type { SupportScorer } from './answer/attribute.js';

export interface TutorAnswer {
  answer: string;
  grounded: boolean;
  citations: Citation[];
  /** Language the student wrote in. */
  lang: Lang;
  /** 'generative': written by the configured chat model; 'llm': an explanation (ask --explain). */
  composer: 'extractive' | 'generative' | 'llm' | 'refusal';
  /** The standalone question that was looked up (a follow-up rewritten or read with its topic). */
  query: string;
  /** How the question was looked up, when more than one way (a rewritten follow-up and the rule's reading); not sent to clients. */
  phrasings?: string[];
}

let noJudgeWarned = false;

/** The language models a tutor may use; each is optional. */
export interface TutorModels {
  /** A chat model behind TUTOR_LLM_BASE_URL: composes answers and judges grading. */
  chat?: LlmConfig | null;
  /** The embedded local model: judges grading when no chat model is configured. */
  localLlm?: LocalLlm | null;
}

export interface AskOptions {
  /** Receives answer text as the generative composer streams it. */
  onToken?: (text: string) => void;
  /** Compose extractively even when a chat model is configured (an explanation follows separately). */
  extractive?: boolean;
}

export interface ExplainOptions {
  onToken?: (text: string) => void;
  signal?: AbortSignal;
}

export class Tutor {
  readonly retriever: Retriever;
  readonly bank: BankQuestion[];
  readonly references: BankQuestion[];
  readonly vocabulary: CourseVocabulary;
  /** Readable names of the course files, for citations. */
  readonly sources: Map<string, string>;
  private readonly chat: BaseChatModel | null;
  /** Reads the meaning of answers when grading; null grades with embeddings and rules only. */
  readonly judge: MeaningJudge | null;
  private readonly localLlm: LocalLlm | null;
  /** Writes explanations: the configured chat model, else the local model; null when neither is there. */
  readonly explainer: BaseChatModel | null;
  /** Reads questions and rewrites follow-ups with the explaining model; null without one. */
  private readonly reader: QuestionReader | null;
  private fallbackLogged = false;

  constructor(
    retriever: Retriever,
    readonly embedder: Embedder | null,
    models: TutorModels = {},
  ) {
    this.retriever = retriever;
    this.bank = extractQuestionBank(retriever.chunks);
    this.references = [...this.bank, ...glossaryReferences(retriever.chunks)];
    this.vocabulary = new CourseVocabulary(retriever.chunks);
    this.sources = sourceNames(retriever.chunks);
    const llm = models.chat ?? null;
    this.chat = llm ? createChatModel(llm) : null;
    if (llm) log.info('generative composer configured', { provider: llm.provider, baseUrl: llm.baseUrl, model: llm.model });
    this.localLlm = models.localLlm?.installed ? models.localLlm : null;
    this.explainer = this.chat ?? (this.localLlm ? new LocalChatModel(this.localLlm) : null);
    const localLlm = this.localLlm;
    this.reader = this.explainer ? new QuestionReader(this.explainer, this.chat || !localLlm ? undefined : () => localLlm.warm()) : null;
    // A verdict is one structured reply: the judge asks without streaming.
    this.judge = llm
      ? remoteMeaningJudge(createChatModel(llm, { streaming: false }))
      : this.localLlm
        ? localMeaningJudge(this.localLlm)
        : null;
    if (!this.judge && !noJudgeWarned) {
      noJudgeWarned = true;
      log.warn(
        'no language model for grading (run `npm run setup-models`); open answers are graded by embeddings and rules only, which is less reliable',
      );
    }
  }

  /** Passage embeddings of answer sentences: the notes are finite, so each is computed once. */
  private readonly sentenceVectors = new Map<string, Float32Array>();

  readonly scoreSentences: SentenceScorer = async (question, sentences) =>
    sentences.length === 0 ? [] : ((await this.scoreSupport([question], sentences))[0] ?? []);

  /**
   * Each query-side text against each passage-side text: e5 similarity (passage vectors cached: the
   * notes are finite), or shared stems without a model. Extractive answers rank answer sentences with
   * it; explanations check that a passage supports each sentence.
   */
  private readonly scoreSupport: SupportScorer = async (sentences, passages) => {
    if (!this.embedder || !this.retriever.denseAvailable) return sentences.map((s) => passages.map((p) => stemRecall(s, p)));
    const missing = [...new Set(passages.filter((p) => !this.sentenceVectors.has(p)))];
    const [queries, vectors] = await Promise.all([this.embedder.embedQueries(sentences), this.embedder.embedPassages(missing)]);
    missing.forEach((text, i) => this.sentenceVectors.set(text, vectors[i]!));
    return queries.map((query) => passages.map((p) => cosine(query, this.sentenceVectors.get(p)!)));
  };

  /** Embed what every answer and grade needs up front, so the first students do not wait. */
  async warm(): Promise<void> {
    await this.retriever.search('warm-up');
    const sentences = this.retriever.chunks.flatMap((chunk) =>
      answerSentences(chunk, chunk.answerStartLine ?? chunk.startLine).map((s) => s.text),
    );
    await this.scoreSentences('warm-up', sentences);
    await this.keyPoints();
    const failed = await this.localLlm?.warm();
    if (failed) log.warn('the local language model could not be loaded; grading without it is less reliable', { reason: failed.message });
  }

  private pool: Promise<KeyPointPool> | undefined;

  /** Key points of the whole course, embedded on first use (call at start-up to warm it). */
  keyPoints(): Promise<KeyPointPool> {
    if (!this.embedder) return Promise.resolve({ sentences: [], vectors: [] });
    this.pool ??= buildKeyPointPool(this.embedder, this.retriever.chunks);
    return this.pool;
  }

  /**
   * An exam question to answer. Only questions the tutor can grade are drawn: an open question whose
   * reference is code alone has no key points to compare an answer with (it would come back "not in
   * the notes").
   */
  async quiz(request: QuizRequest = {}): Promise<BankQuestion> {
    const pool = await this.keyPoints();
    const withKeyPoints = new Set(pool.sentences.map((s) => s.unitId));
    const gradable =
      this.embedder && this.retriever.denseAvailable ? this.bank.filter((q) => q.kind === 'mcq' || withKeyPoints.has(q.unitId)) : this.bank;
    return drawQuestion(gradable, this.retriever, this.scoreTopic, request);
  }

  private readonly questionVectors = new Map<string, Float32Array>();

  /** Text ↔ question-text similarity (embeddings cached per question), or word overlap without a model. */
  private readonly scoreTopic = async (topic: string, questions: readonly BankQuestion[]): Promise<number[]> => {
    if (!this.embedder || !this.retriever.denseAvailable) return questions.map((q) => stemRecall(topic, `${q.text} ${q.reference}`));
    const vectors = this.questionVectors;
    const missing = questions.filter((q) => !vectors.has(q.id));
    if (missing.length > 0) {
      const embedded = await this.embedder.embedQueries(missing.map((q) => q.text));
      missing.forEach((q, i) => vectors.set(q.id, embedded[i]!));
    }
    const [topicVector] = await this.embedder.embedQueries([topic]);
    return questions.map((q) => cosine(topicVector!, vectors.get(q.id)!));
  };

  /** Every citation also carries its file's readable name. */
  private named<T extends { citations: Citation[] }>(result: T): T {
    return { ...result, citations: result.citations.map((c) => ({ ...c, source: this.sources.get(c.file) ?? c.file })) };
  }

  async grade(input: GradeInput): Promise<GradeResult> {
    return this.named(await this.gradeUnnamed(input));
  }

  private gradeUnnamed(input: GradeInput): Promise<GradeResult> {
    return grade(
      {
        retriever: this.retriever,
        embedder: this.embedder,
        keyPoints: () => this.keyPoints(),
        bank: this.bank,
        references: this.references,
        judge: this.judge,
        scoreQuestions: this.scoreTopic,
        vocabulary: this.vocabulary,
      },
      input,
    );
  }

  async ask(question: string, history: readonly Turn[] = [], options: AskOptions = {}): Promise<TutorAnswer> {
    return this.named(await this.answer(question, history, options));
  }

  /** Explanations the local model writes before a new one (0 with a remote chat model: it serves many at once). */
  get explanationsAhead(): number {
    return this.explainer instanceof LocalChatModel && this.localLlm ? this.localLlm.explanationsAhead : 0;
  }

  /**
   * An explanation of an answer's question written by a language model from the retrieved passages
   * only (see explain.ts), or null when the question was refused or no model is there. A model that
   * fails is reported as an explanation with composer 'extractive' and a problem, never thrown.
   */
  async explain(answer: TutorAnswer, options: ExplainOptions = {}): Promise<Explanation | null> {
    if (!answer.grounded || !this.explainer) return null;
    const result = await this.lookUp(answer.phrasings ?? [answer.query]);
    const unknown = untranslated(unknownSubjectWords(answer.query, this.vocabulary), await this.reader?.earlierReading(answer.query));
    try {
      const explanation = await explain(
        this.explainer,
        { question: answer.query, lang: answer.lang, hits: result.hits, unknownTerms: unknown },
        this.scoreSupport,
        options,
      );
      if (explanation.problem && explanation.problem !== 'stopped')
        log.info('explanation not used', { problem: explanation.problem, lang: explanation.lang, wanted: answer.lang });
      // What the question asks about that the notes never mention is said plainly, by rule: the small model's own judgement of coverage was mostly wrong.
      if (explanation.composer === 'llm' && unknown.length > 0) explanation.text += ` ${notMentioned(answer.lang, unknown)}`;
      return this.named(explanation);
    } catch (error) {
      const busy = error instanceof LocalLlmBusyError;
      if (!busy) log.warn('the language model could not explain; the extractive answer stands', { reason: (error as Error).message });
      return { composer: 'extractive', text: '', citations: [], lang: null, problem: busy ? 'busy' : 'failed', removedMarkers: [] };
    }
  }

  /** Whether the notes cover what a search was for (see coverage.ts); the language model reads questions with words the notes never use. */
  async covers(result: SearchResult): Promise<CoverageJudgement> {
    const reader = this.reader;
    return judgeCoverage(result, {
      vocabulary: this.vocabulary,
      ...(reader ? { read: (question: string) => reader.read(question) } : {}),
      score: async (query) => groundingScore((await this.retriever.search(query, { k: 1 })).signal),
    });
  }

  /**
   * How to look the question up: a self-contained question as it is (an earlier off-topic turn or
   * topic changes nothing); a follow-up rewritten with the last covered topic by the language model
   * and, to keep retrieval steady when the rewrite drifts, also read together with that topic by
   * rule (the rule alone without a model). Null for a follow-up with no covered topic to follow.
   */
  private async phrasingsOf(question: string, history: readonly Turn[]): Promise<string[] | null> {
    if (!isFollowUp(question)) return [question];
    const topic = lastTopic(history);
    if (!topic) return null;
    const byRule = standaloneQuestion(question, history);
    if (this.reader) {
      const rewritten = await this.reader.rewrite(question, topic);
      if (rewritten) {
        log.debug('follow-up rewritten by the language model', { question, topic, query: rewritten });
        return [rewritten, byRule];
      }
    }
    log.debug('follow-up read with the last covered topic', { question, query: byRule });
    return [byRule];
  }

  /** One search, or the fused searches of several phrasings. */
  private async lookUp(phrasings: readonly string[]): Promise<SearchResult> {
    const results = await this.retriever.searchMany([...phrasings], { k: 10 });
    return results.length === 1 ? results[0]! : fuseResults(results, 10);
  }

  private async answer(question: string, history: readonly Turn[], options: AskOptions): Promise<TutorAnswer> {
    const lang = detectLanguage(question);
    const phrasings = await this.phrasingsOf(question, history);
    if (!phrasings) return { answer: needsTopic(lang), grounded: false, citations: [], lang, composer: 'refusal', query: question };
    const query = phrasings[0]!;
    const result = await this.lookUp(phrasings);
    const coverage = await this.covers(result);
    log.debug('coverage judged', {
      query,
      covered: coverage.covered,
      step: coverage.step,
      unknownWords: coverage.unknownWords,
      reading: coverage.reading,
    });
    if (!coverage.covered) return { answer: notCovered(lang), grounded: false, citations: [], lang, composer: 'refusal', query };
    if (this.chat && !options.extractive) {
      try {
        const generated = await generateAnswer(this.chat, { question, lang, history, hits: result.hits }, options.onToken);
        if (generated.removedMarkers.length > 0)
          log.info('removed citation markers that pointed at no passage', { markers: generated.removedMarkers });
        if (generated.citations.length > 0)
          return {
            answer: generated.answer,
            citations: generated.citations,
            grounded: true,
            lang,
            composer: 'generative',
            query,
            phrasings,
          };
        log.warn('generated answer cited no passage; using the extractive answer instead');
      } catch (error) {
        if (!this.fallbackLogged) {
          log.warn('language model unavailable; answering with the extractive composer', {
            reason: String((error as Error).message ?? error),
          });
          this.fallbackLogged = true;
        }
      }
    }
    const composed = await composeExtractive(query, lang, result.hits, this.scoreSentences);
    if (composed.citations.length === 0)
      return { answer: notCovered(lang), grounded: false, citations: [], lang, composer: 'refusal', query };
    return { ...composed, grounded: true, lang, composer: 'extractive', query, phrasings };
  }
}
