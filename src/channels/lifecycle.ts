import type { AppDeps } from "../web/context.ts";
import { one, type FormBody } from "../web/forms.ts";
import { normalizePhone } from "../phone.ts";
import { sessionChannel } from "./session-store.ts";
import { announceChannelChange } from "./events.ts";
import {
  insertChannel,
  markChannelDeleted,
  updateChannelSettings,
  type ChannelRow,
  type ChannelSettings,
  type InsertResult,
} from "./store.ts";

/**
 * What a channel manager can do to a channel, as plain functions over the store and the live
 * session manager, so routes stay thin and tests can call them. Session work happens outside any
 * transaction (it awaits the network); the session manager persists status and QR itself.
 */

type Deps = Pick<AppDeps, "db" | "clock" | "logger" | "config" | "services" | "sessions">;

export type ActionResult = { ok: true } | { ok: false; notice: NoticeKey };

/** A session command that fails is logged once and reported to the person in plain words. */
async function sessionCommand(
  deps: Deps,
  channelId: number,
  what: string,
  run: () => unknown,
): Promise<ActionResult> {
  try {
    await run();
    return { ok: true };
  } catch (err) {
    deps.logger.error({ err, channelId, action: what }, "channel session command failed");
    return { ok: false, notice: "session-failed" };
  }
}

/** Adds the number in pending and starts its session, which brings the first QR. */
export async function addChannel(
  deps: Deps,
  phoneE164: string,
  settings: ChannelSettings,
): Promise<InsertResult> {
  const added = insertChannel(deps.db, phoneE164, settings, deps.clock());
  if (!added.ok) return added;
  announceChannelChange(deps, added.id);
  await sessionCommand(deps, added.id, "start", () => deps.sessions.start(added.id));
  return added;
}

export function editChannel(deps: Deps, channelId: number, settings: ChannelSettings): void {
  updateChannelSettings(deps.db, channelId, settings, deps.clock());
  announceChannelChange(deps, channelId);
}

async function deleteChannel(deps: Deps, ch: ChannelRow): Promise<ActionResult> {
  // Sign the device out first, so the phone's "Linked devices" list drops it; then the row goes.
  const result = await sessionCommand(deps, ch.id, "delete", () => deps.sessions.remove(ch.id));
  markChannelDeleted(deps.db, ch.id, deps.clock());
  announceChannelChange(deps, ch.id);
  // The channel is gone either way; only the phone may still list the device.
  return result.ok ? result : { ok: false, notice: "deleted-unclean" };
}

/** What the page says after an action; the key travels in the redirect (?done=key), never the text. */
export const NOTICES = {
  added: { text: "Number added. Scan the code below with WhatsApp on that phone." },
  saved: { text: "Saved." },
  deleted: {
    text: "Channel deleted. Its past conversations stay readable in the inbox, marked as from a deleted channel.",
  },
  check: { text: "Status checked just now." },
  "refresh-qr": { text: "Asked WhatsApp for a new pairing code." },
  scan: { text: "The demo phone scanned the code." },
  injected: { text: "Message delivered. Use Open inbox to read it there." },
  simulated: { text: "Done: the conversation in the inbox shows it." },
  "simulate-refused": { text: "The demo phone network refused that: is the channel connected?", error: true },
  "code-entered": { text: "The demo phone entered the code." },
  logout: { text: "Signed out. The channel no longer sends or receives; Reconnect to pair it again." },
  reconnect: { text: "Reconnecting: scan the new code to pair the phone again." },
  "deleted-unclean": {
    text: "Channel deleted, but its WhatsApp session did not close cleanly (the error was logged). On the phone, remove it under Settings → Linked devices.",
    error: true,
  },
  "session-failed": {
    text: "The WhatsApp session did not respond. The error was logged; try again in a moment.",
    error: true,
  },
  "already-connected": {
    text: "This number is already connected: there is no code to refresh.",
    error: true,
  },
  "not-pending": {
    text: "The demo phone can only scan a channel that is waiting for its code.",
    error: true,
  },
  "bad-scan-number": {
    text: "Nothing was scanned: write the scanning phone's number with its country code (e.g. +447700900123), or leave it empty for the channel's own.",
    error: true,
  },
  "wrong-number": {
    text: "The phone that scanned has another number: the channel unlinked it. Reconnect and scan with the channel's own phone.",
    error: true,
  },
} as const satisfies Record<string, Notice>;
export type Notice = { text: string; error?: boolean };
export type NoticeKey = keyof typeof NOTICES;

export function noticeFor(key: string | undefined): Notice | undefined {
  return key && Object.hasOwn(NOTICES, key) ? NOTICES[key as NoticeKey] : undefined;
}

export type ActionName = "check" | "refresh-qr" | "logout" | "reconnect" | "delete" | "scan";
type Action = {
  /** `form` holds the action's own fields, when it has any (the demo Scan's number). */
  run: (deps: Deps, ch: ChannelRow, form?: FormBody) => Promise<ActionResult>;
  done: NoticeKey;
  demoOnly?: boolean;
};

/** Every POST /channels/:id/<name> action. Each needs channels.manage (checked by the route). */
export const ACTIONS: Record<ActionName, Action> = {
  check: {
    done: "check",
    run: (deps, ch) => sessionCommand(deps, ch.id, "check", () => deps.sessions.checkStatus(ch.id)),
  },
  "refresh-qr": {
    done: "refresh-qr",
    run: async (deps, ch) =>
      ch.status === "connected"
        ? { ok: false, notice: "already-connected" }
        : sessionCommand(deps, ch.id, "refresh-qr", () => deps.sessions.refreshQr(ch.id)),
  },
  logout: {
    done: "logout",
    run: (deps, ch) => sessionCommand(deps, ch.id, "logout", () => deps.sessions.logout(ch.id)),
  },
  reconnect: {
    done: "reconnect",
    run: (deps, ch) => sessionCommand(deps, ch.id, "reconnect", () => deps.sessions.reconnect(ch.id)),
  },
  delete: { done: "deleted", run: deleteChannel },
  scan: { done: "scan", demoOnly: true, run: demoScan },
};

/** The demo phone scans the code, as the channel's own number or (to try the refusal) another one. */
async function demoScan(deps: Deps, ch: ChannelRow, form: FormBody = {}): Promise<ActionResult> {
  if (ch.status !== "pending") return { ok: false, notice: "not-pending" };
  const typed = one(form, "as_phone").trim();
  const asPhone = typed ? normalizePhone(typed) : null;
  if (asPhone && !asPhone.ok) return { ok: false, notice: "bad-scan-number" };
  const scanned = await sessionCommand(deps, ch.id, "scan", () =>
    deps.sessions.simulator?.scan(ch.id, asPhone?.e164),
  );
  if (!scanned.ok) return scanned;
  return sessionChannel(deps.db, ch.id)?.status === "error" ? { ok: false, notice: "wrong-number" } : scanned;
}
