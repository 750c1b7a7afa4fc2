import makeWASocket, {
  type AuthenticationState,
  type GroupMetadata,
  type CacheStore,
  type BaileysEventMap,
  type WAMessage,
  type WAMessageKey,
  type WASocket,
  type WAVersion,
  type proto,
} from "@whiskeysockets/baileys";
import type { Logger } from "../../log.ts";
import { isIgnoredChat } from "./translate.ts";

/**
 * The seam between the driver and Baileys: the few socket members the driver uses. Production builds
 * a real socket; tests pass a fake with an event emitter and the same methods.
 */

export type BaileysLogger = Logger;

/** The WhatsApp Web version Baileys 7.0.0-rc14 ships with. Pinned: never fetched at start-up. */
export const BUNDLED_WA_VERSION: WAVersion = [2, 3000, 1043857760];

/** "2.3000.1023223821" (PAIRBOX_WA_VERSION) → [2, 3000, 1023223821]; the bundled version when unset. */
export function parseWaVersion(text: string): WAVersion {
  const parts = text.split(".").map(Number);
  if (parts.length !== 3 || parts.some((n) => !Number.isSafeInteger(n) || n < 0)) return BUNDLED_WA_VERSION;
  return parts as WAVersion;
}

export type SocketEvents = {
  on<T extends keyof BaileysEventMap>(event: T, listener: (arg: BaileysEventMap[T]) => void): void;
  removeAllListeners<T extends keyof BaileysEventMap>(event: T): void;
};

export type DriverSocket = {
  ev: SocketEvents;
  user?: { id: string; lid?: string } | undefined;
  sendMessage: WASocket["sendMessage"];
  logout(msg?: string): Promise<void>;
  end(error: Error | undefined): unknown;
  onWhatsApp: WASocket["onWhatsApp"];
  updateMediaMessage: WASocket["updateMediaMessage"];
  /** The media hosts of this connection (Baileys asks once per TTL; expired media's new path is on them). */
  refreshMediaConn(forceGet?: boolean): Promise<{ hosts: { hostname: string }[] }>;
  groupMetadata(jid: string): Promise<{
    subject: string;
    size?: number;
    addressingMode?: string;
    participants?: GroupParticipantInfo[];
  }>;
  /** Read receipts, typing, presence subscriptions, call rejection, pairing by code (Baileys' own). */
  readMessages: WASocket["readMessages"];
  sendPresenceUpdate: WASocket["sendPresenceUpdate"];
  presenceSubscribe: WASocket["presenceSubscribe"];
  rejectCall: WASocket["rejectCall"];
  requestPairingCode: WASocket["requestPairingCode"];
  /** Raw stanzas ("CB:notification,type:…"), for what Baileys acks and drops without an event. */
  ws: { on(event: string, listener: (node: { attrs: Record<string, string> }) => void): unknown };
  signalRepository?: {
    lidMapping?: {
      getPNForLID(lid: string): Promise<string | null>;
      getLIDForPN?(pn: string): Promise<string | null>;
    };
  };
};

/** A group member as Baileys describes one: its JID, and the other address when WhatsApp gives it. */
export type GroupParticipantInfo = {
  id: string;
  phoneNumber?: string | undefined;
  lid?: string | undefined;
  admin?: string | null | undefined;
};

export type SocketOptions = {
  auth: AuthenticationState;
  version: WAVersion;
  logger: BaileysLogger;
  getMessage(key: WAMessageKey): Promise<proto.IMessage | undefined>;
  /** A group's members as we stored them; undefined makes Baileys ask WhatsApp. */
  cachedGroupMetadata(jid: string): Promise<GroupMetadata | undefined>;
  /** Shared by the session's sockets: retry counts and device lists survive a reconnect. */
  msgRetryCounterCache: CacheStore;
  userDevicesCache: CacheStore;
  /** Test seam: the WhatsApp Web server to connect to (the emulator in tests); WhatsApp's own when unset. */
  waWebSocketUrl?: string;
  /**
   * Takes a decrypted message before Baileys sends its delivery receipt (our patch of Baileys);
   * resolves once it is handed over for storing, with `stored`, which settles once it is committed.
   * WhatsApp delivers a message again only while it has no receipt for it.
   */
  handOver(msg: WAMessage): Promise<{ stored: Promise<void> }>;
  /** Holds the auth store's key writes from now on until `stored` settled (auth-store.ts). */
  holdKeyWrites(stored: Promise<void>): Promise<void>;
};

export type SocketFactory = (options: SocketOptions) => DriverSocket;

export const realSocketFactory: SocketFactory = (o) =>
  makeWASocket({
    auth: o.auth,
    version: o.version,
    logger: o.logger,
    getMessage: o.getMessage,
    // The receipt waits for the commit, and the Signal state this decryption moved on (written by
    // Baileys right after the hand-over) is held until then too: a crash before the commit leaves
    // the message undelivered and still decryptable, so WhatsApp's redelivery stores it.
    handOver: async (msg) => {
      const { stored } = await o.handOver(msg as WAMessage);
      return { stored: o.holdKeyWrites(stored) };
    },
    // Without it every group send first asks WhatsApp for the group's members (one more round trip,
    // and a send that fails whenever that query does); ours are kept from the last time we asked.
    cachedGroupMetadata: o.cachedGroupMetadata,
    // Said explicitly: a linked device gets the phone's recent history, not its full archive. A
    // full sync can be years of chats and media, and Pairbox imports history only as context.
    syncFullHistory: false,
    msgRetryCounterCache: o.msgRetryCounterCache,
    userDevicesCache: o.userDevicesCache,
    // Acked and dropped before decryption: stories and channels are not conversations, and
    // decrypting every contact's stories costs a Signal session and a receipt each.
    shouldIgnoreJid: (jid) => !!jid && isIgnoredChat(jid),
    // Only when set: an undefined value would replace Baileys' default URL rather than keep it.
    ...(o.waWebSocketUrl ? { waWebSocketUrl: o.waWebSocketUrl } : {}),
    // The phone keeps its notifications: Pairbox is a shared inbox, not the person's own client.
    markOnlineOnConnect: false,
    // No link previews: they would fetch arbitrary URLs from the server for every text sent.
    generateHighQualityLinkPreview: false,
  });

/**
 * Baileys' own logger. It logs errors with their stack, once per retry: keep it quiet unless the
 * operator asked for debug logs; the driver logs one plain line per event that matters.
 */
export function baileysLogger(logger: Logger, channelId: number): BaileysLogger {
  const verbose = logger.level === "debug" || logger.level === "trace";
  return logger.child({ channelId, component: "baileys" }, { level: verbose ? logger.level : "silent" });
}
