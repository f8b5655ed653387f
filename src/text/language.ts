import { francAll } from 'franc';
import type { Lang } from '../types.js';

const FRANC_TO_LANG: Record<string, Lang> = { nob: 'nb', nno: 'nb', dan: 'da', swe: 'sv', eng: 'en' };

/**
 * Function words that tell these close languages apart. Written Norwegian and Danish share most
 * words, so trigram statistics alone often flip between them on short lines; these cues settle it.
 */
const list = (words: string): readonly string[] => words.trim().split(/\s+/);

const CUES: Record<Lang, readonly string[]> = {
  nb: list(`hva hvilke hvilken hvem hvordan å av noe noen mye bare etter gjennom mellom slik gjør blir bli ble eks sine
    deres fordi seg meg deg nå dyp hjelp hjelpe bruke brukes brukt alltid høy høyt høyere vant fotball sier vet opp ut lager lage
    også ikke dette disse kanskje spørsmål forskjell forskjellen forskjellig forskjellige`),
  da: list(`hvad hvilke hvilken hvem hvordan af nogle nogen meget efter igennem gøre gøres bliver blive blev mellem fordi
    mængden udregnes tager tage vores ens dyb bruge bruges hvor ved der at altid høj højt højere mig dig nu hjælp hjælpe
    siger vandt fodbold forskel forskellen forskellig forskellige hvornår ud op også ikke dette disse spørgsmål måske
    virker`),
  sv: list(`vad är och inte hur varför att för ett när också mellan sig används vilken vilka går vem ska mycket några
    skillnad skillnaden bättre hänger ihop därför`),
  en: list(`the what is are of and to in how why which does do a an for with this that it on be by can from explain`),
};

/** Function words all three Scandinavian languages write: evidence for the family, not for one of them. */
const SCANDINAVIAN = new Set(list(`som en med av på det den de kan man til till eller ut og i er har ikke om så`));

/** Words only one of the four languages writes: each counts three times. */
const STRONG: Record<Lang, readonly string[]> = {
  nb: list(`hva å noen gjennom mye seg meg deg nå dyp hjelp bruke brukes bruker høy høyt høyere fotball sier blir ble spørsmål
    forskjell forskjellen forskjellig forskjellige kanskje vekt vekten vektene`),
  da: list(`hvad nogle meget igennem gøre bliver blive blev altid høj højt højere mig dig nu hjælp hjælpe siger vandt
    fodbold forskel forskellen forskellig forskellige hvornår spørgsmål måske bruge bruges bruger laver lave vægt vægten
    vægtene`),
  sv: list(`vad är och inte hur varför vilken vilka vem mycket några skillnad skillnaden också ska`),
  en: list(`the what which why does`),
};
const STRONG_SETS = Object.fromEntries(Object.entries(STRONG).map(([lang, words]) => [lang, new Set(words)])) as Record<Lang, Set<string>>;

const CUE_SETS = Object.fromEntries(Object.entries(CUES).map(([lang, words]) => [lang, new Set(words)])) as Record<Lang, Set<string>>;

const LANGS: readonly Lang[] = ['nb', 'da', 'sv', 'en'];

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}]+/gu) ?? [];
}

