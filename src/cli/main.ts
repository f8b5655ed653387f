#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { loadConfig, type TutorConfig } from '../config.js';
import { buildIndex } from '../index/build.js';
import { log, setLogLevel } from '../log.js';
import { loadEmbedderOrNull } from '../app/open.js';
import { stageProgress, terminalProgress } from './progress.js';
import { calibrate } from '../app/calibrate/run.js';
import { runChat } from './chat.js';
import { runServe } from './serve.js';
import { runSearch } from './search.js';
import { runAsk, runGrade, runQuiz } from './tutorCommands.js';
import { openTutor } from '../app/compose.js';
import type { Tutor } from '../tutor/tutor.js';

const USAGE = `usage: tutor <command> [options]

commands:
  serve                       build the index if missing or stale, then serve the chat page on
                              http://localhost:$PORT (default 3000)
  start                       the same index, then chat with the tutor in the terminal (/quiz, /reset,
                              /help; reads piped input line by line too)
  index                       build or update the index (only changed files are re-embedded)
  ask [--explain] [--json] [QUERY]
                              answer from the notes with citations; --explain has the local language
                              model explain it from the passages (checked; else the quotes); --json
                              without QUERY reads JSON Lines {"id","query"} →
                              {"id","answer","grounded","citations","composer"} (composer: llm | extractive)
  quiz [--lang nb|sv|da|en] [--topic T] [--json] [--stdin]
                              draw an exam question (never the same twice in a row); --stdin reads
                              JSON Lines {"id","lang"?,"topic"?} → {"id","questionId","text","lang","kind","options"}
  grade [--json] [QUESTION ANSWER | --question-id ID ANSWER]
                              grade an answer (to a question of the notes, or to the quiz
                              question ID that \`tutor quiz\` printed); --json without arguments reads JSON Lines
                              {"id","question","answer","questionId"?} → {"id","verdict","score","feedback","reference","citations"}
  calibrate [--notes-only]   make the grading calibration set from the course's own notes (the
                              local model writes paraphrases and wrong answers; --notes-only skips
                              them), fit the grading decision out of fold and print its figures
  search [--k N] [--json] [QUERY]
                              search the course notes; with --json and no QUERY, read JSON Lines
                              {"id","query"} from stdin and write one result line per input

environment: PORT (3000), TUTOR_HOST, TUTOR_MODEL_DIR (models/), TUTOR_CORPUS_DIR (seeds/),
             TUTOR_INDEX_DIR (index/), TUTOR_DEVICE (auto|cpu|cuda|webgpu), TUTOR_LOCAL_LLM (auto|off),
             TUTOR_LLM_BASE_URL, TUTOR_LOG_LEVEL (warn) … — README "Configuration" lists them all`;

type Options = {
  k?: string;
  json?: boolean;
  lang?: string;
  topic?: string;
  stdin?: boolean;
  'question-id'?: string;
  explain?: boolean;
  'notes-only'?: boolean;
};

interface Invocation {
  config: TutorConfig;
  values: Options;
  positionals: string[];
  progress: ReturnType<typeof terminalProgress>;
}

/** The tutor with its models, progress shown while the index is brought up to date; its local model is let go afterwards. */
async function withTutor(run: Invocation, use: (tutor: Tutor) => Promise<void>): Promise<number> {
  const { tutor, localLlm } = await openTutor(run.config, run.progress.onProgress);
  run.progress.stop();
  try {
    await use(tutor);
  } finally {
    await localLlm.dispose();
  }
  return 0;
}

const query = (positionals: string[]) => (positionals.length ? positionals.join(' ') : undefined);

/** One function per command. */
const COMMANDS: Record<string, (run: Invocation) => Promise<number>> = {
  async index({ config, progress }) {
    const embedder = await loadEmbedderOrNull(config);
    const stats = await buildIndex({ config, embedder, ...(progress.onProgress ? { onProgress: progress.onProgress } : {}) });
    progress.stop();
    process.stdout.write(JSON.stringify({ event: 'indexed', ...stats }) + '\n');
    return 0;
  },
  async search(run) {
    const k = run.values.k === undefined ? 5 : Number(run.values.k);
    if (!Number.isInteger(k) || k < 1 || k > 100) throw new Error('--k must be a whole number from 1 to 100');
    return withTutor(run, (tutor) => runSearch(tutor, query(run.positionals), k, run.values.json ?? false));
  },
  ask: (run) => withTutor(run, (tutor) => runAsk(tutor, query(run.positionals), run.values.json ?? false, run.values.explain ?? false)),
  grade: (run) => withTutor(run, (tutor) => runGrade(tutor, run.positionals, run.values.json ?? false, run.values['question-id'])),
  quiz: (run) =>
    withTutor(run, (tutor) =>
      runQuiz(tutor, run.config.indexDir, {
        json: run.values.json ?? false,
        stdin: run.values.stdin ?? false,
        ...(run.values.lang !== undefined ? { lang: run.values.lang } : {}),
        ...(run.values.topic !== undefined ? { topic: run.values.topic } : {}),
      }),
    ),
  async serve({ config, progress }) {
    progress.stop();
    await runServe(config);
    return 0;
  },
  start: (run) => withTutor(run, (tutor) => runChat(tutor)),
  calibrate: (run) =>
    withTutor(run, async (tutor) => {
      await tutor.warm();
      const progress = stageProgress();
      try {
        await calibrate(run.config, tutor, { write: !run.values['notes-only'], onProgress: progress.update });
      } finally {
        progress.stop();
      }
    }),
};

async function main(argv: string[]): Promise<number> {
  const [first, ...others] = argv;
  // `tutor --help` and `tutor -h` ask for the usage, like `tutor help`.
  const wantsHelp = first === '--help' || first === '-h' || first === 'help';
  const command = wantsHelp ? 'help' : first;
  const { values, positionals } = parseArgs({
    args: wantsHelp ? [] : others,
    allowPositionals: true,
    options: {
      k: { type: 'string' },
      json: { type: 'boolean', default: false },
      lang: { type: 'string' },
      topic: { type: 'string' },
      stdin: { type: 'boolean', default: false },
      'question-id': { type: 'string' },
      explain: { type: 'boolean', default: false },
      'notes-only': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (!command || values.help || command === 'help') {
    process.stdout.write(USAGE + '\n');
    return command ? 0 : 2;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`unknown command "${command}"\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  setLogLevel(config.logLevel);
  const progress = terminalProgress();
  try {
    return await run({ config, values, positionals, progress });
  } finally {
    progress.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    log.error(error.message);
    process.stderr.write(`tutor: ${error.message}\n`);
    process.exitCode = 1;
  },
);
