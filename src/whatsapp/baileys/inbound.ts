import {
  isJidGroup,
  isLidUser,
  jidNormalizedUser,
  type BaileysEventMap,
  type Contact,
  type proto,
  type WAMessage,
  type WAMessageKey,
} from "@whiskeysockets/baileys";
import { phoneFromJid } from "../../phone.ts";
import { cleanDisplayName } from "../../display-name.ts";
import type { MediaSource, MessageChange, NormalizedMessage } from "../driver.ts";
import { translateChange } from "./changes.ts";
import { cachedGroup, phoneForLid, rememberGroup, rememberLid, storeRawMessage } from "./cache-store.ts";
import { isRefusedPair } from "../lid-pairs.ts";
import { createGroupMetadata, type ChannelContext } from "./group-metadata.ts";
import { ackErrorReason } from "./send-errors.ts";
import { RecentIds } from "./send.ts";
import { withinDeadline } from "./transfer-timeouts.ts";
import { incomingReadElsewhere } from "./read-elsewhere.ts";
import { createVoteCollector } from "./polls.ts";
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
/** Baileys' LID store may ask WhatsApp (usync): a message is never held longer than this for it. */
export const LID_LOOKUP_TIMEOUT_MS = 5_000;

export type InboundContext = ChannelContext & {
  ownJid(): string | null;
  /** Our own LID, once WhatsApp gave one. */
  ownLid(): string | null;
  /** Our own sends echo back as upserts: those are not new messages. */
  isOwnSend(waId: string): boolean;
  /** The media of a message, fetched when the session manager asks (after storing the message). */
  media(msg: WAMessage): MediaSource;
};

type Item =
  | { message: NormalizedMessage; media: MediaSource | null }
  | { change: { chatJid: string; change: MessageChange } };

/** Messages handed over before their receipt, remembered so that their upsert is not a second copy. */
const HANDED_OVER_KEPT = 2_000;
const upsertKey = (msg: WAMessage) => `${msg.key?.remoteJid ?? ""}|${msg.key?.id ?? ""}`;

