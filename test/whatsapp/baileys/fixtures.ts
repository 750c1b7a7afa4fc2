import { EventEmitter } from "node:events";
import {
  proto,
  type AnyMessageContent,
  type BaileysEventMap,
  type MiscMessageGenerationOptions,
  type WAMessage,
  type WAMessageKey,
} from "@whiskeysockets/baileys";
import { testConfig } from "../../../src/config.ts";
import { migrate } from "../../../src/db/migrate.ts";
import { openDatabase, type Db } from "../../../src/db/open.ts";
import { silentLogger } from "../../../src/log.ts";
import type { DriverEvent, DriverSession } from "../../../src/whatsapp/driver.ts";
import { createBaileysDriver, type BaileysDriverOptions } from "../../../src/whatsapp/baileys/index.ts";
import type { DriverSocket, SocketOptions } from "../../../src/whatsapp/baileys/socket.ts";

export const OWN_JID = "14155550100:7@s.whatsapp.net";

/** What a phone's pair-success leaves in the creds (Utils/validate-connection.js): the signed account. */
export const SIGNED_ACCOUNT = proto.ADVSignedDeviceIdentity.fromObject({
  details: new Uint8Array([1]),
  accountSignatureKey: new Uint8Array(32),
  accountSignature: new Uint8Array(64),
  deviceSignature: new Uint8Array(64),
});

/** A stand-in for a Baileys socket: its events are fed by the test, its methods record calls. */
export class FakeSocket implements DriverSocket {
  private readonly emitter = new EventEmitter();
  readonly ev = {
    on: <T extends keyof BaileysEventMap>(event: T, listener: (arg: BaileysEventMap[T]) => void) =>
      void this.emitter.on(event, listener),
    removeAllListeners: <T extends keyof BaileysEventMap>(event: T) =>
      void this.emitter.removeAllListeners(event),
  };
  user: { id: string; lid?: string } | undefined = undefined;
  sent: { jid: string; content: AnyMessageContent; options?: MiscMessageGenerationOptions }[] = [];
  ended = 0;
  loggedOut = 0;
  sendError: Error | null = null;
  groups = new Map<string, { subject: string; size?: number }>();
  groupQueries: string[] = [];
  lidToPn = new Map<string, string>();
  onWhatsAppResult: { jid: string; exists: boolean }[] = [];
  signalRepository = { lidMapping: { getPNForLID: async (lid: string) => this.lidToPn.get(lid) ?? null } };

  constructor(readonly options: SocketOptions) {}

  emit<T extends keyof BaileysEventMap>(event: T, arg: BaileysEventMap[T]): void {
    this.emitter.emit(event, arg);
  }

  open(jid = OWN_JID, lid?: string): void {
    this.user = { id: jid, ...(lid ? { lid } : {}) };
    this.emit("connection.update", { connection: "open" });
  }

  close(error: unknown): void {
    this.emit("connection.update", {
      connection: "close",
      lastDisconnect: { error: error as Error, date: new Date(0) },
    });
  }

  sendMessage = async (
    jid: string,
    content: AnyMessageContent,
    options?: MiscMessageGenerationOptions,
  ): Promise<WAMessage | undefined> => {
    if (this.sendError) throw this.sendError;
    this.sent.push({ jid, content, options });
    const id = options?.messageId ?? `SENT${this.sent.length}`;
    const msg = proto.WebMessageInfo.fromObject({
      key: { remoteJid: jid, fromMe: true, id },
      message:
        "text" in content ? { conversation: content.text } : { extendedTextMessage: { text: "[media]" } },
      messageTimestamp: 1_700_000_000,
    }) as WAMessage;
    // Baileys echoes our own send as an upsert before sendMessage resolves.
    this.emit("messages.upsert", { messages: [msg], type: "append" });
    return msg;
  };
  logout = async () => {
    this.loggedOut += 1;
  };
  end = (_error: Error | undefined) => {
    this.ended += 1;
  };
  onWhatsApp = async (..._numbers: string[]) => this.onWhatsAppResult;
  updateMediaMessage = async (m: WAMessage) => m;
  refreshMediaConn = async () => ({ hosts: [{ hostname: "mmg.whatsapp.net" }] });
  /** What the session asked of WhatsApp beyond messages: receipts, typing, calls, pairing codes. */
  chatCalls: { name: string; args: unknown[] }[] = [];
  private readonly raw = new EventEmitter();
  ws = {
    on: (event: string, listener: (node: { attrs: Record<string, string> }) => void) =>
      this.raw.on(event, listener),
  };
  /** A raw stanza as Baileys' websocket hands it to "CB:" listeners. */
  rawNode(event: string, node: { attrs: Record<string, string> }): void {
    this.raw.emit(event, node);
  }
  private record =
    (name: string) =>
    async (...args: unknown[]) => {
      this.chatCalls.push({ name, args });
    };
  readMessages = this.record("readMessages");
  sendPresenceUpdate = this.record("sendPresenceUpdate");
  presenceSubscribe = this.record("presenceSubscribe");
  rejectCall = this.record("rejectCall");
  requestPairingCode = async (phone: string) => {
    this.chatCalls.push({ name: "requestPairingCode", args: [phone] });
    return "ABCD1234";
  };
  groupMetadata = async (jid: string) => {
    this.groupQueries.push(jid);
    const g = this.groups.get(jid);
    if (!g) throw new Error("item-not-found");
    return { subject: g.subject, size: g.size, participants: [] };
  };
}

