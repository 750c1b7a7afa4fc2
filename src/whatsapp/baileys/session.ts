import {
  jidNormalizedUser,
  type BaileysEventMap,
  type WAMessageKey,
  type WAVersion,
  type proto,
} from "@whiskeysockets/baileys";
import type { Db } from "../../db/open.ts";
import type { Clock } from "../../clock.ts";
import type { Logger } from "../../log.ts";
import type { OutboundPayload } from "../driver.ts";
import type { ChannelStatus, DriverSession, EmitEvent, MediaSource, Recipient } from "../driver.ts";
import { hasRegisteredCreds, isPaired } from "./auth-store.ts";
import { loadRawMessage, pruneRawMessages, storeRawMessage } from "./cache-store.ts";
import { classifyClose, FAILURES_BEFORE_ERROR, QR_EXPIRED_REASON } from "./disconnect.ts";
import { createInbound, type Inbound } from "./inbound.ts";
import { mediaSource, type MediaContext, type MediaDownloader } from "./media.ts";
import { hasWhatsApp, NOT_CONNECTED, RecentIds, sendPayload } from "./send.ts";
import { IngestQueue } from "./ingest-queue.ts";
import { sendAddress } from "./send-address.ts";
import { restrictionEvent } from "./send-errors.ts";
import { ReconnectPolicy, type ReconnectBounds } from "./reconnect.ts";
import { createSessionAuth, type SessionAuth } from "./session-auth.ts";
import { settleWithin, type Timers } from "./timers.ts";
import type { TransferTimeouts } from "./transfer-timeouts.ts";
import {
  BUNDLED_WA_VERSION,
  baileysLogger,
  type BaileysLogger,
  type DriverSocket,
  type SocketFactory,
} from "./socket.ts";

export type SessionOptions = {
  db: Db;
  logger: Logger;
  clock: Clock;
  /** The WhatsApp Web version to announce, once the start-up check settled. */
  version: () => Promise<{ version: WAVersion }>;
  socketFactory: SocketFactory;
  timers: Timers;
  random: () => number;
  /** Unscanned QR codes shown before pairing stops with "QR expired". */
  maxQrRotations: number;
  download?: MediaDownloader;
  timeouts: TransferTimeouts;
  maxMediaBytes: number;
  /** Test seam (the emulator); WhatsApp's own server when unset. */
  waWebSocketUrl?: string | undefined;
  reconnect: ReconnectBounds;
};

const ACTIVITY_EVERY_MS = 5000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
const LOGOUT_TIMEOUT_MS = 10_000;

/**
 * One channel's Baileys connection: pairing, reconnects with back-off, event translation, sends.
 * Every socket callback is guarded, so a failure here never reaches another channel or the process.
 */
export class BaileysSession implements DriverSession {
  private sock: DriverSocket | null = null;
  /** One auth state and one set of caches for every socket of this session. */
  private readonly auth: SessionAuth;
  private readonly reconnect: ReconnectPolicy;
  private running = false;
  private open = false;
  private qrCount = 0;
  private waVersion: WAVersion | null = null;
  private cancelRetry: (() => void) | null = null;
  private cancelStable: (() => void) | null = null;
  private lastStatus = "";
  private lastActivity = -Infinity;
  private lastPrune = -Infinity;
  private readonly ownSends = new RecentIds(500);
  private readonly inbound: Inbound;
  private readonly log: BaileysLogger;
  /** What media downloads need of this session: its live socket, where a refreshed message goes. */
  private readonly media: MediaContext;
  private readonly queue: IngestQueue;

  constructor(
    readonly channelId: number,
    private readonly emitEvent: EmitEvent,
    private readonly o: SessionOptions,
  ) {
    this.log = o.logger.child({ channelId });
    this.queue = new IngestQueue(o.timers);
    this.auth = createSessionAuth(o.db, channelId, o.clock, this.log);
    this.reconnect = new ReconnectPolicy(o.reconnect, o.random);
    this.media = {
      socket: () => (this.open ? this.sock : null),
      logger: this.log,
      timeouts: o.timeouts,
      maxBytes: o.maxMediaBytes,
      refreshed: (msg) => storeRawMessage(o.db, channelId, msg, o.clock()),
      download: o.download,
    };
    this.inbound = createInbound({
      db: o.db,
      channelId,
      clock: o.clock,
      emit: (e) => this.emit(e),
      logger: this.log,
      socket: () => (this.open ? this.sock : null),
      ownJid: () => (this.sock?.user?.id ? jidNormalizedUser(this.sock.user.id) : null),
      ownLid: () => (this.sock?.user?.lid ? jidNormalizedUser(this.sock.user.lid) : null),
      isOwnSend: (id) => this.ownSends.has(id),
      media: (msg) => mediaSource(msg, this.media),
    });
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.lastStatus = "";
    this.reconnect.reset();
    this.qrCount = 0;
    if (!this.waVersion) {
      this.waVersion = (await this.o.version()).version;
      // Stopped, or started again and connected, while the version check ran.
      if (!this.running || this.sock) return;
    }
    this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.closeSocket();
    await this.queue.drain();
  }

