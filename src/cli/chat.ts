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

/** What one terminal conversation remembers, and what it does with each kind of line. */
class TerminalConversation {
  private history: Turn[] = [];
  private question: BankQuestion | undefined;
  private previousId: string | undefined;
  private readonly score = { points: 0, graded: 0 };

  constructor(
    private readonly tutor: Tutor,
    private readonly say: (text: string) => void,
    private readonly interactive: boolean,
  ) {}

  async handle(line: string): Promise<void> {
    if (line === '/help') this.say(HELP);
    else if (line === '/reset') this.reset();
    else if (line.startsWith('/quiz')) await this.quiz(line.slice('/quiz'.length).trim());
    else if (line.startsWith('/')) this.say(`Unknown command ${line.split(/\s/)[0]}; /help lists them.`);
    else if (this.question) await this.grade(this.question, line);
    else await this.ask(line);
  }

  private reset(): void {
    this.history = [];
    this.question = undefined;
    this.previousId = undefined;
    this.score.points = 0;
    this.score.graded = 0;
    this.say('New conversation: history, quiz and score were cleared.');
  }

  private async quiz(topic: string): Promise<void> {
    const question = await this.tutor.quiz({ ...(topic ? { topic } : {}), ...(this.previousId ? { previousId: this.previousId } : {}) });
    this.question = question;
    this.previousId = question.id;
    this.say(`\n${question.text}`);
    for (const option of question.options ?? []) this.say(`  ${option.label}) ${option.text}`);
    this.say(question.kind === 'mcq' ? '(answer with the letter or letters)' : '(write your answer on the next line)');
  }

  private async grade(question: BankQuestion, answer: string): Promise<void> {
    const result = await this.tutor.grade({ question: question.text, answer, questionId: question.id });
    this.question = undefined;
    if (result.verdict !== 'unknown') {
      this.score.graded++;
      this.score.points += result.score;
    }
    const total = `${this.score.points.toFixed(1)} / ${this.score.graded}`;
    this.say(`\n${VERDICTS[result.verdict]} (score ${result.score.toFixed(2)}; total ${total})`);
    this.say(terminalText(result.feedback, this.interactive));
    if (result.citations.length) this.say(sources(result.citations));
  }

  private async ask(line: string): Promise<void> {
    const answer = await this.tutor.ask(line, this.history);
    this.history = [
      ...this.history,
      { role: 'student' as const, text: line, grounded: answer.grounded, query: answer.query },
      { role: 'tutor' as const, text: answer.answer },
    ].slice(-12);
    this.say(`\n${terminalText(answer.answer, this.interactive)}`);
    if (answer.citations.length) this.say(`\n${sources(answer.citations)}`);
  }
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
  const conversation = new TerminalConversation(tutor, say, interactive);
  const prompt = () => interactive && lines.prompt();
  say(HELP);
  prompt();
  for await (const raw of lines) {
    const line = raw.trim();
    if (line === '/quit' || line === '/exit') break;
    if (line) {
      try {
        await conversation.handle(line);
      } catch (error) {
        say(`Sorry: ${(error as Error).message}`);
      }
    }
    prompt();
  }
  lines.close();
}
