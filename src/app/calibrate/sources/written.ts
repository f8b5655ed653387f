import { detectLanguage } from '../../../text/language.js';
import { addedAbsolutes } from '../../../tutor/grading/signals/absolutes.js';
import type { Lang } from '../../../types.js';
import type { BankQuestion } from '../../../tutor/knowledge/bank.js';
import type { CalibrationCase } from '../cases.js';
import { asWritten, caseOf, LANGUAGES, pick, readsAsOwn, type CaseSource, type SourceContext } from './source.js';
import { framed, write } from './write.js';
import { swapPartner } from './swaps.js';
import { asksSeveral, pointsOf } from './fragments.js';

const SCANDINAVIAN: readonly Lang[] = ['nb', 'sv', 'da'];
/** The language named as the earlier runs' prompts named it (their kept writings are found by the prompt). */
const TRANSLATED_INTO: Record<Lang, string> = { en: 'English', nb: 'Norwegian', sv: 'Swedish', da: 'Danish' };

const ABSOLUTE_WORD: Record<Lang, [string, string]> = {
  en: ['always', 'never'],
  nb: ['alltid', 'aldri'],
  sv: ['alltid', 'aldrig'],
  da: ['altid', 'aldrig'],
};

/**
 * Each question (or those `keep` selects) once, with progress. Writing is the slow part on a CPU
 * (about ten seconds an answer here), so a question gets one wrong answer, plain or absolute.
 */
async function each(
  context: SourceContext,
  make: (i: number) => Promise<CalibrationCase | undefined>,
  keep: (i: number) => boolean = () => true,
) {
  const cases: CalibrationCase[] = [];
  const chosen = context.references.map((_, i) => i).filter(keep);
  for (const [n, i] of chosen.entries()) {
    const made = await make(i);
    if (made) cases.push(made);
    context.progress(n + 1, chosen.length);
  }
  return cases;
}

/** Half the exam questions (a fixed pick) get an absolute claim written; writing is the slow part. */
const getsAbsolute = (context: SourceContext, i: number): boolean => {
  const q = context.references[i]!;
  return q.origin !== 'glossary' && pick(['wrong', 'absolute'] as const, `wrong-kind${q.id}`) === 'absolute';
};

/** The language a written answer is asked in: not the reference's own (that one is the reference itself). */
function targetLanguage(context: SourceContext, i: number, salt: string): Lang {
  const q = context.references[i]!;
  const own = detectLanguage(q.reference);
  return pick(
    LANGUAGES.filter((lang) => lang !== own),
    `${salt}${q.id}`,
  );
}

interface WrittenSpec {
  kind: 'paraphrase' | 'translation' | 'absolute' | 'swap-translated' | 'short';
  /** The language to write in; by default one other than the reference's, by a fixed pick. */
  language?: (q: BankQuestion) => Lang;
  verdict: CalibrationCase['verdict'];
  /** What the model is asked to write, in the target language. */
  task: (q: BankQuestion, lang: Lang) => string;
  /** Which questions get one (all by default). */
  keep?: (context: SourceContext, i: number) => boolean;
  /** A check the written answer must pass to be kept. */
  accept: (context: SourceContext, q: BankQuestion, answer: string) => Promise<boolean> | boolean;
  /** What the model writes from, shown as the reference answer (`about`'s); by default the notes' answer as written. Nothing: no case. */
  from?: (context: SourceContext, i: number, about: BankQuestion) => Promise<string | undefined>;
  /** The question whose answer is written, shown with it and checked by `accept`; by default question i itself. */
  about?: (context: SourceContext, i: number) => Promise<BankQuestion | undefined>;
}

/** One model-written answer per kept question, in a language other than the reference's, kept when it passes its check. */
function writtenSource(spec: WrittenSpec): CaseSource {
  return {
    kind: spec.kind,
    needsModel: true,
    make: (context) =>
      each(
        context,
        async (i) => {
          const q = context.references[i]!;
          const about = spec.about ? await spec.about(context, i) : q;
          const lang = spec.language?.(q) ?? targetLanguage(context, i, spec.kind);
          const from = about && (spec.from ? await spec.from(context, i, about) : asWritten(context.knowledge, about));
          if (!about || !from) return undefined;
          const answer = await write(context, framed(about, spec.task(about, lang), lang, from));
          if (!answer || !(await spec.accept(context, about, answer))) return undefined;
          return caseOf(spec.kind, q, context.groupOf, answer, spec.verdict, detectLanguage(answer));
        },
        (i) => spec.keep?.(context, i) ?? true,
      ),
  };
}

const PARAPHRASE_TASK =
  "Write a student's correct answer to the question in one or two sentences, in your own words, saying what the reference answer says.";

/** A correct answer in another language, in the model's words; kept only when it reads back as its question's. */
export const paraphrasedAnswers = writtenSource({
  kind: 'paraphrase',
  verdict: 'correct',
  task: () => PARAPHRASE_TASK,
  accept: (context, q, answer) => readsAsOwn(context, q.id, answer),
});

