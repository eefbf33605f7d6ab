import { type Histogram, histogramQuantiles, REPORTED_QUANTILES } from "./latency-histogram";

/**
 * Milliseconds as the API reports them (three decimals), as whole microseconds; null stays
 * null. The API's rounding and the sealed columns' are this one function.
 */
export const micros = (ms: number | null): number | null =>
  ms === null ? null : Math.round(ms * 1000);

/**
 * The sealed columns of rollups_daily_all, in the order a sealed line lists them: the
 * reported percentiles, then the mean phases of the passing checks.
 */
export const SEALED_COLUMNS = [
  "p50_us",
  "p95_us",
  "p99_us",
  "mean_dns_us",
  "mean_connect_us",
  "mean_tls_us",
  "mean_ttfb_us",
  "mean_total_us",
] as const;

/** A day's measures, as its roll-up row holds them. */
export interface DayMeasures {
  histogram: Histogram;
  latencyCount: number;
  latencySum: number;
  dnsMsSum: number;
  connectMsSum: number;
  tlsMsSum: number;
  ttfbMsSum: number;
}

/** What a sealed day keeps, in SEALED_COLUMNS order (µs; null without passing checks). */
export function sealedFigures(d: DayMeasures): (number | null)[] {
  const [p50, p95, p99] = histogramQuantiles(d.histogram, REPORTED_QUANTILES);
  const n = d.latencyCount;
  const mean = (sum: number) => (n > 0 ? micros(sum / n) : null);
  return [
    micros(p50 ?? null),
    micros(p95 ?? null),
    micros(p99 ?? null),
    mean(d.dnsMsSum),
    mean(d.connectMsSum),
    mean(d.tlsMsSum),
    mean(d.ttfbMsSum),
    mean(d.latencySum),
  ];
}
