// How a shared plan's header reads on the mentee's side: a file to send back, or, live,
// nothing to send and the file only under More.
import { fireEvent, render, screen } from "@testing-library/svelte";
import { expect, it, vi } from "vitest";
import type { Plan } from "../../../lib/bindings/Plan";
import type { ShareStatus } from "../../../lib/bindings/ShareStatus";
import { catalogue } from "../../../test/fixtures";
import PlanHeader from "./PlanHeader.svelte";

const plan: Plan = {
  id: 4,
  menteeId: 30,
  title: "Toward Staff Engineer",
  leaderTypeId: 1,
  roleTrackKey: "tech_lead",
  startsOn: "2026-01-01",
  targetOn: "2026-12-31",
  status: "active",
  targets: { competencies: [], spectrums: [] },
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
};
const received: ShareStatus = {
  side: "mentee",
  peerName: "Maria Lindqvist",
  peerKnown: true,
  menteeEditsPlan: false,
  includeAssessments: false,
  sharedAt: "2026-03-04T12:00:00Z",
  exchangedAt: null,
  liveAccount: null,
};
const props = (status: ShareStatus, onsendback = vi.fn()) => ({
  plans: [plan],
  plan,
  progress: { done: 1, open: 2, dropped: 0, percent: 33 },
  catalogue,
  selectedId: plan.id,
  onnew: vi.fn(),
  onedit: vi.fn(),
  ontargets: vi.fn(),
  onstatus: vi.fn(),
  onexport: vi.fn(),
  ondelete: vi.fn(),
  status,
  readonly: true,
  onshare: vi.fn(),
  onsendback,
});

it("asks for the file to be sent back while the plan does not sync live", () => {
  render(PlanHeader, props(received));
  expect(screen.getByTestId("send-back")).toHaveTextContent("Send back to Maria Lindqvist…");
  expect(screen.queryByTestId("live-with")).toBeNull();
});

it("says a live plan syncs with its mentor, and keeps the file under More", async () => {
  const onsendback = vi.fn();
  render(PlanHeader, props({ ...received, liveAccount: "maria" }, onsendback));
  expect(screen.getByTestId("live-with")).toHaveTextContent("Syncing live with Maria Lindqvist");
  expect(screen.getByTestId("share-status")).toHaveTextContent("syncing live");
  const file = screen.getByTestId("send-back");
  expect(file).toHaveAttribute("role", "menuitem");
  expect(file).toHaveTextContent("Send back as a file…");
  await fireEvent.click(file);
  expect(onsendback).toHaveBeenCalledOnce();
});
