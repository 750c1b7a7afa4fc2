import {
  isJidGroup,
  isLidUser,
  jidNormalizedUser,
  type BaileysEventMap,
  type Contact,
  type WAMessage,
} from "@whiskeysockets/baileys";
import type { Db } from "../../db/open.ts";
import type { Clock } from "../../clock.ts";
import { phoneFromJid } from "../../phone.ts";
import { cleanDisplayName } from "../../display-name.ts";
import type { DriverEvent, EmitEvent, MediaSource, NormalizedMessage } from "../driver.ts";
import { cachedGroup, phoneForLid, rememberGroup, rememberLid, storeRawMessage } from "./cache-store.ts";
import type { BaileysLogger, DriverSocket } from "./socket.ts";
import { incomingReadElsewhere } from "./read-elsewhere.ts";
import {
  lidPairsOf,
  normalJid,
  receiptForStatus,
  receiptForUserReceipt,
  translateMessage,
  unresolvedLids,
  type LidPair,
} from "./translate.ts";

/** History arrives in chunks of thousands: hand it over in batches the ingest can commit quickly. */
export const HISTORY_BATCH = 500;
const GROUP_RETRY_MS = 10 * 60 * 1000;

export type InboundContext = {
  db: Db;
  channelId: number;
  clock: Clock;
  emit: EmitEvent;
  logger: BaileysLogger;
  socket(): DriverSocket | null;
  ownJid(): string | null;
  /** Our own sends echo back as upserts: those are not new messages. */
  isOwnSend(waId: string): boolean;
  /** The media of a message, fetched when the session manager asks (after storing the message). */
  media(msg: WAMessage): MediaSource;
};

type Item = { message: NormalizedMessage; media: MediaSource | null };

