// The UI reaches Rust through src/lib/api.ts only: one place where every command is
// typed and its errors become AppError. Any other @tauri-apps import fails the check.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = new URL("../src", import.meta.url).pathname;
const ALLOWED = "lib/api.ts";
const TAURI_IMPORT = /(?:from\s+|import\s*\(\s*|import\s+)["']@tauri-apps\//;

function* sources(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (/\.(ts|js|svelte)$/.test(entry.name)) yield path;
  }
}

const offenders = [...sources(ROOT)]
  .map((path) => relative(ROOT, path))
  .filter((path) => path !== ALLOWED && TAURI_IMPORT.test(readFileSync(join(ROOT, path), "utf8")));

if (offenders.length > 0) {
  console.error(`@tauri-apps is imported outside src/${ALLOWED}; call the command through api.ts instead:`);
  for (const path of offenders) console.error(`  src/${path}`);
  process.exit(1);
}
