// The mentee list is a list of buttons, the open one marked current, that Tab reaches once
// and the arrow keys, Home and End walk: no control nested inside another.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, expect, it, vi } from "vitest";
import { reference } from "../lib/app.svelte";
import type { MenteeSummary } from "../lib/bindings/MenteeSummary";
import { catalogue } from "../test/fixtures";

const listMentees = vi.fn();
vi.mock("../lib/api", async (original) => ({
  ...(await original<typeof import("../lib/api")>()),
  api: {
    listMentees: (...args: unknown[]) => listMentees(...args),
    // The person's page is not under test: it stays loading.
    getMentee: () => new Promise(() => {}),
  },
}));

const { default: Mentees } = await import("./Mentees.svelte");

const row = (id: number, name: string): MenteeSummary => ({
  id,
  name,
  currentRole: "Senior Engineer",
  targetLeaderType: null,
  targetFamily: null,
  roleTrack: "Tech Lead",
  startDate: null,
  isSelf: false,
  archived: false,
});
const rows = [row(1, "Amara Okonkwo"), row(2, "Grace Hopper"), row(3, "李小龍")];

beforeEach(() => {
  listMentees.mockReset();
  listMentees.mockResolvedValue({ rows, total: rows.length });
});

const current = () => screen.getAllByTestId("mentee-row").filter((b) => b.getAttribute("aria-current") === "true");

it("lists people as buttons, with no listbox options wrapping them", async () => {
  render(Mentees);
  await waitFor(() => expect(screen.getAllByTestId("mentee-row")).toHaveLength(3));
  expect(screen.queryByRole("listbox")).toBeNull();
  expect(screen.queryByRole("option")).toBeNull();
  expect(screen.getByRole("list", { name: "Mentees" })).toBeInTheDocument();
  for (const button of screen.getAllByTestId("mentee-row")) expect(button.tagName).toBe("BUTTON");
  // Nothing is open yet: Tab reaches the first row, and only it.
  expect(current()).toHaveLength(0);
  expect(screen.getAllByTestId("mentee-row").map((b) => b.tabIndex)).toEqual([0, -1, -1]);
});

it("marks the open person current and walks the list with the arrow keys, Home and End", async () => {
  render(Mentees);
  await waitFor(() => expect(screen.getAllByTestId("mentee-row")).toHaveLength(3));
  const [first, second, third] = screen.getAllByTestId("mentee-row");

  await fireEvent.click(second!);
  expect(current()).toEqual([second]);
  expect(screen.getAllByTestId("mentee-row").map((b) => b.tabIndex)).toEqual([-1, 0, -1]);

  await fireEvent.keyDown(second!, { key: "ArrowDown" });
  expect(current()).toEqual([third]);
  expect(document.activeElement).toBe(third);

  await fireEvent.keyDown(third!, { key: "Home" });
  expect(current()).toEqual([first]);
  expect(document.activeElement).toBe(first);

  await fireEvent.keyDown(first!, { key: "End" });
  expect(current()).toEqual([third]);

  await fireEvent.keyDown(third!, { key: "ArrowUp" });
  expect(current()).toEqual([second]);
  expect(document.activeElement).toBe(second);
});

it("where list and person take turns, shows the person chosen and leads back to them in the list", async () => {
  reference.catalogue = catalogue;
  const { container } = render(Mentees);
  await waitFor(() => expect(screen.getAllByTestId("mentee-row")).toHaveLength(3));
  const split = container.querySelector("[data-showing]");
  const [, second] = screen.getAllByTestId("mentee-row");
  expect(split).toHaveAttribute("data-showing", "list");

  // The arrow keys choose without leaving the list; a click opens.
  await fireEvent.keyDown(second!, { key: "ArrowDown" });
  expect(split).toHaveAttribute("data-showing", "list");
  await fireEvent.click(second!);
  expect(split).toHaveAttribute("data-showing", "detail");

  await fireEvent.click(screen.getByRole("button", { name: "Back to mentees" }));
  expect(split).toHaveAttribute("data-showing", "list");
  await waitFor(() => expect(document.activeElement).toBe(second));
});
