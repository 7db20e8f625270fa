/**
 * A ratio kept as two integers so a policy such as "two thirds" survives JSON
 * and compares exactly (no 0.6666… rounding deciding a vote).
 */
export interface Fraction {
  readonly numerator: number;
  readonly denominator: number;
}

export const fraction = (numerator: number, denominator: number): Fraction => ({ numerator, denominator });

/** `part / whole > f`, in integers. */
export const exceeds = (part: number, whole: number, f: Fraction): boolean =>
  part * f.denominator > whole * f.numerator;

/** `part / whole >= f`, in integers. */
export const reaches = (part: number, whole: number, f: Fraction): boolean =>
  part * f.denominator >= whole * f.numerator;

/** Smallest whole number of parts that exceeds `f` of `whole`. */
export const smallestExceeding = (whole: number, f: Fraction): number =>
  Math.floor((whole * f.numerator) / f.denominator) + 1;

