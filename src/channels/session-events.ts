import type { Db } from "../db/open.ts";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { Services } from "../messaging/services.ts";
import type { LinkedRecord } from "../messaging/ingest.ts";
import type { ConversationRow } from "../messaging/types.ts";
import { attachPhoneToLid, findDirectConversation, saveGroupInfo } from "../messaging/conversations-store.ts";
import { separateLidFromPhone } from "../messaging/lid-separation.ts";
import { markReadOnPhone } from "../messaging/phone-reads.ts";
import { applyMessageChange } from "../messaging/message-changes.ts";
import type { DriverEvent, MediaSource, NormalizedMessage, ReceiptStatus } from "../whatsapp/driver.ts";
import { write, type Tx } from "../db/write.ts";
import { emit } from "../messaging/events.ts";
import { recordIngestFailure } from "./ingest-failures.ts";
import { liveMessageStore } from "./session-intake.ts";
import { downloadMedia, type MediaDeps } from "./session-media.ts";
import {
  clearQr,
  saveActivity,
  saveConnected,
  saveQr,
  saveRestriction,
  saveStatus,
  sessionChannel,
} from "./session-store.ts";
import { mediaTargetByWaId } from "../messaging/media-state.ts";
import type { SessionEvent } from "./sessions.ts";
import { createChatEvents, type ChatEventDeps } from "./chat-events.ts";

const HISTORY_BATCH = 500;
const DEFAULT_ACTIVITY_EVERY_MS = 10_000;
/** How long a receipt for an id we have not recorded yet is kept (the send is being recorded). */
const ORPHAN_RECEIPT_MS = 60_000;

export type ApplierDeps = {
  db: Db;
  clock: Clock;
  logger: Logger;
  services: Services;
  link: (db: Db, conversation: ConversationRow, now: number) => LinkedRecord[];
  activityEveryMs?: number;
  mediaDeps: MediaDeps;
  /** Tells listeners; with `saved`, the save runs in the write that emits channel.changed. */
  announce: (e: SessionEvent, saved?: (tx: Tx) => void) => void;
  track: <T>(p: Promise<T>) => Promise<T>;
  liveSession: ChatEventDeps["liveSession"];
};

/**
 * Turns one driver event into database writes, then announces it. Runs synchronously in the order
 * the driver emits; only media downloads continue in the background (the message is already stored).
 */
