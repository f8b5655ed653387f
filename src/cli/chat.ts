import readline from 'node:readline';
import type { Citation } from '../contracts/ws.js';
import type { BankQuestion } from '../tutor/knowledge/bank.js';
import type { Turn } from '../tutor/scope/followup.js';
import type { Tutor } from '../tutor/tutor.js';

const HELP = `Ask about the course in Norwegian, Swedish, Danish or English; answers cite the notes.
  /quiz [topic]   an exam question; your next line is graded as the answer
  /reset          a new conversation (history, quiz and score cleared)
  /help           this text
  /quit           leave (so does Ctrl+D)`;

const VERDICTS = { correct: 'Correct', partial: 'Partly right', incorrect: 'Not right', unknown: 'Not in the notes' } as const;

/** Markdown for a terminal: bold as bold (plain when not a terminal), code blocks indented. */
export function terminalText(markdown: string, styled: boolean): string {
  const bold = (text: string) => (styled ? `\x1b[1m${text}\x1b[22m` : text);
  return markdown
    .replace(/```[^\n]*\n([\s\S]*?)```/g, (_, code: string) => code.replace(/^/gm, '    ').trimEnd())
    .replace(/\*\*(.+?)\*\*/g, (_, text: string) => bold(text));
}

function sources(citations: Citation[]): string {
  return citations
    .map((c, i) => `  [${i + 1}] ${c.source ?? c.file} — ${c.file}:${c.startLine}${c.endLine > c.startLine ? `-${c.endLine}` : ''}`)
    .join('\n');
}

/**
 * The tutor as a chat in the terminal: the same answers, quiz and grading as the page. Reads piped
 * input line by line too (no prompt is drawn then), so a session can be scripted.
 */
export async function runChat(
  tutor: Tutor,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
): Promise<void> {
  const interactive = Boolean(output.isTTY && (input as { isTTY?: boolean }).isTTY);
  const lines = readline.createInterface({ input, output, terminal: interactive });
  const say = (text: string) => output.write(`${text}\n`);
  let history: Turn[] = [];
  let question: BankQuestion | undefined;
  let previousId: string | undefined;
  const score = { points: 0, graded: 0 };
  const prompt = () => interactive && lines.prompt();

  say(HELP);
  prompt();
  for await (const raw of lines) {
    const line = raw.trim();
    if (!line) {
      prompt();
      continue;
    }
    try {
      if (line === '/quit' || line === '/exit') break;
      if (line === '/help') say(HELP);
      else if (line === '/reset') {
        history = [];
        question = undefined;
        previousId = undefined;
        score.points = 0;
        score.graded = 0;
        say('New conversation: history, quiz and score were cleared.');
      } else if (line.startsWith('/quiz')) {
        const topic = line.slice('/quiz'.length).trim();
        question = await tutor.quiz({ ...(topic ? { topic } : {}), ...(previousId ? { previousId } : {}) });
        previousId = question.id;
        say(`\n${question.text}`);
        for (const option of question.options ?? []) say(`  ${option.label}) ${option.text}`);
        say(question.kind === 'mcq' ? '(answer with the letter or letters)' : '(write your answer on the next line)');
      } else if (line.startsWith('/')) say(`Unknown command ${line.split(/\s/)[0]}; /help lists them.`);
      else if (question) {
        const result = await tutor.grade({ question: question.text, answer: line, questionId: question.id });
        question = undefined;
        if (result.verdict !== 'unknown') {
          score.graded++;
          score.points += result.score;
        }
        say(`\n${VERDICTS[result.verdict]} (score ${result.score.toFixed(2)}; total ${score.points.toFixed(1)} / ${score.graded})`);
        say(terminalText(result.feedback, interactive));
        if (result.citations.length) say(sources(result.citations));
      } else {
        const answer = await tutor.ask(line, history);
        history = [
          ...history,
          { role: 'student' as const, text: line, grounded: answer.grounded, query: answer.query },
          { role: 'tutor' as const, text: answer.answer },
        ].slice(-12);
        say(`\n${terminalText(answer.answer, interactive)}`);
        if (answer.citations.length) say(`\n${sources(answer.citations)}`);
      }
    } catch (error) {
      say(`Sorry: ${(error as Error).message}`);
    }
    prompt();
  }
  lines.close();
}
