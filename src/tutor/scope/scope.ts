import { detectLanguage } from '../../text/language.js';
import { log } from '../../log.js';
import { groundingScore } from '../../retrieval/grounding.js';
import { fuseResults, type Retriever, type SearchResult } from '../../retrieval/search.js';
import type { Lang } from '../../types.js';
import { unknownSubjectWords, type CourseVocabulary } from '../knowledge/vocabulary.js';
import type { Turn } from '../types.js';
import { judgeCoverage, untranslated, type CoverageJudgement } from './coverage.js';
import { isFollowUp, lastTopic, standaloneQuestion } from './followup.js';
import type { QuestionReader } from './questionReader.js';
import type { QuestionReading } from './reading.js';

/** A question as the tutor understood it: how it was looked up, what was found, and whether the notes cover it. */
export interface Examined {
  lang: Lang;
  /** The standalone question that was looked up (a follow-up rewritten or read with its topic). */
  query: string;
  /** How the question was looked up, the first phrasing being `query` (its English reading last, if one was made). */
  phrasings: string[];
  /** null for a follow-up with no covered question before it: there is nothing to look up. */
  result: SearchResult | null;
  coverage: CoverageJudgement | null;
  covered: boolean;
}

/**
 * Whether the notes cover a question, decided in one place for `ask`, `search` and explanations:
 * follow-ups are read with the conversation (rewritten by the language model when there is one),
 * the phrasings are looked up, and coverage is judged (coverage.ts).
 */
export class Scope {
  constructor(
    private readonly retriever: Retriever,
    private readonly vocabulary: CourseVocabulary,
    /** Reads questions and rewrites follow-ups with a language model; null without one. */
    private readonly reader: QuestionReader | null,
  ) {}

  async examine(question: string, history: readonly Turn[] = [], k = 10): Promise<Examined> {
    const lang = detectLanguage(question);
    const phrasings = await this.phrasingsOf(question, history);
    if (!phrasings) return { lang, query: question, phrasings: [question], result: null, coverage: null, covered: false };
    return { lang, ...(await this.judgeAndLookUp(phrasings, k)) };
  }

  /** A question looked up as `examine` looks it up; null when the notes do not cover it (grading's references). */
  readonly lookUpCovered = async (question: string, k: number): Promise<SearchResult | null> => {
    const found = await this.judgeAndLookUp([question], k);
    return found.covered ? found.result : null;
  };

  private async judgeAndLookUp(phrasings: string[], k: number): Promise<Omit<Examined, 'lang'> & { result: SearchResult }> {
    const first = await this.lookUp(phrasings, k);
    const coverage = await this.judge(first);
    // A question the model read in English (it has words the notes never use) is looked up that way
    // too: a Norwegian question about an English manual finds its passage by the English words.
    const english = coverage.reading?.english;
    const read = english && !phrasings.includes(english) ? [...phrasings, english] : phrasings;
    const result = read === phrasings ? first : await this.lookUp(read, k);
    log.debug('coverage judged', {
      query: phrasings[0],
      covered: coverage.covered,
      step: coverage.step,
      unknownWords: coverage.unknownWords,
      reading: coverage.reading,
    });
    return { query: phrasings[0]!, phrasings: read, result, coverage, covered: coverage.covered };
  }

  /** Whether the notes cover what a search was for (see coverage.ts); the language model reads questions with words the notes never use. */
  judge(result: SearchResult): Promise<CoverageJudgement> {
    const reader = this.reader;
    return judgeCoverage(result, {
      vocabulary: this.vocabulary,
      ...(reader ? { read: (question: string) => reader.read(question) } : {}),
      score: async (query) => groundingScore((await this.retriever.search(query, { k: 1 })).signal),
    });
  }

  /** The judgement alone, for the use cases that refuse (grading, quiz topics). */
  readonly covers = async (result: SearchResult): Promise<boolean> => (await this.judge(result)).covered;

  /** One search, or the fused searches of several phrasings. */
  async lookUp(phrasings: readonly string[], k = 10): Promise<SearchResult> {
    const results = await this.retriever.searchMany([...phrasings], { k });
    return results.length === 1 ? results[0]! : fuseResults(results, k);
  }

  /** The question in English and its subject, if the language model read it while judging coverage. */
  async englishReading(query: string): Promise<QuestionReading | undefined> {
    return (await this.reader?.earlierReading(query)) ?? undefined;
  }

  /** Terms a definition question asks about that the notes never write and the model's reading did not translate. */
  async uncoveredTerms(query: string): Promise<string[]> {
    return untranslated(unknownSubjectWords(query, this.vocabulary), await this.reader?.earlierReading(query));
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
    const rewritten = await this.reader?.rewrite(question, topic);
    if (rewritten) {
      log.debug('follow-up rewritten by the language model', { question, topic, query: rewritten });
      return [rewritten, byRule];
    }
    log.debug('follow-up read with the last covered topic', { question, query: byRule });
    return [byRule];
  }
}
