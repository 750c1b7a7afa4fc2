import { isJidGroup, isLidUser, type GroupMetadata } from "@whiskeysockets/baileys";
import type { Db } from "../../db/open.ts";
import type { Clock } from "../../clock.ts";
import { cleanDisplayName } from "../../display-name.ts";
import { phoneFromJid } from "../../phone.ts";
import type { EmitEvent } from "../driver.ts";
import { cachedGroup, rememberGroup } from "./cache-store.ts";
import type { BaileysLogger, DriverSocket, GroupParticipantInfo } from "./socket.ts";
import { withinDeadline } from "./transfer-timeouts.ts";
import { normalJid, type LidPair } from "./translate.ts";

/**
 * Group subjects and members, asked of WhatsApp once per group and kept in wa_groups. Never on the
 * way to storing a message: a group's first message is stored at once and its subject filled in
 * when the answer comes (WhatsApp may take up to Baileys' 60 s query timeout, or never answer).
 * The members kept here also answer Baileys' `cachedGroupMetadata`, so a group send does not ask
 * WhatsApp for the group every time.
 */

/** How long WhatsApp gets to describe a group before we stop waiting (Baileys' own limit is 60 s). */
export const GROUP_METADATA_TIMEOUT_MS = 10_000;
/** A group WhatsApp would not describe is not asked about again for this long. */
const GROUP_RETRY_MS = 10 * 60 * 1000;

/** What the driver's inbound side knows of its channel: where to store, what to tell, its socket. */
export type ChannelContext = {
  db: Db;
  channelId: number;
  clock: Clock;
  emit: EmitEvent;
  logger: BaileysLogger;
  socket(): DriverSocket | null;
};

export type GroupMetadataContext = ChannelContext & {
  /** A LID ↔ phone pair a member list revealed. */
  learn(pair: LidPair): void;
  timeoutMs?: number;
};

type StoredParticipant = { id: string; admin: "admin" | "superadmin" | null };
type StoredMembers = { addressingMode: "pn" | "lid"; participants: StoredParticipant[] };

export function createGroupMetadata(ctx: GroupMetadataContext) {
  const { db, channelId, clock } = ctx;
  const fetches = new Map<string, Promise<void>>();
  const misses = new Map<string, number>();

  function storeMembers(
    jid: string,
    meta: { addressingMode?: string; participants?: GroupParticipantInfo[] },
  ): void {
    const stored: StoredMembers = {
      addressingMode: meta.addressingMode === "lid" ? "lid" : "pn",
      participants: (meta.participants ?? []).flatMap((p) =>
        p.id ? [{ id: p.id, admin: p.admin === "admin" || p.admin === "superadmin" ? p.admin : null }] : [],
      ),
    };
    db.query("UPDATE wa_groups SET members = ? WHERE channel_id = ? AND group_jid = ?").run(
      JSON.stringify(stored),
      channelId,
      jid,
    );
  }

  /** Members named both ways (a LID with its phone number, or a number with its LID) teach the pair. */
  function learnFromParticipants(participants: GroupParticipantInfo[]): void {
    for (const p of participants) {
      const id = normalJid(p.id);
      const other = normalJid(isLidUser(id ?? undefined) ? p.phoneNumber : p.lid);
      const lid = isLidUser(id ?? undefined) ? id : other;
      const phone = phoneFromJid(isLidUser(id ?? undefined) ? other : id);
      if (lid && isLidUser(lid) && phone) ctx.learn({ lid, phone });
    }
  }

  async function fetch(jid: string, sock: DriverSocket): Promise<void> {
    try {
      const meta = await withinDeadline(
        sock.groupMetadata(jid),
        ctx.timeoutMs ?? GROUP_METADATA_TIMEOUT_MS,
        () => new Error("WhatsApp did not describe the group in time"),
      );
      const participants = meta.participants ?? [];
      const count = meta.size ?? (participants.length || null);
      const subject = cleanDisplayName(meta.subject);
      if (!subject) return;
      const changed = rememberGroup(db, channelId, jid, subject, count, clock());
      storeMembers(jid, meta);
      learnFromParticipants(participants);
      if (changed) ctx.emit({ type: "group", groupJid: jid, subject, participantCount: count });
    } catch (err) {
      misses.set(jid, clock());
      ctx.logger.warn(
        { channelId, groupJid: jid, reason: (err as Error)?.message },
        "group metadata unavailable",
      );
    }
  }

  return {
    /** Members WhatsApp named (a group we were added to, a metadata answer): kept, their LIDs learned. */
    members(jid: string, meta: { addressingMode?: string; participants?: GroupParticipantInfo[] }): void {
      if (!meta.participants?.length) return;
      storeMembers(jid, meta);
      learnFromParticipants(meta.participants);
    },

    /** A group seen for the first time: ask WhatsApp about it in the background, once. */
    learnLater(jid: string): void {
      if (!isJidGroup(jid) || cachedGroup(db, channelId, jid) || fetches.has(jid)) return;
      if (clock() - (misses.get(jid) ?? -Infinity) < GROUP_RETRY_MS) return;
      const sock = ctx.socket();
      if (!sock) return;
      const pending = fetch(jid, sock).finally(() => fetches.delete(jid));
      fetches.set(jid, pending);
    },

    /** Resolves once every fetch started so far has settled (tests, shutdown). */
    async settled(): Promise<void> {
      await Promise.all([...fetches.values()]);
    },

    /**
     * What Baileys' cachedGroupMetadata needs to send to a group without asking WhatsApp: its members.
     * Undefined (so Baileys asks) when we never had the member list.
     */
    cached(jid: string): GroupMetadata | undefined {
      const row = db
        .query<{ subject: string; members: string | null }, [number, string]>(
          "SELECT subject, members FROM wa_groups WHERE channel_id = ? AND group_jid = ?",
        )
        .get(channelId, jid);
      if (!row?.members) return undefined;
      let members: StoredMembers;
      try {
        members = JSON.parse(row.members) as StoredMembers;
      } catch {
        return undefined;
      }
      if (!Array.isArray(members.participants) || members.participants.length === 0) return undefined;
      return {
        id: jid,
        subject: row.subject,
        owner: undefined,
        addressingMode: (members.addressingMode === "lid" ? "lid" : "pn") as GroupMetadata["addressingMode"],
        participants: members.participants.map((p) => ({ id: p.id, admin: p.admin })),
      };
    },
  };
}

export type GroupDirectory = ReturnType<typeof createGroupMetadata>;
