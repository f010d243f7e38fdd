// The little global state the shell needs: where we are and the catalogue every screen reads.
import { api } from "./api";
import type { Catalogue } from "./bindings/Catalogue";

export type Screen = "mentees" | "catalogue";

export const nav = $state<{ screen: Screen }>({ screen: "mentees" });

export const reference = $state<{ catalogue: Catalogue | null }>({ catalogue: null });

export async function reloadCatalogue(): Promise<Catalogue> {
  const catalogue = await api.catalogue();
  reference.catalogue = catalogue;
  return catalogue;
}

/** Requests screens answer to; App routes keyboard shortcuts through these. */
export const requests = $state({ newMentee: 0, newSelf: 0, focusSearch: 0 });
