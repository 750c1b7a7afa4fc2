import { afterEach, describe, expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import { installWebhooks } from "../../src/webhooks/install.ts";
import { findEndpoint, listDeliveries } from "../../src/webhooks/store.ts";
import { addUser, adminSession, postForm, signIn } from "../helpers/app.ts";
import { makeIntegrationApp } from "../api/helpers.ts";
import { makeChannel } from "../inbox/fixtures.ts";
import { SECRET, startReceiver } from "./fixtures.ts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

async function setup(statuses: number[] = []) {
  const t = makeIntegrationApp();
  installWebhooks(t.services, { ...t.core, secret: SECRET });
  const receiver = startReceiver(statuses);
  cleanups.push(receiver.stop);
  const admin = await adminSession(t);
  return { t, receiver, admin };
}

describe("webhook settings pages", () => {
  test("an admin adds an endpoint, sends a test event and sees it delivered, signed, in the log", async () => {
    const { t, receiver, admin } = await setup();
    const a = makeChannel(t.db);
    const created = await postForm(t, "/settings/webhooks", admin, {
      url: receiver.url,
      name: "CRM",
      events: ["message.inbound", "channel.status"],
      channelIds: [String(a)],
      active: "1",
    });
    expect(created.status).toBe(303);
    const location = created.headers.get("location")!;
    expect(location).toMatch(/^\/settings\/webhooks\/1\?notice=created$/);
    const ep = findEndpoint(t.db, 1)!;
    expect(ep).toMatchObject({
      name: "CRM",
      url: receiver.url,
      events: ["message.inbound", "channel.status"],
      channelIds: [a],
      active: true,
    });
    expect(ep.secret).toStartWith("whsec_");

    expect((await postForm(t, "/settings/webhooks/1/test", admin, {})).status).toBe(303);
    await t.services.jobs.drain();
    expect(receiver.received).toHaveLength(1);
    const req = receiver.received[0]!;
    const expected = createHmac("sha256", ep.secret)
      .update(`${req.headers.get("x-pairbox-timestamp")}.${req.body}`)
      .digest("hex");
    expect(req.headers.get("x-pairbox-signature")).toBe(`sha256=${expected}`);
    expect(JSON.parse(req.body)).toMatchObject({ type: "webhook.test", data: { endpoint_id: 1 } });

    const page = await (await t.request("/settings/webhooks/1", { session: admin })).text();
    expect(page).toContain("Delivered");
    expect(page).toContain("webhook.test");
    expect(page).toContain("Finished deliveries are kept for 30 days");
    expect(page).toContain(ep.secret);
    const list = await (await t.request("/settings/webhooks", { session: admin })).text();
    expect(list).toContain("CRM");
  });

  test("Resend delivers a failed delivery again and the log keeps counting its tries", async () => {
    const { t, receiver, admin } = await setup([404]);
    await postForm(t, "/settings/webhooks", admin, {
      url: receiver.url,
      events: ["message.inbound"],
      active: "1",
    });
    await postForm(t, "/settings/webhooks/1/test", admin, {});
    await t.services.jobs.drain();
    const failed = listDeliveries(t.db, 1, 1)[0]!;
    expect(failed).toMatchObject({ status: "failed", attempts: 1, response_status: 404 });
    const detail = await (
      await t.request(`/settings/webhooks/1/deliveries/${failed.id}`, { session: admin })
    ).text();
    expect(detail).toContain("nope 404");
    expect(detail).toContain("Resend");

    expect((await postForm(t, `/settings/webhooks/1/deliveries/${failed.id}/resend`, admin, {})).status).toBe(
      303,
    );
    await t.services.jobs.drain();
    expect(listDeliveries(t.db, 1, 1)[0]).toMatchObject({
      status: "succeeded",
      attempts: 2,
      response_status: 200,
    });
    expect(receiver.received.map((r) => r.status)).toEqual([404, 200]);
    expect(new Set(receiver.received.map((r) => r.headers.get("x-pairbox-delivery"))).size).toBe(1);
  });

  test("bad input is refused with the reason next to the field", async () => {
    const { t, admin } = await setup();
    const res = await postForm(t, "/settings/webhooks", admin, { url: "ftp://example.com/x", active: "1" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Enter an http:// or https:// URL.");
    expect(html).toContain("Pick at least one event.");
    expect(findEndpoint(t.db, 1)).toBeNull();
  });

  test("edit, rotate the secret, pause and delete", async () => {
    const { t, receiver, admin } = await setup();
    await postForm(t, "/settings/webhooks", admin, {
      url: receiver.url,
      events: ["message.inbound"],
      active: "1",
    });
    const before = findEndpoint(t.db, 1)!.secret;
    await postForm(t, "/settings/webhooks/1/rotate", admin, {});
    expect(findEndpoint(t.db, 1)!.secret).not.toBe(before);
    await postForm(t, "/settings/webhooks/1", admin, { url: receiver.url, events: ["message.status"] });
    expect(findEndpoint(t.db, 1)).toMatchObject({ events: ["message.status"], active: false });
    await postForm(t, "/settings/webhooks/1/delete", admin, {});
    expect(findEndpoint(t.db, 1)).toBeNull();
  });

  test("people without integrations.manage cannot see or change webhooks", async () => {
    const { t, receiver } = await setup();
    await addUser(t, "agent@example.com");
    const agent = await signIn(t, "agent@example.com");
    expect((await t.request("/settings/webhooks", { session: agent })).status).toBe(403);
    expect(
      (
        await postForm(t, "/settings/webhooks", agent, {
          url: receiver.url,
          events: ["message.inbound"],
          active: "1",
        })
      ).status,
    ).toBe(403);
    expect(findEndpoint(t.db, 1)).toBeNull();
    const tabs = await (await t.request("/settings/account", { session: agent })).text();
    expect(tabs).not.toContain("/settings/webhooks");
  });
});
