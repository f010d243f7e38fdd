import { fireEvent, render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SharePreview } from "../lib/bindings/SharePreview";
import type { ShareStatus } from "../lib/bindings/ShareStatus";
import { syncStatus } from "../test/fixtures";

const sharePreview = vi.fn();
const sharePlan = vi.fn();
const shareLive = vi.fn();
const stopLive = vi.fn();
vi.mock("../lib/api", async (original) => ({
  ...(await original<typeof import("../lib/api")>()),
  api: {
    sharePreview: (...args: unknown[]) => sharePreview(...args),
    sharePlan: (...args: unknown[]) => sharePlan(...args),
    shareLive: (...args: unknown[]) => shareLive(...args),
    stopLive: (...args: unknown[]) => stopLive(...args),
  },
}));

const { default: ShareDialog } = await import("./ShareDialog.svelte");
const { sync } = await import("../lib/sync.svelte");

const preview: SharePreview = {
  planTitle: "Toward Staff Engineer",
  menteeName: "Ana Lima",
  fromName: null,
  goals: 2,
  milestones: 3,
  selfAssessments: 0,
  mentorAssessments: 0,
  topics: 0,
  comments: 0,
  sharedNotes: 0,
  leftOut: ["your assessments of Ana Lima", "your other plans and people", "the private notes of your 1:1s"],
  status: null,
};

const props = (extra = {}) => ({
  planId: 7,
  planTitle: "Toward Staff Engineer",
  menteeName: "Ana Lima",
  onshared: vi.fn(),
  onclose: vi.fn(),
  ...extra,
});

beforeEach(() => {
  sharePreview.mockReset();
  sharePlan.mockReset();
  shareLive.mockReset();
  stopLive.mockReset();
  sync.status = syncStatus();
});

it("shows what the file carries and what stays here", async () => {
  sharePreview.mockResolvedValue(preview);
  render(ShareDialog, props());
  expect(await screen.findByTestId("share-included")).toHaveTextContent(
    "2 goals, 3 milestones, 0 self-assessments, 0 topics",
  );
  expect(screen.getByTestId("share-left-out")).toHaveTextContent("the private notes of your 1:1s");
  expect(screen.queryByTestId("share-include-assessments")).toBeNull();
  expect(screen.getByLabelText("Your name as Ana Lima will see it")).toHaveValue("");
  expect(screen.getByLabelText("Let Ana Lima change goals and milestones too")).not.toBeChecked();
  expect(sharePreview).toHaveBeenCalledWith(7);
});

it("asks for a name the first time, beside the field", async () => {
  sharePreview.mockResolvedValue(preview);
  render(ShareDialog, props());
  await screen.findByTestId("share-included");
  await fireEvent.click(screen.getByTestId("share-save"));
  const name = screen.getByLabelText("Your name as Ana Lima will see it");
  expect(name).toHaveAttribute("aria-invalid", "true");
  await vi.waitFor(() => expect(name).toHaveFocus());
  expect(name).toHaveAccessibleDescription("Give your name, so Ana Lima knows who the plan is from.");
  expect(sharePlan).not.toHaveBeenCalled();
});

it("shares with the name and the choice made, and reports the saved file", async () => {
  sharePreview.mockResolvedValue(preview);
  sharePlan.mockResolvedValue({ path: "/home/maria/Ana Lima – Toward Staff Engineer.waymark" });
  const onshared = vi.fn();
  render(ShareDialog, props({ onshared }));
  await screen.findByTestId("share-included");
  const user = userEvent.setup();
  await user.type(screen.getByTestId("share-from-name"), " Maria Lindqvist ");
  await user.click(screen.getByTestId("share-mentee-edits"));
  await user.click(screen.getByTestId("share-save"));
  expect(sharePlan).toHaveBeenCalledWith({
    planId: 7,
    fromName: "Maria Lindqvist",
    menteeEditsPlan: true,
    includeAssessments: false,
  });
  expect(onshared).toHaveBeenCalledWith("/home/maria/Ana Lima – Toward Staff Engineer.waymark", false);
});

it("protects the file with a passphrase only when asked, and long enough", async () => {
  sharePreview.mockResolvedValue({ ...preview, fromName: "Maria Lindqvist" });
  sharePlan.mockResolvedValue({ path: "/tmp/ana.waymark" });
  const onshared = vi.fn();
  render(ShareDialog, props({ onshared }));
  await screen.findByTestId("share-included");
  expect(screen.queryByTestId("share-passphrase")).toBeNull();
  const user = userEvent.setup();
  await user.click(screen.getByTestId("share-protect"));
  await user.type(screen.getByLabelText("Passphrase"), "short");
  await user.click(screen.getByTestId("share-save"));
  expect(screen.getByRole("alert")).toHaveTextContent("Use a passphrase of at least 8 characters.");
  expect(sharePlan).not.toHaveBeenCalled();
  await user.type(screen.getByLabelText("Passphrase"), " and sweet");
  await user.click(screen.getByTestId("share-save"));
  expect(sharePlan).toHaveBeenCalledWith({
    planId: 7,
    fromName: "Maria Lindqvist",
    menteeEditsPlan: false,
    includeAssessments: false,
    passphrase: "short and sweet",
  });
  expect(onshared).toHaveBeenCalledWith("/tmp/ana.waymark", true);
});

