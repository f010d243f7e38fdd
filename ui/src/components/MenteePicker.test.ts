// Choosing a mentee by typing: a bounded first list, a search as typed that drops answers
// overtaken by later keys, the keys of a WAI-ARIA combobox, and archived people offered only
// when it was opened for them.
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, expect, it, vi } from "vitest";
import type { Person } from "./MenteePicker.svelte";

const listMentees = vi.fn();
vi.mock("../lib/api", async (original) => ({
  ...(await original<typeof import("../lib/api")>()),
  api: { listMentees: (...args: unknown[]) => listMentees(...args) },
}));

const { default: MenteePicker } = await import("./MenteePicker.svelte");

const person = (id: number, name: string, archived = false): Person => ({ id, name, role: "Engineer", archived });
const row = (p: Person) => ({
  id: p.id,
  name: p.name,
  currentRole: p.role,
  targetLeaderType: null,
  targetFamily: null,
  roleTrack: null,
  startDate: null,
  isSelf: false,
  archived: p.archived,
});
const ana = person(4, "Ana Lima");
const bo = person(3, "Bo Chen");
const cy = person(5, "Cy Chenoweth");
const first = [bo, ana];

function picker(props: { pinned?: Person | null; value?: number | null; total?: number } = {}) {
  const onchange = vi.fn();
  render(MenteePicker, {
    id: "who",
    testid: "who",
    value: props.value ?? 4,
    pinned: props.pinned ?? null,
    first,
    total: props.total ?? 9_980,
    onchange,
  });
  return { onchange, input: screen.getByRole("combobox"), user: userEvent.setup() };
}
const shown = () => screen.queryAllByRole("option").map((o) => o.textContent?.replace(/\s+/g, " ").trim());
const answer = (...people: Person[]) => ({ rows: people.map(row), total: people.length });

beforeEach(() => {
  listMentees.mockReset();
  listMentees.mockResolvedValue(answer(bo, cy));
});

it("shows the chosen name and opens on the first list, on the chosen one, without asking again", async () => {
  const { input, user } = picker();
  expect(input).toHaveValue("Ana Lima");
  expect(input).toHaveAttribute("aria-expanded", "false");
  input.focus();
  await user.keyboard("{ArrowDown}");
  expect(input).toHaveAttribute("aria-expanded", "true");
  const list = screen.getByRole("listbox");
  expect(input).toHaveAttribute("aria-controls", list.id);
  expect(shown()).toEqual(["Bo Chen Engineer", "✓ Ana Lima Engineer"]);
  expect(input).toHaveAttribute("aria-activedescendant", screen.getAllByRole("option")[1]!.id);
  expect(screen.getByText("9,978 more: type to find them.")).toBeInTheDocument();
  await user.keyboard("{ArrowDown}");
  expect(screen.getAllByRole("option")[0]).toHaveAttribute("aria-selected", "true");
  expect(listMentees).not.toHaveBeenCalled();
});

it("searches as typed, once the typing pauses, and Enter takes the first match", async () => {
  const { input, onchange, user } = picker();
  await user.click(input);
  await user.keyboard("chen");
  await waitFor(() => expect(shown()).toEqual(["Bo Chen Engineer", "Cy Chenoweth Engineer"]));
  expect(listMentees).toHaveBeenCalledOnce();
  expect(listMentees).toHaveBeenCalledWith({ search: "chen", archive: "active", offset: 0, limit: 20 });
  expect(input).toHaveAttribute("aria-activedescendant", screen.getAllByRole("option")[0]!.id);
  await user.keyboard("{ArrowDown}{Enter}");
  expect(onchange).toHaveBeenCalledWith(5);
  expect(input).toHaveValue("Cy Chenoweth");
  expect(input).toHaveAttribute("aria-expanded", "false");
  expect(input).not.toHaveAttribute("aria-activedescendant");
  // The chosen name stays selected: typing again starts a new search.
  await user.keyboard("bo");
  await waitFor(() => expect(listMentees).toHaveBeenLastCalledWith(expect.objectContaining({ search: "bo" })));
});

it("drops an answer overtaken by a later search", async () => {
  let slow: (page: unknown) => void = () => {};
  listMentees.mockImplementationOnce(() => new Promise((resolve) => (slow = resolve)));
  listMentees.mockResolvedValueOnce(answer(cy));
  const { input, user } = picker();
  await user.click(input);
  await user.keyboard("che");
  await waitFor(() => expect(listMentees).toHaveBeenCalledOnce());
  await user.keyboard("now");
  await waitFor(() => expect(shown()).toEqual(["Cy Chenoweth Engineer"]));
  slow(answer(bo));
  await new Promise((wait) => setTimeout(wait, 20));
  expect(shown()).toEqual(["Cy Chenoweth Engineer"]);
});

it("says so when nothing matches", async () => {
  listMentees.mockResolvedValue(answer());
  const { input, user } = picker();
  await user.click(input);
  await user.keyboard("zz");
  expect(await screen.findByText("No active mentee matches “zz”.", { selector: "p" })).toBeVisible();
  expect(input).toHaveAttribute("aria-expanded", "false");
  expect(screen.getByRole("status")).toHaveTextContent("No active mentee matches “zz”.");
});

it("closes the list on Escape, keeping the chosen one and the Escape from the dialog", async () => {
  const { input, onchange, user } = picker();
  await user.click(input);
  await user.keyboard("chen");
  await waitFor(() => expect(shown()).toHaveLength(2));
  const outside = vi.fn();
  document.addEventListener("keydown", outside);
  await user.keyboard("{Escape}");
  expect(input).toHaveAttribute("aria-expanded", "false");
  expect(input).toHaveValue("Ana Lima");
  expect(outside).not.toHaveBeenCalled();
  expect(onchange).not.toHaveBeenCalled();
  // Closed, Escape is the dialog's again.
  await user.keyboard("{Escape}");
  expect(outside).toHaveBeenCalledOnce();
  document.removeEventListener("keydown", outside);
});

it("takes the first match on Enter pressed before the answer came", async () => {
  const { input, onchange, user } = picker();
  await user.click(input);
  await user.keyboard("cheno{Enter}");
  await waitFor(() => expect(onchange).toHaveBeenCalledWith(3));
  expect(input).toHaveValue("Bo Chen");
});

it("chooses with a click, and keeps the focus in the field", async () => {
  const { input, onchange, user } = picker();
  await user.click(input);
  await user.click(screen.getByText("Bo Chen"));
  expect(onchange).toHaveBeenCalledWith(3);
  expect(input).toHaveFocus();
  expect(input).toHaveValue("Bo Chen");
});

it("offers the archived mentee it was opened for while their name matches, and no other", async () => {
  const dee = person(9, "Dee Chenko", true);
  const { input, user } = picker({ pinned: dee, value: 9 });
  expect(input).toHaveValue("Dee Chenko");
  await user.click(input);
  expect(shown()).toEqual(["✓ Dee Chenko Archived Engineer", "Bo Chen Engineer", "Ana Lima Engineer"]);
  await user.clear(input);
  await user.keyboard("chen");
  await waitFor(() =>
    expect(shown()).toEqual(["✓ Dee Chenko Archived Engineer", "Bo Chen Engineer", "Cy Chenoweth Engineer"]),
  );
  await user.clear(input);
  await user.keyboard("bo");
  await waitFor(() => expect(listMentees).toHaveBeenLastCalledWith(expect.objectContaining({ search: "bo" })));
  await waitFor(() => expect(shown()).toEqual(["Bo Chen Engineer", "Cy Chenoweth Engineer"]));
});
