// The mentor's calibration chart: each pair of ratings (the mentor's and the mentee's own of
// the same time) as a dot above the "agree" line when the mentor rated higher, below when
// lower, over time; and the drift as a line from the earlier half's average to the later
// half's. Pure, so the scaling can be tested.
import type { CalibrationPair } from "./bindings/CalibrationPair";
import { formatDate, parseIsoDate } from "./format";

/** The chart's size and the room kept around its plot for labels. */
export interface Box {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** A difference smaller than this, in levels, is noise: the two agree. */
export const NOTABLE = 0.5;

export type Side = "higher" | "lower" | "agree";

export interface Dot {
  x: number;
  y: number;
  side: Side;
  pair: CalibrationPair;
}

export interface CalibrationChart {
  /** The vertical scale runs from -limit to +limit levels. */
  limit: number;
  /** Where a difference of zero ("agree") is drawn. */
  zero: number;
  /** The whole levels (and halves, on a small scale) that get a faint grid line, without zero. */
  grid: { level: number; y: number }[];
  dots: Dot[];
  /** From the earlier half's average to the later half's, each at its half's middle in time. */
  drift: { x1: number; y1: number; x2: number; y2: number } | null;
  /** The first and last dates, under the plot. */
  from: { x: number; label: string } | null;
  to: { x: number; label: string } | null;
}

const dayOf = (iso: string) => (parseIsoDate(iso)?.getTime() ?? 0) / 86_400_000;
const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);

export function sideOf(difference: number): Side {
  if (difference >= NOTABLE) return "higher";
  if (difference <= -NOTABLE) return "lower";
  return "agree";
}

/** The symmetric scale: at least a level either way, in half levels beyond that. */
export function scaleLimit(differences: number[]): number {
  const largest = Math.max(0, ...differences.map(Math.abs));
  return Math.max(1, Math.ceil(largest * 2) / 2);
}

/** Lays out the pairs (oldest first) in `box`; the drift line only when `drift` is known. */
export function calibrationChart(
  pairs: CalibrationPair[],
  drift: number | null,
  box: Box,
  locale?: string,
): CalibrationChart {
  const limit = scaleLimit(pairs.map((p) => p.difference));
  const plotTop = box.top;
  const plotBottom = box.height - box.bottom;
  const zero = (plotTop + plotBottom) / 2;
  const half = (plotBottom - plotTop) / 2;
  const y = (level: number) => zero - (level / limit) * half;

  const left = box.left;
  const right = box.width - box.right;
  const days = pairs.map((p) => dayOf(p.mentorOn));
  const first = Math.min(...days);
  const last = Math.max(...days);
  // Pairs all of one day are spread out in their order, rather than stacked.
  const x =
    last > first
      ? (i: number) => left + (((days[i] ?? first) - first) / (last - first)) * (right - left)
      : (i: number) => (pairs.length > 1 ? left + (i / (pairs.length - 1)) * (right - left) : (left + right) / 2);

  const dots = pairs.map((pair, i) => ({ x: x(i), y: y(pair.difference), side: sideOf(pair.difference), pair }));

  let driftLine: CalibrationChart["drift"] = null;
  const n = Math.floor(pairs.length / 2);
  if (drift !== null && n >= 1) {
    const earlier = dots.slice(0, n);
    const later = dots.slice(pairs.length - n);
    driftLine = {
      x1: mean(earlier.map((d) => d.x)),
      y1: y(mean(earlier.map((d) => d.pair.difference))),
      x2: mean(later.map((d) => d.x)),
      y2: y(mean(later.map((d) => d.pair.difference))),
    };
  }

  const step = limit <= 1 ? 0.5 : 1;
  const grid: CalibrationChart["grid"] = [];
  for (let level = step; level <= limit + 1e-9; level += step) {
    grid.push({ level, y: y(level) }, { level: -level, y: y(-level) });
  }

  const firstPair = pairs[0];
  const lastPair = pairs[pairs.length - 1];
  return {
    limit,
    zero,
    grid,
    dots,
    drift: driftLine,
    from: firstPair ? { x: x(0), label: formatDate(firstPair.mentorOn, locale) } : null,
    to: lastPair && pairs.length > 1 ? { x: x(pairs.length - 1), label: formatDate(lastPair.mentorOn, locale) } : null,
  };
}

/** "0.7 levels higher", "1 level lower", "about the same". */
export function differenceWords(difference: number): string {
  const size = Math.abs(difference);
  if (size < 0.05) return "the same";
  const amount = Number.isInteger(Math.round(size * 10) / 10) ? String(Math.round(size)) : size.toFixed(1);
  const unit = amount === "1" ? "level" : "levels";
  return `${amount} ${unit} ${difference > 0 ? "higher" : "lower"}`;
}

/** One pair in words, for its dot's tooltip: "Ana: your rating of 3 Mar 2026 beside their own of 28 Feb 2026, 0.7 levels higher". */
export function pairWords(pair: CalibrationPair, locale?: string): string {
  const mentor = formatDate(pair.mentorOn, locale);
  const own =
    pair.selfOn === pair.mentorOn ? "their own of the same day" : `their own of ${formatDate(pair.selfOn, locale)}`;
  return `${pair.menteeName}: your rating of ${mentor} beside ${own}, ${differenceWords(pair.difference)}`;
}
