import type { Db } from "../db/open.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";
import type { DriverWithControls } from "../channels/sessions.ts";
import type { DriverSession, WhatsAppDriver } from "./driver.ts";
import { createSimulatorDriver, type SimulatorOptions } from "./simulator/index.ts";

export type DriverDeps = { db: Db; logger: Logger; clock: Clock; config: Config; maxMediaBytes: number };

type BaileysModule = { createBaileysDriver(deps: DriverDeps): WhatsAppDriver };

/**
 * The driver the configuration asks for: the simulator in demo mode or with
 * PAIRBOX_WHATSAPP_DRIVER=simulator, else Baileys (real WhatsApp).
 */
export async function selectDriver(deps: DriverDeps, simulator: Partial<SimulatorOptions> = {}): Promise<DriverWithControls> {
  if (deps.config.demo || deps.config.whatsappDriver === "simulator") return createSimulatorDriver({ db: deps.db, clock: deps.clock, ...simulator });
  try {
    const mod = (await import(BAILEYS_MODULE)) as BaileysModule;
    return mod.createBaileysDriver(deps);
  } catch (err) {
    deps.logger.error({ err }, "the Baileys driver could not be loaded: channels will show an error");
    return unavailableDriver(`The WhatsApp driver could not be loaded: ${(err as Error).message}`);
  }
}

// Loaded by path so the engine builds while the Baileys driver is being written; see README "WhatsApp engine".
const BAILEYS_MODULE = "./baileys/index.ts";

/** A driver that cannot do anything: each channel shows the reason as its error instead of crashing. */
function unavailableDriver(reason: string): WhatsAppDriver {
  return {
    kind: "baileys",
    hasCredentials: () => false,
    forget: () => {},
    createSession(channelId, emit): DriverSession {
      const refuse = async (): Promise<never> => {
        throw new Error(reason);
      };
      return {
        channelId,
        async start() {
          emit({ type: "status", status: "error", reason });
        },
        async stop() {},
        async logout() {},
        async refreshQr() {
          emit({ type: "status", status: "error", reason });
        },
        send: refuse,
        isOnWhatsApp: refuse,
        async fetchMedia() {
          return null;
        },
      };
    },
  };
}
