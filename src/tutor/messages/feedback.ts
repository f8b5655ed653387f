import type { Lang } from '../../types.js';

type Template = (values: Record<string, string>) => string;

/** Grading feedback in the student's language; {placeholders} are filled from the judgement. */
const TEMPLATES = {
  mcqCorrect: {
    en: (v) => `Correct: ${v.chosen}.`,
    nb: (v) => `Riktig: ${v.chosen}.`,
    sv: (v) => `Rätt: ${v.chosen}.`,
    da: (v) => `Rigtigt: ${v.chosen}.`,
  },
  mcqPartial: {
    en: (v) => `Partly right: ${v.right} is correct, but ${v.missed} is correct too.`,
    nb: (v) => `Delvis riktig: ${v.right} stemmer, men ${v.missed} er også riktig.`,
    sv: (v) => `Delvis rätt: ${v.right} stämmer, men ${v.missed} är också rätt.`,
    da: (v) => `Delvis rigtigt: ${v.right} er korrekt, men ${v.missed} er også rigtigt.`,
  },
  mcqIncorrect: {
    en: (v) => `Not right: ${v.wrong} is not correct. The notes give ${v.correct}.`,
    nb: (v) => `Ikke riktig: ${v.wrong} stemmer ikke. Notatene gir ${v.correct}.`,
    sv: (v) => `Inte rätt: ${v.wrong} stämmer inte. Anteckningarna anger ${v.correct}.`,
    da: (v) => `Ikke rigtigt: ${v.wrong} er ikke korrekt. Noterne giver ${v.correct}.`,
  },
  mcqNone: {
    en: (v) => `I could not tell which option you chose. The notes give ${v.correct}.`,
    nb: (v) => `Jeg fant ikke ut hvilket alternativ du valgte. Notatene gir ${v.correct}.`,
    sv: (v) => `Jag kunde inte avgöra vilket alternativ du valde. Anteckningarna anger ${v.correct}.`,
    da: (v) => `Jeg kunne ikke se, hvilken mulighed du valgte. Noterne giver ${v.correct}.`,
  },
  openCorrect: {
    en: (v) => `Correct. Your answer matches the notes: ${v.points}`,
    nb: (v) => `Riktig. Svaret ditt stemmer med notatene: ${v.points}`,
    sv: (v) => `Rätt. Ditt svar stämmer med anteckningarna: ${v.points}`,
    da: (v) => `Rigtigt. Dit svar stemmer med noterne: ${v.points}`,
  },
  openPartial: {
    en: (v) =>
      `Partly right: your answer comes close to ${v.points}, but does not clearly say it.${v.missing ? ` Also missing: ${v.missing}` : ''}`,
    nb: (v) =>
      `Delvis riktig: svaret ditt ligger nær ${v.points}, men sier det ikke tydelig.${v.missing ? ` Mangler også: ${v.missing}` : ''}`,
    sv: (v) =>
      `Delvis rätt: ditt svar ligger nära ${v.points}, men säger det inte tydligt.${v.missing ? ` Saknas också: ${v.missing}` : ''}`,
    da: (v) =>
      `Delvis rigtigt: dit svar ligger tæt på ${v.points}, men siger det ikke tydeligt.${v.missing ? ` Mangler også: ${v.missing}` : ''}`,
  },
  openCorrectMissing: {
    en: (v) => ` Not mentioned: ${v.missing}`,
    nb: (v) => ` Ikke nevnt: ${v.missing}`,
    sv: (v) => ` Inte nämnt: ${v.missing}`,
    da: (v) => ` Ikke nævnt: ${v.missing}`,
  },
  openIncorrect: {
    en: (v) => `Not right. The notes say: ${v.missing}`,
    nb: (v) => `Ikke riktig. Notatene sier: ${v.missing}`,
    sv: (v) => `Inte rätt. Anteckningarna säger: ${v.missing}`,
    da: (v) => `Ikke rigtigt. Noterne siger: ${v.missing}`,
  },
  openUnsure: {
    en: (v) =>
      `Partly right: your answer is close to the notes, but I cannot confirm that it means the same. Compare it with the notes: ${v.points}`,
    nb: (v) =>
      `Delvis riktig: svaret ditt ligger nær notatene, men jeg kan ikke bekrefte at det betyr det samme. Sammenlign med notatene: ${v.points}`,
    sv: (v) =>
      `Delvis rätt: ditt svar ligger nära anteckningarna, men jag kan inte bekräfta att det betyder samma sak. Jämför med anteckningarna: ${v.points}`,
    da: (v) =>
      `Delvis rigtigt: dit svar ligger tæt på noterne, men jeg kan ikke bekræfte, at det betyder det samme. Sammenlign med noterne: ${v.points}`,
  },
  partlyFlipped: {
    en: (v) => `Partly right, but check one word: you wrote "${v.yours}" where the notes say "${v.theirs}": ${v.notes}`,
    nb: (v) => `Delvis riktig, men sjekk ett ord: du skrev «${v.yours}» der notatene sier «${v.theirs}»: ${v.notes}`,
    sv: (v) => `Delvis rätt, men kontrollera ett ord: du skrev ”${v.yours}” där anteckningarna säger ”${v.theirs}”: ${v.notes}`,
    da: (v) => `Delvis rigtigt, men tjek ét ord: du skrev »${v.yours}«, hvor noterne siger »${v.theirs}«: ${v.notes}`,
  },
  wrongMeaning: {
    en: (v) => `Not right. The notes say: ${v.notes} Your answer says something else: "${v.yours}"`,
    nb: (v) => `Ikke riktig. Notatene sier: ${v.notes} Svaret ditt sier noe annet: «${v.yours}»`,
    sv: (v) => `Inte rätt. Anteckningarna säger: ${v.notes} Ditt svar säger något annat: ”${v.yours}”`,
    da: (v) => `Ikke rigtigt. Noterne siger: ${v.notes} Dit svar siger noget andet: »${v.yours}«`,
  },
  wrongAbsolute: {
    en: (v) => `Not right. Your answer makes an absolute claim (${v.claim}) that the notes do not make. The notes say: ${v.notes}`,
    nb: (v) => `Ikke riktig. Svaret ditt påstår noe absolutt (${v.claim}) som notatene ikke sier. Notatene sier: ${v.notes}`,
    sv: (v) => `Inte rätt. Ditt svar påstår något absolut (${v.claim}) som anteckningarna inte säger. Anteckningarna säger: ${v.notes}`,
    da: (v) => `Ikke rigtigt. Dit svar påstår noget absolut (${v.claim}), som noterne ikke siger. Noterne siger: ${v.notes}`,
  },
  wrongPolarity: {
    en: (v) => `Not right: your answer says the opposite of the notes. The notes say: ${v.notes} You wrote: "${v.yours}"`,
    nb: (v) => `Ikke riktig: svaret ditt sier det motsatte av notatene. Notatene sier: ${v.notes} Du skrev: «${v.yours}»`,
    sv: (v) => `Inte rätt: ditt svar säger motsatsen till anteckningarna. Anteckningarna säger: ${v.notes} Du skrev: ”${v.yours}”`,
    da: (v) => `Ikke rigtigt: dit svar siger det modsatte af noterne. Noterne siger: ${v.notes} Du skrev: »${v.yours}«`,
  },
  wrongReversed: {
    en: (v) => `Not right: your answer turns the relationship around. The notes say: ${v.notes} You wrote: "${v.yours}"`,
    nb: (v) => `Ikke riktig: svaret ditt snur forholdet på hodet. Notatene sier: ${v.notes} Du skrev: «${v.yours}»`,
    sv: (v) => `Inte rätt: ditt svar vänder på förhållandet. Anteckningarna säger: ${v.notes} Du skrev: ”${v.yours}”`,
    da: (v) => `Ikke rigtigt: dit svar vender forholdet om. Noterne siger: ${v.notes} Du skrev: »${v.yours}«`,
  },
  offTarget: {
    en: () => 'Your answer describes another part of the question, not what was asked.',
    nb: () => 'Svaret ditt beskriver en annen del av spørsmålet, ikke det som ble spurt om.',
    sv: () => 'Ditt svar beskriver en annan del av frågan, inte det som efterfrågades.',
    da: () => 'Dit svar beskriver en anden del af spørgsmålet, ikke det, der blev spurgt om.',
  },
  empty: {
    en: () => 'There is no answer to grade.',
    nb: () => 'Det er ikke noe svar å rette.',
    sv: () => 'Det finns inget svar att rätta.',
    da: () => 'Der er intet svar at rette.',
  },
} satisfies Record<string, Record<Lang, Template>>;

export type FeedbackKind = keyof typeof TEMPLATES;

export function feedback(kind: FeedbackKind, lang: Lang, values: Record<string, string> = {}): string {
  return TEMPLATES[kind][lang](values);
}
