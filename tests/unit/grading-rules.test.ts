import { describe, expect, it } from 'vitest';
import { phraseFlip, poleFlip, premiseFlip } from '../../src/tutor/grading/signals/antonyms.js';
import { negationFlip } from '../../src/tutor/grading/signals/negation.js';
import { definesTerm, mentionsTerm, namedTerms, namesTerm } from '../../src/tutor/grading/namedTerm.js';
import { definedTerms, type BankQuestion } from '../../src/tutor/knowledge/bank.js';
import { checkPolarity, statedPolarity } from '../../src/tutor/grading/signals/polarity.js';
import { containments, reversedContainment } from '../../src/tutor/grading/signals/relations.js';
import { GRADING, decideVerdict, type GradeSignals } from '../../src/tutor/grading/verdict.js';
import type { OpenJudgement } from '../../src/tutor/grading/openAnswer.js';
import type { FittedDecision, LogisticModel } from '../../src/tutor/grading/calibrated.js';
import { FEATURE_NAMES, type FeatureName } from '../../src/tutor/grading/features.js';
import { addedAbsolutes } from '../../src/tutor/grading/signals/absolutes.js';
import { identifiersIn, namingAll } from '../../src/tutor/grading/identifiers.js';
import { CourseVocabulary, definitionSubject, definitionSubjects, unknownSubjectWords } from '../../src/tutor/knowledge/vocabulary.js';
import type { Chunk } from '../../src/types.js';

describe('polarity', () => {
  it('reads the truth value a text opens with, in four languages', () => {
    expect(statedPolarity('Usant. Gjelder ikke for tidsserier')).toBe(-1);
    expect(statedPolarity('Sant, fordi …')).toBe(1);
    expect(statedPolarity('Nej, det stämmer inte')).toBe(-1);
    expect(statedPolarity('True: it always holds')).toBe(1);
    expect(statedPolarity('Dropout stänger av neuroner')).toBe(0);
  });

  it('flags an answer that asserts the opposite, or affirms what the question denies', () => {
    expect(checkPolarity('Er det alltid lurt?', 'Usant. Gjelder ikke for tidsserier', 'Ja, det er alltid best').conflict).toBe(true);
    expect(checkPolarity('Er det alltid lurt?', 'Usant. Gjelder ikke for tidsserier', 'Nei, ikke for tidsserier').conflict).toBe(false);
    expect(
      checkPolarity("Why can't we use accuracy as a loss function?", 'Fordi accuracy ikke er godt nok', 'We can, it is the best loss')
        .conflict,
    ).toBe(true);
    expect(
      checkPolarity(
        'Varför kan man inte alltid använda en hög inlärningstakt?',
        'Fordi man overshooter',
        'Man kan inte, för stegen blir för stora',
      ).conflict,
    ).toBe(false);
    expect(checkPolarity('What is SGD?', 'Stochastic gradient descent', 'We can update the weights step by step').conflict).toBe(false);
  });
});

describe('containment relations', () => {
  it('reads chains through "som"/"which" in Swedish and English', () => {
    expect(containments('Deep Learning är en del av maskininlärning, som är en del av AI.')).toEqual([
      { child: 'deep learning', parent: 'maskininlärning' },
      { child: 'maskininlärning', parent: 'ai' },
    ]);
    expect(containments('Machine learning is a subset of AI, focusing on data.')).toEqual([{ child: 'machine learning', parent: 'ai' }]);
  });

  it('finds a hierarchy turned around, directly or through the chain, and accepts the right one', () => {
    const notes = 'Deep Learning är en del av maskininlärning, som är en del av AI.';
    expect(reversedContainment(notes, 'AI är en del av deep learning.')).toBeDefined();
    expect(reversedContainment(notes, 'Maskininlärning är en del av deep learning.')).toBeDefined();
    expect(reversedContainment(notes, 'Deep learning är en del av AI.')).toBeUndefined();
    expect(reversedContainment(notes, 'Deep learning är en del av maskininlärning, som i sin tur är en del av AI.')).toBeUndefined();
    expect(reversedContainment('Dropout regularises a network.', 'AI is part of deep learning')).toBeUndefined();
  });
});

