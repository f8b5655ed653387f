import { words } from '../../text/analyze.js';
import type { Turn } from '../types.js';

export type { Turn };

/** Words that ask for more of the same rather than name a topic ("give an example", "explain more"). */
const GENERIC = new Set(
  `example examples eksempel eksempler exempel exempler more mer mere detail details detaljer explain explained forklar
  forklare förklara elaborate utdyp uddyb why hvorfor varför how hvordan hur again igjen igen gi give ge vis show tell
  fortell fortæl berätta please takk tak tack`.split(/\s+/),
);
/** A pronoun that points back ("how does it work?", "hvorfor er det viktig?"). */
const POINTS_BACK = /\b(it|its|that|this|those|these|they|them|det|den|dette|denne|disse|dem|detta|dessa|sådan|slik|sådant)\b/i;
/** An opening that continues the conversation ("and L2?", "hva med L2?", "vad sägs om dropout?"). */
const CONTINUES = /^\s*(and|but|also|what about|how about|og|men|også|hva med|hvad med|och|också|vad sägs om|hur är det med)\b/i;

/** A question that needs the conversation to be understood, rather than a new, self-contained one. */
export function isFollowUp(question: string): boolean {
  const content = words(question).filter((word) => !GENERIC.has(word));
  if (content.length === 0) return true;
  if (CONTINUES.test(question) && content.length <= 2) return true;
  return POINTS_BACK.test(question) && content.length <= 1;
}

/**
 * The question to look up. A self-contained question is read as it is, whatever came before (an
 * earlier off-topic turn or topic changes nothing); a follow-up is read together with the last
 * question the notes covered, as that question was understood.
 */
export function standaloneQuestion(question: string, history: readonly Turn[] = []): string {
  if (!isFollowUp(question)) return question;
  const topic = lastTopic(history);
  return topic ? `${topic} ${question}` : question;
}

/** The last question the notes covered, as it was understood; off-topic turns are skipped. */
export function lastTopic(history: readonly Turn[]): string | undefined {
  const turn = [...history].reverse().find((t) => t.role === 'student' && t.grounded !== false);
  return turn ? (turn.query ?? turn.text) : undefined;
}
