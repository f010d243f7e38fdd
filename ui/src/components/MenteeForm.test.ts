import { fireEvent, render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, expect, it, vi } from "vitest";
import { catalogue } from "../test/fixtures";

const createMentee = vi.fn();
vi.mock("../lib/api", async (original) => ({
  ...(await original<typeof import("../lib/api")>()),
  api: { createMentee: (...args: unknown[]) => createMentee(...args) },
}));

const { AppError } = await import("../lib/api");
const { default: MenteeForm } = await import("./MenteeForm.svelte");

beforeEach(() => {
  createMentee.mockReset();
});

it("shows the backend's message beside the field it names", async () => {
  createMentee.mockImplementation(() =>
    Promise.reject({ code: "invalid_input", message: "Name cannot be empty.", field: "name" }),
  );
  const onsaved = vi.fn();
  render(MenteeForm, { catalogue, onsaved, onclose: vi.fn() });
  await fireEvent.click(screen.getByTestId("save-mentee"));
  const error = await screen.findByTestId("error-name");
  expect(error).toHaveTextContent("Name cannot be empty.");
  expect(screen.getByLabelText("Name")).toHaveAttribute("aria-invalid", "true");
  expect(screen.getByLabelText("Name")).toHaveAccessibleDescription("Name cannot be empty.");
  expect(onsaved).not.toHaveBeenCalled();
});

it("sends what was typed, with a blank date as none, and reports the saved mentee", async () => {
  const saved = { id: 7, name: "Ana Lima" };
  createMentee.mockResolvedValue(saved);
  const onsaved = vi.fn();
  render(MenteeForm, { catalogue, asSelf: true, onsaved, onclose: vi.fn() });
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("Name"), "Ana Lima");
  await user.selectOptions(screen.getByLabelText("Target leader type"), "13");
  await user.click(screen.getByRole("radio", { name: /^Tech Lead/ }));
  await user.click(screen.getByTestId("save-mentee"));
  expect(createMentee).toHaveBeenCalledWith(
    expect.objectContaining({
      name: "Ana Lima",
      targetLeaderTypeId: 13,
      roleTrackKey: "tech_lead",
      startDate: null,
      isSelf: true,
    }),
  );
  expect(onsaved).toHaveBeenCalledWith(saved);
});

it("asks before discarding typed changes, and closes at once when nothing changed", async () => {
  const onclose = vi.fn();
  const { unmount } = render(MenteeForm, { catalogue, onsaved: vi.fn(), onclose });
  await fireEvent.click(screen.getByText("Cancel"));
  expect(onclose).toHaveBeenCalledTimes(1);
  unmount();

  const onclose2 = vi.fn();
  render(MenteeForm, { catalogue, onsaved: vi.fn(), onclose: onclose2 });
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("Name"), "Half typed");
  await user.click(screen.getByText("Cancel"));
  expect(onclose2).not.toHaveBeenCalled();
  expect(screen.getByText("Discard your changes?")).toBeInTheDocument();
  await user.click(screen.getByText("Discard"));
  expect(onclose2).toHaveBeenCalledTimes(1);
});