describe("a question's premise turned around", () => {
  it('"how do they differ" answered "they are the same" is a flip', () => {
    expect(
      premiseFlip('Hva er en metrikk? Hvordan er dette forskjellig fra en loss funksjon?', 'En metrikk er det samme som loss-funksjonen.'),
    ).toEqual({
      reference: 'forskjellig',
      answer: 'samme',
    });
  });

  it('not for a yes/no question, a negated answer, or other poles a question uses', () => {
    expect(premiseFlip('Er en metrikk det samme som loss?', 'Nei, de er forskjellige.')).toBeUndefined();
    expect(premiseFlip('How do they differ?', 'They are not the same.')).toBeUndefined();
    expect(premiseFlip('Hvorfor kan dette være en god idé?', 'Modellen ser dårligere bilder først.')).toBeUndefined();
  });
});

describe('one phrase of the notes turned around', () => {
  it('is a flip even when the answer keeps the other pole elsewhere', () => {
    const reference = 'En teknikk for å øke mangfoldet i treningsdataene, og dermed øke modellens robusthet.';
    expect(phraseFlip(reference, 'En teknikk for å minke mangfoldet i treningsdataene, og dermed øke modellens robusthet.')).toEqual({
      reference: 'øke',
      answer: 'minke',
    });
  });

  it('is not a flip when the poles are said of other things, or across languages', () => {
    expect(
      phraseFlip('Dropout reduces overfitting and increases robustness', 'Dropout increases robustness and reduces overfitting'),
    ).toBeUndefined();
    expect(
      phraseFlip(
        'kan vi expande den mindre ranket tensor til samme rank, som den større tensor',
        'expanding the smaller tensor to match the larger one',
      ),
    ).toBeUndefined();
  });
});

describe('what the notes deny, asserted', () => {
  it('is a flip: a word the reference only denies, the answer only asserts', () => {
    const reference = 'Broadcasting does not actually copy the data; PyTorch pretends the smaller tensor has the larger size.';
    expect(negationFlip('What is broadcasting?', reference, 'Broadcasting copies the smaller tensor so both have the same size.')).toEqual({
      reference: 'not actually copy',
      answer: 'copies',
    });
    expect(
      negationFlip(
        'Varför testar man på testdata?',
        'Modellen utvärderas på data den inte har sett.',
        'Modellen utvärderas på data den har sett.',
      ),
    ).toEqual({ reference: 'inte har sett', answer: 'sett' });
  });

  it('not when the answer denies it too (in its own words), asks about it, or is in another language', () => {
    const reference = 'Training is halted when the validation loss does not improve any more.';
    expect(negationFlip('What is early stopping?', reference, 'Training stops when the validation loss stops improving.')).toBeUndefined();
    expect(negationFlip('What is early stopping?', reference, 'You end training without waiting for it to improve.')).toBeUndefined();
    expect(negationFlip('Does the validation loss improve?', reference, 'The validation loss will improve.')).toBeUndefined();
    expect(negationFlip('What is early stopping?', reference, 'Treningen stoppes når valideringstapet slutter å improve.')).toBeUndefined();
  });
});

describe('polar word flips', () => {
  it('sees an answer that swaps one pole of a pair across languages', () => {
    expect(poleFlip('presterer godt på treningsdataene, men feiler på ukjente data', 'it performs badly on the training data')).toEqual({
      reference: 'godt',
      answer: 'badly',
    });
    expect(poleFlip('Loss og metrikk er forskjellige', 'En metrikk er det samme som loss')).toEqual({
      reference: 'forskjellige',
      answer: 'samme',
    });
  });

  it('leaves answers alone that keep the pole or use both', () => {
    expect(poleFlip('presterer godt på treningsdataene', 'performs well on training data but badly on new data')).toBeUndefined();
    expect(poleFlip('presterer godt på treningsdataene', 'it fits the training data closely')).toBeUndefined();
  });
});