  async logout(): Promise<void> {
    this.running = false;
    const sock = this.sock;
    // Best effort: a dead connection must not keep the person waiting, the keys go either way.
    if (sock && this.open) await settleWithin(sock.logout(), LOGOUT_TIMEOUT_MS, this.o.timers);
    await this.closeSocket();
    await this.queue.drain();
    this.auth.wipe();
    this.setStatus("disconnected", "Logged out: scan a new QR code to link this number again");
  }

  async refreshQr(): Promise<void> {
    this.running = false;
    await this.closeSocket();
    if (!hasRegisteredCreds(this.o.db, this.channelId)) this.auth.wipe();
    await this.start();
  }

  async send(to: Recipient, payload: OutboundPayload): Promise<string> {
    const sock = this.liveSocket();
    const sent = await sendPayload(
      sock,
      to,
      payload,
      (id) => this.ownSends.add(id),
      this.o.timeouts,
      (jid) => sendAddress(sock, this.o.db, this.channelId, jid),
    );
    if (sent.message) storeRawMessage(this.o.db, this.channelId, sent.message, this.o.clock());
    return sent.waId;
  }

  async isOnWhatsApp(phoneE164: string): Promise<boolean> {
    return hasWhatsApp(this.liveSocket(), phoneE164);
  }

  async fetchMedia(waId: string): Promise<MediaSource | null> {
    const msg = loadRawMessage(this.o.db, this.channelId, waId);
    return msg ? mediaSource(msg, this.media) : null;
  }

  /** WhatsApp asks for a message again when a recipient could not decrypt it. */
  private async getMessage(key: WAMessageKey): Promise<proto.IMessage | undefined> {
    return (key.id ? loadRawMessage(this.o.db, this.channelId, key.id)?.message : undefined) ?? undefined;
  }

  private liveSocket(): DriverSocket {
    if (!this.sock || !this.open) throw new Error(NOT_CONNECTED);
    return this.sock;
  }

  private emit(event: Parameters<EmitEvent>[0]): void {
    try {
      this.emitEvent(event);
    } catch (err) {
      this.log.warn({ event: event.type, reason: (err as Error)?.message }, "a driver event handler failed");
    }
  }

  /** Status changes only: the same status and reason twice in a row is said once. */
  private setStatus(status: ChannelStatus, reason: string): void {
    const key = `${status}\n${reason}`;
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    this.emit({ type: "status", status, reason });
  }

  private activity(): void {
    const now = this.o.clock();
    if (now - this.lastActivity < ACTIVITY_EVERY_MS) return;
    this.lastActivity = now;
    this.emit({ type: "activity" });
    if (now - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = now;
      pruneRawMessages(this.o.db, now);
    }
  }

  private async closeSocket(): Promise<void> {
    this.cancelRetry?.();
    this.cancelRetry = null;
    this.stopStableTimer();
    const sock = this.sock;
    this.sock = null;
    this.open = false;
    if (!sock) return;
    try {
      await sock.end(undefined);
    } catch {
      // Already closed: nothing to release.
    }
  }

  private connect(): void {
    this.cancelRetry = null;
    if (!this.running) return;
    let sock: DriverSocket;
    try {
      const auth = this.auth.current();
      // A paired channel keeps its status until it connects or fails; an unpaired one waits for its QR.
      if (this.lastStatus === "" && !isPaired(auth.state.creds))
        this.setStatus("pending", "Connecting to WhatsApp");
      sock = this.o.socketFactory({
        auth: auth.state,
        ...this.auth.caches,
        version: this.waVersion ?? BUNDLED_WA_VERSION,
        logger: baileysLogger(this.o.logger, this.channelId),
        getMessage: (key) => this.getMessage(key),
        cachedGroupMetadata: async (jid) => this.inbound.directory.cached(jid),
        ...(this.o.waWebSocketUrl ? { waWebSocketUrl: this.o.waWebSocketUrl } : {}),
      });
    } catch (err) {
      this.log.warn({ reason: (err as Error)?.message }, "could not open a WhatsApp connection");
      this.handleClose(err);
      return;
    }
    this.sock = sock;
    this.attach(sock);
  }

