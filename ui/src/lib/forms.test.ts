import { expect, it } from "vitest";
import { describedBy, focusFirstInvalid, noErrors } from "./forms";

const withError = (field: string) => ({ fields: { [field]: "Wrong." }, general: null });

it("describes a field by its hint, and by its error while one shows", () => {
  expect(describedBy(noErrors(), "title", "goal-")).toBeUndefined();
  expect(describedBy(noErrors(), "title", "goal-", "goal-title-hint")).toBe("goal-title-hint");
  expect(describedBy(withError("title"), "title", "goal-")).toBe("goal-title-error");
  expect(describedBy(withError("title"), "title", "goal-", "goal-title-hint")).toBe("goal-title-hint goal-title-error");
  expect(describedBy(withError("dueOn"), "title", "goal-")).toBeUndefined();
});

it("takes focus to the first field with an error, a group's first control included", async () => {
  document.body.innerHTML = `
    <form id="other"><input aria-invalid="true" id="elsewhere" /></form>
    <form id="mine">
      <input id="fine" />
      <fieldset aria-describedby="competencyKeys-error"><input type="checkbox" id="first-box" /></fieldset>
      <input aria-invalid="true" id="later" />
    </form>`;
  await focusFirstInvalid("#mine");
  expect(document.activeElement?.id).toBe("first-box");

  document.querySelector("fieldset")?.removeAttribute("aria-describedby");
  await focusFirstInvalid(document.querySelector("#mine") ?? undefined);
  expect(document.activeElement?.id).toBe("later");

  await focusFirstInvalid("#nowhere");
  expect(document.activeElement?.id).toBe("later");
});
