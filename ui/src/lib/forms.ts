// Shared form plumbing: map a backend error onto the field it concerns, tie the message to
// its field for screen readers, and take the person to the first thing to fix.
import { tick } from "svelte";
import { toAppError } from "./api";

export interface FormErrors {
  fields: Record<string, string>;
  general: string | null;
}

export function noErrors(): FormErrors {
  return { fields: {}, general: null };
}

/** Places the error beside its field when the backend names one, else above the form. */
export function errorsFrom(reason: unknown, knownFields: readonly string[]): FormErrors {
  const error = toAppError(reason);
  if (error.field && knownFields.includes(error.field)) {
    return { fields: { [error.field]: error.message }, general: null };
  }
  return { fields: {}, general: error.message };
}

/**
 * What describes a field's control (`aria-describedby`): its hint, if it has one, and its
 * error while one shows, whose element has the id `${prefix}${field}-error`.
 */
export function describedBy(errors: FormErrors, field: string, prefix = "", hint?: string): string | undefined {
  const ids = [hint, errors.fields[field] ? `${prefix}${field}-error` : undefined].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

const CONTROLS = "input, select, textarea, button";

/**
 * Once the errors are drawn, focuses the first field in `scope` (an element, or a selector
 * for one) that has one: a control marked invalid, or the first control of a group of them
 * (competencies, ratings) whose error describes the group. Someone at the keyboard lands on
 * what to fix, and a screen reader reads its error with it.
 */
export async function focusFirstInvalid(scope: ParentNode | string | undefined): Promise<void> {
  await tick();
  const root = typeof scope === "string" ? document.querySelector(scope) : scope;
  const first = root?.querySelector<HTMLElement>("[aria-invalid='true'], fieldset[aria-describedby*='-error']");
  const target = first instanceof HTMLFieldSetElement ? first.querySelector<HTMLElement>(CONTROLS) : first;
  target?.focus();
}
