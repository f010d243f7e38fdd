// Settings → Reminders: each change saved as made, a refused time beside its field, and
// starting with the session off until asked for.
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import type { ReminderSettings } from "../../lib/bindings/ReminderSettings";

const api = {
  reminderSettings: vi.fn(),
  updateReminderSettings: vi.fn(),
  startAtLogin: vi.fn(),
  setStartAtLogin: vi.fn(),
};
vi.mock("../../lib/api", async (original) => ({ ...(await original<typeof import("../../lib/api")>()), api }));

const { dismiss, toasts } = await import("../../lib/toasts.svelte");
const { default: RemindersSection } = await import("./RemindersSection.svelte");

const defaults: ReminderSettings = {
  milestones: true,
  sessions: true,
  summaryAt: "09:00",
  quietFrom: "20:00",
  quietUntil: "08:00",
};

beforeEach(() => {
  for (const fn of Object.values(api)) fn.mockReset();
  api.reminderSettings.mockResolvedValue(defaults);
  api.updateReminderSettings.mockImplementation(async (s: ReminderSettings) => s);
  api.startAtLogin.mockResolvedValue(false);
  api.setStartAtLogin.mockImplementation(async (on: boolean) => on);
});
afterEach(() => {
  for (const t of [...toasts]) dismiss(t.id);
});

it("says reminders need Waymark running, and saves a switch as it changes", async () => {
  render(RemindersSection);
  expect(screen.getByTestId("reminders-section")).toHaveTextContent("Reminders come only while Waymark runs");
  const milestones = await screen.findByTestId("reminders-milestones");
  expect(milestones).toBeChecked();
  expect(screen.getByLabelText("1:1s due by each mentee’s rhythm")).toBe(screen.getByTestId("reminders-sessions"));
  await userEvent.setup().click(milestones);
  expect(api.updateReminderSettings).toHaveBeenCalledWith({ ...defaults, milestones: false });
  await waitFor(() => expect(toasts.map((t) => t.message)).toContain("Reminders saved."));
});

it("saves a time once changed, and shows a refused one beside its field", async () => {
  api.updateReminderSettings.mockRejectedValueOnce({
    code: "invalid_input",
    message: '"25:00" is not a time of day such as 09:00.',
    field: "quietFrom",
  });
  render(RemindersSection);
  const from = await screen.findByTestId("reminders-quiet-from");
  expect(screen.getByLabelText("Quiet hours from")).toBe(from);
  const user = userEvent.setup();
  await user.clear(from);
  await user.type(from, "25:00");
  await user.tab();
  expect(api.updateReminderSettings).toHaveBeenCalledWith({ ...defaults, quietFrom: "25:00" });
  expect(await screen.findByText('"25:00" is not a time of day such as 09:00.')).toBeInTheDocument();
  expect(from).toHaveAttribute("aria-invalid", "true");

  const summary = screen.getByTestId("reminders-summary-at");
  await user.clear(from);
  await user.type(from, "21:00");
  await user.clear(summary);
  await user.type(summary, "17:30");
  await user.tab();
  expect(api.updateReminderSettings).toHaveBeenLastCalledWith({ ...defaults, quietFrom: "21:00", summaryAt: "17:30" });
  await waitFor(() => expect(from).toHaveAttribute("aria-invalid", "false"));
});

it("starts with the session only when asked", async () => {
  render(RemindersSection);
  const box = screen.getByTestId("start-at-login");
  await waitFor(() => expect(box).toBeEnabled());
  expect(box).not.toBeChecked();
  await userEvent.setup().click(box);
  expect(api.setStartAtLogin).toHaveBeenCalledWith(true);
  await waitFor(() => expect(box).toBeChecked());
  expect(toasts.map((t) => t.message)).toContain("Waymark will start, minimised, when you log in.");
});
