import type { Lang } from '../../types.js';
import { feedback } from '../messages/feedback.js';
import type { Citation } from '../types.js';
import type { KeyPoint } from './openAnswer.js';
import { referenceCitation, type MatchedReference } from './reference.js';
import type { PoleFlip } from './signals/antonyms.js';
import type { Decision } from './verdict.js';
import { SPREAD } from '../../tuning.js';
import { keepNearBest } from '../knowledge/nearBest.js';

function quote(points: KeyPoint[], citations: Citation[], ref: MatchedReference): string {
  return points
    .map((point) => {
      citations.push(referenceCitation(ref, point.startLine, point.endLine));
      return `"${point.text}" [${citations.length}]`;
    })
    .join(' ');
}

/** Feedback that quotes and cites the notes and, for a wrong answer, says what is wrong with it. */
export function openFeedback(
  decision: Decision,
  keyPoints: KeyPoint[],
  ref: MatchedReference,
  citations: Citation[],
  answer: string,
  lang: Lang,
  flip: PoleFlip | undefined,
  absolutes: readonly string[] = [],
): string {
  const relevant = keyPoints.filter((k) => k.relevant);
  const covered = keepNearBest(relevant, (k) => k.coverage, SPREAD.covered).slice(0, 2);
  const missing = relevant.filter((k) => !covered.includes(k)).slice(0, 2);
  const said = answer.trim().replace(/\s+/g, ' ');
  const yours = said.length > 160 ? `${said.slice(0, 157)}…` : said;
  switch (decision.verdict) {
    case 'correct': {
      const text = feedback('openCorrect', lang, { points: quote(covered, citations, ref) });
      return missing.length > 0 ? text + feedback('openCorrectMissing', lang, { missing: quote(missing, citations, ref) }) : text;
    }
    case 'partial':
      if (decision.reason === 'disagree') return feedback('openUnsure', lang, { points: quote(relevant.slice(0, 2), citations, ref) });
      if (decision.reason === 'flipped')
        return feedback('partlyFlipped', lang, {
          notes: quote(relevant.slice(0, 2), citations, ref),
          yours: flip?.answer ?? '',
          theirs: flip?.reference ?? '',
        });
      return feedback('openPartial', lang, {
        points: quote(covered, citations, ref),
        missing: missing.length ? quote(missing, citations, ref) : '',
      });
    case 'incorrect': {
      const notes = quote(relevant.slice(0, 2), citations, ref);
      if (decision.reason === 'polarity') return feedback('wrongPolarity', lang, { notes, yours });
      if (decision.reason === 'reversed') return feedback('wrongReversed', lang, { notes, yours });
      if (decision.reason === 'absolute' && absolutes.length > 0)
        return feedback('wrongAbsolute', lang, { notes, yours, claim: absolutes.join(', ') });
      if (decision.reason === 'contradicts' || decision.reason === 'flipped' || decision.reason === 'absolute')
        return feedback('wrongMeaning', lang, { notes, yours });
      const text = feedback('openIncorrect', lang, { missing: notes });
      return decision.reason === 'offTarget' ? `${text} ${feedback('offTarget', lang)}` : text;
    }
  }
}
