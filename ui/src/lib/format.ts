// Dates are stored as ISO strings and shown in the person's locale, relative where useful.

const DAY_MS = 86_400_000;

// Intl's formatters take far longer to build than to use (a fresh page pays most), and a
// screen formats dozens of dates: each is built once for its locale and options, and
// again when the computer's clock moves to another time zone, which a formatter keeps.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

/** The date formatter for `locale` (the person's own when undefined) and `options`. */
export function dateFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale ?? ""} ${zone()} ${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    dateFormats.set(key, format);
  }
  return format;
}

/** The local time zone's offset now: a cheap stand-in for the zone itself. */
const zone = () => new Date().getTimezoneOffset();

function relativeFormat(locale: string | undefined): Intl.RelativeTimeFormat {
  const key = locale ?? "";
  let format = relativeFormats.get(key);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
    relativeFormats.set(key, format);
  }
  return format;
}

/** Parses `YYYY-MM-DD` as a local calendar date (not UTC midnight). */
export function parseIsoDate(iso: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return null;
  const [, y, m, d] = match;
  const date = new Date(Number(y), Number(m) - 1, Number(d));
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDate(iso: string | null | undefined, locale?: string): string {
  if (!iso) return "";
  const date = parseIsoDate(iso) ?? new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateFormat(locale, { year: "numeric", month: "short", day: "numeric" }).format(date);
}

/** A local `YYYY-MM-DDTHH:MM:SS` as date and time, e.g. "26 Nov 2026, 04:45". */
export function formatDateTime(iso: string, locale?: string): string {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return iso;
  return dateFormat(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(date);
}

/** "today", "in 3 days", "2 weeks ago", … relative to `now`. */
export function relativeDate(iso: string, now: Date = new Date(), locale?: string): string {
  const date = parseIsoDate(iso);
  if (!date) return iso;
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const days = Math.round((date.getTime() - today.getTime()) / DAY_MS);
  const rtf = relativeFormat(locale);
  const size = Math.abs(days);
  if (size < 7) return rtf.format(days, "day");
  if (size < 60) return rtf.format(Math.round(days / 7), "week");
  if (size < 730) return rtf.format(Math.round(days / 30.44), "month");
  return rtf.format(Math.round(days / 365.25), "year");
}

/**
 * A stored moment (`2026-03-04T09:15:00Z`) relative to `now`: "just now", "5 minutes ago",
 * "2 hours ago", then by calendar day as `relativeDate` says it ("yesterday", "last week").
 */
export function relativeTime(timestamp: string, now: Date = new Date(), locale?: string): string {
  const date = new Date(timestamp);
  if (!timestamp || Number.isNaN(date.getTime())) return timestamp;
  const seconds = (date.getTime() - now.getTime()) / 1000;
  // A minute either way, a clock a little ahead on the other side included.
  if (Math.abs(seconds) < 60) return "just now";
  const rtf = relativeFormat(locale);
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 60) return rtf.format(minutes, "minute");
  const hours = Math.round(seconds / 3600);
  if (Math.abs(hours) < 24) return rtf.format(hours, "hour");
  return relativeDate(todayIso(date), now, locale);
}

/** Up to two initials for an avatar, from any script. */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/u).filter(Boolean);
  const first = parts[0] ? (Array.from(parts[0])[0] ?? "") : "";
  const last = parts.length > 1 ? (Array.from(parts[parts.length - 1] ?? "")[0] ?? "") : "";
  return (first + last).toLocaleUpperCase();
}

/** Today's date as `YYYY-MM-DD` in local time. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A stored moment as its time alone when it is today ("09:41"), else as date and time. */
export function formatMoment(timestamp: string, now: Date = new Date(), locale?: string): string {
  const date = new Date(timestamp);
  if (!timestamp || Number.isNaN(date.getTime())) return timestamp;
  if (todayIso(date) !== todayIso(now)) return formatDateTime(timestamp, locale);
  return dateFormat(locale, { hour: "2-digit", minute: "2-digit" }).format(date);
}