const SHORT_TASK =
  "Write the short answer a student gives on the exam: one sentence of at most 20 words with the main point of the reference answer, in the student's own words. Do not mention the reference.";

/**
 * The short answer students mostly write: one sentence in their own words, in any of the four
 * languages (the reference's own too). The other right answers are the notes' own or the model's
 * paraphrases and translations of them, two or three sentences long and close to the reference's
 * wording; graded against those alone, short right answers written independently fell below the
 * pass cut (README, grading). Only for a question that asks one thing and a reference that makes one
 * point: one sentence on "how it works and why it is useful" is a partial answer (fragments.ts);
 * labelled right, such answers taught the fit to pass half answers. Kept only when it reads back as
 * its question's.
 */
export const shortAnswers = writtenSource({
  kind: 'short',
  verdict: 'correct',
  language: (q) => pick(LANGUAGES, `short${q.id}`),
  task: () => SHORT_TASK,
  keep: (context, i) => {
    const q = context.references[i]!;
    return pointsOf(q.reference).length === 0 && !asksSeveral(q.text);
  },
  accept: (context, q, answer) => readsAsOwn(context, q.id, answer),
});

/** The paraphrase written for question i (kept, so not written twice), when it read back as its question's. */
async function paraphraseOf(context: SourceContext, i: number): Promise<string | undefined> {
  const q = context.references[i]!;
  const lang = targetLanguage(context, i, 'paraphrase');
  const answer = await write(context, framed(q, PARAPHRASE_TASK, lang, asWritten(context.knowledge, q)));
  return answer && (await readsAsOwn(context, q.id, answer)) ? answer : undefined;
}

/** Into English when the notes are Norwegian, Swedish or Danish; into one of those (a fixed pick by `salt`) when they are English. */
const acrossLanguages = (salt: string) => (q: BankQuestion) =>
  detectLanguage(q.reference) === 'en' ? pick(SCANDINAVIAN, `${salt}${q.id}`) : 'en';

const translateTask = (lang: Lang) =>
  `Translate the reference answer into ${TRANSLATED_INTO[lang]} as a student's answer, in one or two sentences.`;

/** What a student would write from question i's answer: for a section of prose, its paraphrase (see translatedAnswers). */
async function studentLength(context: SourceContext, i: number): Promise<string | undefined> {
  const q = context.references[i]!;
  return q.origin === 'passage' ? paraphraseOf(context, i) : asWritten(context.knowledge, q);
}

/**
 * The reference translated as a student's answer: into English when the notes are Norwegian, Swedish
 * or Danish (the model reads English best, so this is the reading the grader should trust most);
 * into one of those (a fixed pick) when the notes are English, so a course written in English gets
 * right answers in the languages its students also write (its paraphrases come out English: the
 * small model answers English notes in English whatever it is asked). Kept only when it reads back
 * as its question's.
 */
export const translatedAnswers = writtenSource({
  kind: 'translation',
  verdict: 'correct',
  language: acrossLanguages('translation'),
  task: (_q, lang) => translateTask(lang),
  keep: (context, i) => context.references[i]!.origin !== 'glossary',
  accept: (context, q, answer) => readsAsOwn(context, q.id, answer),
  // A section of prose answers many questions: a student's answer to one says what the paraphrase
  // says of it, not the whole section (whole sections translated had been most of the prose
  // course's right answers in Norwegian, Swedish and Danish; no student writes those).
  from: studentLength,
});

/**
 * A swapped answer (swaps.ts) translated as translatedAnswers translates right ones, for the
 * questions that get no absolute claim: otherwise every wrong answer but the absolute ones is in
 * the notes' language and every translated one right, and the fit learns the language. Kept only
 * when it reads back as the question it was taken from, so it is that answer and still wrong.
 */
export const translatedSwaps = writtenSource({
  kind: 'swap-translated',
  verdict: 'incorrect',
  language: acrossLanguages('swap-translated'),
  task: (_q, lang) => translateTask(lang),
  keep: (context, i) => !getsAbsolute(context, i),
  about: (context, i) => swapPartner(context, context.references[i]!),
  accept: (context, partner, answer) => readsAsOwn(context, partner.id, answer),
  from: (context, _i, partner) => studentLength(context, context.references.indexOf(partner)),
});

/** The reference's claim turned absolute ("always", "aldri"): wrong; kept only when it does add an absolute word. */
export const absoluteAnswers = writtenSource({
  kind: 'absolute',
  verdict: 'incorrect',
  task: (q, lang) =>
    `Write a student's answer to the question in one or two sentences that turns what the reference says into a false absolute claim using the word "${pick(ABSOLUTE_WORD[lang], q.id)}".`,
  keep: getsAbsolute,
  accept: (_context, q, answer) => addedAbsolutes(`${q.text}\n${q.reference}`, answer).length > 0,
});