describe('one verdict from all signals', () => {
  const embedding = (verdict: OpenJudgement['verdict'], evidence = 2.5, offTarget = false): OpenJudgement =>
    ({
      verdict,
      score: verdict === 'correct' ? 0.9 : verdict === 'partial' ? 0.5 : 0.1,
      evidence,
      offTarget,
      sharesNoWords: false,
      keyPoints: [],
    }) as unknown as OpenJudgement;
  const signals = (overrides: Partial<GradeSignals>): GradeSignals => ({
    embedding: embedding('correct'),
    agreement: 0.6,
    readOverlap: 0.3,
    readEvidence: 2.5,
    polarity: { conflict: false, reference: 0, answer: 0 },
    reversed: undefined,
    flip: undefined,
    absolutes: [],
    swappedRoles: 0,
    answer: 'an answer',
    ...overrides,
  });
  const conservative = (overrides: Partial<GradeSignals>) => decideVerdict(signals(overrides), null);

  it('without a fit for the course, passes only when every signal agrees', () => {
    expect(conservative({})).toMatchObject({ verdict: 'correct', by: 'rules' });
    expect(conservative({ agreement: GRADING.correctFrom - 0.01 }).verdict).toBe('partial');
    expect(conservative({ agreement: GRADING.incorrectBelow - 0.01 }).verdict).toBe('incorrect');
    expect(conservative({ embedding: embedding('partial', 1.7), agreement: 0.9 }).verdict).toBe('partial');
    expect(conservative({ absolutes: ['always'], agreement: 0.9 })).toMatchObject({ verdict: 'partial', reason: 'absolute' });
    expect(conservative({ agreement: null }).verdict).toBe('partial');
  });

  it('any rule that shows the answer wrong wins over agreement', () => {
    expect(conservative({ agreement: 0.9, polarity: { conflict: true, reference: -1, answer: 1 } })).toMatchObject({
      verdict: 'incorrect',
      reason: 'polarity',
      score: 0,
    });
    expect(conservative({ agreement: 0.9, reversed: { child: 'ai', parent: 'deep learning' } }).reason).toBe('reversed');
    expect(conservative({ agreement: 0.9, flip: { reference: 'godt', answer: 'badly' } }).verdict).toBe('incorrect');
    expect(conservative({ agreement: null, polarity: { conflict: true, reference: 1, answer: -1 } }).verdict).toBe('incorrect');
  });

  it('an off-target reading the model contradicts is a disagreement, never a pass', () => {
    expect(conservative({ embedding: embedding('incorrect', 2.6, true), agreement: 0.9 }).verdict).toBe('partial');
    expect(conservative({ embedding: embedding('incorrect', 1.6, true), agreement: 0.9 }).verdict).toBe('incorrect');
  });

  it('a fitted decision: correct from the pass cut, partial from the credit cut, and the signal that pulled it down as the reason', () => {
    const model = (weights: Partial<Record<FeatureName, number>>, bias: number): LogisticModel => ({
      features: [...FEATURE_NAMES],
      mean: FEATURE_NAMES.map((name) => (name === 'agreement' ? 0.5 : 0)),
      scale: FEATURE_NAMES.map(() => 1),
      weights: FEATURE_NAMES.map((name) => weights[name] ?? 0),
      bias,
    });
    const fitted: FittedDecision = {
      pass: model({ agreement: 10, absolute: -5 }, 0),
      credit: model({ agreement: 10 }, 2),
      cuts: { pass: 0.8, credit: 0.5 },
    };
    const decide = (overrides: Partial<GradeSignals>) => decideVerdict(signals(overrides), fitted);
    expect(decide({ agreement: 0.9 })).toMatchObject({ verdict: 'correct', by: 'fitted' });
    expect(decide({ agreement: 0.4 })).toMatchObject({ verdict: 'partial', reason: 'disagree' });
    expect(decide({ agreement: 0.1 })).toMatchObject({ verdict: 'incorrect', reason: 'contradicts' });
    expect(decide({ agreement: 0.9, absolutes: ['always'], answer: 'it always works' })).toMatchObject({
      verdict: 'incorrect',
      reason: 'absolute',
    });
    expect(decide({ agreement: 0.9, flip: { reference: 'well', answer: 'badly' } })).toMatchObject({
      verdict: 'incorrect',
      reason: 'flipped',
    });
    expect(decide({ agreement: 0.9, polarity: { conflict: true, reference: -1, answer: 1 } })).toMatchObject({
      verdict: 'incorrect',
      by: 'rules',
    });
    const scores = [0.9, 0.4, 0.1].map((agreement) => decide({ agreement }).score);
    expect(scores[0]).toBeGreaterThan(scores[1]!);
    expect(scores[1]).toBeGreaterThan(scores[2]!);
  });
});

