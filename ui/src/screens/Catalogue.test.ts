// Where the leader types and the chosen one's profile take turns (a narrow window), the
// screen says which shows, and Back returns to the types with the focus on the one opened.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { expect, it } from "vitest";
import { catalogue } from "../test/fixtures";
import Catalogue from "./Catalogue.svelte";

it("shows the types, the chosen one's profile, then the types again", async () => {
  render(Catalogue, { catalogue });
  const layout = screen.getByRole("tabpanel");
  expect(layout).toHaveAttribute("data-showing", "list");

  const [type] = screen.getAllByTestId("leader-type");
  await fireEvent.click(type!);
  expect(layout).toHaveAttribute("data-showing", "detail");

  await fireEvent.click(screen.getByRole("button", { name: "Back to leader types" }));
  expect(layout).toHaveAttribute("data-showing", "list");
  await waitFor(() => expect(document.activeElement).toBe(type));
});

it("tells assistive technology which leader type is open", async () => {
  render(Catalogue, { catalogue });
  const types = screen.getAllByTestId("leader-type");
  expect(types.filter((t) => t.getAttribute("aria-current") === "true")).toHaveLength(1);
  await fireEvent.click(types[1]!);
  expect(types[1]).toHaveAttribute("aria-current", "true");
  expect(types[0]).not.toHaveAttribute("aria-current");
});
