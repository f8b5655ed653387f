import { LocalLlmBusyError } from '../../llm/local.js';
import { log } from '../../log.js';
import type { Lang } from '../../types.js';
import type { Citation } from '../types.js';
import type { GradeContext, GradeInput, GradeResult } from './gradeTypes.js';
import { judgeOpen, type OpenJudgement } from './openAnswer.js';
import { openFeedback } from './openFeedback.js';
import type { MatchedReference } from './reference.js';
import { poleFlip } from './signals/antonyms.js';
import { JUDGED_REFERENCE_CHARACTERS, type MeaningInput, type MeaningJudge } from './signals/meaning.js';
import { englishReadingsOf, overlapAsRead } from './signals/english.js';
import { checkPolarity } from './signals/polarity.js';
import { reversedContainment } from './signals/relations.js';
import { addedAbsolutes } from './signals/absolutes.js';
import { turnedClaim } from './signals/turned.js';
import { swappedRoles } from './signals/roles.js';
import { decideVerdict, type GradeSignals } from './verdict.js';
import { fitFor } from './calibrated.js';

let judgeFailureLogged = false;

/** The model's agreement, or null (logged once) when it cannot answer: grading goes on without it. */
async function agreementOf(judge: MeaningJudge | null, input: MeaningInput, background = false): Promise<number | null> {
  if (!judge) return null;
  try {
    return await judge.agreement(input, { background });
  } catch (error) {
    // Under load the student is told to wait; a less reliable grade is not given instead.
    if (error instanceof LocalLlmBusyError) throw error;
    if (!judgeFailureLogged) {
      log.warn('the language model could not judge an answer; grading with embeddings and rules only (less reliable)', {
        reason: (error as Error).message,
      });
      judgeFailureLogged = true;
    }
    return null;
  }
}

/**
 * The embedding evidence of the answer as written or as the judge read it, whichever stands higher
 * (the reading was made while it judged, so nothing is read again): an answer in another language
 * than the notes stands less far above the other passages than the same answer in theirs.
 */
async function evidenceAsRead(context: GradeContext, judge: MeaningJudge, input: GradeInput, judged: OpenJudgement): Promise<number> {
  const read = await englishReadingsOf(judge)?.read(input.answer, input.background);
  if (!read || read === input.answer || !context.knowledge.embedder) return judged.evidence;
  const again = await judgeOpen(
    context.knowledge.embedder,
    context.knowledge.retriever,
    await context.knowledge.keyPoints(),
    input.question,
    read,
    [judged.reference],
  );
  return Math.max(judged.evidence, again?.evidence ?? judged.evidence);
}

/** Every signal the verdict is decided from: the embedding judgement, the model's agreement, the rules. */
async function gradeSignals(
  context: GradeContext,
  input: GradeInput,
  judged: OpenJudgement,
  references: MatchedReference[],
): Promise<GradeSignals> {
  const ref = judged.reference;
  const focused = judged.keyPoints
    .filter((k) => k.relevant)
    .map((k) => k.text)
    .join(' ');
  const referenceText = focused.length >= 40 ? focused : ref.question.reference.slice(0, 600);
  // The judge reads the whole reference answer when it fits its window: the key points the question
  // seems to ask for can miss the sentence an answer restates.
  const whole = ref.question.reference.trim();
  const judgedReference = whole.length <= JUDGED_REFERENCE_CHARACTERS ? whole : referenceText;
  // A question the student brought was read in English while it was looked up: the judge need not read it again.
  const questionInEnglish = (await context.englishReading?.(input.question))?.english;
  const judgeInput: MeaningInput = {
    question: input.question,
    reference: judgedReference,
    answer: input.answer,
    ...(questionInEnglish ? { questionInEnglish } : {}),
  };
  const agreement = await agreementOf(context.judge, judgeInput, input.background);
  const judgedBy = agreement !== null ? context.judge : null;
  const readOverlap = judgedBy ? await overlapAsRead(judgedBy, judgeInput, input.background) : null;
  const readEvidence = judgedBy ? await evidenceAsRead(context, judgedBy, input, judged) : null;
  return {
    embedding: judged,
    agreement,
    readOverlap,
    readEvidence,
    polarity: checkPolarity(input.question, ref.question.reference, input.answer),
    reversed: reversedContainment(references.map((r) => r.question.reference).join('\n'), input.answer),
    flip: poleFlip(referenceText, input.answer) ?? turnedClaim(input.question, ref.question.reference, input.answer),
    absolutes: addedAbsolutes(`${input.question}\n${ref.question.reference}`, input.answer),
    swappedRoles: await swappedRoles(input.question, ref.question.reference, input.answer, context.knowledge.scoreSupport),
    answer: input.answer,
  };
}

/**
 * An open answer judged by meaning (see judgeOpen) and by the rules and the language model's
 * agreement (verdict.ts); undefined when no reference has key points to compare it with.
 */
export async function gradeOpen(
  context: GradeContext,
  input: GradeInput,
  references: MatchedReference[],
  lang: Lang,
): Promise<GradeResult | undefined> {
  if (!context.knowledge.embedder) return undefined;
  const judged = await judgeOpen(
    context.knowledge.embedder,
    context.knowledge.retriever,
    await context.knowledge.keyPoints(),
    input.question,
    input.answer,
    references,
  );
  if (!judged) return undefined;
  const signals = await gradeSignals(context, input, judged, references);
  const { agreement, flip } = signals;
  const ref = judged.reference;
  const decision = decideVerdict(signals, fitFor(context.calibration, context.judge, agreement !== null));
  log.debug('grading signals', {
    question: input.question.slice(0, 80),
    reference: ref.question.id,
    evidence: Number(judged.evidence.toFixed(3)),
    embedding: judged.verdict,
    offTarget: judged.offTarget,
    agreement: agreement === null ? null : Number(agreement.toFixed(3)),
    absolutes: signals.absolutes,
    verdict: decision.verdict,
    reason: decision.reason,
    by: decision.by,
    confidence: decision.confidence,
  });
  const citations: Citation[] = [];
  const text = openFeedback(decision, judged.keyPoints, ref, citations, input.answer, lang, flip, signals.absolutes);
  return {
    verdict: decision.verdict,
    score: decision.score,
    feedback: text,
    reference: ref.question.reference,
    citations,
    questionId: ref.question.id,
    signals: {
      by: decision.by,
      features: decision.features,
      ...(decision.confidence === undefined ? {} : { confidence: decision.confidence }),
    },
  };
}
