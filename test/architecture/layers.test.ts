import { describe, expect, test } from "bun:test";
import { layerViolations, sourceFiles } from "./layers.ts";

describe("layers", () => {
  test("no file imports a layer above its own", () => {
    const files = sourceFiles("src").map((path) => ({ path }));
    expect(layerViolations(files)).toEqual([]);
  });

  test("the check catches the driver importing the messaging core", () => {
    const file = {
      path: "src/whatsapp/driver.ts",
      text: 'import type { MessageRow } from "../messaging/types.ts";',
    };
    expect(layerViolations([file])).toEqual([
      { file: "src/whatsapp/driver.ts", imports: "src/messaging/types.ts", from: "driver", to: "core" },
    ]);
  });

  test("the check catches the core importing a feature, type-only imports included", () => {
    const file = { path: "src/messaging/outbox.ts", text: 'import type { X } from "../inbox/routes.tsx";' };
    expect(layerViolations([file]).map((v) => v.to)).toEqual(["features"]);
  });
});
