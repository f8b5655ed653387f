import type { Embedder } from '../../embed/embedder.js';
import type { Retriever } from '../../retrieval/search.js';
import { stemRecall } from '../../text/analyze.js';
import { cosine } from '../../text/vectors.js';
import { SAME_QUESTION } from '../../tuning.js';
import { extractQuestionBank, glossaryReferences, passageReferences, type BankQuestion } from './bank.js';
import type { Chunk } from '../../types.js';
import { buildKeyPointPool, type KeyPointPool } from './keypoints.js';
import { answerSentences } from './sentences.js';
import { sourceNames } from './sources.js';
import { CourseVocabulary } from './vocabulary.js';
import type { Citation } from './citations.js';
import { CorrectedStore } from '../../retrieval/corrections/correctedStore.js';
import { topicsByFile, topicsByMeaning, type CourseTopics } from './topics.js';

/** How much of a reference its topic is judged by (its question and the start of its answer). */
const TOPIC_TEXT_CHARS = 400;

/** Scores each sentence's relevance to the question (higher is more relevant). */
export type SentenceScorer = (question: string, sentences: string[]) => Promise<number[]>;
/** Scores sentences (as questions) against passages: one row of passage scores per sentence. */
export type SupportScorer = (sentences: string[], passages: string[]) => Promise<number[][]>;
/** Scores each question's text against a text (higher = closer). */
export type QuestionScorer = (text: string, questions: readonly BankQuestion[]) => Promise<number[]>;

/**
 * What the tutor knows of one index build of the course: its exam questions, grading references,
 * vocabulary, readable file names and key points, and the embedding scorers every use case shares
 * (passage and question vectors cached: the notes are finite).
 */
export class CourseKnowledge {
  readonly bank: BankQuestion[];
  /** The exam questions and the glossary terms: what an answer can be graded against. */
  readonly references: BankQuestion[];
  /** Sections of prose: what a question the notes answer in prose is graded against. */
  readonly passages: BankQuestion[];
  readonly vocabulary: CourseVocabulary;
  /** Readable names of the course files, for citations. */
  readonly sources: Map<string, string>;
  private readonly passageVectors = new Map<string, Float32Array>();
  private questionVectors = new Map<string, Float32Array>();
  /** Exam question id → its English reading (see englishQuestions.ts), when the course's calibration has them. */
  private englishQuestions: ReadonlyMap<string, string> = new Map();
  private pool: Promise<KeyPointPool> | undefined;
  private grouped: Promise<CourseTopics> | undefined;

  constructor(
    readonly retriever: Retriever,
    readonly embedder: Embedder | null,
  ) {
    this.bank = extractQuestionBank(retriever.chunks);
    this.references = [...this.bank, ...glossaryReferences(retriever.chunks)];
    this.passages = passageReferences(retriever.chunks);
    this.vocabulary = new CourseVocabulary(retriever.chunks);
    this.sources = sourceNames(retriever.chunks);
  }

  /** A reference's chunks in line order: its unit, or a section's paragraphs. */
  readonly chunksOf = (reference: BankQuestion): Chunk[] =>
    (reference.unitIds ?? [reference.unitId]).flatMap((unitId) => this.retriever.unit(unitId));

  /** Whether embeddings can be compared (a model, and an index built with it). */
  get semantic(): boolean {
    return this.embedder !== null && this.retriever.denseAvailable;
  }

  /** Key points of the whole course, embedded on first use. */
  keyPoints(): Promise<KeyPointPool> {
    if (!this.embedder) return Promise.resolve({ sentences: [], vectors: [] });
    this.pool ??= buildKeyPointPool(this.embedder, this.retriever.chunks);
    return this.pool;
  }

  /** The course's questions, terms and sections grouped into topics (mastery is traced per topic), on first use. */
  topics(): Promise<CourseTopics> {
    this.grouped ??= (async () => {
      const items = [...new Map([...this.references, ...this.passages].map((r) => [r.id, r])).values()];
      if (!this.embedder || !this.semantic) return topicsByFile(items, (file) => this.sources.get(file) ?? file);
      const texts = items.map((r) => `${r.text}\n${r.reference}`.slice(0, TOPIC_TEXT_CHARS));
      return topicsByMeaning(items, await this.embedder.embedPassages(texts));
    })();
    return this.grouped;
  }

