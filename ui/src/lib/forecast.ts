// The words and the geometry of the readiness forecast: when each gap of a plan is likely to
// close, the range around that date, and a shared time scale that lets every competency's
// range be compared at a glance. Pure, so they can be tested.
import type { Assessor } from "./bindings/Assessor";
import type { CompetencyForecast } from "./bindings/CompetencyForecast";
import { dateFormat, parseIsoDate } from "./format";

const DAY_MS = 86_400_000;

/** "March 2027", in the person's locale. */
export function monthYear(iso: string, locale?: string): string {
  const date = parseIsoDate(iso);
  if (!date) return iso;
  return dateFormat(locale, { month: "long", year: "numeric" }).format(date);
}

function monthOnly(date: Date, locale?: string): string {
  return dateFormat(locale, { month: "long" }).format(date);
}

/**
 * The range around a likely date: "between January and June 2027", "between November 2026
 * and February 2027", "in March 2027" when both ends fall in one month, and "from January
 * 2027; the slow end never closes" when the slow end of the range never closes the gap.
 */
export function rangeWords(earliestOn: string | null, latestOn: string | null, locale?: string): string | null {
  const earliest = earliestOn ? parseIsoDate(earliestOn) : null;
  const latest = latestOn ? parseIsoDate(latestOn) : null;
  if (!earliest) return latest ? `by ${monthYear(latestOn ?? "", locale)} at the latest` : null;
  if (!latest) return `from ${monthYear(earliestOn ?? "", locale)}; the slow end never closes`;
  const sameYear = earliest.getFullYear() === latest.getFullYear();
  if (sameYear && earliest.getMonth() === latest.getMonth()) return `in ${monthYear(latestOn ?? "", locale)}`;
  const from = sameYear ? monthOnly(earliest, locale) : monthYear(earliestOn ?? "", locale);
  return `between ${from} and ${monthYear(latestOn ?? "", locale)}`;
}

/** The one line a competency's outlook comes down to. */
export function outlookWords(forecast: CompetencyForecast, locale?: string): string {
  switch (forecast.outlook) {
    case "at_target":
      return "At target";
    case "closing":
      return forecast.likelyOn ? `Likely by ${monthYear(forecast.likelyOn, locale)}` : "Closing";
    case "not_closing":
      return "Not closing at the current pace";
    case "not_enough_data":
      return "Not enough data yet";
  }
}

/** Whether the likely date comes before the plan's target date, in words; none without a date. */
export function trackWords(onTrack: boolean | null): string | null {
  if (onTrack === null) return null;
  return onTrack ? "On track" : "After the target date";
}

/** Who is looking at the forecast: the mentor, the person planning for themselves, or a
 * mentee looking at the plan a mentor shared with them. */
export type Viewer =
  { kind: "mentor"; menteeName: string } | { kind: "self" } | { kind: "received"; mentorName: string };

/** Whose ratings the trend follows, said to the person looking. */
export function sourceWords(assessor: Assessor | null, viewer: Viewer): string | null {
  if (assessor === null) return null;
  if (viewer.kind === "mentor") {
    return assessor === "mentor" ? "From your ratings" : `From ${viewer.menteeName}'s self-ratings`;
  }
  if (assessor === "self") return "From your own ratings";
  return viewer.kind === "received" ? `From ${viewer.mentorName}'s ratings` : "From your mentor's ratings";
}

const days = (date: Date) => Math.round(date.getTime() / DAY_MS);
const isoDays = (iso: string | null | undefined) => {
  const date = iso ? parseIsoDate(iso) : null;
  return date ? days(date) : null;
};

/** The stretch of time every timeline of one plan shares, as day numbers. */
export interface Domain {
  start: number;
  end: number;
}

/** At least half a year across, so that a close date does not fill the whole track. */
const MIN_SPAN = 183;
/** A slow end beyond the likely dates stretches the scale by at most half again (or a year). */
const STRETCH = 0.5;
const MIN_STRETCH = 365;
/** A range that never closes gets this much room past the likely dates to fade out in. */
const OPEN_STRETCH = 0.25;
const MIN_OPEN_STRETCH = 90;

/**
 * The shared scale for a plan's timelines: from today (or the earliest date shown, if
 * earlier) to past the target date and every likely and earliest date. A slow end far
 * beyond those is cut off and drawn as open, so that one vague forecast does not squeeze
 * all the others to the left.
 */
export function timelineDomain(forecasts: CompetencyForecast[], targetOn: string, today: string): Domain {
  const now = isoDays(today) ?? days(new Date());
  const target = isoDays(targetOn) ?? now;
  const firm: number[] = [];
  const slow: number[] = [];
  let open = false;
  for (const f of forecasts) {
    if (f.outlook !== "closing") continue;
    for (const iso of [f.likelyOn, f.earliestOn]) {
      const d = isoDays(iso);
      if (d !== null) firm.push(d);
    }
    const latest = isoDays(f.latestOn);
    if (latest !== null) slow.push(latest);
    else open = true;
  }
  const start = Math.min(now, target, ...firm);
  const core = Math.max(target, now, ...firm);
  const reach = core + Math.max(MIN_STRETCH, (core - start) * STRETCH);
  if (open) slow.push(core + Math.max(MIN_OPEN_STRETCH, (core - start) * OPEN_STRETCH));
  let end = Math.min(Math.max(core, ...slow), reach);
  end = Math.max(end, start + MIN_SPAN);
  // A little room after the last mark, so a dot or line at the end is not cut in half.
  return { start, end: end + Math.round((end - start) * 0.04) };
}

