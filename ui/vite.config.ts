import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";

// Tauri loads the built files from ui/dist; nothing is fetched at run time.
export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    target: "safari15",
    outDir: "dist",
    emptyOutDir: true,
    // One CSS file and no inline module-preload polyfill, so the strict CSP holds. Each
    // `import()` (the screens other than Today, see App.svelte) becomes a chunk of its own;
    // their styles stay in the one file, so no screen shows unstyled while its chunk arrives.
    cssCodeSplit: false,
    modulePreload: { polyfill: false },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
    setupFiles: ["src/test-setup.ts"],
    // A worker per core. The default is one fewer, leaving a core to vitest's own process,
    // which does little here: on two cores the files ran one at a time (80 s against 50 s).
    maxWorkers: "100%",
  },
});
