import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FONT_WAIT_AT_MOST, INTERFACE_FONT, interfaceFontReady } from "./fonts";

function fontsLoading(load: () => Promise<FontFace[]>) {
  return { load: vi.fn(load) } as unknown as FontFaceSet;
}

describe("waiting for the interface font", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("asks for Inter at the body size and resolves as soon as it has loaded", async () => {
    const fonts = fontsLoading(() => Promise.resolve([]));
    const ready = vi.fn();
    void interfaceFontReady(fonts).then(ready);
    await vi.advanceTimersByTimeAsync(0);
    expect(fonts.load).toHaveBeenCalledWith(INTERFACE_FONT);
    expect(ready).toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("resolves when the font fails, so the screen still shows in the desktop's font", async () => {
    const ready = vi.fn();
    void interfaceFontReady(fontsLoading(() => Promise.reject(new Error("bad font")))).then(ready);
    await vi.advanceTimersByTimeAsync(0);
    expect(ready).toHaveBeenCalled();
  });

  it("waits no longer than its limit for a font that never arrives", async () => {
    const ready = vi.fn();
    void interfaceFontReady(fontsLoading(() => new Promise(() => {}))).then(ready);
    await vi.advanceTimersByTimeAsync(FONT_WAIT_AT_MOST - 1);
    expect(ready).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(ready).toHaveBeenCalled();
  });

  it("resolves at once where there is no font loading to wait for", async () => {
    const ready = vi.fn();
    void interfaceFontReady(null).then(ready);
    await vi.advanceTimersByTimeAsync(0);
    expect(ready).toHaveBeenCalled();
  });
});
