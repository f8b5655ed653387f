import { questionsOf } from '../src/app/warmExplanations.js';
import type { Tutor } from '../src/tutor/tutor.js';
import { Lang } from '../src/contracts/ws.js';

/** The class cache's key of a question's explanation (language and passages), or null when it is refused. */
async function keyOf(tutor: Tutor, question: string): Promise<{ lang: Lang; units: string } | null> {
  const answer = await tutor.ask(question, [], { extractive: true });
  if (!answer.grounded) return null;
  const units = (await tutor.explanationPassagesOf(answer)).map((p) => p.unitId).join('|');
  return { lang: answer.lang, units };
}

/**
 * How many questions the explanation cache, warmed in idle time (src/app/warmExplanations.ts),
 * would serve at once: their explanation's key (language and passages) is one the warmer writes,
 * warmed in each question's own language only or in all four. Computed from the keys, without
 * writing the explanations.
 */
export async function evaluateWarmReach(tutor: Tutor, sets: Array<{ name: string; queries: string[] }>): Promise<void> {
  const own = new Set<string>();
  const all = new Set<string>();
  const warmed = questionsOf(tutor);
  for (const question of warmed) {
    const key = await keyOf(tutor, question);
    if (!key) continue;
    own.add(`${key.lang}#${key.units}`);
    for (const lang of Lang.options) all.add(`${lang}#${key.units}`);
  }
  console.log(`\nExplanations a warmed class cache would serve at once (${warmed.length} questions warmed)`);
  console.log('| set | questions answered | warmed in their own language | warmed in all four |');
  console.log('|---|---|---|---|');
  for (const set of sets) {
    let answered = 0;
    let servedOwn = 0;
    let servedAll = 0;
    for (const query of set.queries) {
      const key = await keyOf(tutor, query);
      if (!key) continue;
      answered++;
      if (own.has(`${key.lang}#${key.units}`)) servedOwn++;
      if (all.has(`${key.lang}#${key.units}`)) servedAll++;
    }
    console.log(`| ${set.name} | ${answered}/${set.queries.length} | ${servedOwn} | ${servedAll} |`);
  }
}
