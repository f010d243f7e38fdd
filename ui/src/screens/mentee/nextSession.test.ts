// The next 1:1 at the top of the 1:1s tab: its rhythm, its agenda, starting it, and ticking
// the agenda off while it is held.
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import type { NextSession } from "../../lib/bindings/NextSession";
import type { Session } from "../../lib/bindings/Session";
import { todayIso } from "../../lib/format";
import { dismiss, toasts } from "../../lib/toasts.svelte";
import { catalogue, mentee } from "../../test/fixtures";

const api = {
  listSessions: vi.fn(),
  listPlans: vi.fn(),
  nextSession: vi.fn(),
  createSession: vi.fn(),
  deleteSession: vi.fn(),
  tickAgenda: vi.fn(),
  setMenteeRhythm: vi.fn(),
};
vi.mock("../../lib/api", async (original) => ({ ...(await original<typeof import("../../lib/api")>()), api }));

const { default: SessionsTab } = await import("./SessionsTab.svelte");

const today = todayIso();
const next: NextSession = {
  menteeId: 4,
  cadence: "fortnightly",
  lastHeldOn: "2026-11-12",
  dueOn: "2026-11-26",
  overdueDays: 4,
  agenda: [
    { kind: "action_item", text: "Draft the RFC", refId: 31, date: "2026-11-12", addedByMentee: false },
    { kind: "topic", text: "Promotion timeline", refId: 7, date: "2026-11-20", addedByMentee: true },
    { kind: "talking_point", text: "Wellbeing", refId: null, date: null, addedByMentee: false },
  ],
};
const started: Session = {
  id: 20,
  menteeId: 4,
  heldOn: today,
  notes: "",
  sharedNotes: "",
  goalIds: [],
  actionItems: [],
  agenda: [
    { position: 0, kind: "action_item", text: "Draft the RFC", ticked: false },
    { position: 1, kind: "topic", text: "Promotion timeline", ticked: false },
    { position: 2, kind: "talking_point", text: "Wellbeing", ticked: false },
  ],
};

beforeEach(() => {
  for (const fn of Object.values(api)) fn.mockReset();
  api.listPlans.mockResolvedValue([]);
  api.listSessions.mockResolvedValue([]);
  api.nextSession.mockResolvedValue(next);
});
afterEach(() => {
  for (const t of [...toasts]) dismiss(t.id);
});

it("shows the rhythm, how overdue the 1:1 is, and where each agenda entry came from", async () => {
  render(SessionsTab, { mentee, catalogue });
  const card = await screen.findByTestId("next-session");
  expect(card).toHaveTextContent("Next 1:1");
  expect(within(card).getByTestId("next-session-due")).toHaveTextContent("Overdue by 4 days");
  expect(card).toHaveTextContent("Every two weeks");
  const rows = within(card).getAllByTestId("agenda-item");
  expect(rows).toHaveLength(3);
  expect(rows[0]).toHaveTextContent("Draft the RFC");
  expect(rows[0]).toHaveTextContent(/Action item from the 1:1 of \D*12\b/);
  expect(rows[1]).toHaveTextContent(/Topic Ana Lima added on \D*20\b/);
  expect(rows[2]).toHaveTextContent("Raised at every 1:1");
});

it("offers to set a rhythm when there is none, and says so calmly when the agenda is empty", async () => {
  api.nextSession.mockResolvedValue({ ...next, cadence: "none", dueOn: null, overdueDays: 0, agenda: [] });
  render(SessionsTab, { mentee, catalogue });
  const card = await screen.findByTestId("next-session");
  expect(within(card).getByTestId("next-session-due")).toHaveTextContent("No regular 1:1s set");
  expect(within(card).getByTestId("agenda-empty")).toHaveTextContent("Nothing on the agenda yet");
  await userEvent.setup().click(within(card).getByTestId("set-rhythm"));
  expect(screen.getByTestId("rhythm-dialog")).toBeInTheDocument();
});

it("starts a 1:1 today to the agenda, opens it, and ticks entries off in place", async () => {
  let stored: Session[] = [];
  api.listSessions.mockImplementation(async () => stored);
  api.createSession.mockImplementation(async () => {
    stored = [started];
    return started;
  });
  api.tickAgenda.mockImplementation(async () => {
    stored = [{ ...started, agenda: started.agenda.map((e, i) => ({ ...e, ticked: i === 1 })) }];
    return stored[0];
  });
  render(SessionsTab, { mentee, catalogue });
  const user = userEvent.setup();
  await user.click(await screen.findByTestId("start-session"));
  expect(api.createSession).toHaveBeenCalledWith(4, {
    heldOn: today,
    notes: "",
    sharedNotes: "",
    goalIds: [],
    newActionItems: [],
    agenda: [
      { kind: "action_item", text: "Draft the RFC", refId: 31 },
      { kind: "topic", text: "Promotion timeline", refId: 7 },
      { kind: "talking_point", text: "Wellbeing", refId: null },
    ],
  });
  const form = await screen.findByTestId("session-form");
  expect(form).toHaveTextContent("In progress");
  const items = within(form).getAllByTestId("session-agenda-item");
  expect(items).toHaveLength(3);
  expect(form).toHaveTextContent("What stays unticked comes back at the next 1:1.");
  await waitFor(() => expect(toasts.map((t) => t.message)).toContain("1:1 started."));

  await user.click(within(items[1]!).getByTestId("agenda-tick"));
  expect(api.tickAgenda).toHaveBeenCalledWith(20, 1, true);
  await waitFor(() =>
    expect(within(screen.getByTestId("session-form")).getAllByTestId("session-agenda-item")[1]).toHaveClass("ticked"),
  );
});

it("shows a logged 1:1's agenda as a checklist, with ticked entries done", async () => {
  api.listSessions.mockResolvedValue([{ ...started, agenda: [{ ...started.agenda[0]!, ticked: true }] }]);
  render(SessionsTab, { mentee, catalogue });
  const card = await screen.findByTestId("session");
  const item = within(card).getByTestId("session-agenda-item");
  expect(item).toHaveClass("ticked");
  expect(within(item).getByTestId("agenda-tick")).toBeChecked();
});

it("saves the rhythm, and shows a refused talking point beside its field", async () => {
  api.setMenteeRhythm
    .mockRejectedValueOnce({ code: "invalid_input", message: "Keep to 20 talking points.", field: "talkingPoints" })
    .mockResolvedValue({ ...mentee, cadence: "weekly", talkingPoints: "Wellbeing" });
  const onchanged = vi.fn();
  render(SessionsTab, { mentee, catalogue, onchanged });
  const user = userEvent.setup();
  await user.click(await screen.findByTestId("edit-rhythm"));
  await user.selectOptions(screen.getByTestId("rhythm-cadence"), "weekly");
  await user.type(screen.getByTestId("rhythm-talking-points"), "Wellbeing");
  await user.click(screen.getByTestId("rhythm-save"));
  expect(await screen.findByText("Keep to 20 talking points.")).toBeInTheDocument();
  expect(screen.getByTestId("rhythm-talking-points")).toHaveAttribute("aria-invalid", "true");
  await user.click(screen.getByTestId("rhythm-save"));
  expect(api.setMenteeRhythm).toHaveBeenLastCalledWith(4, { cadence: "weekly", talkingPoints: "Wellbeing" });
  await waitFor(() => expect(screen.queryByTestId("rhythm-dialog")).toBeNull());
  expect(onchanged).toHaveBeenCalledWith(expect.objectContaining({ cadence: "weekly" }));
});
