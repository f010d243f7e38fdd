import { describe, expect, it } from "vitest";
import type { ShareStatus } from "./bindings/ShareStatus";
import type { Topic } from "./bindings/Topic";
import {
  addedByWords,
  commentAuthor,
  commentsEmptyWords,
  counted,
  defaultChoices,
  fileName,
  includedInWords,
  isReadOnly,
  leftOutWords,
  localDay,
  mergedNotice,
  mergeTitle,
  offersAssessments,
  orderedTopics,
  possessive,
  readOnlyNotice,
  savedNotice,
  sharedNotesWords,
  shareStatusLine,
  shownValue,
} from "./sharing";

const mentorSide: ShareStatus = {
  side: "mentor",
  peerName: "Ana Lima",
  peerKnown: false,
  menteeEditsPlan: false,
  includeAssessments: false,
  sharedAt: "2026-03-04T12:00:00Z",
  exchangedAt: null,
  liveAccount: null,
};
const menteeSide: ShareStatus = { ...mentorSide, side: "mentee", peerName: "Maria Lindqvist", peerKnown: true };

describe("what a share includes", () => {
  const counts = {
    menteeName: "Ana Lima",
    goals: 2,
    milestones: 3,
    selfAssessments: 0,
    mentorAssessments: 0,
    topics: 0,
    comments: 0,
    sharedNotes: 0,
  };

  it("counts in words, one and many", () => {
    expect(includedInWords(counts)).toBe("2 goals, 3 milestones, 0 self-assessments, 0 topics");
    const ones = { ...counts, goals: 1, milestones: 1, selfAssessments: 1, topics: 1 };
    expect(includedInWords(ones)).toBe("1 goal, 1 milestone, 1 self-assessment, 1 topic");
    expect(counted(5, "person", "people")).toBe("5 people");
  });

  it("names comments and shared 1:1 notes only when there are some", () => {
    expect(includedInWords({ ...counts, comments: 1, sharedNotes: 1 })).toBe(
      "2 goals, 3 milestones, 0 self-assessments, 0 topics, 1 comment, the shared notes of 1 1:1",
    );
    expect(includedInWords({ ...counts, comments: 4, sharedNotes: 2 })).toBe(
      "2 goals, 3 milestones, 0 self-assessments, 0 topics, 4 comments, the shared notes of 2 1:1s",
    );
  });

  it("names the mentor's assessments only when they are included", () => {
    const assessed = { ...counts, mentorAssessments: 3 };
    expect(includedInWords(assessed)).toBe("2 goals, 3 milestones, 0 self-assessments, 0 topics");
    expect(includedInWords(assessed, true)).toBe(
      "2 goals, 3 milestones, 0 self-assessments, your 3 assessments of Ana Lima, 0 topics",
    );
    expect(includedInWords({ ...counts, mentorAssessments: 1 }, true)).toContain("your 1 assessment of Ana Lima");
    expect(includedInWords(counts, true)).not.toContain("assessments of");
  });

  it("leaves the mentor's assessments here unless they are included", () => {
    const preview = {
      leftOut: ["your assessments of Ana Lima", "your other plans and people", "the private notes of your 1:1s"],
    };
    expect(leftOutWords(preview)).toEqual(preview.leftOut);
    expect(leftOutWords(preview, true)).toEqual(["your other plans and people", "the private notes of your 1:1s"]);
  });

  it("offers the mentor's assessments only to the mentor, and only when there are some", () => {
    expect(offersAssessments({ mentorAssessments: 2, status: null })).toBe(true);
    expect(offersAssessments({ mentorAssessments: 2, status: mentorSide })).toBe(true);
    expect(offersAssessments({ mentorAssessments: 0, status: null })).toBe(false);
    expect(offersAssessments({ mentorAssessments: 2, status: menteeSide })).toBe(false);
  });

  it("names the saved file, whatever the system's separator", () => {
    expect(fileName("/home/maria/Ana Lima – Toward Staff.waymark")).toBe("Ana Lima – Toward Staff.waymark");
    expect(fileName("C:\\Users\\maria\\plan.waymark")).toBe("plan.waymark");
    expect(savedNotice("/tmp/plan.waymark", mentorSide, "Ana Lima")).toBe(
      "Saved plan.waymark. Send it to Ana Lima by e-mail, chat or USB stick.",
    );
    expect(savedNotice("/tmp/plan.waymark", null, "Ana Lima")).toBe(
      "Saved plan.waymark. Send it to Ana Lima by e-mail, chat or USB stick.",
    );
    expect(savedNotice("/tmp/plan.waymark", menteeSide, "Ana Lima")).toBe(
      "Saved plan.waymark. Send it back to Maria Lindqvist by e-mail, chat or USB stick.",
    );
    expect(savedNotice("/tmp/plan.waymark", null, "Ana Lima", true)).toBe(
      "Saved plan.waymark. Send it to Ana Lima by e-mail, chat or USB stick. Give the passphrase separately.",
    );
  });
});