describe('absolute claims', () => {
  it('are the absolute words an answer adds, compared as concepts across languages', () => {
    expect(addedAbsolutes('A bigger step often overshoots.', 'A bigger step always reaches the minimum sooner.')).toEqual(['always']);
    expect(addedAbsolutes('Man stopper aldri for tidlig', 'You never stop too early')).toEqual([]);
    expect(addedAbsolutes('Træningen stopper, når valideringen ikke bliver bedre', 'Man stopper aldrig træningen før alle epoker')).toEqual(
      ['aldrig'],
    );
  });
});

describe('course vocabulary', () => {
  const chunk = (title: string, text: string) => ({ title, text }) as Chunk;
  const vocabulary = new CourseVocabulary([
    chunk('Neural Network', 'En beregningsmodell inspirert av biologiske nevrale nettverk, organisert i lag.'),
    chunk('Data Augmentation', 'En teknikk for å øke mangfoldet i treningsdataene. Overtilpasning forhindres.'),
    chunk('Deep Learning', 'Deep learning is a specialized part of machine learning.'),
  ]);

  it('knows inflections, compounds and misspellings of the words the notes use', () => {
    expect(vocabulary.knows('network')).toBe(true);
    expect(vocabulary.knows('dataaugmentering')).toBe(false);
    expect(vocabulary.knows('treningsaugmentation')).toBe(true);
    expect(vocabulary.knows('hashnetwork')).toBe(false);
    expect(vocabulary.knows('networks')).toBe(true);
    expect(vocabulary.knows('augmentation')).toBe(true);
    expect(vocabulary.knows('overtilpassning')).toBe(true);
    expect(vocabulary.knows('overtilpasing')).toBe(true);
    // Built like a known word but another word: not a misspelling of it.
    expect(new CourseVocabulary([chunk('Overfitting', 'Overfitting is when a model memorises.')]).knows('underfitting')).toBe(false);
    expect(new CourseVocabulary([chunk('Tuning', 'Justering av hyperparametere er en del av treningen.')]).knows('clustering')).toBe(false);
    expect(vocabulary.knows('rnn')).toBe(false);
  });

  it('finds what a definition question asks about that the notes never write, in four languages', () => {
    expect(unknownSubjectWords('What is a recurrent neural network (RNN)?', vocabulary)).toEqual(['recurrent', 'rnn']);
    expect(unknownSubjectWords('Hva er et generativt adversarial nettverk?', vocabulary)).toEqual(['generativt', 'adversarial']);
    expect(unknownSubjectWords('Vad är ett neural network?', vocabulary)).toEqual([]);
    expect(unknownSubjectWords('What is the goal of deep learning?', vocabulary)).toEqual([]);
    expect(unknownSubjectWords('Why does a recurrent network forget?', vocabulary)).toEqual([]);
  });
});

