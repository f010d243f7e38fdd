// Where a list and what it opens take turns (a narrow window: see .split in app.css): which
// of the two was asked for, and where focus goes on the way in (the Back button, the row
// having gone out of view) and on the way out (the row that was opened).
import { tick } from "svelte";
import type BackToList from "../components/BackToList.svelte";

export class Turns {
  /** The item was asked for, so it shows where the two take turns. */
  opened = $state(false);
  back: BackToList | undefined = $state();

  /** @param row the id of the list row of the item open now, if any */
  constructor(private readonly row: () => string | null) {}

  async open() {
    this.opened = true;
    await tick();
    this.back?.focusIfShown();
  }

  async backToList() {
    this.opened = false;
    await tick();
    const id = this.row();
    if (id) document.getElementById(id)?.focus();
  }
}
