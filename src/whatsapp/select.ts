import type { Db } from "../db/open.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";
import type { DriverWithControls } from "./driver.ts";
import { createSimulatorDriver, type SimulatorOptions } from "./simulator/index.ts";

export type DriverDeps = { db: Db; logger: Logger; clock: Clock; config: Config; maxMediaBytes: number };

/**
 * The driver the configuration asks for: the simulator in demo mode or with
 * PAIRBOX_WHATSAPP_DRIVER=simulator, else Baileys (real WhatsApp, the default). The simulator's
 * code rotation follows PAIRBOX_SIM_QR_ROTATE_MS, so a browser test can watch a rotation happen.
 */
export async function selectDriver(
  deps: DriverDeps,
  simulator: Partial<SimulatorOptions> = {},
): Promise<DriverWithControls> {
  if (deps.config.demo || deps.config.whatsappDriver === "simulator") {
    return createSimulatorDriver({
      db: deps.db,
      clock: deps.clock,
      qrRotateMs: deps.config.simQrRotateMs,
      ...simulator,
    });
  }
  // Loaded only when used: Baileys is most of the binary's start-up time and memory, which demo mode never needs.
  const { createBaileysDriver } = await import("./baileys/index.ts");
  return createBaileysDriver(deps);
}
