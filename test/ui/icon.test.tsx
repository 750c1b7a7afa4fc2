import { describe, expect, test } from "bun:test";
import { Icon } from "../../src/ui/icons/icon.tsx";
import { ICON_SHAPES } from "../../src/ui/icons/set.ts";

describe("Icon", () => {
  test("a labelled icon is announced; an unlabelled one is hidden beside its words", async () => {
    const labelled = String(await (<Icon name="group" label="Group" />));
    expect(labelled).toMatch(/^<svg class="icon"[^>]* role="img" aria-label="Group">/);
    expect(labelled).not.toContain("aria-hidden");
    const decorative = String(await (<Icon name="attach" />));
    expect(decorative).toMatch(/^<svg class="icon"[^>]* aria-hidden="true">/);
    expect(decorative).not.toContain("aria-label");
  });

  test("every icon is drawn from its bundled shapes, with no outer svg or licence comment left inside", () => {
    for (const [name, shapes] of Object.entries(ICON_SHAPES)) {
      expect(shapes.length, name).toBeGreaterThan(10);
      expect(shapes, name).not.toContain("<svg");
      expect(shapes, name).not.toContain("<!--");
    }
  });
});
