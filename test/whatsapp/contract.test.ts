import type { DriverSession } from "../../src/whatsapp/driver.ts";
import { driverContract, type DriverHarness } from "./contract.ts";
import { simulatorFixture } from "./fixtures.ts";

driverContract("simulator", async (): Promise<DriverHarness> => {
  const f = simulatorFixture();
  return {
    driver: f.driver,
    channelId: f.channelId,
    ownPhone: "+14155550100",
    events: f.events,
    session: () => f.session(),
    advance: async (ms) => f.advance(ms),
    pair: (_s: DriverSession) => f.driver.controls.scan(f.channelId),
    receiveText: async (input) => {
      await f.driver.controls.inject(f.channelId, input);
    },
    receiveReaction: async ({ targetWaId, emoji, ...from }) => {
      await f.driver.controls.injectChange(f.channelId, {
        ...from,
        targetWaId,
        change: "reaction",
        value: emoji,
      });
    },
    // The simulated recipient acknowledges by itself, a moment after the send.
    acknowledge: async () => f.advance(2_000),
    dropConnection: () => f.driver.controls.disconnect(f.channelId),
    close: () => f.db.close(),
  };
});
