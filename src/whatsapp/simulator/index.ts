import type { Db } from "../../db/open.ts";
import type { Clock } from "../../clock.ts";
import { jidForPhone } from "../../phone.ts";
import type { OutboundPayload } from "../driver.ts";
import type { InjectChangeInput, InjectInput, SimulatorControls, SimulatorTold } from "../driver.ts";
import type { DriverEvent, DriverSession, EmitEvent, WhatsAppDriver } from "../driver.ts";
import {
  InjectError,
  normalizeInjected,
  normalizeInjectedChange,
  normalizeVote,
  placeholderOf,
  randomId,
} from "./inject.ts";
import { newPairingCode, recordingChat, simulatedCall, simulatedTyping } from "./chat.ts";
import { isPaired, setPaired, ownPhone } from "./store.ts";
import { realTimers, type SimTimers } from "./timers.ts";

export type SimulatorOptions = {
  db: Db;
  clock: Clock;
  timers?: SimTimers;
  /** How often the pairing code rotates (WhatsApp: about 20 s). */
  qrRotateMs?: number;
  /** Unscanned codes before pairing stops with "QR expired". */
  qrMaxCodes?: number;
  /** When the recipient's phone acknowledges a send: delivered, then read (after the send). */
  deliveredAfterMs?: number;
  readAfterMs?: number;
  /** Pause before a dropped connection comes back. */
  reconnectAfterMs?: number;
  /** Pause before an undecryptable message arrives again, retried. */
  retryAfterMs?: number;
};

export type SentRecord = { to: string; payload: OutboundPayload; waId: string };
export type SimulatorDriver = WhatsAppDriver & { kind: "simulator"; controls: SimulatorControls };

type State = "idle" | "pending" | "connected" | "disconnected" | "error";

/** Numbers the fake network says are not on WhatsApp (so the "not on WhatsApp" path can be tried). */
export function simulatedNotOnWhatsApp(phone: string): boolean {
  return /0000$/.test(phone.replace(/@.*/, ""));
}

/**
 * A built-in fake phone network with the same interface as the Baileys driver: pairing codes that
 * rotate, a "scan" that pairs, sends that are recorded and acknowledged (sent → delivered → read),
 * inbound messages injected exactly as Baileys would normalise them, and drops, failures and
 * logouts on request. A scan may be made by a phone with another number, as anyone holding the
 * code could. Pairing survives a restart (kept in the settings table).
 */
