import fs from 'node:fs';
import path from 'node:path';
import { AskInput, GradeInput, QuizInput } from '../contracts/cli.js';
import { Lang } from '../contracts/ws.js';
import type { GradeResult } from '../tutor/grading/grade.js';
import { quizJson } from '../tutor/quiz/draw.js';
import type { Tutor, TutorAnswer } from '../tutor/tutor.js';
import { mapJsonLines } from './jsonl.js';

/** `composer`: "llm" when a language model wrote the answer, "extractive" when it quotes the notes (or refuses). */
export function askJson(id: string | number, answer: TutorAnswer) {
  const composer = answer.composer === 'generative' || answer.composer === 'llm' ? 'llm' : 'extractive';
  return { id, answer: answer.answer, grounded: answer.grounded, citations: answer.citations, composer };
}

/** The answer a student reads with --explain: the checked explanation, or the extractive answer when there is none. */
async function explained(tutor: Tutor, query: string, onWaiting?: () => void): Promise<TutorAnswer> {
  const { answer, explanation, note } = await tutor.askAndExplain(query, [], {
    onAnswer: (_, explaining) => {
      if (explaining) onWaiting?.();
    },
  });
  if (!explanation || note) return answer;
  return { ...answer, answer: explanation.text, citations: explanation.citations, composer: 'llm' };
}

function printAnswer(answer: TutorAnswer): void {
  process.stdout.write(`${answer.answer}\n`);
  if (answer.citations.length > 0) process.stdout.write('\n');
  answer.citations.forEach((c, i) => {
    const range = c.startLine === c.endLine ? `${c.startLine}` : `${c.startLine}-${c.endLine}`;
    process.stdout.write(`[${i + 1}] ${c.file}:${range}  ${c.title}\n`);
  });
}

export async function runAsk(tutor: Tutor, query: string | undefined, json: boolean, explain = false): Promise<void> {
  const answerOf = (text: string, onWaiting?: () => void) => (explain ? explained(tutor, text, onWaiting) : tutor.ask(text));
  if (query === undefined) {
    if (!json) throw new Error('tutor ask needs a QUERY (or --json to read JSON Lines from stdin)');
    await mapJsonLines(AskInput, async (input) => askJson(input.id, await answerOf(input.query)));
    return;
  }
  const answer = await answerOf(query, () => {
    if (process.stderr.isTTY) process.stderr.write('explaining…\n');
  });
  if (json) process.stdout.write(JSON.stringify(askJson('cli', answer)) + '\n');
  else printAnswer(answer);
}

export function gradeJson(id: string | number, result: GradeResult) {
  return {
    id,
    verdict: result.verdict,
    score: result.score,
    feedback: result.feedback,
    reference: result.reference,
    citations: result.citations,
  };
}

export async function runGrade(tutor: Tutor, positionals: string[], json: boolean, questionId?: string): Promise<void> {
  if (questionId !== undefined) {
    const question = tutor.bank.find((q) => q.id === questionId);
    if (!question) throw new Error(`no quiz question with id "${questionId}"; \`tutor quiz\` prints one`);
    if (positionals.length !== 1) throw new Error('tutor grade --question-id ID takes one argument: your ANSWER');
    positionals = [question.text, positionals[0]!];
  }
  if (positionals.length === 0) {
    if (!json) throw new Error('tutor grade needs QUESTION and ANSWER (or --json to read JSON Lines from stdin)');
    await mapJsonLines(GradeInput, async (input) =>
      gradeJson(
        input.id,
        await tutor.grade({
          question: input.question,
          answer: input.answer,
          ...(input.questionId ? { questionId: input.questionId } : {}),
        }),
      ),
    );
    return;
  }
  if (positionals.length !== 2) throw new Error('tutor grade takes two arguments: QUESTION ANSWER');
  const result = await tutor.grade({ question: positionals[0]!, answer: positionals[1]!, ...(questionId ? { questionId } : {}) });
  if (json) {
    process.stdout.write(JSON.stringify(gradeJson('cli', result)) + '\n');
    return;
  }
  process.stdout.write(`${result.verdict.toUpperCase()} (score ${result.score})\n${result.feedback}\n`);
  result.citations.forEach((c, i) => process.stdout.write(`[${i + 1}] ${c.file}:${c.startLine}-${c.endLine}  ${c.title}\n`));
}

/** The last question drawn by a one-shot `tutor quiz`, so the next run does not repeat it. */
function lastQuizFile(indexDir: string): string {
  return path.join(indexDir, '.quiz-last');
}

export async function runQuiz(
  tutor: Tutor,
  indexDir: string,
  options: { lang?: string; topic?: string; json: boolean; stdin: boolean },
): Promise<void> {
  let previousId: string | undefined;
  try {
    previousId = fs.readFileSync(lastQuizFile(indexDir), 'utf8').trim() || undefined;
  } catch {
    previousId = undefined;
  }
  const remember = (questionId: string) => {
    previousId = questionId;
    fs.writeFileSync(lastQuizFile(indexDir), questionId);
  };
  if (options.stdin) {
    await mapJsonLines(QuizInput, async (input) => {
      const drawn = await tutor.quiz({
        ...(input.lang ? { lang: input.lang } : {}),
        ...(input.topic ? { topic: input.topic } : {}),
        ...(previousId ? { previousId } : {}),
      });
      remember(drawn.id);
      return quizJson(input.id, drawn);
    });
    return;
  }
  const lang = options.lang === undefined ? undefined : Lang.parse(options.lang);
  const drawn = await tutor.quiz({
    ...(lang ? { lang } : {}),
    ...(options.topic ? { topic: options.topic } : {}),
    ...(previousId ? { previousId } : {}),
  });
  remember(drawn.id);
  if (options.json) {
    process.stdout.write(JSON.stringify(quizJson('cli', drawn)) + '\n');
    return;
  }
  process.stdout.write(`${drawn.text}\n`);
  for (const option of drawn.options ?? []) process.stdout.write(`  ${option.label}) ${option.text}\n`);
  process.stdout.write(`\nAnswer it with: tutor grade --question-id ${drawn.id} "your answer"\n`);
}