/** Where an ISO date falls on the scale, from 0 (start) to 1 (end), clamped. */
export function position(iso: string, domain: Domain): number {
  const d = isoDays(iso);
  if (d === null) return 0;
  return clamp((d - domain.start) / (domain.end - domain.start));
}

const clamp = (x: number) => Math.min(1, Math.max(0, x));

/** What one competency's timeline draws, each as a fraction of the track's width. */
export interface TimelineGeometry {
  /** The range from the earliest to the latest date; `open` when its slow end runs off the track. */
  band: { from: number; to: number; open: boolean } | null;
  likely: number | null;
  target: number;
}

export function timelineGeometry(forecast: CompetencyForecast, targetOn: string, domain: Domain): TimelineGeometry {
  const target = position(targetOn, domain);
  if (forecast.outlook !== "closing" || !forecast.likelyOn) return { band: null, likely: null, target };
  const likely = position(forecast.likelyOn, domain);
  const latest = isoDays(forecast.latestOn);
  const open = latest === null || latest > domain.end;
  const band = {
    from: Math.min(likely, position(forecast.earliestOn ?? forecast.likelyOn, domain)),
    to: open ? 1 : Math.max(likely, position(forecast.latestOn ?? forecast.likelyOn, domain)),
    open,
  };
  return { band, likely, target };
}

/** A label on the scale above the timelines, and which of its ends sits at its place. */
export interface Tick {
  at: number;
  label: string;
  kind: "now" | "target" | "year";
  align: "start" | "middle" | "end";
}

/** The scale's labels are 11px text: about this wide a character, and kept this far apart. */
const CHAR_PX = 6.4;
const LABEL_GAP_PX = 10;

/**
 * The labels of the shared scale, for a track `width` pixels wide: "Now", "Target",
 * and the start of each year in between (every other year on a long scale). A label that
 * would run into one already placed is left out, years first; its grid line stays.
 */
export function scaleTicks(domain: Domain, targetOn: string, today: string, width: number = 480): Tick[] {
  const px = Math.max(width, 1);
  const placed: { tick: Tick; from: number; to: number }[] = [];
  const place = (at: number, label: string, kind: Tick["kind"], fixed?: Tick["align"]) => {
    const size = (label.length * CHAR_PX) / px;
    const align = fixed ?? (at + size / 2 > 1 ? "end" : at - size / 2 < 0 ? "start" : "middle");
    const from = align === "start" ? at : align === "end" ? at - size : at - size / 2;
    const to = from + size;
    const gap = LABEL_GAP_PX / px;
    if (placed.every((p) => to + gap <= p.from || from >= p.to + gap)) {
      placed.push({ tick: { at, label, kind, align }, from, to });
    }
  };
  place(position(today, domain), "Now", "now", "start");
  // The target's date is said above the scale; its label stays short to leave room for years.
  if (parseIsoDate(targetOn)) place(position(targetOn, domain), "Target", "target");
  for (const year of yearStarts(domain)) place(year.at, year.label, "year");
  return placed.map((p) => p.tick).sort((a, b) => a.at - b.at);
}

/** The first of January of each year inside the scale, every other one when there are many. */
export function yearStarts(domain: Domain): { at: number; label: string }[] {
  const first = new Date(domain.start * DAY_MS).getUTCFullYear() + 1;
  const last = new Date(domain.end * DAY_MS).getUTCFullYear();
  const years: number[] = [];
  for (let y = first; y <= last; y++) years.push(y);
  const step = years.length > 6 ? 2 : 1;
  return years
    .filter((_, i) => i % step === 0)
    .map((y) => ({ at: position(`${y}-01-01`, domain), label: String(y) }))
    .filter((t) => t.at > 0 && t.at < 1);
}

/** What a timeline shows, for people who cannot see it. */
export function timelineLabel(forecast: CompetencyForecast, targetOn: string, locale?: string): string {
  const target = parseIsoDate(targetOn);
  const targetWords = target
    ? dateFormat(locale, { day: "numeric", month: "long", year: "numeric" }).format(target)
    : targetOn;
  let words = outlookWords(forecast, locale);
  const range = forecast.outlook === "closing" ? rangeWords(forecast.earliestOn, forecast.latestOn, locale) : null;
  if (range) words += `, ${range}`;
  let sentence = `${words}. The plan's target date is ${targetWords}`;
  if (forecast.outlook === "closing" && forecast.onTrack !== null) {
    sentence += forecast.onTrack ? "; the likely date is before it" : "; the likely date is after it";
  }
  return `${sentence}.`;
}