/** Translates Baileys' inbound events into driver events, learning LIDs and group subjects on the way. */
export function createInbound(ctx: InboundContext) {
  const { db, channelId, clock, emit } = ctx;

  function learn(pair: LidPair): void {
    // A pair naming our own number or LID is Baileys mixing up sides (on our own sent messages it
    // fills remoteJidAlt with our number): merging a contact into it would be for good.
    if (pair.phone === phoneFromJid(ctx.ownJid()) || pair.lid === ctx.ownLid()) return;
    const before = phoneForLid(db, channelId, pair.lid);
    if (rememberLid(db, channelId, pair.lid, pair.phone, clock()))
      emit({ type: "lid", lid: pair.lid, phone: pair.phone, ...(before ? { replaces: before } : {}) });
  }

  const directory = createGroupMetadata({ ...ctx, learn });
  const votes = createVoteCollector({ ...ctx, phoneForLid: (lid) => phoneForLid(db, channelId, lid) });

  /** Nothing WhatsApp sends goes without a trace: what is not stored is logged with its kind. */
  function skipped(msg: WAMessage, kind: string, history: boolean): void {
    // History carries thousands of protocol messages: those go to the debug log.
    ctx.logger[history ? "debug" : "info"](
      { channelId, waId: msg.key?.id, kind },
      "a WhatsApp message was not stored",
    );
  }

  /** A change is its own driver event; a message is one too, with its media source. */
  /** Settles once what the item carries is stored (a message's group committed). */
  function hand(item: Item): void | Promise<void> {
    if ("change" in item) return emit({ type: "message-change", ...item.change });
    return emit({ type: "message", ...item });
  }
  const handedOver = new RecentIds(HANDED_OVER_KEPT);

  /** Asks Baileys' own LID store about LIDs we cannot resolve yet (it knows pairs from its sessions). */
  async function resolveWithBaileys(msg: WAMessage): Promise<void> {
    const store = ctx.socket()?.signalRepository?.lidMapping;
    if (!store) return;
    for (const lid of unresolvedLids(msg, (l) => phoneForLid(db, channelId, l))) {
      const pn = await withinDeadline(
        store.getPNForLID(lid),
        LID_LOOKUP_TIMEOUT_MS,
        () => new Error("LID lookup timed out"),
      ).catch(() => null);
      const phone = phoneFromJid(normalJid(pn));
      if (phone) learn({ lid, phone });
    }
  }

  async function translateAll(messages: WAMessage[], history: boolean): Promise<Item[]> {
    const out: Item[] = [];
    for (const msg of messages) {
      try {
        if (msg.key?.id && ctx.isOwnSend(msg.key.id)) {
          // Baileys folds receipts and acks that came while its event buffer held our send's echo
          // into that echo (userReceipt, status) instead of reporting them: they still count.
          for (const receipt of msg.userReceipt ?? []) userReceipt(msg.key, receipt);
          statusUpdate(msg.key, msg);
          continue;
        }
        for (const pair of lidPairsOf(msg)) learn(pair);
        await resolveWithBaileys(msg);
        if (votes.take(msg)) continue;
        const change = translateChange(msg, clock());
        if (change && "change" in change) {
          out.push({ change });
          continue;
        }
        if (change) {
          skipped(msg, change.skip, history);
          continue;
        }
        const t = translateMessage(
          msg,
          {
            channelId,
            ownJid: ctx.ownJid(),
            phoneForLid: (lid) => phoneForLid(db, channelId, lid),
            isRefusedPair: (lid, phone) => isRefusedPair(db, channelId, lid, phone),
            groupSubject: (jid) => cachedGroup(db, channelId, jid)?.subject ?? null,
            groupSize: (jid) => cachedGroup(db, channelId, jid)?.participantCount ?? null,
            now: clock,
          },
          history,
        );
        if (!t.ok) {
          skipped(msg, t.skip, history);
          continue;
        }
        votes.noteMessage(msg, t);
        // Stored first; a group seen for the first time is described afterwards (its subject follows).
        if (!history && t.message.kind === "group") directory.learnLater(t.message.chatJid);
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

  /** A status WhatsApp reports for one of our messages (server ack, delivered, read, or its refusal). */
  function statusUpdate(key: WAMessageKey, update: Partial<WAMessage>): void {
    if (!key.fromMe || !key.id || update.status === undefined || update.status === null) return;
    const status = receiptForStatus(update.status);
    if (!status) return;
    emit({
      type: "receipt",
      waId: key.id,
      status,
      ...(status === "failed" ? { reason: ackErrorReason(update.messageStubParameters) } : {}),
    });
  }

  /** A recipient's receipt for one of our messages; in a group, each member's counts on its own. */
  function userReceipt(key: WAMessageKey, receipt: proto.IUserReceipt): void {
    if (!key.fromMe || !key.id) return;
    const status = receiptForUserReceipt(receipt);
    const member = isJidGroup(key.remoteJid ?? undefined) ? normalJid(receipt.userJid) : null;
    if (status) emit({ type: "receipt", waId: key.id, status, ...(member ? { member } : {}) });
  }

  /** Contacts name a person both ways when WhatsApp shares the number: id or lid @lid, phoneNumber. */
  function learnFromContacts(contacts: Partial<Contact>[]): void {
    for (const c of contacts) {
      const phone = phoneFromJid(normalJid(c.phoneNumber) ?? normalJid(c.id));
      const lid = [normalJid(c.lid), normalJid(c.id)].find((j) => j && isLidUser(j));
      if (phone && lid) learn({ lid, phone });
    }
  }

  function emitHistory(items: Extract<Item, { message: unknown }>[]): void {
    for (let i = 0; i < items.length; i += HISTORY_BATCH)
      emit({ type: "history", messages: items.slice(i, i + HISTORY_BATCH) });
  }

  return {
    /** The groups this channel knows: members for group sends, background fetches to wait for. */
    directory,

    /**
     * Live messages. `append` is WhatsApp's offline queue delivered at login (and Baileys' echo of our
     * own sends, skipped as such): those are as live as `notify`, so they start workflows and count
     * as unread; replays are absorbed by the ingest's dedupe. Only messaging-history.set is history.
     */
    async upsert({ messages }: BaileysEventMap["messages.upsert"]): Promise<void> {
      const fresh = messages.filter((m) => !handedOver.has(upsertKey(m)));
      await Promise.all((await translateAll(fresh, false)).map(hand));
      votes.flush();
    },

    /**
     * One message Baileys holds its receipt for (its patched `handOver`): resolves once it was
     * emitted (the store took it, in order), with `stored`, which settles once it is committed; the
     * receipt waits for that. Echoes of our own sends are left to `upsert`, where the statuses folded
     * into them count.
     */
    async handOver(msg: WAMessage): Promise<{ stored: Promise<void> }> {
      if (!msg.key?.id || ctx.isOwnSend(msg.key.id)) return { stored: Promise.resolve() };
      handedOver.add(upsertKey(msg));
      const stores: (void | Promise<void>)[] = [];
      for (const item of await translateAll([msg], false)) stores.push(hand(item));
      votes.flush();
      return { stored: Promise.all(stores).then(() => undefined) };
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
      // History's reactions and edits are not replayed onto the messages it carries: counted in the log.
      const items = await translateAll(set.messages ?? [], true);
      const messages = items.filter((i): i is Extract<Item, { message: unknown }> => "message" in i);
      if (messages.length < items.length)
        ctx.logger.debug(
          { channelId, changes: items.length - messages.length },
          "history changes not applied",
        );
      emitHistory(messages);
      votes.flush();
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
      for (const { key, update } of updates) statusUpdate(key, update);
    },

    receipts(updates: BaileysEventMap["message-receipt.update"]): void {
      for (const { key, receipt } of updates) userReceipt(key, receipt);
    },

    groups(groups: BaileysEventMap["groups.update"] | BaileysEventMap["groups.upsert"]): void {
      for (const g of groups) {
        const subject = cleanDisplayName(g.subject);
        if (!g.id || !subject) continue;
        const count = g.size ?? g.participants?.length ?? null;
        const changed = rememberGroup(db, channelId, g.id, subject, count, clock());
        directory.members(g.id, g);
        if (changed) {
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
