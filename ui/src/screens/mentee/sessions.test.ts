// 1:1 notes in two parts: private ones that stay here, and shared ones that travel with the
// mentee's shared plans (and are all that arrives on the mentee's side).
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import type { Session } from "../../lib/bindings/Session";
import { dismiss, toasts } from "../../lib/toasts.svelte";
import { catalogue, mentee } from "../../test/fixtures";

const listSessions = vi.fn();
const listPlans = vi.fn();
const createSession = vi.fn();
const updateSession = vi.fn();
vi.mock("../../lib/api", async (original) => ({
  ...(await original<typeof import("../../lib/api")>()),
  api: {
    listSessions: (...args: unknown[]) => listSessions(...args),
    listPlans: (...args: unknown[]) => listPlans(...args),
    createSession: (...args: unknown[]) => createSession(...args),
    updateSession: (...args: unknown[]) => updateSession(...args),
  },
}));

const { default: SessionForm } = await import("./SessionForm.svelte");
const { default: SessionsTab } = await import("./SessionsTab.svelte");

const session: Session = {
  id: 9,
  menteeId: 4,
  heldOn: "2026-03-02",
  notes: "Seems **tired**; ask about workload.",
  sharedNotes: "Agreed: lead the **design review** in April.",
  goalIds: [],
  actionItems: [],
  agenda: [],
};

beforeEach(() => {
  for (const fn of [listSessions, listPlans, createSession, updateSession]) fn.mockReset();
  listPlans.mockResolvedValue([]);
});
afterEach(() => {
  for (const t of [...toasts]) dismiss(t.id);
});

it("logs a 1:1 with private and shared notes, each labelled for what it is", async () => {
  createSession.mockResolvedValue(session);
  const onsaved = vi.fn();
  render(SessionForm, { menteeId: 4, menteeName: "Ana Lima", goals: [], session: null, onsaved, onclose: vi.fn() });
  expect(screen.getByText("Travels with Ana Lima’s shared plans. Your notes above stay private.")).toBeInTheDocument();
  const user = userEvent.setup();
  await user.clear(screen.getByLabelText(/^Date/));
  await user.type(screen.getByLabelText(/^Date/), "2026-03-02");
  await user.type(screen.getByLabelText(/^Private notes/), "Just for me");
  await user.type(screen.getByLabelText(/^Shared with Ana Lima/), "For both of us");
  await user.click(screen.getByTestId("save-session"));
  expect(createSession).toHaveBeenCalledWith(4, {
    heldOn: "2026-03-02",
    notes: "Just for me",
    sharedNotes: "For both of us",
    goalIds: [],
    newActionItems: [""],
    agenda: [],
  });
  expect(onsaved).toHaveBeenCalledWith(session);
});

it("shows a refused shared note beside its field", async () => {
  updateSession.mockRejectedValue({
    code: "invalid_input",
    message: "Shared notes are too long.",
    field: "sharedNotes",
  });
  render(SessionForm, { menteeId: 4, menteeName: "Ana Lima", goals: [], session, onsaved: vi.fn(), onclose: vi.fn() });
  expect(screen.getByTestId("session-shared-notes")).toHaveValue(session.sharedNotes);
  await userEvent.setup().click(screen.getByTestId("save-session"));
  expect(await screen.findByText("Shared notes are too long.")).toBeInTheDocument();
  expect(screen.getByTestId("session-shared-notes")).toHaveAttribute("aria-invalid", "true");
});

it("shows private and shared notes apart, rendered, and Undo of an edit restores both", async () => {
  listSessions.mockResolvedValue([session]);
  updateSession.mockResolvedValue({ ...session, sharedNotes: "Changed" });
  render(SessionsTab, { mentee, catalogue });
  const card = await screen.findByTestId("session");
  expect(within(card).getByTestId("session-notes")).toHaveTextContent("Private notes");
  const sharedView = within(card).getByTestId("session-shared-notes-view");
  expect(sharedView).toHaveTextContent("Shared with Ana Lima");
  expect(sharedView.querySelector("strong")).toHaveTextContent("design review");

  const user = userEvent.setup();
  await user.click(within(card).getByTestId("edit-session"));
  const box = screen.getByTestId("session-shared-notes");
  await user.clear(box);
  await user.type(box, "Changed");
  await user.click(screen.getByTestId("save-session"));
  expect(updateSession).toHaveBeenLastCalledWith(9, {
    heldOn: "2026-03-02",
    notes: session.notes,
    sharedNotes: "Changed",
    goalIds: [],
    newActionItems: [""],
    agenda: [],
  });
  await waitFor(() => expect(toasts.map((t) => t.message)).toEqual([expect.stringMatching(/^1:1 of .+ saved\.$/)]));
  await toasts[0]!.action!.run();
  expect(updateSession).toHaveBeenLastCalledWith(9, {
    heldOn: "2026-03-02",
    notes: session.notes,
    sharedNotes: session.sharedNotes,
    goalIds: [],
    newActionItems: [],
    agenda: [],
  });
});

it("on the mentee's side, shows a 1:1 from the mentor with its shared notes only", async () => {
  listSessions.mockResolvedValue([{ ...session, notes: "" }]);
  render(SessionsTab, { mentee, catalogue, sharedBy: "Maria Lindqvist" });
  const card = await screen.findByTestId("session");
  expect(within(card).queryByTestId("session-notes")).toBeNull();
  expect(card).not.toHaveTextContent("Private notes");
  expect(within(card).getByTestId("session-shared-notes-view")).toHaveTextContent("Shared with Maria Lindqvist");
});
