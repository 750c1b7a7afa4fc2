import type { BaileysEventMap } from "@whiskeysockets/baileys";
import type { Inbound } from "./inbound.ts";
import { STORE_BEFORE_RECEIPT_MS, type IngestQueue } from "./ingest-queue.ts";
import type { SessionAuth } from "./session-auth.ts";
import type { BaileysLogger, DriverSocket } from "./socket.ts";
import type { EmitEvent } from "../driver.ts";
import { listenToChat } from "./session-chat.ts";

type QueuedHandlers = {
  [K in keyof BaileysEventMap]?: (arg: BaileysEventMap[K]) => void | Promise<void>;
};

/** What a session lends the listeners of one of its sockets. */
export type SocketListenerDeps = {
  /** False once the session replaced or closed this socket: its events are then ignored. */
  isCurrent(sock: DriverSocket): boolean;
  /** Message events run one after another, in the order Baileys emitted them. */
  queue: IngestQueue;
  inbound: Inbound;
  auth: SessionAuth;
  log: BaileysLogger;
  /** Something arrived: the channel is alive (throttled by the session). */
  activity(): void;
  onConnectionUpdate(sock: DriverSocket, update: BaileysEventMap["connection.update"]): void;
  /** Driver events that need no storing first (calls, typing, a passkey demand). */
  emit: EmitEvent;
  now(): number;
};

/**
 * Subscribes a session to one socket's events. Every handler is guarded, so a failure in one never
 * reaches Baileys, another channel or the process.
 */
export function listenToSocket(sock: DriverSocket, d: SocketListenerDeps): void {
  const on = <T extends keyof BaileysEventMap>(
    event: T,
    handler: (arg: BaileysEventMap[T]) => void | Promise<void>,
    queued = false,
  ) => {
    sock.ev.on(event, (arg) => {
      if (!d.isCurrent(sock)) return;
      const run = async () => {
        try {
          await handler(arg);
        } catch (err) {
          d.log.warn({ event, reason: (err as Error)?.message }, "a WhatsApp event could not be handled");
        }
      };
      if (queued) d.queue.push(run);
      else void run();
    });
  };
  const active =
    <A>(handle: (arg: A) => void | Promise<void>) =>
    (arg: A) => {
      d.activity();
      return handle(arg);
    };

  on("connection.update", (u) => d.onConnectionUpdate(sock, u));
  // Not through `on`: a socket that was just replaced may still hand over creds (keys it rotated,
  // its account after pairing), and those belong to the same device. Ignored once wiped.
  const auth = d.auth.current();
  sock.ev.on("creds.update", (update) => {
    try {
      d.auth.saveCreds(auth, update);
    } catch (err) {
      d.log.warn({ reason: (err as Error)?.message }, "could not save WhatsApp creds");
    }
  });
  // Message events say the channel is alive; all of these run in order through the queue.
  type Groups = BaileysEventMap["groups.update"] | BaileysEventMap["groups.upsert"];
  const queued: QueuedHandlers = {
    "messages.upsert": active((e) => d.inbound.upsert(e)),
    "messaging-history.set": active((e) => d.inbound.history(e)),
    "messages.update": active((e) => d.inbound.updates(e)),
    "message-receipt.update": active((e) => d.inbound.receipts(e)),
    "lid-mapping.update": (e) => d.inbound.lidMapping(e),
    "contacts.upsert": (e) => d.inbound.contacts(e),
    "contacts.update": (e) => d.inbound.contacts(e),
    "groups.update": (e: Groups) => d.inbound.groups(e),
    "groups.upsert": (e: Groups) => d.inbound.groups(e),
  };
  for (const [event, handler] of Object.entries(queued))
    on(event as keyof BaileysEventMap, handler as (arg: unknown) => Promise<void>, true);
  listenToChat(sock, d);
}

/**
 * The socket's `handOver` hook (our Baileys patch): Baileys waits for `stored` before it sends the
 * message's receipt, so WhatsApp hears "delivered" only once our commit happened. The hand-over goes
 * through the same queue as every other message event (order kept) and returns once the store took
 * the message, so the next one is decrypted and handed over while this one awaits its group commit.
 * Both waits are bounded so a hung store cannot hold the channel; a failure is logged here and the
 * message is kept in ingest_failures by the inbound side.
 */
export function storeBeforeReceipt(
  d: Pick<SocketListenerDeps, "queue" | "inbound" | "log" | "activity">,
): (msg: Parameters<Inbound["handOver"]>[0]) => Promise<{ stored: Promise<void> }> {
  const failed = (err: unknown) =>
    d.log.warn({ reason: (err as Error)?.message }, "a WhatsApp message could not be handled");
  return async (msg) => {
    let stored: Promise<void> = Promise.resolve();
    await d.queue.pushAndWait(async () => {
      d.activity();
      try {
        stored = (await d.inbound.handOver(msg)).stored.catch(failed);
      } catch (err) {
        failed(err);
      }
      d.queue.track(stored);
    }, STORE_BEFORE_RECEIPT_MS);
    return { stored: d.queue.bounded(stored, STORE_BEFORE_RECEIPT_MS) };
  };
}