export function createSimulatorDriver(opts: SimulatorOptions): SimulatorDriver {
  const timers = opts.timers ?? realTimers;
  const qrRotateMs = opts.qrRotateMs ?? 20_000;
  const qrMaxCodes = opts.qrMaxCodes ?? 5;
  const deliveredAfter = opts.deliveredAfterMs ?? 300;
  const readAfter = opts.readAfterMs ?? 1200;
  const reconnectAfter = opts.reconnectAfterMs ?? 1000;
  const retryAfter = opts.retryAfterMs ?? 1500;
  const sessions = new Map<number, SimSession>();
  const sentLog = new Map<number, SentRecord[]>();
  const toldLog = new Map<number, SimulatorTold[]>();

  type SimSession = DriverSession & {
    state: () => State;
    scan(asPhone: string | null): void;
    drop(): void;
    fail(reason: string): void;
    phoneLogout(): void;
    inject(input: InjectInput): string;
    injectChange(input: InjectChangeInput): void;
    arrive(events: DriverEvent[]): void;
    enterCode(code: string): void;
  };

  function createSession(channelId: number, emit: EmitEvent): SimSession {
    let state: State = "idle";
    let cancelQr: (() => void) | null = null;
    let cancelReconnect: (() => void) | null = null;
    const media = new Map<string, Uint8Array>();
    const told: SimulatorTold[] = [];
    toldLog.set(channelId, told);
    let pairingCode: { code: string; phone: string } | null = null;

    function stopTimers() {
      cancelQr?.();
      cancelQr = null;
      cancelReconnect?.();
      cancelReconnect = null;
    }
    function connect() {
      stopTimers();
      state = "connected";
      emit({ type: "connected", ownJid: jidForPhone(ownPhone(opts.db, channelId)) });
      emit({ type: "status", status: "connected", reason: "" });
    }
    function beginPairing() {
      stopTimers();
      setPaired(opts.db, channelId, false);
      state = "pending";
      let codes = 0;
      const rotate = () => {
        if (codes >= qrMaxCodes) {
          state = "disconnected";
          cancelQr = null;
          emit({ type: "status", status: "disconnected", reason: "QR expired: refresh to try again" });
          return;
        }
        codes += 1;
        emit({ type: "qr", qr: `SIM@${randomId("", 24)},${channelId},${codes}` });
        cancelQr = timers.after(qrRotateMs, rotate);
      };
      rotate();
    }
    function receipts(waId: string) {
      timers.after(0, () => emit({ type: "receipt", waId, status: "sent" }));
      timers.after(deliveredAfter, () => emit({ type: "receipt", waId, status: "delivered" }));
      timers.after(readAfter, () => emit({ type: "receipt", waId, status: "read" }));
    }

    const session: SimSession = {
      channelId,
      state: () => state,
      chat: recordingChat(told, () => state === "connected"),
      async requestPairingCode(phone) {
        if (state !== "pending")
          throw new Error("This number is not waiting to be linked: refresh the QR code first");
        pairingCode = { code: newPairingCode(), phone };
        return pairingCode.code;
      },
      enterCode(code) {
        const wanted = pairingCode;
        if (state !== "pending" || !wanted)
          throw new InjectError("No pairing code is waiting to be entered.");
        if (code.replace(/[\s-]/g, "").toUpperCase() !== wanted.code)
          throw new InjectError("That is not the code the channel page shows.");
        pairingCode = null;
        setPaired(opts.db, channelId, true, wanted.phone);
        connect();
      },
      arrive(events) {
        if (state !== "connected")
          throw new InjectError("The channel is not connected: scan its code first.");
        emit({ type: "activity" });
        for (const e of events) emit(e);
      },
      async start() {
        if (state === "connected" || state === "pending") return;
        if (isPaired(opts.db, channelId)) connect();
        else beginPairing();
      },
      async stop() {
        stopTimers();
        state = "idle";
      },
      async logout() {
        stopTimers();
        setPaired(opts.db, channelId, false);
        media.clear();
        state = "disconnected";
        emit({
          type: "status",
          status: "disconnected",
          reason: "Signed out: reconnect to pair the phone again.",
        });
      },
      async refreshQr() {
        beginPairing();
      },
      async send(to, payload) {
        if (state !== "connected") throw new Error("This channel is not connected to WhatsApp.");
        if (simulatedNotOnWhatsApp(to)) throw new Error("This number is not on WhatsApp");
        const waId = randomId("3EB0", 10);
        const log = sentLog.get(channelId) ?? [];
        log.push({ to, payload, waId });
        sentLog.set(channelId, log);
        emit({ type: "activity" });
        receipts(waId);
        return waId;
      },
      async isOnWhatsApp(phone) {
        if (state !== "connected") throw new Error("This channel is not connected to WhatsApp.");
        emit({ type: "activity" });
        return !simulatedNotOnWhatsApp(phone);
      },
      async fetchMedia(waId) {
        const bytes = media.get(waId);
        return bytes ? { download: async () => bytes } : null;
      },
      scan(asPhone) {
        if (state !== "pending") throw new Error("There is no code waiting to be scanned.");
        setPaired(opts.db, channelId, true, asPhone);
        connect();
      },
      drop() {
        if (state !== "connected") throw new Error("The channel is not connected.");
        state = "disconnected";
        emit({ type: "status", status: "disconnected", reason: "Connection lost: reconnecting…" });
        cancelReconnect = timers.after(reconnectAfter, () => {
          cancelReconnect = null;
          if (state === "disconnected" && isPaired(opts.db, channelId)) connect();
        });
      },
      fail(reason) {
        stopTimers();
        state = "error";
        emit({ type: "status", status: "error", reason });
      },
      phoneLogout() {
        stopTimers();
        setPaired(opts.db, channelId, false);
        state = "disconnected";
        emit({
          type: "status",
          status: "disconnected",
          reason: "The phone removed this linked device: reconnect to pair again.",
        });
      },
      inject(input) {
        if (state !== "connected") throw new Error("The channel is not connected: scan its code first.");
        const waId = input.waId ?? randomId("3A", 10);
        const injected = normalizeInjected(channelId, input, waId, Math.floor(opts.clock() / 1000) * 1000);
        const { message, media: source, bytes } = injected;
        for (const first of injected.before) emit({ type: "message", message: first, media: null });
        if (bytes) media.set(waId, bytes);
        emit({ type: "activity" });
        if (input.undecryptableFirst) {
          // As WhatsApp does: the copy that could not be decrypted first, the sender's retry after.
          emit({ type: "message", message: placeholderOf(message), media: null });
          timers.after(retryAfter, () => emit({ type: "message", message, media: source }));
        } else emit({ type: "message", message, media: source });
        return waId;
      },
      injectChange(input) {
        if (state !== "connected") throw new Error("The channel is not connected: scan its code first.");
        emit({ type: "activity" });
        emit({ type: "message-change", ...normalizeInjectedChange(input, opts.clock()) });
      },
    };
    sessions.set(channelId, session);
    return session;
  }

  function live(channelId: number): SimSession {
    const s = sessions.get(channelId);
    if (!s) throw new Error("This channel has no running session.");
    return s;
  }

  return {
    kind: "simulator",
    createSession,
    hasCredentials: (channelId) => isPaired(opts.db, channelId),
    forget(channelId) {
      setPaired(opts.db, channelId, false);
      sessions.delete(channelId);
      sentLog.delete(channelId);
      toldLog.delete(channelId);
    },
    controls: {
      async scan(channelId, asPhone) {
        live(channelId).scan(asPhone ?? null);
      },
      async inject(channelId, input) {
        return { waId: live(channelId).inject(input) };
      },
      async vote(channelId, input) {
        live(channelId).arrive([{ type: "poll-vote", vote: normalizeVote(input, opts.clock()) }]);
      },
      async injectChange(channelId, input) {
        live(channelId).injectChange(input);
      },
      async disconnect(channelId) {
        live(channelId).drop();
      },
      async fail(channelId, reason) {
        live(channelId).fail(reason);
      },
      async logoutFromPhone(channelId) {
        live(channelId).phoneLogout();
      },
      sent: (channelId) => [...(sentLog.get(channelId) ?? [])],
      async call(channelId, input) {
        live(channelId).arrive(simulatedCall(input, randomId("SIMCALL", 8), opts.clock()));
      },
      async typing(channelId, input) {
        live(channelId).arrive([simulatedTyping(input)]);
      },
      async enterCode(channelId, code) {
        live(channelId).enterCode(code);
      },
      told: (channelId) => [...(toldLog.get(channelId) ?? [])],
    },
  };
}
