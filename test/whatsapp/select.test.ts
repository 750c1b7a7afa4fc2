import { expect, test } from "bun:test";
import { migrate } from "../../src/db/migrate.ts";
import { openDatabase } from "../../src/db/open.ts";
import { testConfig } from "../../src/config.ts";
import { silentLogger } from "../../src/log.ts";
import { selectDriver } from "../../src/whatsapp/select.ts";

function deps(over: Parameters<typeof testConfig>[0]) {
  const db = openDatabase(":memory:");
  migrate(db);
  return { db, logger: silentLogger, clock: () => 0, config: testConfig(over), maxMediaBytes: 1000 };
}

test("demo mode and PAIRBOX_WHATSAPP_DRIVER=simulator run the simulator; the default is Baileys", () => {
  expect(selectDriver(deps({ demo: true, whatsappDriver: "baileys" })).kind).toBe("simulator");
  expect(selectDriver(deps({ whatsappDriver: "simulator" })).kind).toBe("simulator");
  const real = selectDriver(deps({ whatsappDriver: "baileys" }));
  expect(real.kind).toBe("baileys");
  expect("controls" in real).toBe(false);
});