describe('a definition question names its glossary term', () => {
  it('past an article, a qualifier, an abbreviation, plural and another spelling', () => {
    expect(namesTerm('a feature in machine learning', 'feature')).toBe(true);
    expect(namesTerm('NLP', 'Natural Language Processing (NLP)')).toBe(true);
    expect(namesTerm('hyperparameters', 'Hyperparameters')).toBe(true);
    expect(namesTerm('regularisation', 'Regularization')).toBe(true);
  });

  it('not when the term is only part of what is asked about', () => {
    expect(namesTerm('learning rate scheduling', 'Learning Rate')).toBe(false);
    expect(namesTerm('machine learning', 'feature')).toBe(false);
    expect(namesTerm('learning', 'Learner')).toBe(false);
    expect(namesTerm('the difference between a loss function and a metric', 'Loss Function')).toBe(false);
  });
});

describe('terms a glossary entry defines inside itself', () => {
  const metric =
    'Et mål brukt for å evaluere ytelsen: nøyaktighet, presisjon, recall.\n- Oppgaver og deres mest brukte metrikk\nPresisjon og Recall\n    Presisjon: Forholdet mellom sanne positive og forutsagte positive.\n    Recall: Forholdet mellom sanne positive og faktiske positive.\n    Cross Entropy Loss (Log Loss): Et mål for sannsynlighetene.\n    Det gir en idé om hvor feil forutsigelsene var: jo lavere, desto bedre.\n    4. weight decay: En straff for store vekter.\n    merk: dette er ingen term.';
  const entry = { id: 'q-metric', text: 'Metric', origin: 'glossary', reference: metric } as BankQuestion;

  it('are the short names before a colon on the lines after the first, capitalised or after a list marker; a sentence with a colon is none', () => {
    expect(definedTerms(metric)).toEqual(['Presisjon', 'Recall', 'Cross Entropy Loss (Log Loss)', 'weight decay']);
  });

  it('a question about one names the entry, in another language too, and says which term it asked about', () => {
    expect(namedTerms(['precision'], [{ ...entry, terms: definedTerms(metric) }])).toEqual([
      { ref: expect.objectContaining({ id: 'q-metric' }), term: 'Presisjon' },
    ]);
    expect(namedTerms(['log loss'], [{ ...entry, terms: definedTerms(metric) }])[0]?.term).toBe('Cross Entropy Loss (Log Loss)');
    expect(namedTerms(['metrics'], [entry])).toEqual([{ ref: entry }]);
    expect(namedTerms(['precision'], [entry])).toEqual([]);
  });

  it('an exam question that asks for the same definition in another language is named too', () => {
    const exam = { id: 'q-gradient', text: 'What is a "gradient"?', origin: 'exam', reference: 'Hældningen' } as BankQuestion;
    const other = { id: 'q-why', text: 'Why do we need a gradient?', origin: 'exam', reference: 'For å oppdatere vektene' } as BankQuestion;
    expect(namedTerms(['en gradient'], [exam, other])).toEqual([{ ref: exam }]);
  });

  it('"what does X measure" asks what X is', () => {
    expect(definitionSubject('What does precision measure?')).toBe('precision');
    expect(definitionSubject('Hva måler recall?')).toBe('recall');
    expect(definitionSubject('Vad mäter F1-score?')).toBe('F1-score');
    expect(definitionSubject('What does the code below do?')).toBeUndefined();
  });

  it('the subject is the thing alone: no copula after "explain what X is", no second question joined on', () => {
    expect(definitionSubject('Forklar hva progressive resizing er')).toBe('progressive resizing');
    expect(definitionSubject('Explain what a tensor is')).toBe('a tensor');
    expect(definitionSubject('Hva er RandomResizedCrop, og hvorfor brukes det?')).toBe('RandomResizedCrop');
    expect(definitionSubject('What is a tensor and how is it stored?')).toBe('a tensor');
    expect(definitionSubject('What is the learning rate finder?')).toBe('the learning rate finder');
  });

  it('a question that names a thing and then asks what it is asks for its definition', () => {
    expect(definitionSubject('"Dropout" är en regulariseringsteknik, vad är det för något?')).toBe('Dropout');
    expect(definitionSubject('Early stopping er en teknikk, hva er det?')).toBe('Early stopping');
    // A claim of many words before the question names no term.
    expect(definitionSubject('The model we trained last week on the pets is good, what is it?')).toBeUndefined();
    const exam = {
      id: 'q-dropout',
      text: '"Dropout" är en regulariseringsteknik, vad är det för något?',
      origin: 'exam',
      reference: 'Dropout går ut på',
    } as BankQuestion;
    expect(namedTerms(['dropout'], [exam])).toEqual([{ ref: exam }]);
  });

  it('an exam question that asks two definitions at once names both terms', () => {
    expect(definitionSubjects('Vad är en parameter? Vad är en hyperparameter?\nSvar: ...')).toEqual(['en parameter', 'en hyperparameter']);
    expect(definitionSubjects('Why does dropout help? Explain briefly.')).toEqual([]);
    const exam = {
      id: 'q-two',
      text: 'Vad är en parameter? Vad är en hyperparameter?',
      origin: 'exam',
      reference: 'En inställning',
    } as BankQuestion;
    expect(namedTerms(['hyperparameter'], [exam])).toEqual([{ ref: exam, term: 'en hyperparameter' }]);
    expect(definesTerm('Hyperparameters: These are external settings chosen before training.', 'en hyperparameter')).toBe(true);
    expect(definesTerm('Parameters: These are the internal variables of a model.', 'en hyperparameter')).toBe(false);
    // A sub-term of a glossary entry is found as the entry writes it, abbreviation and all.
    expect(definesTerm('- L1 (Lasso): Legger til absoluttverdien av vektene.', 'L1 (Lasso)')).toBe(true);
  });

  it('a term is mentioned anywhere in a text, inflected or spelt as a cognate, but not as part of another word', () => {
    expect(mentionsTerm('Hva er en metrikk? Hvordan er dette forskjellig fra en loss funksjon?', 'Loss Function')).toBe(true);
    expect(mentionsTerm('Cross Entropy Loss', 'loss')).toBe(true);
    expect(mentionsTerm('Hvordan unngå overfitting med dropout-lag?', 'Dropout')).toBe(true);
    expect(mentionsTerm('What is a loss landscape?', 'Loss Function')).toBe(false);
    expect(mentionsTerm('Vad är en hyperparameter?', 'parameter')).toBe(false);
  });
});

describe('code names a question asks about', () => {
  it('finds code spans, camelCase words, long flags and calls, in any language', () => {
    expect(identifiersIn('Hva gjør passThroughOptions?')).toEqual(['passthroughoptions']);
    expect(identifiersIn('How are options like --template-engine named?')).toEqual(['--template-engine']);
    expect(identifiersIn('Why construct an `Argument` explicitly?')).toEqual(['argument']);
    expect(identifiersIn('What does program.opts() return?')).toEqual(['opts']);
    expect(identifiersIn('Hva er en variadisk opsjon?')).toEqual([]);
  });

  it('keeps the passages that write every name, or all of them when none does', () => {
    const sections = ['Options are defined with `.option()`.', 'Use `.passThroughOptions()` to pass options on.'];
    expect(namingAll(sections, (s) => s, 'Hva gjør passThroughOptions?')).toEqual([sections[1]]);
    expect(namingAll(sections, (s) => s, 'What does exitOverride do?')).toEqual(sections);
    expect(namingAll(sections, (s) => s, 'How are options defined?')).toEqual(sections);
  });
});
