// While a data file from an earlier Waymark is upgraded, the window shows each step as the
// shell reports it, and loads afresh once the file is open.
import { render, screen } from "@testing-library/svelte";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import type { DataFileStatus } from "../lib/bindings/DataFileStatus";

const api = { dataFileStatus: vi.fn(), firstScreenShown: vi.fn() };
vi.mock("../lib/api", async (original) => ({ ...(await original<typeof import("../lib/api")>()), api }));

const { default: UpgradingDataFile } = await import("./UpgradingDataFile.svelte");

const status = (upgrading: DataFileStatus["upgrading"]): DataFileStatus => ({
  path: "/home/ada/waymark.sqlite3",
  error: upgrading ? { code: "db_upgrading", message: "upgrading" } : null,
  demo: false,
  upgrading,
});

const reload = vi.fn();

beforeEach(() => {
  vi.useFakeTimers();
  api.firstScreenShown.mockResolvedValue(undefined);
  vi.stubGlobal("location", { reload });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.resetAllMocks();
});

it("shows each step of the upgrade, then opens the file", async () => {
  api.dataFileStatus
    .mockResolvedValueOnce(status({ done: 0, steps: 2 }))
    .mockResolvedValueOnce(status({ done: 1, steps: 2 }))
    .mockResolvedValue(status(null));
  render(UpgradingDataFile, { path: "/home/ada/waymark.sqlite3" });
  expect(screen.getByTestId("upgrade-step")).toHaveTextContent("Starting…");

  await vi.advanceTimersByTimeAsync(200);
  expect(screen.getByTestId("upgrade-step")).toHaveTextContent("Step 1 of 2: keeping a copy of the file as it was…");
  await vi.advanceTimersByTimeAsync(200);
  expect(screen.getByTestId("upgrade-step")).toHaveTextContent("Step 2 of 2: bringing your data up to date…");
  const bar = screen.getByRole("progressbar", { name: "Upgrade of the data file" });
  expect(bar).toHaveAttribute("value", "1");
  expect(bar).toHaveAttribute("max", "2");
  expect(reload).not.toHaveBeenCalled();

  await vi.advanceTimersByTimeAsync(200);
  expect(reload).toHaveBeenCalledOnce();
});