it("needs no name once shared before, and does nothing when the save dialog is cancelled", async () => {
  sharePreview.mockResolvedValue({
    ...preview,
    fromName: "Maria Lindqvist",
    status: {
      side: "mentor",
      peerName: "Ana Lima",
      peerKnown: false,
      menteeEditsPlan: true,
      includeAssessments: false,
      sharedAt: "2026-03-04T12:00:00Z",
      exchangedAt: null,
    },
  });
  sharePlan.mockResolvedValue(null);
  const onshared = vi.fn();
  render(ShareDialog, props({ onshared }));
  expect(await screen.findByTestId("share-dialog-status")).toHaveTextContent("Ana Lima has not sent it back yet.");
  expect(screen.getByTestId("share-from-name")).toHaveValue("Maria Lindqvist");
  expect(screen.getByTestId("share-mentee-edits")).toBeChecked();
  await fireEvent.click(screen.getByTestId("share-save"));
  expect(sharePlan).toHaveBeenCalledWith({
    planId: 7,
    fromName: "Maria Lindqvist",
    menteeEditsPlan: true,
    includeAssessments: false,
  });
  expect(onshared).not.toHaveBeenCalled();
  expect(screen.getByTestId("share-dialog")).toBeInTheDocument();
});

it("includes the mentor's assessments only when ticked, and says so in both lists", async () => {
  sharePreview.mockResolvedValue({
    ...preview,
    fromName: "Maria Lindqvist",
    mentorAssessments: 2,
    comments: 3,
    sharedNotes: 1,
  });
  sharePlan.mockResolvedValue({ path: "/tmp/ana.waymark" });
  render(ShareDialog, props());
  const included = await screen.findByTestId("share-included");
  expect(included).toHaveTextContent("2 goals, 3 milestones, 0 self-assessments, 0 topics, 3 comments");
  expect(included).toHaveTextContent("the shared notes of 1 1:1");
  expect(included).not.toHaveTextContent("assessments of Ana Lima");
  const box = screen.getByLabelText("Include your assessments of Ana Lima (2)");
  expect(box).not.toBeChecked();
  expect(screen.getByTestId("share-left-out")).toHaveTextContent("your assessments of Ana Lima");
  const user = userEvent.setup();
  await user.click(box);
  expect(included).toHaveTextContent("your 2 assessments of Ana Lima");
  expect(screen.getByTestId("share-left-out")).not.toHaveTextContent("your assessments of Ana Lima");
  await user.click(screen.getByTestId("share-save"));
  expect(sharePlan).toHaveBeenCalledWith({
    planId: 7,
    fromName: "Maria Lindqvist",
    menteeEditsPlan: false,
    includeAssessments: true,
  });
});

it("does not offer assessments on a plan shared with this person", async () => {
  sharePreview.mockResolvedValue({
    ...preview,
    fromName: "Ana Lima",
    mentorAssessments: 2,
    leftOut: ["your other plans and people", "the private notes of your 1:1s"],
    status: {
      side: "mentee",
      peerName: "Maria Lindqvist",
      peerKnown: true,
      menteeEditsPlan: false,
      includeAssessments: true,
      sharedAt: "2026-03-04T12:00:00Z",
      exchangedAt: null,
    },
  });
  render(ShareDialog, props());
  await screen.findByTestId("share-included");
  expect(screen.queryByTestId("share-include-assessments")).toBeNull();
});

