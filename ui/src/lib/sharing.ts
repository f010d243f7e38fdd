// The words of sharing a plan as a file: what a share includes, how a shared plan stands,
// who added a topic or wrote a comment, and what a merge will ask. Pure, so they can be tested.
import type { Choice } from "./bindings/Choice";
import type { Comment } from "./bindings/Comment";
import type { ConflictView } from "./bindings/ConflictView";
import type { MergeReport } from "./bindings/MergeReport";
import type { SharePreview } from "./bindings/SharePreview";
import type { ShareStatus } from "./bindings/ShareStatus";
import type { Topic } from "./bindings/Topic";
import { formatDate, relativeDate, todayIso } from "./format";

/** "1 goal", "3 milestones", "0 topics". */
export function counted(count: number, one: string, many: string = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}

type Contents = Pick<
  SharePreview,
  | "menteeName"
  | "goals"
  | "milestones"
  | "selfAssessments"
  | "mentorAssessments"
  | "topics"
  | "comments"
  | "sharedNotes"
>;

/**
 * What a share puts in the file: "2 goals, 3 milestones, 0 self-assessments, 0 topics",
 * then what there is of the rest: "…, your 4 assessments of Ana Lima, 3 comments, the
 * shared notes of 2 1:1s". The mentor's assessments only when they are included.
 */
export function includedInWords(preview: Contents, includeAssessments = false): string {
  const words = [
    counted(preview.goals, "goal"),
    counted(preview.milestones, "milestone"),
    counted(preview.selfAssessments, "self-assessment"),
  ];
  if (includeAssessments && preview.mentorAssessments > 0) {
    words.push(`your ${counted(preview.mentorAssessments, "assessment")} of ${preview.menteeName}`);
  }
  words.push(counted(preview.topics, "topic"));
  if (preview.comments > 0) words.push(counted(preview.comments, "comment"));
  if (preview.sharedNotes > 0) words.push(`the shared notes of ${counted(preview.sharedNotes, "1:1")}`);
  return words.join(", ");
}

/** Whether the mentor may include their own assessments: they have some, and the plan is theirs to share. */
export function offersAssessments(preview: Pick<SharePreview, "mentorAssessments" | "status">): boolean {
  return preview.mentorAssessments > 0 && !isReceived(preview.status);
}

/** What stays here: the list the preview gives, without the mentor's assessments once they go. */
export function leftOutWords(preview: Pick<SharePreview, "leftOut">, includeAssessments = false): string[] {
  return includeAssessments
    ? preview.leftOut.filter((item) => !item.startsWith("your assessments of "))
    : preview.leftOut;
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
 * "Shared with Ana Lima on 4 Mar 2026; syncing live with their account ana."
 */
export function shareStatusLine(status: ShareStatus, now: Date = new Date(), locale?: string): string {
  const sharedOn = formatDate(localDay(status.sharedAt), locale);
  // Live, there is nothing to send back and no exchange to date.
  if (status.liveAccount) {
    return status.side === "mentee"
      ? `Shared with you by ${status.peerName} on ${sharedOn}; syncing live.`
      : `Shared with ${status.peerName} on ${sharedOn}; syncing live with their account ${status.liveAccount}.`;
  }
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

/** A comment's author as this person reads it: their own marked "(you)", the other side's by name. */
export function commentAuthor(comment: Pick<Comment, "author" | "mine">): string {
  if (!comment.mine) return comment.author;
  // "Me" is what Rust writes when this person has given no name yet.
  const name = comment.author.trim();
  return name && name !== "Me" ? `${name} (you)` : "You";
}

/** The Comments panel with nothing in it yet: what it is for. */
export function commentsEmptyWords(status: ShareStatus | null, menteeName: string, isSelf = false): string {
  const travel = "Comments travel with the plan when it is shared and sent back";
  if (status) return `Write to ${status.peerName} about this plan. ${travel}, so you can talk it over between 1:1s.`;
  if (isSelf) return `Notes for your mentor about this plan. ${travel}, so you can talk it over between 1:1s.`;
  return `Write to ${menteeName} about this plan. ${travel}, so you can talk it over between 1:1s.`;
}

/**
 * The shared part of a 1:1's notes, named from where this person stands: on the mentor's
 * side shared with the mentee, on the mentee's side (`sharedBy` set) with their mentor.
 */
export function sharedNotesWords(menteeName: string, sharedBy: string | null): { label: string; hint: string } {
  const label = `Shared with ${sharedBy ?? menteeName}`;
  const travels = sharedBy
    ? `Travels with the plans ${sharedBy} shared with you.`
    : `Travels with ${possessive(menteeName)} shared plans.`;
  return { label, hint: `${travels} Your notes above stay private.` };
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