describe("how a shared plan stands", () => {
  const now = new Date(2026, 2, 18, 10, 0);

  it("reads a stored UTC moment as a local day", () => {
    expect(localDay("2026-03-04T12:00:00Z")).toBe("2026-03-04");
    expect(localDay("not a date")).toBe("not a date");
  });

  it("says when the mentee has not sent it back yet", () => {
    expect(shareStatusLine(mentorSide, now, "en-GB")).toBe(
      "Shared with Ana Lima on 4 Mar 2026. Ana Lima has not sent it back yet.",
    );
  });

  it("says when it was last exchanged, relatively", () => {
    const back = { ...mentorSide, peerKnown: true, exchangedAt: "2026-03-11T12:00:00Z" };
    expect(shareStatusLine(back, now, "en-GB")).toBe("Shared with Ana Lima on 4 Mar 2026; last exchanged last week.");
  });

  it("speaks from the mentee's side too", () => {
    expect(shareStatusLine(menteeSide, now, "en-GB")).toBe(
      "Shared with you by Maria Lindqvist on 4 Mar 2026. You have not sent it back yet.",
    );
    const back = { ...menteeSide, exchangedAt: "2026-03-18T08:00:00Z" };
    expect(shareStatusLine(back, now, "en-GB")).toBe(
      "Shared with you by Maria Lindqvist on 4 Mar 2026; last exchanged today.",
    );
  });

  it("says a plan syncs live rather than when it was exchanged", () => {
    const live = { ...mentorSide, peerKnown: true, exchangedAt: "2026-03-11T12:00:00Z", liveAccount: "ana" };
    expect(shareStatusLine(live, now, "en-GB")).toBe(
      "Shared with Ana Lima on 4 Mar 2026; syncing live with their account ana.",
    );
    expect(shareStatusLine({ ...menteeSide, liveAccount: "maria" }, now, "en-GB")).toBe(
      "Shared with you by Maria Lindqvist on 4 Mar 2026; syncing live.",
    );
  });

  it("is read-only only on the mentee's side, unless the mentor let them edit", () => {
    expect(isReadOnly(null)).toBe(false);
    expect(isReadOnly(mentorSide)).toBe(false);
    expect(isReadOnly(menteeSide)).toBe(true);
    expect(isReadOnly({ ...menteeSide, menteeEditsPlan: true })).toBe(false);
    expect(readOnlyNotice("Maria")).toBe(
      "Shared by Maria. You can update progress and evidence, rate yourself and add topics; Maria changes the goals and milestones.",
    );
  });
});