describe("sharing live", () => {
  const pairing = {
    url: "https://sync.example.org",
    account: "maria",
    device: "Work laptop",
    paused: false,
    syncedAt: null,
  };
  const sharedLive: ShareStatus = {
    side: "mentor",
    peerName: "Ana Lima",
    peerKnown: true,
    menteeEditsPlan: true,
    includeAssessments: false,
    sharedAt: "2026-03-04T12:00:00Z",
    exchangedAt: null,
    liveAccount: "ana",
  };
  const byId = (id: string) => document.getElementById(id) as HTMLElement;

  beforeEach(() => {
    sync.status = syncStatus({ phase: "synced", pairing });
  });

  it("is offered only once this device is paired", async () => {
    sync.status = syncStatus();
    sharePreview.mockResolvedValue(preview);
    render(ShareDialog, props());
    await screen.findByTestId("share-included");
    expect(screen.queryByTestId("live-part")).toBeNull();
    expect(byId("live-account")).toBeNull();
  });

  it("shares live with the account and the choice made, then says so", async () => {
    sharePreview.mockResolvedValue({ ...preview, fromName: "Maria Lindqvist" });
    shareLive.mockResolvedValue(sharedLive);
    const onlive = vi.fn();
    const onshared = vi.fn();
    render(ShareDialog, props({ onlive, onshared }));
    await screen.findByTestId("share-included");
    expect(screen.getByLabelText("Their account on sync.example.org")).toBe(byId("live-account"));
    const user = userEvent.setup();
    await user.click(screen.getByTestId("share-mentee-edits"));
    await user.type(byId("live-account"), " ana ");
    await user.click(byId("share-live"));
    expect(shareLive).toHaveBeenCalledWith({ planId: 7, account: "ana", menteeEditsPlan: true });
    expect(sharePlan).not.toHaveBeenCalled();
    expect(onshared).not.toHaveBeenCalled();
    expect(onlive).toHaveBeenCalledWith(sharedLive);
    expect(screen.getByTestId("live-part")).toHaveTextContent("Syncing live with ana");
    expect(byId("stop-live")).toHaveTextContent("Stop sharing live");
    expect(byId("live-account")).toBeNull();
    expect(screen.getByTestId("share-dialog-status")).toHaveTextContent("syncing live with their account ana");
  });

  it("shares live on Enter in the account field, not the file", async () => {
    sharePreview.mockResolvedValue({ ...preview, fromName: "Maria Lindqvist" });
    shareLive.mockResolvedValue(sharedLive);
    render(ShareDialog, props());
    await screen.findByTestId("share-included");
    const user = userEvent.setup();
    await user.type(byId("live-account"), "ana{Enter}");
    expect(shareLive).toHaveBeenCalledWith({ planId: 7, account: "ana", menteeEditsPlan: false });
    expect(sharePlan).not.toHaveBeenCalled();
  });

  it("asks for the account, and shows a refused one beside the field", async () => {
    sharePreview.mockResolvedValue({ ...preview, fromName: "Maria Lindqvist" });
    render(ShareDialog, props());
    await screen.findByTestId("share-included");
    const user = userEvent.setup();
    await user.click(byId("share-live"));
    expect(shareLive).not.toHaveBeenCalled();
    expect(byId("live-account")).toHaveAttribute("aria-invalid", "true");
    expect(byId("live-account-error")).toHaveTextContent("Give Ana Lima’s account on sync.example.org.");

    shareLive.mockRejectedValue({
      code: "invalid_input",
      message: "sync.example.org has no account “anna”.",
      field: "account",
    });
    await user.type(byId("live-account"), "anna");
    await user.click(byId("share-live"));
    expect(byId("live-account-error")).toHaveTextContent("sync.example.org has no account “anna”.");
    expect(screen.getByTestId("live-part")).not.toHaveTextContent("Syncing live");

    // The file's own errors take focus, not the live part's still shown above them.
    sharePlan.mockRejectedValue({ code: "invalid_input", message: "Use a shorter name.", field: "fromName" });
    await user.click(screen.getByTestId("share-save"));
    await vi.waitFor(() => expect(byId("share-from-name")).toHaveFocus());
    expect(byId("live-account")).toHaveAttribute("aria-invalid", "true");
  });

  it("stops sharing live, saying they keep their copy", async () => {
    sharePreview.mockResolvedValue({ ...preview, fromName: "Maria Lindqvist", status: sharedLive });
    stopLive.mockResolvedValue({ ...sharedLive, liveAccount: null });
    const onlive = vi.fn();
    render(ShareDialog, props({ onlive }));
    const part = await screen.findByTestId("live-part");
    expect(part).toHaveTextContent("Syncing live with ana");
    expect(part).toHaveTextContent("Ana Lima keeps their copy and receives nothing new from you.");
    await fireEvent.click(byId("stop-live"));
    expect(stopLive).toHaveBeenCalledWith(7);
    expect(onlive).toHaveBeenCalledWith({ ...sharedLive, liveAccount: null });
    expect(await screen.findByLabelText("Their account on sync.example.org")).toBeInTheDocument();
    expect(byId("stop-live")).toBeNull();
  });

  it("syncs live on the mentee's side without offering to share it onward", async () => {
    sharePreview.mockResolvedValue({
      ...preview,
      fromName: "Ana Lima",
      status: { ...sharedLive, side: "mentee", peerName: "Maria Lindqvist", liveAccount: "maria" },
    });
    render(ShareDialog, props());
    expect(await screen.findByTestId("live-part")).toHaveTextContent("Syncing live with Maria Lindqvist");
    expect(byId("live-account")).toBeNull();
    expect(byId("stop-live")).toBeNull();
    expect(screen.getByTestId("share-save")).toBeInTheDocument();
  });
});
