import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";

/* axe-core (pinned) run in a browser test's page: the accessibility check of every main page. */

const AXE = readFileSync(join(import.meta.dir, "../../node_modules/axe-core/axe.min.js"), "utf8");

type Violation = {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[]; any: { message: string }[] }[];
};

/** axe-core's serious and critical findings on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the browser's debugging protocol, which the page's CSP does not govern.
  await page.evaluate(AXE);
  const violations = await page.evaluate(
    async () =>
      (
        await (
          window as unknown as {
            axe: { run(ctx: Document, o: unknown): Promise<{ violations: Violation[] }> };
          }
        ).axe.run(document, { resultTypes: ["violations"] })
      ).violations,
  );
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id}: ${v.nodes.map((n) => `${n.target.join(" ")} ${n.any[0]?.message ?? v.help}`).join("; ")}`,
    );
}
