// Comments on a plan: a conversation both sides write, each deleting only their own.
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import type { Comment } from "../../../lib/bindings/Comment";
import type { ShareStatus } from "../../../lib/bindings/ShareStatus";
import { dismiss, toasts } from "../../../lib/toasts.svelte";

const listComments = vi.fn();
const addComment = vi.fn();
const deleteComment = vi.fn();
const restoreComment = vi.fn();
vi.mock("../../../lib/api", async (original) => ({
  ...(await original<typeof import("../../../lib/api")>()),
  api: {
    listComments: (...args: unknown[]) => listComments(...args),
    addComment: (...args: unknown[]) => addComment(...args),
    deleteComment: (...args: unknown[]) => deleteComment(...args),
    restoreComment: (...args: unknown[]) => restoreComment(...args),
  },
}));

const { default: Comments } = await import("./Comments.svelte");

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const theirs: Comment = {
  id: 1,
  planId: 3,
  author: "Ana Lima",
  mine: false,
  text: "Could we talk about the **promotion** timeline?\nBefore March.",
  writtenAt: minutesAgo(120),
};
const mine: Comment = {
  id: 2,
  planId: 3,
  author: "Maria Lindqvist",
  mine: true,
  text: "Yes, let’s.",
  writtenAt: minutesAgo(5),
};
const shared: ShareStatus = {
  side: "mentor",
  peerName: "Ana Lima",
  peerKnown: true,
  menteeEditsPlan: false,
  includeAssessments: false,
  sharedAt: "2026-03-04T12:00:00Z",
  exchangedAt: null,
  liveAccount: null,
};

beforeEach(() => {
  for (const fn of [listComments, addComment, deleteComment, restoreComment]) fn.mockReset();
});
afterEach(() => {
  for (const t of [...toasts]) dismiss(t.id);
});

it("explains what comments are for when there are none", async () => {
  listComments.mockResolvedValue([]);
  render(Comments, { planId: 3, status: null, menteeName: "Ana Lima" });
  expect(await screen.findByText(/Comments travel with the plan when it is shared and sent back/)).toBeInTheDocument();
  expect(screen.queryAllByTestId("comment")).toHaveLength(0);
  expect(listComments).toHaveBeenCalledWith(3);
});

it("shows each comment as plain text, with its author and when, and Delete only on one's own", async () => {
  listComments.mockResolvedValue([theirs, mine]);
  render(Comments, { planId: 3, status: shared, menteeName: "Ana Lima" });
  await waitFor(() => expect(screen.getAllByTestId("comment")).toHaveLength(2));
  const [first, second] = screen.getAllByTestId("comment");
  expect(first).toHaveTextContent("Ana Lima");
  expect(first).toHaveTextContent("2 hours ago");
  expect(first).toHaveTextContent("Could we talk about the **promotion** timeline?");
  expect(first!.querySelector("strong")).toBeNull();
  expect(within(first!).queryByTestId("delete-comment")).toBeNull();
  expect(second).toHaveTextContent("Maria Lindqvist (you)");
  expect(second).toHaveTextContent("5 minutes ago");
  expect(second).toHaveClass("mine");
  expect(within(second!).getByTestId("delete-comment")).toBeInTheDocument();
});

it("posts a comment and shows it, or the refusal beside the field", async () => {
  listComments.mockResolvedValue([]);
  addComment.mockRejectedValueOnce({ code: "invalid_input", message: "Comment cannot be empty.", field: "text" });
  render(Comments, { planId: 3, status: shared, menteeName: "Ana Lima" });
  const user = userEvent.setup();
  await user.click(await screen.findByTestId("comment-add"));
  expect(await screen.findByRole("alert")).toHaveTextContent("Comment cannot be empty.");
  expect(screen.getByLabelText("New comment")).toHaveAttribute("aria-invalid", "true");

  addComment.mockResolvedValue(mine);
  listComments.mockResolvedValue([mine]);
  await user.type(screen.getByLabelText("New comment"), "Yes, let’s.");
  await user.click(screen.getByTestId("comment-add"));
  expect(addComment).toHaveBeenLastCalledWith(3, "Yes, let’s.");
  await waitFor(() => expect(screen.getAllByTestId("comment")).toHaveLength(1));
  expect(screen.getByTestId("comment-text")).toHaveValue("");
  expect(screen.queryByRole("alert")).toBeNull();
});

it("posts with Ctrl+Enter, while Enter alone starts a new line", async () => {
  listComments.mockResolvedValue([]);
  addComment.mockResolvedValue(mine);
  render(Comments, { planId: 3, status: null, menteeName: "Ana Lima" });
  const user = userEvent.setup();
  const box = await screen.findByTestId("comment-text");
  await user.type(box, "First line{Enter}second line");
  expect(addComment).not.toHaveBeenCalled();
  await user.keyboard("{Control>}{Enter}{/Control}");
  expect(addComment).toHaveBeenCalledWith(3, "First line\nsecond line");
});

it("deletes one's own comment with Undo", async () => {
  listComments.mockResolvedValue([theirs, mine]);
  deleteComment.mockResolvedValue(undefined);
  restoreComment.mockResolvedValue(mine);
  render(Comments, { planId: 3, status: shared, menteeName: "Ana Lima" });
  const user = userEvent.setup();
  await user.click(await screen.findByTestId("delete-comment"));
  expect(deleteComment).toHaveBeenCalledWith(2);
  await waitFor(() => expect(toasts.map((t) => t.message)).toEqual(["Comment deleted."]));
  await toasts[0]!.action!.run();
  expect(restoreComment).toHaveBeenCalledWith(2);
});
