import readline from 'node:readline';
import type { z } from 'zod';

/**
 * Read JSON Lines from stdin and write exactly one JSON line per non-empty input line, in order.
 * A line that is not valid JSON or fails the schema gets an error line instead of stopping the run.
 */
export async function mapJsonLines<S extends z.ZodType, R>(schema: S, handle: (input: z.infer<S>) => Promise<R>): Promise<void> {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let output: unknown;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      output = { id: null, error: 'input line is not valid JSON' };
    }
    if (output === undefined) {
      const parsed = schema.safeParse(raw);
      const id = (raw as { id?: unknown } | null)?.id ?? null;
      output = parsed.success
        ? await handle(parsed.data).catch((error: Error) => ({ id, error: error.message }))
        : {
            id,
            error: `invalid input: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'line'}: ${issue.message}`).join('; ')}`,
          };
    }
    process.stdout.write(JSON.stringify(output) + '\n');
  }
}
