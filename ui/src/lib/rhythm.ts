// The 1:1 rhythm in words: how often a mentee meets their mentor, when the next 1:1 is due,
// where each entry of its agenda came from, and the 1:1 that "Start 1:1" creates.
import type { AgendaItem } from "./bindings/AgendaItem";
import type { AgendaKind } from "./bindings/AgendaKind";
import type { Cadence } from "./bindings/Cadence";
import type { NextSession } from "./bindings/NextSession";
import type { SessionInput } from "./bindings/SessionInput";
import { dateFormat, parseIsoDate, todayIso } from "./format";
import { counted } from "./sharing";

/** The choices of the rhythm form, in order. */
export const CADENCE_CHOICES: [Cadence, string][] = [
  ["none", "None"],
  ["weekly", "Weekly"],
  ["fortnightly", "Every two weeks"],
  ["monthly", "Monthly"],
];

/** How often, as the next 1:1 card says it. */
export const CADENCE_WORDS: Record<Cadence, string> = {
  none: "No regular 1:1s",
  weekly: "Every week",
  fortnightly: "Every two weeks",
  monthly: "Every month",
};

/** What each kind of agenda entry is called beside it. */
export const KIND_WORDS: Record<AgendaKind, string> = {
  action_item: "Action item",
  topic: "Topic",
  talking_point: "Talking point",
  milestone: "Milestone",
};

export type DueTone = "unset" | "upcoming" | "today" | "overdue";

/** "Thursday 3 December" (and the year when it is not this one). */
function longDay(date: Date, today: Date, locale?: string): string {
  return dateFormat(locale, {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: date.getFullYear() === today.getFullYear() ? undefined : "numeric",
  }).format(date);
}

/** "12 Nov" (and the year when it is not this one). */
export function shortDay(iso: string, today: string = todayIso(), locale?: string): string {
  const date = parseIsoDate(iso);
  if (!date) return iso;
  const thisYear = parseIsoDate(today)?.getFullYear() ?? new Date().getFullYear();
  return dateFormat(locale, {
    day: "numeric",
    month: "short",
    year: date.getFullYear() === thisYear ? undefined : "numeric",
  }).format(date);
}

/**
 * When the next 1:1 is due, in plain words: "Due Thursday 3 December", "Due today",
 * "Overdue by 4 days", or "No regular 1:1s set" without a rhythm.
 */
export function dueWords(
  next: Pick<NextSession, "dueOn" | "overdueDays">,
  today: string = todayIso(),
  locale?: string,
): { text: string; tone: DueTone } {
  if (!next.dueOn) return { text: "No regular 1:1s set", tone: "unset" };
  if (next.overdueDays > 0) return { text: `Overdue by ${counted(next.overdueDays, "day")}`, tone: "overdue" };
  if (next.dueOn <= today) return { text: "Due today", tone: "today" };
  const due = parseIsoDate(next.dueOn);
  const now = parseIsoDate(today) ?? new Date();
  return { text: due ? `Due ${longDay(due, now, locale)}` : `Due ${next.dueOn}`, tone: "upcoming" };
}

/**
 * Where an agenda entry came from: "Action item from the 1:1 of 12 Nov", "Topic Sam added
 * on 20 Nov", "Raised at every 1:1", "Milestone due 3 Dec", "Milestone overdue since 28 Nov".
 */
export function agendaDetail(
  item: Pick<AgendaItem, "kind" | "date" | "addedByMentee">,
  menteeName: string,
  today: string = todayIso(),
  locale?: string,
): string {
  const day = item.date ? shortDay(item.date, today, locale) : null;
  switch (item.kind) {
    case "action_item":
      return day ? `Action item from the 1:1 of ${day}` : "Action item from an earlier 1:1";
    case "topic": {
      const who = item.addedByMentee ? `Topic ${menteeName} added` : "Topic added";
      return day ? `${who} on ${day}` : who;
    }
    case "talking_point":
      return "Raised at every 1:1";
    case "milestone":
      if (!item.date || !day) return "Milestone";
      return item.date < today ? `Milestone overdue since ${day}` : `Milestone due ${day}`;
  }
}

/** Whether a milestone on the agenda is past its due date. */
export function isOverdue(item: Pick<AgendaItem, "kind" | "date">, today: string = todayIso()): boolean {
  return item.kind === "milestone" && item.date !== null && item.date < today;
}

/** The 1:1 "Start 1:1" creates: held today, to the agenda the next 1:1 has gathered. */
export function sessionFromNext(next: Pick<NextSession, "agenda">, today: string = todayIso()): SessionInput {
  return {
    heldOn: today,
    notes: "",
    sharedNotes: "",
    goalIds: [],
    newActionItems: [],
    agenda: next.agenda.map(({ kind, text, refId }) => ({ kind, text, refId })),
  };
}