/** Timers the test fires by hand: back-off without waiting. */
export class StepTimers {
  pending: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  set = (fn: () => void, ms: number) => {
    const t = { fn, ms, cancelled: false };
    this.pending.push(t);
    return () => {
      t.cancelled = true;
    };
  };
  live() {
    return this.pending.filter((t) => !t.cancelled);
  }
  /** Fires the first live timer set for `ms`. */
  fire(ms: number): void {
    const t = this.live().find((x) => x.ms === ms);
    if (!t) throw new Error(`no timer pending for ${ms} ms`);
    t.cancelled = true;
    t.fn();
  }
  /** Fires the earliest live timer; returns its delay. */
  fireNext(): number {
    const t = this.live()[0];
    if (!t) throw new Error("no timer pending");
    t.cancelled = true;
    t.fn();
    return t.ms;
  }
}

/** Lets queued event handlers (promise chains) run to the end. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

export function makeChannelRow(db: Db, phone = "+14155550100"): number {
  return Number(
    db
      .query("INSERT INTO channels (phone_e164, name, created_at, updated_at) VALUES (?, 'Line', 0, 0)")
      .run(phone).lastInsertRowid,
  );
}

export function makeDriverFixture(options: BaileysDriverOptions = {}, db: Db = freshDb()) {
  const sockets: FakeSocket[] = [];
  const timers = new StepTimers();
  let now = Date.UTC(2026, 0, 15, 9, 0, 0);
  const driver = createBaileysDriver(
    { db, logger: silentLogger, clock: () => now, config: testConfig(), maxMediaBytes: 100 * 1024 * 1024 },
    {
      socketFactory: (o) => {
        const s = new FakeSocket(o);
        sockets.push(s);
        return s;
      },
      timers,
      random: () => 0.5,
      ...options,
    },
  );
  const channelId =
    db.query<{ id: number }, []>("SELECT id FROM channels ORDER BY id LIMIT 1").get()?.id ??
    makeChannelRow(db);
  const events: DriverEvent[] = [];
  const session: DriverSession = driver.createSession(channelId, (e) => void events.push(e));
  return {
    db,
    driver,
    session,
    channelId,
    events,
    timers,
    sockets,
    get sock(): FakeSocket {
      return sockets[sockets.length - 1]!;
    },
    advance(ms: number) {
      now += ms;
    },
    of<T extends DriverEvent["type"]>(type: T): Extract<DriverEvent, { type: T }>[] {
      return events.filter((e): e is Extract<DriverEvent, { type: T }> => e.type === type);
    },
    statuses(): string[] {
      return this.of("status").map((e) => `${e.status}: ${e.reason}`);
    },
  };
}

export function freshDb(): Db {
  const db = openDatabase(":memory:");
  migrate(db);
  return db;
}

/** A Boom-like close error as Baileys gives it. */
export function closeError(statusCode: number | undefined, message = "Connection Failure"): Error {
  return Object.assign(new Error(message), { output: { statusCode } });
}

let seq = 0;
/**
 * A received message in the proto shape Baileys emits. Key fields Baileys adds beyond the proto
 * (remoteJidAlt, participantAlt) are set after fromObject, as Baileys does.
 */
export function waMessage(
  content: proto.IMessage,
  over: {
    key?: Partial<WAMessageKey>;
    pushName?: string;
    messageTimestamp?: number;
    messageStubType?: number;
  } = {},
): WAMessage {
  seq += 1;
  const { remoteJidAlt, participantAlt, ...protoKey } = over.key ?? {};
  const msg = proto.WebMessageInfo.fromObject({
    key: {
      remoteJid: "447700900123@s.whatsapp.net",
      fromMe: false,
      id: `3EB0${seq.toString().padStart(6, "0")}`,
      ...protoKey,
    },
    message: content,
    messageTimestamp: over.messageTimestamp ?? 1_700_000_000 + seq,
    pushName: over.pushName ?? "Ann",
    ...(over.messageStubType ? { messageStubType: over.messageStubType } : {}),
  }) as WAMessage;
  if (remoteJidAlt) msg.key.remoteJidAlt = remoteJidAlt;
  if (participantAlt) msg.key.participantAlt = participantAlt;
  return msg;
}

/** A driver fixture whose session has started and whose socket is open (paired and online). */
export async function connected(options: BaileysDriverOptions = {}) {
  const f = makeDriverFixture(options);
  await f.session.start();
  f.sock.open();
  await settle();
  return f;
}
