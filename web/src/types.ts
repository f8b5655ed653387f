/** The chat protocol as the page sees it: the server's own schemas' types (erased at build time, no zod in the bundle). */
export type { Citation, ClientMessage, MessageId, QuizKind, ServerMessage } from '../../src/contracts/ws.js';
export type {
  InfoResponse,
  ProgressResponse,
  SourceResponse,
  TeacherCorrection,
  TeacherGrade,
  TeacherOverview,
} from '../../src/contracts/http.js';