describe("topics", () => {
  const topic = (id: number, addedBy: string, done = false, addedOn = "2026-03-01"): Topic => ({
    id,
    planId: 1,
    text: `Topic ${id}`,
    addedBy,
    addedOn,
    done,
  });

  it("says who added one, from where this person stands", () => {
    expect(addedByWords(topic(1, "mentor"), null, "Ana Lima")).toBe("added by you");
    expect(addedByWords(topic(1, "mentee"), mentorSide, "Ana Lima")).toBe("added by Ana Lima");
    expect(addedByWords(topic(1, "mentee"), menteeSide, "Ana Lima")).toBe("added by you");
    expect(addedByWords(topic(1, "mentor"), menteeSide, "Ana Lima")).toBe("added by Maria Lindqvist");
  });

  it("lists open ones first, each group oldest first", () => {
    const list = [
      topic(1, "mentor", true, "2026-01-01"),
      topic(2, "mentee", false, "2026-03-02"),
      topic(3, "mentor", false, "2026-03-01"),
      topic(4, "mentor", false, "2026-03-01"),
    ];
    expect(orderedTopics(list).map((t) => t.id)).toEqual([3, 4, 2, 1]);
    expect(list.map((t) => t.id)).toEqual([1, 2, 3, 4]);
  });
});

describe("comments", () => {
  it("marks one's own and names the other side's", () => {
    expect(commentAuthor({ author: "Maria Lindqvist", mine: true })).toBe("Maria Lindqvist (you)");
    expect(commentAuthor({ author: "Me", mine: true })).toBe("You");
    expect(commentAuthor({ author: "Ana Lima", mine: false })).toBe("Ana Lima");
  });

  it("explains that comments travel with the plan", () => {
    expect(commentsEmptyWords(null, "Ana Lima")).toBe(
      "Write to Ana Lima about this plan. Comments travel with the plan when it is shared and sent back, so you can talk it over between 1:1s.",
    );
    expect(commentsEmptyWords(menteeSide, "Ana Lima")).toMatch(/^Write to Maria Lindqvist about this plan\./);
    expect(commentsEmptyWords(null, "Ana Lima", true)).toMatch(/^Notes for your mentor about this plan\./);
  });
});

describe("shared 1:1 notes", () => {
  it("are named from where this person stands", () => {
    expect(sharedNotesWords("Ana Lima", null)).toEqual({
      label: "Shared with Ana Lima",
      hint: "Travels with Ana Lima’s shared plans. Your notes above stay private.",
    });
    expect(sharedNotesWords("Ana Lima", "Maria Lindqvist")).toEqual({
      label: "Shared with Maria Lindqvist",
      hint: "Travels with the plans Maria Lindqvist shared with you. Your notes above stay private.",
    });
  });
});

describe("merging", () => {
  const report = { planTitle: "Toward Staff Engineer", fromName: "Ana", summary: "Ana completed 3 milestones." };

  it("titles the dialog by whether the plan is new here", () => {
    expect(mergeTitle({ ...report, newPlan: false })).toBe("Merge “Toward Staff Engineer” from Ana");
    expect(mergeTitle({ ...report, newPlan: true })).toBe("Open “Toward Staff Engineer” shared by Ana");
  });

  it("starts every choice from what the merge would keep", () => {
    const conflicts = [
      { id: "a", what: "Evidence of milestone “Pair weekly”", yours: "x", theirs: "y", kept: "theirs" as const },
      { id: "b", what: "Status of milestone “Demo”", yours: "Done", theirs: "Planned", kept: "yours" as const },
    ];
    expect(defaultChoices(conflicts)).toEqual([
      { id: "a", keep: "theirs" },
      { id: "b", keep: "yours" },
    ]);
    expect(defaultChoices([])).toEqual([]);
  });

  it("announces the merge with its summary", () => {
    expect(mergedNotice({ ...report, newPlan: false })).toBe(
      "Merged “Toward Staff Engineer”. Ana completed 3 milestones.",
    );
    expect(mergedNotice({ ...report, newPlan: true })).toBe(
      "Added “Toward Staff Engineer” to Shared with me. Ana completed 3 milestones.",
    );
  });

  it("shows names and empty values in words", () => {
    expect(possessive("Ana")).toBe("Ana’s");
    expect(shownValue("  ")).toBe("(empty)");
    expect(shownValue("Paired with Ben")).toBe("Paired with Ben");
  });
});
