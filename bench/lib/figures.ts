/** One measured figure, printed next to its target and written to bench/results/latest.json. */
export type Figure = {
  benchmark: string;
  figure: string;
  value: number | null;
  unit: string;
  /** "<=" or ">=" a number; null for figures reported without a target (binary size). */
  target: { op: "<=" | ">="; value: number } | null;
  /** Why the value is missing or what the figure leaves out. */
  note?: string;
  /** The feature this figure needs is not in this checkout: printed as "not measured", never as a pass. */
  notMeasured?: boolean;
};

export function passOf(f: Figure): boolean | null {
  if (!f.target || f.notMeasured) return null;
  if (f.value === null || Number.isNaN(f.value)) return false;
  return f.target.op === "<=" ? f.value <= f.target.value : f.value >= f.target.value;
}

export const atMost = (value: number) => ({ op: "<=" as const, value });
export const atLeast = (value: number) => ({ op: ">=" as const, value });

/**
 * The scale a run uses: full figures, or a small fraction for development (--quick); `large` adds
 * the slow sizes (5,000,000 messages) where a benchmark has them (--large).
 */
export type Scale = { quick: boolean; factor: number; large?: boolean };
export const scaled = (scale: Scale, n: number) =>
  scale.quick ? Math.max(10, Math.round(n * scale.factor)) : n;
