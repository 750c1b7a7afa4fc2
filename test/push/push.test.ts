import { afterEach, describe, expect, test } from "bun:test";
import { statSync } from "node:fs";
import { join } from "node:path";
import { insertNotification } from "../../src/notifications/store.ts";
import { installAssignment } from "../../src/assignment/install.ts";
import { vapidKeys } from "../../src/push/vapid.ts";
import { postForm } from "../helpers/app.ts";
import { pushFixture, vapidClaims } from "./fixture.ts";

let stops: (() => void)[] = [];
afterEach(() => {
  for (const s of stops) s();
  stops = [];
});

async function fixture() {
  const f = await pushFixture();
  stops.push(f.service.stop);
  return f;
}

function subscriptionCount(f: Awaited<ReturnType<typeof fixture>>, userId: number): number {
  return f.t.db
    .query<{ n: number }, [number]>("SELECT count(*) AS n FROM push_subscriptions WHERE user_id = ?")
    .get(userId)!.n;
}

describe("web push, end to end against a local push service", () => {
  test("a customer's message reaches the agent's browser encrypted, signed with VAPID, and opens the conversation", async () => {
    const f = await fixture();
    const phone = f.service.browser("sam-phone");
    expect((await f.subscribe(f.sam, phone)).status).toBe(201);
    const r = f.receive(f.sales, { senderName: "Ann Example", text: "Is my order ready?" });
    const pushes = await f.deliver();
    expect(pushes.map((p) => p.payload)).toEqual([
      {
        title: "Ann Example",
        body: "Is my order ready?",
        url: `/inbox/c/${r.conversationId}`,
        tag: `conv-${r.conversationId}`,
      },
    ]);
    const headers = pushes[0]!.headers;
    expect(headers.get("content-encoding")).toBe("aes128gcm");
    expect(Number(headers.get("ttl"))).toBeGreaterThan(0);
    const keys = vapidKeys(f.dataDir);
    const claims = vapidClaims(headers.get("authorization")!, keys.publicKey);
    expect(claims.aud).toBe(f.service.origin);
    // The keys were made on first use, into the data directory, readable by the server's user only.
    expect(statSync(join(f.dataDir, "vapid.json")).mode & 0o777).toBe(0o600);
  });

  test("nobody gets pushes for a channel they cannot reach; an assigned conversation goes to its assignee only", async () => {
    const f = await fixture();
    expect((await f.subscribe(f.sam, f.service.browser("sam"))).status).toBe(201);
    expect((await f.subscribe(f.admin, f.service.browser("admin"))).status).toBe(201);
    f.receive(f.support, { senderName: "Bob", text: "Support question" });
    expect((await f.deliver()).map((p) => [p.path, p.payload.body])).toEqual([
      ["/push/admin", "Support question"],
    ]);
    const conv = f.receive(f.sales, { senderName: "Cy", text: "first" });
    f.t.db
      .query("UPDATE conversations SET assigned_user_id = ? WHERE id = ?")
      .run(f.sam.userId, conv.conversationId);
    f.receive(f.sales, { senderName: "Cy", text: "for Sam only" });
    const after = (await f.deliver()).slice(1);
    expect(after.filter((p) => p.payload.body === "for Sam only").map((p) => p.path)).toEqual(["/push/sam"]);
  });

  test("access is checked when the push is sent: someone who lost the channel meanwhile gets nothing", async () => {
    const f = await fixture();
    expect((await f.subscribe(f.sam, f.service.browser("sam"))).status).toBe(201);
    f.receive(f.sales, { text: "queued before the change" });
    f.t.db.query("DELETE FROM user_group_members WHERE user_id = ?").run(f.sam.userId);
    expect(await f.deliver()).toEqual([]);
  });

  test("410 Gone removes the subscription; a 500 is retried later by the job queue", async () => {
    const f = await fixture();
    expect((await f.subscribe(f.sam, f.service.browser("sam"))).status).toBe(201);
    f.service.answerNext([500]);
    f.receive(f.sales, { text: "retried" });
    expect(await f.deliver()).toEqual([]);
    const job = f.t.db
      .query<{ status: string; attempts: number }, []>(
        "SELECT status, attempts FROM jobs WHERE kind = 'push.send'",
      )
      .get()!;
    expect(job).toEqual({ status: "pending", attempts: 1 });
    f.t.advance(60 * 60 * 1000);
    expect((await f.deliver()).map((p) => p.payload.body)).toEqual(["retried"]);
    f.service.answerNext([410]);
    f.receive(f.sales, { text: "to a browser that is gone" });
    await f.deliver();
    expect(f.service.raw.map((r) => r.status)).toEqual([500, 201, 410]);
    expect(subscriptionCount(f, f.sam.userId)).toBe(0);
  });

  test("a mention in a private note pushes to the colleague and opens the conversation at the note", async () => {
    const f = await fixture();
    expect((await f.subscribe(f.sam, f.service.browser("sam"))).status).toBe(201);
    const c = f.receive(f.sales, { senderName: "Ann", text: "hello" });
    await f.deliver();
    f.service.received.length = 0;
    const res = await f.post(`/inbox/c/${c.conversationId}/notes`, f.admin, {
      text: "@Sam Agent please call her back",
      mention: String(f.sam.userId),
    });
    expect(res.status).toBe(200);
    const pushes = await f.deliver();
    expect(pushes.map((p) => p.payload.title)).toEqual(["Admin mentioned you in a note"]);
    expect(pushes[0]!.payload.url).toMatch(
      new RegExp(`^/inbox/c/${c.conversationId}\\?note=\\d+#note-\\d+$`),
    );
    expect(pushes[0]!.payload.body).toContain("please call her back");
    // It counts as a mention: with mentions off (everything else on) the bell alone has it.
    await postForm(f.t, "/settings/notifications", f.sam, {
      kinds: ["new_messages", "assignments", "other"],
    });
    await f.post(`/inbox/c/${c.conversationId}/notes`, f.admin, {
      text: "@Sam Agent again",
      mention: String(f.sam.userId),
    });
    expect((await f.deliver()).length).toBe(1);
  });

  test("assigning a conversation to a colleague pushes to them under Assignments", async () => {
    const f = await fixture();
    installAssignment(f.t.services, { clock: f.t.clock });
    expect((await f.subscribe(f.sam, f.service.browser("sam"))).status).toBe(201);
    const c = f.receive(f.sales, { senderName: "Ann Example", text: "hello" });
    await f.deliver();
    f.service.received.length = 0;
    const res = await postForm(f.t, `/inbox/c/${c.conversationId}/assign`, f.admin, {
      to: String(f.sam.userId),
    });
    expect(res.status).toBe(303);
    const pushes = await f.deliver();
    expect(pushes.map((p) => [p.payload.title, p.payload.body, p.payload.url])).toEqual([
      ["Admin assigned you a conversation", "Ann Example", `/inbox/c/${c.conversationId}`],
    ]);
  });

  test("the settings say which kinds to push and when to keep quiet", async () => {
    const f = await fixture();
    expect((await f.subscribe(f.sam, f.service.browser("sam"))).status).toBe(201);
    // Mentions off: a mention notification stays in the bell only.
    let res = await postForm(f.t, "/settings/notifications", f.sam, {
      kinds: ["new_messages", "assignments", "other"],
      quietFrom: "",
      quietTo: "",
      tz: "Europe/London",
    });
    expect(res.status).toBe(303);
    insertNotification(
      f.t.db,
      { userId: f.sam.userId, title: "Mention", body: "@Sam look", href: "/inbox", kind: "mentions" },
      f.t.clock(),
    );
    insertNotification(
      f.t.db,
      { userId: f.sam.userId, title: "Assigned", body: "to you", href: "/inbox", kind: "assignments" },
      f.t.clock(),
    );
    expect((await f.deliver()).map((p) => p.payload.title)).toEqual(["Assigned"]);
    // Quiet all day long (09:00 UTC is 09:00 in London in January): nothing is pushed.
    res = await postForm(f.t, "/settings/notifications", f.sam, {
      kinds: ["new_messages"],
      quietFrom: "08:00",
      quietTo: "10:00",
      tz: "Europe/London",
    });
    expect(res.status).toBe(303);
    f.receive(f.sales, { text: "during quiet hours" });
    expect((await f.deliver()).length).toBe(1);
    const page = await (await f.t.request("/settings/notifications", { session: f.sam })).text();
    expect(page).toContain('value="08:00"');
    expect(page).toContain("now Europe/London");
    expect(page).toContain("Push is on in one of your browsers.");
  });
});
