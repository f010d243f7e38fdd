// The plan on screen is typeset ahead of its export once a series of edits settles.
import { afterEach, expect, it, vi } from "vitest";

const api = { preparePlanPdf: vi.fn() };
vi.mock("./api", async (original) => ({ ...(await original<typeof import("./api")>()), api }));

const { preparePdf } = await import("./pdf");

afterEach(() => {
  vi.useRealTimers();
  vi.resetAllMocks();
});

it("typesets the plan once, after the last of quick changes, and keeps quiet on failure", async () => {
  vi.useFakeTimers();
  api.preparePlanPdf.mockRejectedValue({ code: "render_failed", message: "no" });
  preparePdf(7);
  await vi.advanceTimersByTimeAsync(200);
  preparePdf(7);
  preparePdf(8);
  expect(api.preparePlanPdf).not.toHaveBeenCalled();
  await vi.advanceTimersByTimeAsync(500);
  expect(api.preparePlanPdf).toHaveBeenCalledOnce();
  expect(api.preparePlanPdf).toHaveBeenCalledWith(8, navigator.language || "en-US");
});
