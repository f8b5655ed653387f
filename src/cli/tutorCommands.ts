import { z } from 'zod';
import type { Tutor, TutorAnswer } from '../tutor/tutor.js';
import { mapJsonLines } from './jsonl.js';

const Id = z.union([z.string(), z.number()]);
export const AskInput = z.object({ id: Id, query: z.string().min(1).max(4000) });

export function askJson(id: string | number, answer: TutorAnswer) {
  return { id, answer: answer.answer, grounded: answer.grounded, citations: answer.citations };
}

function printAnswer(answer: TutorAnswer): void {
  process.stdout.write(`${answer.answer}\n`);
  if (answer.citations.length > 0) process.stdout.write('\n');
  answer.citations.forEach((c, i) => {
    const range = c.startLine === c.endLine ? `${c.startLine}` : `${c.startLine}-${c.endLine}`;
    process.stdout.write(`[${i + 1}] ${c.file}:${range}  ${c.title}\n`);
  });
}

export async function runAsk(tutor: Tutor, query: string | undefined, json: boolean): Promise<void> {
  if (query === undefined) {
    if (!json) throw new Error('tutor ask needs a QUERY (or --json to read JSON Lines from stdin)');
    await mapJsonLines(AskInput, async (input) => askJson(input.id, await tutor.ask(input.query)));
    return;
  }
  const answer = await tutor.ask(query);
  if (json) process.stdout.write(JSON.stringify(askJson('cli', answer)) + '\n');
  else printAnswer(answer);
}