/** Translates Baileys' inbound events into driver events, learning LIDs and group subjects on the way. */
export function createInbound(ctx: InboundContext) {
  const { db, channelId, clock, emit } = ctx;
  const groupFetches = new Map<string, Promise<void>>();
  /** Groups WhatsApp would not describe, and when: not asked again for a while. */
  const groupMisses = new Map<string, number>();

  function learn(pair: LidPair): void {
    if (rememberLid(db, channelId, pair.lid, pair.phone, clock()))
      emit({ type: "lid", lid: pair.lid, phone: pair.phone });
  }

  /** Asks Baileys' own LID store about LIDs we cannot resolve yet (it knows pairs from its sessions). */
  async function resolveWithBaileys(msg: WAMessage): Promise<void> {
    const store = ctx.socket()?.signalRepository?.lidMapping;
    if (!store) return;
    for (const lid of unresolvedLids(msg, (l) => phoneForLid(db, channelId, l))) {
      const pn = await store.getPNForLID(lid).catch(() => null);
      const phone = phoneFromJid(normalJid(pn));
      if (phone) learn({ lid, phone });
    }
  }

  /** A group seen for the first time: fetch its subject once, so its messages carry it. */
  async function ensureGroup(jid: string): Promise<void> {
    if (!isJidGroup(jid) || cachedGroup(db, channelId, jid)) return;
    if (clock() - (groupMisses.get(jid) ?? -Infinity) < GROUP_RETRY_MS) return;
    const sock = ctx.socket();
    if (!sock) return;
    let pending = groupFetches.get(jid);
    if (!pending) {
      pending = sock
        .groupMetadata(jid)
        .then((meta) => {
          const count = meta.size ?? meta.participants?.length ?? null;
          const subject = cleanDisplayName(meta.subject);
          if (subject && rememberGroup(db, channelId, jid, subject, count, clock())) {
            emit({ type: "group", groupJid: jid, subject, participantCount: count });
          }
        })
        .catch((err: unknown) => {
          groupMisses.set(jid, clock());
          ctx.logger.warn(
            { channelId, groupJid: jid, reason: (err as Error)?.message },
            "group metadata unavailable",
          );
        })
        .finally(() => groupFetches.delete(jid));
      groupFetches.set(jid, pending);
    }
    await pending;
  }

  async function translateAll(messages: WAMessage[], history: boolean): Promise<Item[]> {
    const out: Item[] = [];
    for (const msg of messages) {
      try {
        if (msg.key?.id && ctx.isOwnSend(msg.key.id)) continue;
        for (const pair of lidPairsOf(msg)) learn(pair);
        await resolveWithBaileys(msg);
        if (msg.key?.remoteJid && !history) await ensureGroup(jidNormalizedUser(msg.key.remoteJid));
        const t = translateMessage(
          msg,
          {
            channelId,
            ownJid: ctx.ownJid(),
            phoneForLid: (lid) => phoneForLid(db, channelId, lid),
            groupSubject: (jid) => cachedGroup(db, channelId, jid)?.subject ?? null,
            now: clock,
          },
          history,
        );
        if (!t.ok) continue;
        // Kept for re-downloads after a failure (fetchMedia) and for WhatsApp's retry requests.
        if (t.hasMedia) storeRawMessage(db, channelId, msg, clock());
        out.push({
          message: t.message,
          media: t.hasMedia ? ctx.media(msg) : null,
        });
      } catch (err) {
        ctx.logger.warn(
          { channelId, waId: msg.key?.id, reason: (err as Error)?.message },
          "skipped a message that could not be read",
        );
      }
    }
    return out;
  }

  /** Contacts name a person both ways when WhatsApp shares the number: id or lid @lid, phoneNumber. */
  function learnFromContacts(contacts: Partial<Contact>[]): void {
    for (const c of contacts) {
      const phone = phoneFromJid(normalJid(c.phoneNumber) ?? normalJid(c.id));
      const lid = [normalJid(c.lid), normalJid(c.id)].find((j) => j && isLidUser(j));
      if (phone && lid) learn({ lid, phone });
    }
  }

  function emitHistory(items: Item[]): void {
    for (let i = 0; i < items.length; i += HISTORY_BATCH)
      emit({ type: "history", messages: items.slice(i, i + HISTORY_BATCH) });
  }

  return {
    async upsert({ messages, type }: BaileysEventMap["messages.upsert"]): Promise<void> {
      const items = await translateAll(messages, type !== "notify");
      if (type === "notify") for (const item of items) emit({ type: "message", ...item });
      else emitHistory(items);
    },

    async history(set: BaileysEventMap["messaging-history.set"]): Promise<void> {
      for (const m of set.lidPnMappings ?? []) {
        const phone = phoneFromJid(jidNormalizedUser(m.pn));
        if (phone && m.lid) learn({ lid: jidNormalizedUser(m.lid), phone });
      }
      learnFromContacts(set.contacts ?? []);
      // History names its group chats: their subjects, without a metadata query per group.
      for (const chat of set.chats ?? []) {
        const subject = cleanDisplayName(chat.name);
        if (
          chat.id &&
          isJidGroup(chat.id) &&
          subject &&
          rememberGroup(db, channelId, chat.id, subject, null, clock())
        ) {
          emit({
            type: "group",
            groupJid: chat.id,
            subject,
            participantCount: cachedGroup(db, channelId, chat.id)?.participantCount ?? null,
          });
        }
      }
      emitHistory(await translateAll(set.messages ?? [], true));
    },

    contacts(contacts: Partial<Contact>[]): void {
      learnFromContacts(contacts);
    },

    lidMapping({ lid, pn }: BaileysEventMap["lid-mapping.update"]): void {
      const phone = phoneFromJid(normalJid(pn));
      if (phone && lid) learn({ lid: normalJid(lid)!, phone });
    },

    updates(updates: BaileysEventMap["messages.update"]): void {
      const readElsewhere = incomingReadElsewhere(updates);
      if (readElsewhere.length) emit({ type: "read-elsewhere", waIds: readElsewhere });
      for (const { key, update } of updates) {
        if (!key.fromMe || !key.id || update.status === undefined) continue;
        const status = receiptForStatus(update.status);
        const event: DriverEvent | null = status
          ? {
              type: "receipt",
              waId: key.id,
              status,
              ...(status === "failed" ? { reason: "WhatsApp could not deliver the message" } : {}),
            }
          : null;
        if (event) emit(event);
      }
    },

    receipts(updates: BaileysEventMap["message-receipt.update"]): void {
      for (const { key, receipt } of updates) {
        if (!key.fromMe || !key.id) continue;
        const status = receiptForUserReceipt(receipt);
        if (status) emit({ type: "receipt", waId: key.id, status });
      }
    },

    groups(groups: BaileysEventMap["groups.update"] | BaileysEventMap["groups.upsert"]): void {
      for (const g of groups) {
        const subject = cleanDisplayName(g.subject);
        if (!g.id || !subject) continue;
        const count = g.size ?? g.participants?.length ?? null;
        if (rememberGroup(db, channelId, g.id, subject, count, clock())) {
          emit({
            type: "group",
            groupJid: g.id,
            subject,
            participantCount: cachedGroup(db, channelId, g.id)?.participantCount ?? null,
          });
        }
      }
    },
  };
}

export type Inbound = ReturnType<typeof createInbound>;
