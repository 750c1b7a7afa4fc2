/**
 * Preloaded into a child process by the start-up cost tests: reports on standard error which of
 * Pairbox's own modules were loaded and every argon2 hash computed, so a test can see what a
 * command paid for without timing it.
 */
import { plugin } from "bun";

const loaded = new Set<string>();
let hashes = 0;
const hash = Bun.password.hash.bind(Bun.password);
Bun.password.hash = ((...args: Parameters<typeof hash>) => {
  hashes += 1;
  return hash(...args);
}) as typeof hash;

plugin({
  name: "startup-probe",
  setup(build) {
    build.onLoad({ filter: /\/src\/.*\.tsx?$/ }, async (args) => {
      loaded.add(args.path.replace(/^.*\/src\//, "src/"));
      return {
        contents: await Bun.file(args.path).text(),
        loader: args.path.endsWith(".tsx") ? "tsx" : "ts",
      };
    });
  },
});

process.on("exit", () => {
  process.stderr.write(`\nPROBE ${JSON.stringify({ loaded: [...loaded].sort(), hashes })}\n`);
});
