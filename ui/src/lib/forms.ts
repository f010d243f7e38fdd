// Shared form plumbing: map a backend error onto the field it concerns.
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
