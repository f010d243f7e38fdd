import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { expect, it, vi } from "vitest";
import UnlockDialog from "./UnlockDialog.svelte";

it("opens with the passphrase typed, and shows a wrong one beside the field", async () => {
  const onunlock = vi
    .fn()
    .mockRejectedValueOnce({ code: "wrong_passphrase", message: "The passphrase does not open this file." })
    .mockResolvedValueOnce(undefined);
  render(UnlockDialog, { onunlock, oncancel: vi.fn() });
  const user = userEvent.setup();
  await user.click(screen.getByTestId("unlock-confirm"));
  expect(onunlock).not.toHaveBeenCalled();
  expect(screen.getByLabelText("Passphrase")).toHaveAttribute("aria-invalid", "true");
  expect(screen.getByLabelText("Passphrase")).toHaveFocus();
  await user.type(screen.getByLabelText("Passphrase"), "not it at all");
  await user.click(screen.getByTestId("unlock-confirm"));
  expect(onunlock).toHaveBeenCalledWith("not it at all");
  expect(await screen.findByRole("alert")).toHaveTextContent("The passphrase does not open this file.");
  expect(screen.getByLabelText("Passphrase")).toHaveFocus();
  expect(screen.getByLabelText("Passphrase")).toHaveAccessibleDescription("The passphrase does not open this file.");
  await user.click(screen.getByTestId("unlock-confirm"));
  expect(onunlock).toHaveBeenCalledTimes(2);
});
