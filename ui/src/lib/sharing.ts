// The words of sharing a plan as a file: what a share includes, how a shared plan stands,
// who added a topic, and what a merge will ask. Pure, so they can be tested.
import type { Choice } from "./bindings/Choice";
import type { ConflictView } from "./bindings/ConflictView";
import type { MergeReport } from "./bindings/MergeReport";
import type { SharePreview } from "./bindings/SharePreview";
import type { ShareStatus } from "./bindings/ShareStatus";
import type { Topic } from "./bindings/Topic";
import { formatDate, relativeDate, todayIso } from "./format";

/** "1 goal", "3 milestones", "0 topics". */
export function counted(count: number, one: string, many: string = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** What a share puts in the file: "2 goals, 3 milestones, 0 self-assessments, 0 topics". */
export function includedInWords(preview: Pick<SharePreview, "goals" | "milestones" | "selfAssessments" | "topics">) {
  return [
    counted(preview.goals, "goal"),
    counted(preview.milestones, "milestone"),
    counted(preview.selfAssessments, "self-assessment"),
    counted(preview.topics, "topic"),
  ].join(", ");
}

/** The last part of a path, on any system. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/**
 * A stored moment (`2026-03-04T09:15:00Z`, UTC) as the local calendar day it fell on, so
 * it can be shown like every other date.
 */
export function localDay(timestamp: string): string {
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? timestamp : todayIso(date);
}

/** Whether this is a plan shared with this person that only its mentor may change. */
export function isReadOnly(status: ShareStatus | null | undefined): boolean {
  return status?.side === "mentee" && !status.menteeEditsPlan;
}

/** Whether this plan was shared with this person (rather than by them). */
export function isReceived(status: ShareStatus | null | undefined): boolean {
  return status?.side === "mentee";
}

/**
 * How a shared plan stands, in one line:
 * "Shared with Ana Lima on 4 Mar 2026; last exchanged 2 weeks ago."
 * "Shared with Ana Lima on 4 Mar 2026. Ana Lima has not sent it back yet."
 */
export function shareStatusLine(status: ShareStatus, now: Date = new Date(), locale?: string): string {
  const sharedOn = formatDate(localDay(status.sharedAt), locale);
  const exchanged = status.exchangedAt ? relativeDate(localDay(status.exchangedAt), now, locale) : null;
  if (status.side === "mentee") {
    const opening = `Shared with you by ${status.peerName} on ${sharedOn}`;
    return exchanged ? `${opening}; last exchanged ${exchanged}.` : `${opening}. You have not sent it back yet.`;
  }
  const opening = `Shared with ${status.peerName} on ${sharedOn}`;
  if (!status.peerKnown) return `${opening}. ${status.peerName} has not sent it back yet.`;
  return `${opening}; last exchanged ${exchanged ?? relativeDate(localDay(status.sharedAt), now, locale)}.`;
}

/** The calm notice on a plan shared with this person that its mentor alone changes. */
export function readOnlyNotice(peerName: string): string {
  return `Shared by ${peerName}. You can update progress and evidence, rate yourself and add topics; ${peerName} changes the goals and milestones.`;
}

/** What the person saw after saving a shared plan's file. */
export function savedNotice(path: string, status: ShareStatus | null, menteeName: string, sealed = false): string {
  const name = fileName(path);
  const saved =
    isReceived(status) && status
      ? `Saved ${name}. Send it back to ${status.peerName} by e-mail, chat or USB stick.`
      : `Saved ${name}. Send it to ${menteeName} by e-mail, chat or USB stick.`;
  return sealed ? `${saved} Give the passphrase separately.` : saved;
}

/** "Ana’s", for "Keep Ana’s: …". */
export function possessive(name: string): string {
  return `${name}’s`;
}

/** Who added a topic, from where this person stands: "added by you" or "added by Ana". */
export function addedByWords(topic: Pick<Topic, "addedBy">, status: ShareStatus | null, menteeName: string): string {
  const mySide = status?.side === "mentee" ? "mentee" : "mentor";
  if (topic.addedBy === mySide) return "added by you";
  return `added by ${status?.peerName ?? menteeName}`;
}

/** Open topics first, then the ones talked about, each in the order they were added. */
export function orderedTopics(topics: Topic[]): Topic[] {
  return [...topics].sort(
    (a, b) => Number(a.done) - Number(b.done) || a.addedOn.localeCompare(b.addedOn) || a.id - b.id,
  );
}

/** The merge dialog's title. */
export function mergeTitle(report: Pick<MergeReport, "newPlan" | "planTitle" | "fromName">): string {
  return report.newPlan
    ? `Open “${report.planTitle}” shared by ${report.fromName}`
    : `Merge “${report.planTitle}” from ${report.fromName}`;
}

/** The choices a merge starts from: what it would keep anyway. */
export function defaultChoices(conflicts: ConflictView[]): Choice[] {
  return conflicts.map((c) => ({ id: c.id, keep: c.kept }));
}

/** What the toast says once the merge is done. */
export function mergedNotice(report: Pick<MergeReport, "newPlan" | "planTitle" | "summary">): string {
  return report.newPlan
    ? `Added “${report.planTitle}” to Shared with me. ${report.summary}`
    : `Merged “${report.planTitle}”. ${report.summary}`;
}

/** A value as the conflict row shows it; an empty one says so rather than vanishing. */
export function shownValue(value: string): string {
  return value.trim() ? value : "(empty)";
}