/** Scores per language in [0, 1]; higher is more likely. */
function scoreLine(text: string): Record<Lang, number> {
  const scores: Record<Lang, number> = { nb: 0, da: 0, sv: 0, en: 0 };
  const tokens = words(text);
  if (tokens.length === 0) return scores;
  for (const token of tokens) {
    for (const lang of LANGS) {
      if (STRONG_SETS[lang].has(token)) scores[lang] += 3;
      else if (CUE_SETS[lang].has(token)) scores[lang] += 1;
      else if (lang !== 'en' && SCANDINAVIAN.has(token)) scores[lang] += 0.5;
    }
  }
  for (const lang of LANGS) scores[lang] = scores[lang] / tokens.length;
  // Letters that only one language writes.
  if (/[äö]/i.test(text)) scores.sv += 0.5;
  // Swedish writes v- where Norwegian and Danish write hv- (vad/hva/hvad, vem/hvem, hur/hvordan).
  if (/(?:^|[^\p{L}])hv\p{L}/iu.test(text)) {
    scores.nb += 0.2;
    scores.da += 0.2;
  }
  // Present tense of borrowed verbs: -erer in Norwegian and Danish (fungerer), -erar in Swedish (fungerar).
  if (/\p{L}{2,}erer\b/iu.test(text)) {
    scores.nb += 0.1;
    scores.da += 0.1;
  }
  if (/\p{L}{2,}erar\b/iu.test(text)) scores.sv += 0.1;
  // Danish spørg- (spørgsmål, forespørgsel) where Norwegian writes spør-.
  if (/spørg/iu.test(text)) scores.da += 0.2;
  if (/[æø]/i.test(text)) {
    scores.nb += 0.15;
    scores.da += 0.15;
  }
  if (/\p{L}*(?:kj|gj|skj)\p{L}*/iu.test(text)) scores.nb += 0.1;
  if (/\b(?:\p{L}+hed|\p{L}+ighed|forskel\p{L}*)\b/iu.test(text)) scores.da += 0.1;
  // Spelling and endings: nb -sjon and definite plural -ene; da -tion, -erne and ud-; sv -erna/-arna/-orna.
  if (/\p{L}+sjon(?:en|er|ene)?\b/iu.test(text)) scores.nb += 0.2;
  if (/\p{L}+\p{L}{2}ene\b/iu.test(text)) scores.nb += 0.1;
  if (/\p{L}+tion(?:en|er|erne)?\b/iu.test(text) && !/\b(?:the|of|and|is)\b/i.test(text)) {
    scores.da += 0.1;
    scores.sv += 0.1;
  }
  if (/\p{L}{3,}erne\b|\bud\p{L}{3,}/iu.test(text)) scores.da += 0.2;
  if (/\p{L}{2,}(?:erna|arna|orna)\b/iu.test(text)) scores.sv += 0.2;
  if (text.length >= 12) {
    // franc's weights are close to 1 for all four on short lines; only its first choice carries signal,
    // and between Norwegian and Danish not even that (measured on the notes' own lines: it picked Danish
    // for most misread Norwegian lines), so there it only votes for the pair; cue words decide.
    const top = francAll(text, { only: Object.keys(FRANC_TO_LANG), minLength: 3 })[0];
    const lang = top ? FRANC_TO_LANG[top[0]] : undefined;
    if (lang === 'nb' || lang === 'da') {
      scores.nb += 0.15;
      scores.da += 0.15;
    } else if (lang) scores[lang] += 0.3;
  }
  return scores;
}

function best(scores: Record<Lang, number>): Lang {
  let top: Lang = 'en';
  for (const lang of LANGS) if (scores[lang] > scores[top]) top = lang;
  return top;
}

/** Main language of a short text such as a student's question. */
export function detectLanguage(text: string): Lang {
  return best(scoreLine(text));
}

/**
 * Languages of a longer, possibly mixed text (course notes often pair a Swedish question with an
 * English answer): each line votes for its language with its length, the main language first.
 */
export function detectLanguages(text: string): Lang[] {
  const weight: Record<Lang, number> = { nb: 0, da: 0, sv: 0, en: 0 };
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (words(trimmed).length < 2) continue;
    weight[best(scoreLine(trimmed))] += trimmed.length;
  }
  const total = LANGS.reduce((sum, lang) => sum + weight[lang], 0);
  if (total === 0) return [detectLanguage(text)];
  return LANGS.filter((lang) => weight[lang] / total >= 0.2).sort((a, b) => weight[b] - weight[a]);
}

const SIBLING: Partial<Record<Lang, Lang>> = { nb: 'da', da: 'nb' };

/**
 * Short lines flip between Norwegian and Danish more than whole files do (measured on the notes:
 * a file's language is right where single lines are not). Within a file written in one of the two,
 * a line read as the other is taken as the file's.
 */
export function withinFile(langs: readonly Lang[], fileLangs: readonly Lang[]): Lang[] {
  const mapped = langs.map((lang) => {
    const sibling = SIBLING[lang];
    return sibling && !fileLangs.includes(lang) && fileLangs.includes(sibling) ? sibling : lang;
  });
  return [...new Set(mapped)];
}

/**
 * Language of a quote taken from a chunk: the quote's own reading when the chunk has that language
 * (a Swedish question with an English answer quotes the English), its Norwegian/Danish sibling
 * when the chunk has that one, else the chunk's main language.
 */
export function quotedLanguage(quote: string, chunkLangs: readonly Lang[]): Lang {
  const read = detectLanguage(quote);
  if (chunkLangs.includes(read)) return read;
  const sibling = SIBLING[read];
  if (sibling && chunkLangs.includes(sibling)) return sibling;
  return chunkLangs[0] ?? read;
}
