import { z } from 'zod';
import { Lang } from './ws.js';

/** The CLI's JSON Lines contracts (`--json`): one input schema per command; outputs as README documents. */
const Id = z.union([z.string(), z.number()]);

export const SearchInput = z.object({ id: Id, query: z.string().min(1).max(4000) });
export const AskInput = z.object({ id: Id, query: z.string().min(1).max(4000) });
export const GradeInput = z.object({
  id: Id,
  question: z.string().min(1).max(4000),
  answer: z.string().max(8000),
  questionId: z.string().max(64).optional(),
});
export const QuizInput = z.object({ id: Id, lang: Lang.optional(), topic: z.string().max(400).optional() });

export type CliId = z.infer<typeof Id>;
