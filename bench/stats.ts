/** Small statistics for the report: medians, quantiles and spreads of repeated samples. */

/** The q-quantile (0 ≤ q ≤ 1) by linear interpolation; NaN for no values. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Half the interquartile range as a share of the median: ±x means the middle half is within ~x. */
export function spread(values: readonly number[]): number {
  if (values.length < 2) return 0;
  return (quantile(values, 0.75) - quantile(values, 0.25)) / 2 / median(values);
}
