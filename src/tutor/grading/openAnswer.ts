import type { GradedVerdict } from '../types.js';
import type { Embedder } from '../../embed/embedder.js';
import { stemOverlap } from '../../text/analyze.js';
import { detectLanguage } from '../../text/language.js';
import type { Retriever } from '../../retrieval/search.js';
import type { KeyPointPool } from '../knowledge/keypoints.js';
import type { MatchedReference } from './reference.js';
import type { Sentence } from '../knowledge/sentences.js';
import { cosine } from '../../text/vectors.js';
import { OPEN_GRADING, SPREAD } from '../../tuning.js';
import { bandScore } from './score.js';
import { nearBest } from '../knowledge/nearBest.js';
import { definesTerm } from './namedTerm.js';
import { log } from '../../log.js';

export interface KeyPoint extends Sentence {
  /** How well the student's answer covers it (cosine). */
  coverage: number;
  /** Whether it answers the question the student was asked (a reference can answer two). */
  relevant: boolean;
}

export interface OpenJudgement {
  verdict: GradedVerdict;
  score: number;
  reference: MatchedReference;
  keyPoints: KeyPoint[];
  /** The answer speaks to another part of the reference (e.g. parameters when asked about hyperparameters). */
  offTarget: boolean;
  /** Same language as the reference, yet hardly a word in common with it. */
  sharesNoWords: boolean;
  /** Evidence: mean of the passage-level and sentence-level z-scores. */
  evidence: number;
}

export { OPEN_GRADING };

function zScore(values: ArrayLike<number>, value: number): number {
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += (values[i] ?? 0) / values.length;
  let variance = 0;
  for (let i = 0; i < values.length; i++) variance += ((values[i] ?? 0) - mean) ** 2 / values.length;
  return (value - mean) / Math.sqrt(variance || 1e-9);
}

/**
 * Which key points answer the question: the lines defining the term it named, when it named one
 * of several the reference defines; otherwise those nearest the question in meaning.
 */
function askedPoints(texts: readonly string[], relevance: number[], term: string | undefined): boolean[] {
  const defining = term === undefined ? [] : texts.map((text) => definesTerm(text, term));
  return defining.some(Boolean) ? defining : nearBest(relevance, SPREAD.relevance);
}

const DOWNGRADE = { correct: 'partial', partial: 'incorrect', incorrect: 'incorrect' } as const;

/** The best of an answer's judgements against several references: the highest verdict, then the most evidence. */
const rank = (j: OpenJudgement) => ({ correct: 2, partial: 1, incorrect: 0 })[j.verdict] * 100 + j.evidence;

function traceJudgement({ reference, verdict, evidence }: OpenJudgement): void {
  log.debug('open answer against a reference', {
    reference: reference.question.id,
    term: reference.term,
    verdict,
    evidence: Number(evidence.toFixed(3)),
  });
}

/**
 * Judge a free-text answer by meaning, across languages. Absolute cosines shift with language and
 * style, so the evidence is relative: how far the answer's similarity to its reference stands above
 * its similarity to all course passages (passage level) and to all key-point sentences of the
 * course (sentence level). The key points that answer the question asked must be the ones covered
 * (an answer about another part, or copied from another question, does not pass).
 */
export async function judgeOpen(
  embedder: Embedder,
  retriever: Retriever,
  pool: KeyPointPool,
  question: string,
  answer: string,
  references: MatchedReference[],
): Promise<OpenJudgement | undefined> {
  const [answerVector, questionVector] = await embedder.embedQueries([answer, question]);
  if (!retriever.denseAvailable) return undefined;
  const passageStats = await retriever.store.similarityStats(answerVector!);
  const sentenceSimilarities = pool.vectors.map((v) => cosine(answerVector!, v));
  const answerLang = detectLanguage(answer);

  let best: OpenJudgement | undefined;
  for (const reference of references) {
    const referenceSimilarities = await retriever.store.similarityTo(
      answerVector!,
      reference.chunks.map((c) => c.id),
    );
    const passageBest = Math.max(-Infinity, ...referenceSimilarities.filter((similarity) => !Number.isNaN(similarity)));
    const units = new Set(reference.chunks.map((chunk) => chunk.unitId));
    const indices = pool.sentences.flatMap((s, i) => (units.has(s.unitId) ? [i] : []));
    if (indices.length === 0 || passageBest === -Infinity) continue;
    const relevance = indices.map((i) => cosine(questionVector!, pool.vectors[i]!));
    const asked = askedPoints(
      indices.map((i) => pool.sentences[i]!.text),
      relevance,
      reference.term,
    );
    const keyPoints: KeyPoint[] = indices.map((i, k) => ({
      ...pool.sentences[i]!,
      coverage: sentenceSimilarities[i] ?? 0,
      relevant: asked[k] ?? false,
    }));
    const relevant = keyPoints.filter((k) => k.relevant);
    const bestRelevant = relevant.reduce((a, b) => (b.coverage > a.coverage ? b : a));
    const otherCoverage = Math.max(-Infinity, ...keyPoints.filter((k) => !k.relevant).map((k) => k.coverage));
    const passageZ = (passageBest - passageStats.mean) / (passageStats.std || 1e-9);
    const evidence = (passageZ + zScore(sentenceSimilarities, bestRelevant.coverage)) / 2;
    const offTarget = otherCoverage > bestRelevant.coverage + OPEN_GRADING.offTargetMargin;
    const sameLanguage = detectLanguage(bestRelevant.text) === answerLang;
    const sharesNoWords = sameLanguage && stemOverlap(answer, relevant.map((k) => k.text).join(' ')) < OPEN_GRADING.wordOverlapMin;
    let verdict: OpenJudgement['verdict'] = offTarget
      ? 'incorrect'
      : evidence >= OPEN_GRADING.correct
        ? 'correct'
        : evidence >= OPEN_GRADING.partial
          ? 'partial'
          : 'incorrect';
    if (sharesNoWords) verdict = DOWNGRADE[verdict];
    const strength = Math.min(1, Math.max(0, (evidence - OPEN_GRADING.partial) / (OPEN_GRADING.correct + 2 - OPEN_GRADING.partial)));
    const score = bandScore(verdict, strength);
    const judgement: OpenJudgement = { verdict, score: Number(score.toFixed(2)), reference, keyPoints, offTarget, sharesNoWords, evidence };
    traceJudgement(judgement);
    if (!best || rank(judgement) > rank(best)) best = judgement;
  }
  return best;
}
