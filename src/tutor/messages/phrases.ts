import { AND, LANGUAGE_NAMES } from '../../text/languages.js';
import type { Lang } from '../../types.js';

/** The few fixed sentences the tutor says itself, in the student's language. */
const PHRASES = {
  notCovered: {
    en: 'The course notes do not cover this, so I cannot answer it from them.',
    nb: 'Kursnotatene dekker ikke dette, så jeg kan ikke svare på det ut fra dem.',
    sv: 'Kursanteckningarna tar inte upp detta, så jag kan inte svara på det utifrån dem.',
    da: 'Kursusnoterne dækker ikke dette, så jeg kan ikke svare på det ud fra dem.',
  },
  sourceIn: {
    en: (lang: string) => `(source in ${lang})`,
    nb: (lang: string) => `(kilde på ${lang})`,
    sv: (lang: string) => `(källa på ${lang})`,
    da: (lang: string) => `(kilde på ${lang})`,
  },
  noExplanation: {
    en: 'No explanation this time: the quotes from the notes above are the answer.',
    nb: 'Ingen forklaring denne gangen: sitatene fra notatene over er svaret.',
    sv: 'Ingen förklaring den här gången: citaten ur anteckningarna ovan är svaret.',
    da: 'Ingen forklaring denne gang: citaterne fra noterne ovenfor er svaret.',
  },
  explainerBusy: {
    en: 'The language model is busy with other students, so there is no explanation this time; the quotes above are the answer.',
    nb: 'Språkmodellen er opptatt med andre studenter, så det blir ingen forklaring denne gangen; sitatene over er svaret.',
    sv: 'Språkmodellen är upptagen med andra studenter, så det blir ingen förklaring den här gången; citaten ovan är svaret.',
    da: 'Sprogmodellen er optaget af andre studerende, så der kommer ingen forklaring denne gang; citaterne ovenfor er svaret.',
  },
  notMentioned: {
    en: (what: string) => `The notes say nothing about ${what}.`,
    nb: (what: string) => `Notatene sier ingenting om ${what}.`,
    sv: (what: string) => `Anteckningarna säger ingenting om ${what}.`,
    da: (what: string) => `Noterne siger intet om ${what}.`,
  },
  needsTopic: {
    en: 'I am not sure what this refers to: ask about a topic from the course notes first.',
    nb: 'Jeg er ikke sikker på hva dette viser til: spør først om et tema fra kursnotatene.',
    sv: 'Jag är inte säker på vad detta syftar på: fråga först om ett ämne ur kursanteckningarna.',
    da: 'Jeg er ikke sikker på, hvad dette henviser til: spørg først om et emne fra kursusnoterne.',
  },
  notInBank: {
    en: 'This question is not in the course notes, so I cannot grade it against a reference.',
    nb: 'Dette spørsmålet finnes ikke i kursnotatene, så jeg kan ikke rette det mot en fasit.',
    sv: 'Den här frågan finns inte i kursanteckningarna, så jag kan inte rätta den mot ett facit.',
    da: 'Dette spørgsmål findes ikke i kursusnoterne, så jeg kan ikke rette det mod en facitliste.',
  },
} as const satisfies Record<string, Record<Lang, string | ((value: string) => string)>>;

export function notCovered(lang: Lang): string {
  return PHRASES.notCovered[lang];
}

/** A follow-up ("Kan du gi et eksempel?") with no covered question before it to follow. */
export function needsTopic(lang: Lang): string {
  return PHRASES.needsTopic[lang];
}

export function notInBank(lang: Lang): string {
  return PHRASES.notInBank[lang];
}

/** "(source in Swedish and English)" said in the student's language. */
export function sourceLanguageNote(student: Lang, sources: Lang[]): string {
  const names = sources.map((source) => LANGUAGE_NAMES[student][source]);
  const and = AND[student];
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} ${and} ${names[names.length - 1]}` : (names[0] ?? '');
  return PHRASES.sourceIn[student](list);
}

/** "The notes say nothing about «underfitting»." in the student's language. */
export function notMentioned(lang: Lang, terms: string[]): string {
  const quoted = terms.map((term) => `«${term}»`);
  const list = quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} ${AND[lang]} ${quoted[quoted.length - 1]}` : (quoted[0] ?? '');
  return PHRASES.notMentioned[lang](list);
}

export function noExplanation(lang: Lang, busy = false): string {
  return (busy ? PHRASES.explainerBusy : PHRASES.noExplanation)[lang];
}