  /** Embed what every answer and grade needs up front, so the first students do not wait. */
  async warm(): Promise<void> {
    await this.retriever.search('warm-up');
    const sentences = this.retriever.chunks.flatMap((chunk) =>
      answerSentences(chunk, chunk.answerStartLine ?? chunk.startLine).map((s) => s.text),
    );
    await this.scoreSentences('warm-up', sentences);
    await this.keyPoints();
    await this.topics();
  }

  readonly scoreSentences: SentenceScorer = async (question, sentences) =>
    sentences.length === 0 ? [] : ((await this.scoreSupport([question], sentences))[0] ?? []);

  /**
   * Each query-side text against each passage-side text: e5 similarity, or shared stems without a
   * model. Extractive answers rank answer sentences with it; explanations check that a passage
   * supports each sentence.
   */
  readonly scoreSupport: SupportScorer = async (sentences, passages) => {
    if (!this.embedder || !this.semantic) return sentences.map((s) => passages.map((p) => stemRecall(s, p)));
    const vectors = this.passageVectors;
    const missing = [...new Set(passages.filter((p) => !vectors.has(p)))];
    const [queries, embedded] = await Promise.all([this.embedder.embedQueries(sentences), this.embedder.embedPassages(missing)]);
    missing.forEach((text, i) => vectors.set(text, embedded[i]!));
    return queries.map((query) => passages.map((p) => cosine(query, vectors.get(p)!)));
  };

  /** English readings of the exam questions, read by the language model when the course was calibrated. */
  useEnglishQuestions(readings: ReadonlyMap<string, string>): void {
    // New maps, not cleared ones: a comparison under way (a student's grade while the background
    // calibration finishes) keeps the readings and vectors it started with.
    this.englishQuestions = readings;
    this.questionVectors = new Map();
  }

  /**
   * Text ↔ question-text similarity (embeddings cached per question; the better of the question as
   * written and its English reading), or word overlap without a model.
   */
  readonly scoreQuestions: QuestionScorer = async (text, questions) => {
    if (!this.embedder || !this.semantic) return questions.map((q) => stemRecall(text, `${q.text} ${q.reference}`));
    const vectors = this.questionVectors;
    const english = this.englishQuestions;
    const readings = (q: BankQuestion) => [q.text, english.get(q.id) ?? []].flat();
    const missing = questions
      .filter((q) => !vectors.has(`${q.id}#0`))
      .flatMap((q) => readings(q).map((reading, i) => ({ key: `${q.id}#${i}`, reading })));
    if (missing.length > 0) {
      const embedded = await this.embedder.embedQueries(missing.map((m) => m.reading));
      missing.forEach((m, i) => vectors.set(m.key, embedded[i]!));
    }
    const [textVector] = await this.embedder.embedQueries([text]);
    // A reading counts as much less as it must score more (see SAME_QUESTION.readingMin).
    const discount = (i: number) => (i === 0 ? 0 : SAME_QUESTION.readingMin - SAME_QUESTION.min);
    return questions.map((q) => Math.max(...readings(q).map((_, i) => cosine(textVector!, vectors.get(`${q.id}#${i}`)!) - discount(i))));
  };

  /** Every citation also carries its file's readable name, and says when a teacher's correction stands in its lines. */
  named<T extends { citations: Citation[] }>(result: T): T {
    const placed = this.retriever.store instanceof CorrectedStore ? this.retriever.store.placed : [];
    const correctionIn = (c: Citation) => placed.find((p) => p.file === c.file && p.placedStart <= c.endLine && c.startLine <= p.placedEnd);
    return {
      ...result,
      citations: result.citations.map((c) => {
        const correction = correctionIn(c);
        return {
          ...c,
          source: this.sources.get(c.file) ?? c.file,
          ...(correction ? { correction: { teacher: correction.teacher, at: correction.at.toISOString() } } : {}),
        };
      }),
    };
  }
}
