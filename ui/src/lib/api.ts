// Typed wrappers over the Rust commands. Every type here is generated from Rust
// (src/lib/bindings); errors arrive as ErrorPayload and are rethrown as AppError.
import { invoke } from "@tauri-apps/api/core";
import type { Catalogue } from "./bindings/Catalogue";
import type { DataFileStatus } from "./bindings/DataFileStatus";
import type { ErrorPayload } from "./bindings/ErrorPayload";
import type { LeaderType } from "./bindings/LeaderType";
import type { LeaderTypeInput } from "./bindings/LeaderTypeInput";
import type { Mentee } from "./bindings/Mentee";
import type { MenteeInput } from "./bindings/MenteeInput";
import type { MenteeQuery } from "./bindings/MenteeQuery";
import type { MenteeSummary } from "./bindings/MenteeSummary";

export class AppError extends Error {
  readonly code: string;
  readonly field: string | undefined;

  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = "AppError";
    this.code = payload.code;
    this.field = payload.field ?? undefined;
  }
}

function isErrorPayload(value: unknown): value is ErrorPayload {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ErrorPayload).code === "string" &&
    typeof (value as ErrorPayload).message === "string"
  );
}

/** Turns whatever a command rejected with into an AppError with plain words. */
export function toAppError(reason: unknown): AppError {
  if (reason instanceof AppError) return reason;
  if (isErrorPayload(reason)) return new AppError(reason);
  const message = reason instanceof Error ? reason.message : String(reason);
  return new AppError({ code: "internal", message: `Something went wrong: ${message}` });
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toAppError(reason);
  }
}

export const api = {
  dataFileStatus: () => call<DataFileStatus>("data_file_status"),
  catalogue: () => call<Catalogue>("get_catalogue"),
  createLeaderType: (input: LeaderTypeInput) => call<LeaderType>("create_leader_type", { input }),
  updateLeaderType: (id: number, input: LeaderTypeInput) =>
    call<LeaderType>("update_leader_type", { id, input }),
  deleteLeaderType: (id: number) => call<void>("delete_leader_type", { id }),
  listMentees: (query: MenteeQuery) => call<MenteeSummary[]>("list_mentees", { query }),
  getMentee: (id: number) => call<Mentee>("get_mentee", { id }),
  createMentee: (input: MenteeInput) => call<Mentee>("create_mentee", { input }),
  updateMentee: (id: number, input: MenteeInput) => call<Mentee>("update_mentee", { id, input }),
  setMenteeArchived: (id: number, archived: boolean) =>
    call<Mentee>("set_mentee_archived", { id, archived }),
  deleteMentee: (id: number) => call<void>("delete_mentee", { id }),
};
