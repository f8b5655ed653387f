import { words } from '../text/analyze.js';

export interface Turn {
  role: 'student' | 'tutor';
  text: string;
}

/** Words that point back at something said before, in the four languages. */
const ANAPHORA =
  /\b(it|its|that|this|those|these|they|them|why|how come|and|also|more|det|den|dette|denne|disse|dem|hvorfor|varför|hvordan|hur|och|og|også|också|mer|mere|sådan|slik|så)\b/i;

/**
 * The retrieval query for a question in a conversation: a short question that leans on what came
 * before ("and why is that?", "hvorfor?") is read together with the student's previous question.
 */
export function retrievalQuery(question: string, history: readonly Turn[] = []): string {
  const previous = [...history].reverse().find((turn) => turn.role === 'student')?.text;
  if (!previous) return question;
  const content = words(question).length;
  const leansBack = ANAPHORA.test(question) && content <= 4;
  return content <= 1 || leansBack ? `${previous} ${question}` : question;
}
