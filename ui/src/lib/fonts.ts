/** The interface font at Today's body size: public/fonts, declared in app.css. */
export const INTERFACE_FONT = '14px "Inter"';

/**
 * The longest the first screen waits for the interface font. It is a local file that
 * index.html starts fetching before the scripts, so it is normally ready first; should it
 * not be, the screen shows in the desktop's font and switches when Inter arrives.
 */
export const FONT_WAIT_AT_MOST = 500;

/**
 * Resolves once the interface font has loaded or failed, or after FONT_WAIT_AT_MOST ms.
 * Laid out before then, every size and weight would first be set in stand-in fonts that
 * WebKit looks up through fontconfig, a couple of milliseconds each, and then laid out again.
 */
export function interfaceFontReady(
  fonts: FontFaceSet | null = (document.fonts as FontFaceSet | undefined) ?? null,
): Promise<void> {
  if (!fonts) return Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const atMost = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, FONT_WAIT_AT_MOST);
  });
  const loaded = fonts.load(INTERFACE_FONT).then(
    () => undefined,
    () => undefined,
  );
  return Promise.race([loaded, atMost]).finally(() => clearTimeout(timer));
}
