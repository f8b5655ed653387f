import type { ChunkKind, Mcq } from '../types.js';
import { Lines } from '../text/lines.js';
import { CODE_FENCE as FENCE, MARKDOWN_HEADING as MD_HEADING } from '../text/markdown.js';
import { parseMcq } from './mcq.js';

export { Lines };

/** A whole question-with-answer, glossary entry or prose paragraph, before any splitting. */
export interface Unit {
  kind: ChunkKind;
  title: string;
  startLine: number;
  endLine: number;
  /** First line of the answer (Q&A, exam) or definition (glossary); absent for prose. */
  answerStartLine?: number;
  mcq?: Mcq;
}

const QA_QUESTION = /^\s*Q\s*:/;
const QA_ANSWER = /^\s*A\s*:/;
const GLOSSARY_ENTRY = /^(\d{1,3})\.\s+(\S.*)$/;
const NUMBERED_HEADING = /^\s{0,3}(?:[-*+]\s+)?(?:#{1,6}\s+)?(?:\*\*)?(\d{1,3})[.)]\s+(?:\*\*)?(\S.*?)(?:\*\*)?\s*$/;

export function cleanTitle(text: string): string {
  return text
    .replace(/^\s*(?:[-*+]\s+)?(?:#{1,6}\s+)?/, '')
    .replace(/\*\*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Split a file into structural units, choosing the reading that fits its layout. */
export function parseUnits(lines: Lines): Unit[] {
  if (countMatches(lines, QA_QUESTION) >= 1 && countMatches(lines, QA_ANSWER) >= 1) return parseQa(lines);
  if (looksLikeGlossary(lines)) return parseGlossary(lines);
  const exam = parseExam(lines);
  return exam ?? parseProse(lines, 1, lines.count);
}

function countMatches(lines: Lines, pattern: RegExp): number {
  let count = 0;
  for (let line = 1; line <= lines.count; line++) if (pattern.test(lines.at(line))) count++;
  return count;
}

// ---------------------------------------------------------------- Q:/A: pairs

function parseQa(lines: Lines): Unit[] {
  const starts: number[] = [];
  for (let line = 1; line <= lines.count; line++) if (QA_QUESTION.test(lines.at(line))) starts.push(line);
  const units: Unit[] = parseProse(lines, 1, (starts[0] ?? lines.count + 1) - 1);
  starts.forEach((start, i) => {
    const end = lines.lastContent(start, (starts[i + 1] ?? lines.count + 1) - 1);
    let answerStart: number | undefined;
    for (let line = start + 1; line <= end; line++) {
      if (QA_ANSWER.test(lines.at(line))) {
        answerStart = line;
        break;
      }
    }
    const questionEnd = (answerStart ?? end + 1) - 1;
    const questionLines: string[] = [];
    for (let line = start; line <= questionEnd; line++) {
      const text = lines.at(line);
      if (line > start && /^\s*[-*•]\s+/.test(text)) continue; // an option, not the question
      questionLines.push(line === start ? text.replace(QA_QUESTION, '') : text);
    }
    const answerText = answerStart ? lines.slice(answerStart, end).join('\n').replace(QA_ANSWER, '') : '';
    const mcq = parseMcq(lines, start + 1, questionEnd, answerText);
    units.push({
      kind: 'qa',
      title: cleanTitle(questionLines.join(' ')),
      startLine: start,
      endLine: end,
      ...(answerStart ? { answerStartLine: answerStart } : {}),
      ...(mcq ? { mcq } : {}),
    });
  });
  return units;
}

// ---------------------------------------------------------------- glossary

/** Top-level "N. Term: definition" lines make up most numbered lines of a glossary. */
function looksLikeGlossary(lines: Lines): boolean {
  let numbered = 0;
  let defined = 0;
  for (let line = 1; line <= lines.count; line++) {
    const match = GLOSSARY_ENTRY.exec(lines.at(line));
    if (!match) continue;
    numbered++;
    if (/^[^:?]{1,80}:\s+\S.{20,}/.test(match[2] ?? '')) defined++;
  }
  return numbered >= 5 && defined / numbered >= 0.6;
}

function parseGlossary(lines: Lines): Unit[] {
  const starts: number[] = [];
  for (let line = 1; line <= lines.count; line++) if (GLOSSARY_ENTRY.test(lines.at(line))) starts.push(line);
  const units: Unit[] = parseProse(lines, 1, (starts[0] ?? lines.count + 1) - 1);
  starts.forEach((start, i) => {
    const body = GLOSSARY_ENTRY.exec(lines.at(start))?.[2] ?? '';
    const colon = body.indexOf(':');
    const title = colon > 0 && colon <= 80 ? body.slice(0, colon) : body;
    units.push({
      kind: 'glossary',
      title: cleanTitle(title),
      startLine: start,
      endLine: lines.lastContent(start, (starts[i + 1] ?? lines.count + 1) - 1),
      answerStartLine: start,
    });
  });
  return units;
}

// ---------------------------------------------------------------- numbered exam questions

interface Candidate {
  line: number;
  number: number;
  text: string;
}

type Role = 'question' | 'nested' | 'skip';

interface State {
  score: number;
  lastQuestion: number;
  lastNested: number;
  roles: Role[];
}

const QUESTION_WORDS =
  /^(hva|hvad|hvilke|hvilken|hvordan|hvorfor|vad|vilken|vilka|hur|varför|what|which|how|why|when|explain|forklar|förklara|beskriv|describe|create|din|när|når)\b/i;

function questionLikeness(text: string): number {
  let score = 0;
  if (/\?\s*(\*\*)?$/.test(text)) score += 1;
  if (QUESTION_WORDS.test(cleanTitle(text))) score += 1;
  if (/:\s*(\*\*)?$/.test(text) && score === 0) score -= 0.5;
  return score;
}

function numberedCandidates(lines: Lines): Candidate[] {
  const found: Candidate[] = [];
  let inFence = false;
  for (let line = 1; line <= lines.count; line++) {
    const text = lines.at(line);
    if (FENCE.test(text)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    const match = NUMBERED_HEADING.exec(text);
    if (match) found.push({ line, number: Number(match[1]), text: match[2] ?? '' });
  }
  return found;
}

/**
 * Pick the exam-question numbering among all numbered lines. Questions must count 1, 2, 3 …;
 * a numbered list inside an answer restarts at 1 and counts up on its own, so the walk-through
 * headings "1. … 9." inside question 5 are read as that answer's list, not as questions 6–9.
 * Every numbered line must be read as a question, a nested item or (at a cost) noise; the best
 * reading over the whole file wins.
 */
function chooseQuestions(candidates: Candidate[]): Candidate[] {
  let states = new Map<string, State>([['0:0', { score: 0, lastQuestion: 0, lastNested: 0, roles: [] }]]);
  for (const candidate of candidates) {
    const next = new Map<string, State>();
    const offer = (state: State, role: Role, lastQuestion: number, lastNested: number, gain: number) => {
      const key = `${lastQuestion}:${lastNested}`;
      const score = state.score + gain;
      const existing = next.get(key);
      if (!existing || existing.score < score) {
        next.set(key, { score, lastQuestion, lastNested, roles: [...state.roles, role] });
      }
    };
    for (const state of states.values()) {
      const n = candidate.number;
      if (n === state.lastQuestion + 1) offer(state, 'question', n, 0, 3 + questionLikeness(candidate.text));
      else if (state.lastQuestion === 0) offer(state, 'question', n, 0, 0 + questionLikeness(candidate.text));
      const nestedOk = state.lastQuestion > 0 && (state.lastNested === 0 ? n === 1 : n === state.lastNested + 1);
      if (nestedOk) offer(state, 'nested', state.lastQuestion, n, 1);
      offer(state, 'skip', state.lastQuestion, state.lastNested, -2);
    }
    states = next;
  }
  let best: State | undefined;
  for (const state of states.values()) if (!best || state.score > best.score) best = state;
  return candidates.filter((_, i) => best?.roles[i] === 'question');
}

function parseExam(lines: Lines): Unit[] | undefined {
  const questions = chooseQuestions(numberedCandidates(lines));
  if (questions.length < 2) return undefined;
  const units: Unit[] = parseProse(lines, 1, (questions[0]?.line ?? 1) - 1);
  questions.forEach((question, i) => {
    const end = lines.lastContent(question.line, (questions[i + 1]?.line ?? lines.count + 1) - 1);
    units.push({
      kind: 'exam',
      title: cleanTitle(question.text),
      startLine: question.line,
      endLine: end,
      answerStartLine: question.line + 1,
    });
  });
  return units;
}

// ---------------------------------------------------------------- prose fallback

/**
 * Paragraphs (separated by blank lines) of lines start..end, titled by the nearest heading. A
 * paragraph that is only a heading opens the paragraph after it rather than standing alone.
 */
export function parseProse(lines: Lines, start: number, end: number): Unit[] {
  const units: Unit[] = [];
  let heading = '';
  let headingStart: number | undefined;
  let line = start;
  while (line <= end) {
    if (lines.isBlank(line)) {
      line++;
      continue;
    }
    const paragraphStart = line;
    let inFence = false;
    while (line <= end && (inFence || !lines.isBlank(line))) {
      if (FENCE.test(lines.at(line))) inFence = !inFence;
      line++;
    }
    const paragraphEnd = lines.lastContent(paragraphStart, line - 1);
    const headingMatch = MD_HEADING.exec(lines.at(paragraphStart));
    if (headingMatch) heading = cleanTitle(headingMatch[1] ?? '');
    if (headingMatch && paragraphEnd === paragraphStart) {
      headingStart ??= paragraphStart;
      continue;
    }
    units.push({ kind: 'prose', title: heading, startLine: headingStart ?? paragraphStart, endLine: paragraphEnd });
    headingStart = undefined;
  }
  if (headingStart !== undefined) {
    units.push({ kind: 'prose', title: heading, startLine: headingStart, endLine: lines.lastContent(headingStart, end) });
  }
  return units;
}
