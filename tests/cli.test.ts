import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, MODELS, ROOT, tempWorkspace } from './helpers/env.js';
import { expectExactCitations } from './helpers/citations.js';

/**
 * Run the CLI without blocking this worker's event loop (spawnSync held it for the whole run, and
 * a minute of several runs in a row made vitest's worker miss its RPC deadline).
 */
function tutor(
  args: string[],
  env: Record<string, string>,
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...env, TUTOR_DEVICE: 'cpu', TUTOR_LLM_THREADS: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 170_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

describe('tutor CLI', () => {
  const { corpusDir, indexDir } = tempWorkspace('cli');
  const env = { TUTOR_MODEL_DIR: MODELS, TUTOR_CORPUS_DIR: corpusDir, TUTOR_INDEX_DIR: indexDir };

  it('--help, -h and help print the usage and exit 0; an unknown command says so and exits 2', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      const run = await tutor([flag], env);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^usage: tutor <command>/);
      expect(run.stderr).not.toMatch(/unknown command/);
    }
    const unknown = await tutor(['fly'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "fly"/);
  });

  it('quiz tells how to answer, and grade --question-id grades that answer against the question', async () => {
    const quiz = await tutor(['quiz', '--lang', 'nb'], env);
    expect(quiz.code).toBe(0);
    const id = /tutor grade --question-id (q-[0-9a-f]+) "your answer"/.exec(quiz.stdout)?.[1];
    expect(id, quiz.stdout).toBeDefined();
    const graded = await tutor(['grade', '--json', '--question-id', id!, 'Bananer er gule.'], env);
    expect(graded.code).toBe(0);
    const result = JSON.parse(graded.stdout.trim());
    expect(result.verdict).toBe('incorrect');
    expect(result.reference.length).toBeGreaterThan(0);
    const unknownId = await tutor(['grade', '--question-id', 'q-0000000000', 'B'], env);
    expect(unknownId.code).toBe(1);
    expect(unknownId.stderr).toMatch(/no quiz question with id "q-0000000000"/);
  });

  it('start is a chat in the terminal: rendered answers with sources, /quiz graded on the next line, /reset, /help, piped input', async () => {
    const run = await tutor(['start'], env, 'Hva er dropout?\n/quiz\nBananer er gule.\n/nonsense\n/reset\n/help\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/[Dd]ropout/);
    expect(run.stdout).not.toContain('**');
    expect(run.stdout).toMatch(/^ {2}\[1\] .+ — \d{3}_[0-9a-f]{16}\.txt:\d+/m);
    expect(run.stdout).toMatch(/\n(Correct|Partly right|Not right) \(score \d\.\d\d; total \d+\.\d \/ 1\)/);
    expect(run.stdout).toContain('Unknown command /nonsense; /help lists them.');
    expect(run.stdout).toContain('New conversation: history, quiz and score were cleared.');
    expect(run.stdout.match(/\/quiz \[topic\]/g)).toHaveLength(2);
  });

  it('search --json reads JSON Lines and writes one line per input, in order, in the contract shape', async () => {
    const input = [
      JSON.stringify({ id: 'q1', query: 'What is dropout?' }),
      'this is not json',
      JSON.stringify({ id: 'q2', query: 'What is the capital of Australia?' }),
      JSON.stringify({ id: 3 }),
      JSON.stringify({ id: 'q4', query: 'Hvad er en gradient?' }),
      JSON.stringify({ id: 'q5', query: 'överanpassning' }),
    ].join('\n');
    const run = await tutor(['search', '--json', '--k', '3'], env, input);
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(6);
    expect(lines.map((l) => l.id)).toEqual(['q1', null, 'q2', 3, 'q4', 'q5']);
    const [first, bad, outside, invalid, gradient, swedishWord] = lines;
    expect(Object.keys(first).sort()).toEqual(['grounded', 'hits', 'id', 'query']);
    expect(first.query).toBe('What is dropout?');
    expect(first.grounded).toBe(true);
    expect(first.hits).toHaveLength(3);
    for (const hit of first.hits) {
      expect(Object.keys(hit).sort()).toEqual(['endLine', 'file', 'kind', 'score', 'startLine', 'text', 'title']);
      const fileLines = fs.readFileSync(path.join(corpusDir, hit.file), 'utf8').split('\n');
      expect(hit.text).toBe(fileLines.slice(hit.startLine - 1, hit.endLine).join('\n'));
    }
    expect(bad.error).toMatch(/not valid JSON/);
    expect(outside.grounded).toBe(false);
    expect(invalid.error).toMatch(/query/);
    expect(
      gradient.hits.some((h: { file: string; startLine: number }) => h.file === '001_277e09fd6dde2077.txt' && h.startLine === 118),
    ).toBe(true);
    // One Swedish word, written in the notes only as Norwegian "overtilpasning" or as "overfitting".
    expect(swedishWord.hits[0].text).toMatch(/overtilpasning|overfitting/);
  });

  it('search and ask give the same covered / not covered judgement for every dev question, in scope and off-topic', async () => {
    const questions = ['dev-retrieval.jsonl', 'dev-outofscope.jsonl'].flatMap((name) =>
      fs
        .readFileSync(path.join(ROOT, 'eval', name), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { query: string }).query),
    );
    const input = questions.map((query, id) => JSON.stringify({ id, query })).join('\n');
    const judged = async (command: string) => {
      const run = await tutor([command, '--json'], { ...env, TUTOR_READ_WAIT_MS: '0' }, input);
      expect(run.code, run.stderr).toBe(0);
      return run.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { grounded: boolean }).grounded);
    };
    const [searched, asked] = await Promise.all([judged('search'), judged('ask')]);
    expect(searched).toHaveLength(questions.length);
    expect(searched).toEqual(asked);
    // Both sets are judged as the eval expects: the in-scope questions covered, the off-topic ones not.
    expect(searched.filter(Boolean).length).toBeGreaterThanOrEqual(25);
    expect(searched.slice(30).filter(Boolean)).toEqual([]);
  });

  it('ask --json says which composer wrote the answer; ask --explain --json has the local model explain it, checked', async () => {
    const plain = await tutor(['ask', '--json', 'Hva er dropout?'], env);
    expect(plain.code).toBe(0);
    const quoted = JSON.parse(plain.stdout.trim());
    expect(Object.keys(quoted).sort()).toEqual(['answer', 'citations', 'composer', 'grounded', 'id']);
    expect(quoted.composer).toBe('extractive');

    const run = await tutor(['ask', '--explain', '--json', 'What is stochastic gradient descent?'], env);
    expect(run.code).toBe(0);
    const explained = JSON.parse(run.stdout.trim());
    expect(explained.grounded).toBe(true);
    expect(explained.composer).toBe('llm');
    const markers = [...(explained.answer as string).matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    expect(markers.length).toBeGreaterThan(0);
    expect(Math.max(...markers)).toBeLessThanOrEqual(explained.citations.length);
    expectExactCitations(corpusDir, explained.citations);

    const refused = JSON.parse((await tutor(['ask', '--explain', '--json', 'Hvem vant fotball-VM i 2018?'], env)).stdout.trim());
    expect(refused).toMatchObject({ grounded: false, composer: 'extractive', citations: [] });
  });

  it('index reports what it did, and a second run finds nothing to do', async () => {
    const run = await tutor(['index'], env);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout.trim().split('\n').pop()!)).toMatchObject({ event: 'indexed', upToDate: true, embeddedChunks: 0 });
  });

  it('without a model it still searches lexically and says so on stderr', async () => {
    const ws = tempWorkspace('cli-lexical');
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-empty-models-'));
    const run = await tutor(['search', '--json', 'Hva er gradient descent?'], {
      TUTOR_MODEL_DIR: empty,
      TUTOR_CORPUS_DIR: ws.corpusDir,
      TUTOR_INDEX_DIR: ws.indexDir,
      TUTOR_OFFLINE: '1',
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/lexical/);
    const result = JSON.parse(run.stdout);
    expect(result.hits.length).toBeGreaterThan(0);
  });

  it('bad arguments get a clear message and a non-zero exit', async () => {
    expect((await tutor(['search', '--k', 'zero', 'x'], env)).stderr).toMatch(/--k must be/);
    expect((await tutor(['frobnicate'], env)).code).toBe(2);
  });
});
