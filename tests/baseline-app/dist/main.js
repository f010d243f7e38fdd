// The same signal as Waymark's UI: once the page's first frame with content has painted
// (a task queued from the frame callback runs after that frame).
requestAnimationFrame(() =>
  setTimeout(() => window.__TAURI__.core.invoke("first_screen_shown")),
);
