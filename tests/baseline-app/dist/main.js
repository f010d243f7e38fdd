// The same signal as Waymark's UI: two frames after the page has content.
requestAnimationFrame(() =>
  requestAnimationFrame(() => window.__TAURI__.core.invoke("first_screen_shown")),
);
