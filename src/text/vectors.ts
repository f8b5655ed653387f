/** Dot product; for the unit-length embeddings used here it is their cosine similarity. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>, offsetB = 0): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[offsetB + i] ?? 0);
  return sum;
}

/** Cosine similarity of two normalised embeddings. */
export const cosine = (a: Float32Array, b: Float32Array): number => dot(a, b);
