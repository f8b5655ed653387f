/** Now, as the learners' use cases see it: injectable, so tests can move time (a card comes due). */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
