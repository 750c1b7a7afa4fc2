import { jidNormalizedUser, type BaileysEventMap, type WAVersion } from "@whiskeysockets/baileys";
import type { OutboundPayload } from "../driver.ts";
import type { ChannelStatus, DriverSession, EmitEvent, MediaSource, Recipient } from "../driver.ts";
import { hasRegisteredCreds, isPaired } from "./auth-store.ts";
import { loadRawMessage, messageForRetry, storeRawMessage } from "./cache-store.ts";
import { rememberPollKey } from "./polls.ts";
import { classifyClose, FAILURES_BEFORE_ERROR, QR_EXPIRED_REASON } from "./disconnect.ts";
import type { Inbound } from "./inbound.ts";
import { mediaSource, type MediaContext } from "./media.ts";
import { hasWhatsApp, NOT_CONNECTED, NOT_PAIRING, RecentIds, sendPayload } from "./send.ts";
import { IngestQueue } from "./ingest-queue.ts";
import { sendAddress } from "./send-address.ts";
import { restrictionEvent } from "./send-errors.ts";
import { ReconnectPolicy } from "./reconnect.ts";
import { createSessionAuth, type SessionAuth } from "./session-auth.ts";
import { LOGOUT_TIMEOUT_MS, type SessionOptions } from "./session-options.ts";
import { listenToSocket, storeBeforeReceipt } from "./socket-events.ts";
import { chatActions, guardedEmit } from "./session-chat.ts";
import { activityTicker, createSessionInbound } from "./session-inbound.ts";
import { settleWithin } from "./timers.ts";
import { BUNDLED_WA_VERSION, baileysLogger, type BaileysLogger, type DriverSocket } from "./socket.ts";

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
  /** Says the channel is alive (throttled) and prunes old raw messages now and then. */
  private readonly activity: () => void;
  private readonly ownSends = new RecentIds(500);
  private readonly inbound: Inbound;
  private readonly log: BaileysLogger;
  /** What media downloads need of this session: its live socket, where a refreshed message goes. */
  private readonly media: MediaContext;
  private readonly queue: IngestQueue;
  readonly chat = chatActions(() => this.liveSocket());
  private readonly emit: EmitEvent;

  constructor(
    readonly channelId: number,
    emitEvent: EmitEvent,
    private readonly o: SessionOptions,
  ) {
    this.log = o.logger.child({ channelId });
    this.emit = guardedEmit(emitEvent, this.log);
    this.activity = activityTicker(o.db, o.clock, () => this.emit({ type: "activity" }));
    this.queue = new IngestQueue(o.timers);
    this.auth = createSessionAuth(o.db, channelId, o.clock, this.log);
    this.reconnect = new ReconnectPolicy(o.reconnect, o.random);
    const parts = createSessionInbound(channelId, o, {
      openSocket: () => (this.open ? this.sock : null),
      socket: () => this.sock,
      emit: (e) => this.emit(e),
      log: this.log,
      isOwnSend: (id) => this.ownSends.has(id),
    });
    this.inbound = parts.inbound;
    this.media = parts.media;
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
    const own = (id: string) => this.ownSends.add(id);
    const address = (jid: string) => sendAddress(sock, this.o.db, this.channelId, jid);
    const sent = await sendPayload(sock, to, payload, own, this.o.timeouts, address);
    if (sent.message) storeRawMessage(this.o.db, this.channelId, sent.message, this.o.clock());
    if (sent.message) rememberPollKey(this.o.db, this.channelId, sent.message, sock.user?.id, this.o.clock());
    return sent.waId;
  }

  async isOnWhatsApp(phoneE164: string): Promise<boolean> {
    return hasWhatsApp(this.liveSocket(), phoneE164);
  }

  async fetchMedia(waId: string): Promise<MediaSource | null> {
    const msg = loadRawMessage(this.o.db, this.channelId, waId);
    return msg ? mediaSource(msg, this.media) : null;
  }

  /** Pairing by phone number: only while pairing, on the socket that shows the QR codes. */
  async requestPairingCode(phoneE164: string): Promise<string> {
    if (!this.sock || this.open || isPaired(this.auth.current().state.creds)) throw new Error(NOT_PAIRING);
    return this.sock.requestPairingCode(phoneE164.replace(/^\+/, ""));
  }

  private liveSocket(): DriverSocket {
    if (!this.sock || !this.open) throw new Error(NOT_CONNECTED);
    return this.sock;
  }

  /** Status changes only: the same status and reason twice in a row is said once. */
  private setStatus(status: ChannelStatus, reason: string): void {
    const key = `${status}\n${reason}`;
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    this.emit({ type: "status", status, reason });
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
        getMessage: async (key) => messageForRetry(this.o.db, this.channelId, key),
        handOver: storeBeforeReceipt({
          queue: this.queue,
          inbound: this.inbound,
          log: this.log,
          activity: () => this.activity(),
        }),
        holdKeyWrites: (stored) => auth.holdKeyWrites(stored),
        cachedGroupMetadata: async (jid) => this.inbound.directory.cached(jid),
        ...(this.o.waWebSocketUrl ? { waWebSocketUrl: this.o.waWebSocketUrl } : {}),
      });
    } catch (err) {
      this.log.warn({ reason: (err as Error)?.message }, "could not open a WhatsApp connection");
      this.handleClose(err);
      return;
    }
    this.sock = sock;
    listenToSocket(sock, {
      isCurrent: (s) => this.sock === s,
      queue: this.queue,
      inbound: this.inbound,
      auth: this.auth,
      log: this.log,
      activity: () => this.activity(),
      onConnectionUpdate: (s, u) => this.onConnectionUpdate(s, u),
      emit: this.emit,
      now: this.o.clock,
    });
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
