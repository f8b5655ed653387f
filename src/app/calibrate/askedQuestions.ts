import { words } from '../../text/analyze.js';
import type { BankQuestion } from '../../tutor/knowledge/bank.js';
import { asWritten, LANGUAGE_NAMES, readsAsOwn, type SourceContext } from './sources/source.js';
import { write } from './sources/write.js';

const SYSTEM = 'You write the questions students ask about their course notes. You write only the question, nothing else.';
/** What the model reads of a section: its opening, where a manual says what the section is for. */
const SECTION_CHARACTERS = 900;
const MIN_WORDS = 3;
const MAX_WORDS = 25;

function prompt(context: SourceContext, section: BankQuestion): string {
  // A section's language is its reference's (passageReferences detects it once).
  const lang = section.lang;
  return (
    `A section of the course notes:\n${asWritten(context.knowledge, section).slice(0, SECTION_CHARACTERS)}\n\n` +
    `Write one short question that a student could ask and that this section answers. Write it in ${LANGUAGE_NAMES[lang]}.`
  );
}

/** "… in the course notes?", "… in this section?": the prompt's words, which a student does not add. */
const ABOUT_THE_PROMPT = /\s+(?:in|from|according to)\s+(?:the|my|this|these|our)\s+(?:course\s+)?(?:notes|section)(?=\?$)/i;

/** A single question of a student's length, or nothing. */
export function asQuestion(reply: string | undefined): string | undefined {
  const text = reply
    ?.replace(/^(?:question|spørsmål|fråga|spørgsmål)\s*:\s*/i, '')
    .trim()
    .replace(ABOUT_THE_PROMPT, '');
  if (!text || !text.endsWith('?') || text.slice(0, -1).includes('?')) return undefined;
  const count = words(text).length;
  return count >= MIN_WORDS && count <= MAX_WORDS ? text : undefined;
}

/**
 * Sections of prose asked about as a student asks: a section's "question" is its heading ("More
 * configuration"), which nobody asks, and answers graded against a heading teach the fit nothing of
 * how a real question and its section agree. The local model writes one question per section
 * (greedy, cached with the other writings); it is kept only when it reads back as that section's
 * (the section is the nearest of all references to it), else the heading stays. Exam questions and
 * glossary terms are asked as the notes ask them.
 */
export async function askedAsStudents(context: SourceContext): Promise<BankQuestion[]> {
  const sections = context.references.filter((q) => q.origin === 'passage');
  const asked = new Map<string, string>();
  for (const [i, section] of sections.entries()) {
    const question = asQuestion(await write(context, prompt(context, section), SYSTEM));
    if (question && (await readsAsOwn(context, section.id, question))) asked.set(section.id, question);
    context.progress(i + 1, sections.length);
  }
  return context.references.map((q) => {
    const text = asked.get(q.id);
    return text ? { ...q, text } : q;
  });
}