  /** Listens on a socket; events from a socket we have since replaced are ignored. */
  private attach(sock: DriverSocket): void {
    const on = <T extends keyof BaileysEventMap>(
      event: T,
      handler: (arg: BaileysEventMap[T]) => void | Promise<void>,
      queued = false,
    ) => {
      sock.ev.on(event, (arg) => {
        if (this.sock !== sock) return;
        const run = async () => {
          try {
            await handler(arg);
          } catch (err) {
            this.log.warn(
              { event, reason: (err as Error)?.message },
              "a WhatsApp event could not be handled",
            );
          }
        };
        if (queued) this.queue.push(run);
        else void run();
      });
    };
    on("connection.update", (u) => this.onConnectionUpdate(sock, u));
    // Not through `on`: a socket that was just replaced may still hand over creds (keys it rotated,
    // its account after pairing), and those belong to the same device. Ignored once wiped.
    const auth = this.auth.current();
    sock.ev.on("creds.update", (update) => {
      try {
        this.auth.saveCreds(auth, update);
      } catch (err) {
        this.log.warn({ reason: (err as Error)?.message }, "could not save WhatsApp creds");
      }
    });
    on(
      "messages.upsert",
      (e) => {
        this.activity();
        return this.inbound.upsert(e);
      },
      true,
    );
    on(
      "messaging-history.set",
      (e) => {
        this.activity();
        return this.inbound.history(e);
      },
      true,
    );
    on(
      "messages.update",
      (e) => {
        this.activity();
        return this.inbound.updates(e);
      },
      true,
    );
    on(
      "message-receipt.update",
      (e) => {
        this.activity();
        return this.inbound.receipts(e);
      },
      true,
    );
    on("lid-mapping.update", (e) => this.inbound.lidMapping(e), true);
    on("contacts.upsert", (e) => this.inbound.contacts(e), true);
    on("contacts.update", (e) => this.inbound.contacts(e), true);
    on("groups.update", (e) => this.inbound.groups(e), true);
    on("groups.upsert", (e) => this.inbound.groups(e), true);
  }

  private onConnectionUpdate(sock: DriverSocket, u: BaileysEventMap["connection.update"]): void {
    if (u.qr) this.onQr(u.qr);
    if (u.reachoutTimeLock) this.emit(restrictionEvent(u.reachoutTimeLock, this.o.clock()));
    if (u.receivedPendingNotifications) this.settled();
    if (u.connection === "open") {
      this.open = true;
      this.reconnect.opened();
      this.stopStableTimer();
      this.cancelStable = this.o.timers.set(() => this.settled(), this.reconnect.stableMs);
      this.qrCount = 0;
      // sock.user is creds.me: the account of the phone that scanned, checked against the channel's number.
      const ownJid = sock.user?.id ? jidNormalizedUser(sock.user.id) : "";
      this.emit({ type: "connected", ownJid });
      this.setStatus("connected", "");
      this.activity();
    } else if (u.connection === "close") {
      this.sock = null;
      this.open = false;
      this.stopStableTimer();
      this.handleClose(u.lastDisconnect?.error);
    }
  }

  /** The connection stayed up (offline queue delivered, or long enough): failures are forgiven. */
  private settled(): void {
    this.stopStableTimer();
    this.reconnect.settled();
  }

  private stopStableTimer(): void {
    this.cancelStable?.();
    this.cancelStable = null;
  }

  private onQr(qr: string): void {
    this.qrCount += 1;
    if (this.qrCount > this.o.maxQrRotations) {
      void this.expireQr();
      return;
    }
    this.emit({ type: "qr", qr });
    this.setStatus("pending", "Scan the QR code with WhatsApp on the phone (Linked devices)");
  }

  private async expireQr(): Promise<void> {
    this.running = false;
    await this.closeSocket();
    if (!hasRegisteredCreds(this.o.db, this.channelId)) this.auth.wipe();
    this.setStatus("disconnected", QR_EXPIRED_REASON);
  }

  private handleClose(error: unknown): void {
    if (!this.running) return;
    const paired = isPaired(this.auth.current().state.creds);
    const action = classifyClose(error, paired);
    switch (action.kind) {
      case "restart":
        if (this.reconnect.restart()) {
          this.log.info("WhatsApp asked for a restart; reconnecting");
          this.connect();
          return;
        }
        this.retry("WhatsApp keeps asking for a restart", false);
        return;
      case "logged-out":
        this.running = false;
        this.auth.wipe();
        this.log.warn({ reason: action.reason }, "WhatsApp logged this channel out; keys wiped");
        this.setStatus("disconnected", action.reason);
        return;
      case "fatal":
        this.running = false;
        this.log.warn({ reason: action.reason }, "WhatsApp refused this channel");
        this.setStatus("error", action.reason);
        return;
      case "qr-expired":
        void this.expireQr();
        return;
      case "retry":
        this.retry(action.reason, action.urgent);
        return;
    }
  }

  private retry(closeReason: string, urgent: boolean): void {
    const { attempt, delay, reason } = this.reconnect.failed(closeReason);
    this.log.warn({ attempt, retryInMs: delay, reason }, "WhatsApp connection closed; retrying");
    if (urgent || attempt >= FAILURES_BEFORE_ERROR) this.setStatus("error", reason);
    else if (attempt === 1) this.setStatus("disconnected", "Connection to WhatsApp lost: reconnecting");
    this.cancelRetry?.();
    this.cancelRetry = this.o.timers.set(() => this.connect(), delay);
  }
}