export function createEventApplier(deps: ApplierDeps) {
  const { db, clock, logger, services, announce } = deps;
  const activityEvery = deps.activityEveryMs ?? DEFAULT_ACTIVITY_EVERY_MS;
  const lastActivityWrite = new Map<number, number>();
  const chat = createChatEvents(deps);
  const orphanReceipts = new Map<
    string,
    { status: ReceiptStatus; reason?: string | undefined; member?: string | undefined; at: number }
  >();
  let mediaFailed: (messageId: number) => void = () => {};
  // History media is fetched one file at a time per channel: a sync can carry thousands.
  const historyMedia = new Map<number, Promise<unknown>>();

  function fetchMedia(messageId: number, source: MediaSource): Promise<unknown> {
    return downloadMedia(deps.mediaDeps, messageId, source).then(
      (outcome) => {
        if (outcome === "failed") mediaFailed(messageId);
      },
      (err) => logger.error({ err, messageId }, "storing media failed"),
    );
  }

  const storeMessage = liveMessageStore(deps, fetchMedia);

  function storeHistory(
    channelId: number,
    items: { message: NormalizedMessage; media: MediaSource | null }[],
  ): void {
    for (let i = 0; i < items.length; i += HISTORY_BATCH) {
      const batch = items.slice(i, i + HISTORY_BATCH);
      const messages = batch.map((b) => ({ ...b.message, history: true }));
      try {
        services.ingest.ingestBatch(messages);
      } catch (err) {
        for (const m of messages) recordIngestFailure(deps, m, err);
        continue;
      }
      for (const b of batch) {
        if (!b.media || !b.message.media) continue;
        const target = mediaTargetByWaId(db, channelId, b.message.waId);
        if (target?.media_status !== "pending") continue;
        const source = b.media;
        const next = (historyMedia.get(channelId) ?? Promise.resolve()).then(() =>
          fetchMedia(target.id, source),
        );
        historyMedia.set(channelId, next);
        deps.track(next);
      }
    }
  }

  function receipt(
    channelId: number,
    waId: string,
    status: ReceiptStatus,
    reason?: string,
    member?: string,
  ): boolean {
    if (member && (status === "delivered" || status === "read"))
      return services.outbox.memberReceipt(channelId, waId, member, status);
    const row = services.outbox.receipt(channelId, waId, status, reason);
    return row !== null || mediaTargetByWaId(db, channelId, waId) !== null;
  }

  function keepOrphan(
    channelId: number,
    waId: string,
    status: ReceiptStatus,
    reason?: string,
    member?: string,
  ): void {
    const now = clock();
    for (const [k, v] of orphanReceipts) if (now - v.at > ORPHAN_RECEIPT_MS) orphanReceipts.delete(k);
    // A group's receipts are kept per member: each one counts towards the message's status.
    const key = `${channelId}:${waId}:${member ?? ""}`;
    const before = orphanReceipts.get(key);
    const order = ["sent", "delivered", "read"];
    if (!before || status === "failed" || order.indexOf(status) > order.indexOf(before.status))
      orphanReceipts.set(key, { status, reason, member, at: now });
  }

  function lid(channelId: number, lidJid: string, phone: string, replaces?: string): void {
    write(db, (tx) => {
      // The number a stored pair gave this LID was wrong: its messages leave that chat first.
      const wrong = replaces ? findDirectConversation(db, channelId, replaces) : null;
      if (wrong?.peer_lid === lidJid) separateLidFromPhone(db, tx, wrong, clock());
      const c = attachPhoneToLid(db, channelId, lidJid, phone);
      if (!c) return;
      deps.link(db, c, clock());
      emit(tx, { type: "conversation.changed", channelId, conversationId: c.id });
    });
  }

  function handle(channelId: number, event: DriverEvent): Promise<void> | undefined {
    const now = clock();
    switch (event.type) {
      case "qr":
        announce({ channelId, type: "qr" }, () => saveQr(db, channelId, event.qr, now));
        return;
      case "status":
        announce({ channelId, type: "status" }, () =>
          saveStatus(db, channelId, event.status, event.reason, now),
        );
        return;
      case "connected":
        announce({ channelId, type: "status" }, () => saveConnected(db, channelId, event.ownJid, now));
        lastActivityWrite.set(channelId, now);
        return;
      case "activity": {
        if (now - (lastActivityWrite.get(channelId) ?? -Infinity) < activityEvery) return;
        lastActivityWrite.set(channelId, now);
        announce({ channelId, type: "activity" }, () => saveActivity(db, channelId, now));
        return;
      }
      case "message":
        return storeMessage({ ...event.message, channelId }, event.media);
      case "message-change": {
        const outcome = applyMessageChange(db, clock, channelId, event.chatJid, event.change);
        if (outcome === "unknown message" || outcome === "refused")
          logger.info(
            { channelId, kind: event.change.kind, waId: event.change.targetWaId, outcome },
            "a WhatsApp message change was not applied",
          );
        return;
      }
      case "history":
        storeHistory(
          channelId,
          event.messages.map((m) => ({ ...m, message: { ...m.message, channelId } })),
        );
        return;
      case "receipt":
        if (!receipt(channelId, event.waId, event.status, event.reason, event.member))
          keepOrphan(channelId, event.waId, event.status, event.reason, event.member);
        return;
      case "read-elsewhere":
        write(db, (tx) => {
          const conversationId = markReadOnPhone(db, channelId, event.waIds);
          if (conversationId !== null) emit(tx, { type: "conversation.changed", channelId, conversationId });
        });
        return;
      case "group": {
        write(db, (tx) => {
          const conversationId = saveGroupInfo(
            db,
            channelId,
            event.groupJid,
            event.subject,
            event.participantCount,
          );
          if (conversationId !== null) emit(tx, { type: "conversation.changed", channelId, conversationId });
        });
        return;
      }
      case "lid":
        lid(channelId, event.lid, event.phone, event.replaces);
        return;
      case "restriction":
        announce({ channelId, type: "status" }, () => saveRestriction(db, channelId, event.until));
        return;
      case "call":
      case "presence":
      case "pairing-blocked":
      case "poll-vote":
        chat.apply(channelId, event);
        return;
    }
  }

  return {
    /** A message's promise settles once it is committed; other events are written before this returns. */
    apply(channelId: number, event: DriverEvent): Promise<void> | undefined {
      try {
        const ch = sessionChannel(db, channelId);
        if (!ch || ch.deleted_at !== null) return;
        // Whatever else happened after the messages waiting for their commit is written after them.
        if (event.type !== "message" && event.type !== "activity") services.intake.flush();
        return handle(channelId, event);
      } catch (err) {
        logger.error({ err, channelId, event: event.type }, "could not apply a WhatsApp event");
      }
    },
    /** A send just got its id recorded: receipts that arrived before it now find their row. */
    replayReceipts(channelId: number, waId: string): void {
      const prefix = `${channelId}:${waId}:`;
      for (const [key, kept] of orphanReceipts) {
        if (!key.startsWith(prefix)) continue;
        orphanReceipts.delete(key);
        try {
          receipt(channelId, waId, kept.status, kept.reason, kept.member);
        } catch (err) {
          logger.error({ err, channelId, waId }, "could not apply a delayed receipt");
        }
      }
    },
    onMediaFailed(fn: (messageId: number) => void): void {
      mediaFailed = fn;
    },
    /** At start-up, a channel without saved keys cannot reconnect: its old QR is void. */
    markUnpaired(channelId: number): void {
      const ch = sessionChannel(db, channelId);
      if (!ch) return;
      if (ch.status === "pending")
        saveStatus(
          db,
          channelId,
          "pending",
          "Pairing was interrupted by a restart: refresh the code to pair.",
          clock(),
        );
      else if (ch.status === "connected")
        saveStatus(
          db,
          channelId,
          "disconnected",
          "No saved session: reconnect to pair the phone again.",
          clock(),
        );
      // An error met while pairing (e.g. no network) was retried by a session the restart ended:
      // say so, rather than show an error that claims to be retrying.
      else if (ch.status === "error")
        saveStatus(
          db,
          channelId,
          "disconnected",
          "Pairing was interrupted by a restart: reconnect to pair the phone.",
          clock(),
        );
      else return;
      clearQr(db, channelId);
      announce({ channelId, type: "status" });
    },
    close(): void {
      orphanReceipts.clear();
      lastActivityWrite.clear();
    },
  };
}
