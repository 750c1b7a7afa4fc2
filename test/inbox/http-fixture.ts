import { expect } from "bun:test";
import { makeIntegrationApp, type IntegrationApp } from "../api/helpers.ts";
import { addUser, adminSession, signIn, type Session } from "../helpers/app.ts";
import { insertChannel } from "../../src/channels/store.ts";
import { inbound } from "./fixtures.ts";
import type { IncomingMessage } from "../../src/whatsapp/driver.ts";

/**
 * The whole app over real services with a recording sender: an administrator, Sam (an agent in
 * Sales) who may use the Sales line only, and a Support line Sam cannot see.
 */
export async function inboxFixture(overrides: Parameters<typeof makeIntegrationApp>[0] = {}) {
  const t = makeIntegrationApp(overrides);
  const admin = await adminSession(t);
  await addUser(t, "sam@example.com", { groups: ["Sales"], name: "Sam Agent" });
  const sam = await signIn(t, "sam@example.com");
  const salesGroup = t.db
    .query<{ id: number }, []>("SELECT id FROM user_groups WHERE name = 'Sales'")
    .get()!.id;
  const sales = channel(
    t,
    "+14155550100",
    "Sales line",
    { all: false, permissionSets: [], groups: [salesGroup], users: [] },
    "+44",
  );
  const support = channel(t, "+14155550199", "Support line", {
    all: false,
    permissionSets: [],
    groups: [],
    users: [],
  });
  return {
    t,
    admin,
    sam,
    sales,
    support,
    /** Stores an inbound message as a channel session would; returns its ids. */
    receive(channelId: number, over: Partial<IncomingMessage> = {}) {
      const r = t.services.ingest.ingest(inbound(channelId, over));
      if (!r.stored) throw new Error("duplicate");
      return r;
    },
    async get(path: string, session: Session, headers: Record<string, string> = {}) {
      const res = await t.request(path, { session, headers });
      return { status: res.status, html: await res.text(), headers: res.headers };
    },
    /** A multipart POST as the reply box sends it (htmx by default). */
    async post(
      path: string,
      session: Session,
      fields: Record<string, string | Blob>,
      opts: { htmx?: boolean; headers?: Record<string, string> } = {},
    ) {
      const form = new FormData();
      form.set("_csrf", session.csrf);
      for (const [k, v] of Object.entries(fields)) form.set(k, v as string);
      const headers: Record<string, string> = {
        ...(opts.htmx === false ? {} : { "hx-request": "true" }),
        ...opts.headers,
      };
      const res = await t.request(path, { method: "POST", body: form, session, headers });
      return { status: res.status, html: await res.text(), headers: res.headers };
    },
  };
}

function channel(
  t: IntegrationApp,
  phone: string,
  name: string,
  access: Parameters<typeof insertChannel>[2]["access"],
  countryPrefix = "",
): number {
  const r = insertChannel(t.db, phone, { name, countryPrefix, access }, 0);
  if (!r.ok) throw new Error("seed clash");
  t.db.query("UPDATE channels SET status = 'connected' WHERE id = ?").run(r.id);
  return r.id;
}

export type InboxFixture = Awaited<ReturnType<typeof inboxFixture>>;

/** Waits until the outbox has handed every queued message to the sender (dispatch runs after the answer). */
export async function settle(f: InboxFixture): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    const busy = f.t.db
      .query<{ n: number }, []>("SELECT count(*) AS n FROM messages WHERE status IN ('queued','sending')")
      .get()!.n;
    if (busy === 0) return;
    await Bun.sleep(1);
  }
  throw new Error("the outbox never handed its messages over");
}

/** Reads a live stream until `until` shows up in it (or the stream ends); then hangs up. */
export async function readEvents(
  f: InboxFixture,
  session: Session,
  path: string,
  until: string,
  during: () => void | Promise<void>,
): Promise<string> {
  const abort = new AbortController();
  const res = await f.t.request(path, { session, signal: abort.signal });
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = decoder.decode((await reader.read()).value);
  expect(text).toContain(": connected");
  await during();
  while (!text.includes(until)) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += decoder.decode(chunk.value);
  }
  abort.abort();
  await reader.cancel().catch(() => {});
  return text;
}
