import { beforeEach, describe, expect, test } from "bun:test";
import { postForm } from "../helpers/app.ts";
import { channelsFixture, connectedSalesChannel, page } from "./fixture.ts";

/**
 * Demo mode: the simulator's inject form produces each kind issue 15 receives (a reaction, an edit,
 * a delete for everyone, a quote, view once, a message that arrives undecryptable first), and the
 * inbox's own reply, reaction, edit and delete reach the simulated phone.
 */

let f: Awaited<ReturnType<typeof channelsFixture>>;
let ch: Awaited<ReturnType<typeof connectedSalesChannel>>;

beforeEach(async () => {
  f = await channelsFixture();
  ch = await connectedSalesChannel(f);
});

function inject(fields: Record<string, string>, file?: File) {
  const body = new FormData();
  body.set("_csrf", f.admin.csrf);
  for (const [k, v] of Object.entries({ fromPhone: "+447700900123", name: "Ana", text: "", ...fields }))
    body.set(k, v);
  if (file) body.set("file", file);
  return f.t.request(`/channels/${ch.id}/inject`, { method: "POST", session: f.admin, body });
}

const conversation = async () => (await page(f.t, `/inbox/c/${ch.conv}`, f.admin)).html;
const first = () =>
  f.t.db
    .query<{ id: number; wa_id: string; text: string }, []>(
      "SELECT id, wa_id, text FROM messages WHERE direction = 'inbound' ORDER BY id LIMIT 1",
    )
    .get()!;

async function waitFor(what: string, check: () => boolean | Promise<boolean>) {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await Bun.sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("the inject form's kinds", () => {
  test("a reaction lands under the customer's newest message with her name, and is taken back", async () => {
    expect((await inject({ kind: "reaction", emoji: "👍" })).status).toBe(303);
    const html = await conversation();
    expect(html).toContain('<span class="reaction-emoji">👍</span>');
    expect(html).toContain('<span class="reaction-who">Ana</span>');
    // Not a new message: one row, no second bubble.
    expect(f.t.db.query<{ n: number }, []>("SELECT count(*) AS n FROM messages").get()!.n).toBe(1);
    // The customer's record shows it in its WhatsApp timeline too (without the inbox's actions).
    const made = await postForm(f.t, "/records/contacts", f.admin, {
      conversation: String(ch.conv),
      first_name: "Ana",
      phones: "+447700900123",
    });
    const record = (await page(f.t, made.headers.get("location")!, f.admin)).html;
    expect(record).toContain('<span class="reaction-emoji">👍</span>');
    expect(record).not.toContain("/inbox/m/");
    expect((await inject({ kind: "reaction", emoji: "" })).status).toBe(303);
    expect(await conversation()).not.toContain("reaction-emoji");
  });

  test("an edit shows the new text and 'edited'; a delete shows 'This message was deleted'", async () => {
    expect((await inject({ kind: "edit", text: "first, corrected" })).status).toBe(303);
    expect(first().text).toBe("first, corrected");
    let html = await conversation();
    expect(html).toContain("<summary>edited</summary>");
    expect(html).toContain('<li dir="auto">first</li>');
    expect((await inject({ kind: "revoke", target: first().wa_id })).status).toBe(303);
    html = await conversation();
    expect(html).toContain("This message was deleted");
    expect(html).toContain("<summary>Show original</summary>");
    // The list's preview does not show the deleted text either.
    const list = (await page(f.t, "/inbox", f.admin)).html;
    expect(list).toContain("This message was deleted");
    expect(list).not.toContain("first, corrected");
  });

  test("a wrong field is refused next to it: a reaction that is not an emoji, an unknown id format", async () => {
    const bad = await inject({ kind: "reaction", emoji: "yes" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("One emoji, or leave it empty");
    const id = await inject({ kind: "edit", text: "x", target: "not an id!" });
    expect(id.status).toBe(422);
    expect(await id.text()).toContain("A WhatsApp message id is letters and digits");
  });

  test("a quote of the chat's newest message, and a view-once photo", async () => {
    expect((await inject({ text: "that one", quoteLatest: "1" })).status).toBe(303);
    expect(await conversation()).toContain('<blockquote class="quote">first</blockquote>');
    const photo = new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2])], "p.jpg", { type: "image/jpeg" });
    expect((await inject({ viewOnce: "1" }, photo)).status).toBe(303);
    expect(await conversation()).toContain("View once</p>");
    const refused = await inject({ viewOnce: "1", text: "no file" });
    expect(refused.status).toBe(422);
  });

  test("undecryptable first: a placeholder, then the retried message in the same row", async () => {
    expect((await inject({ text: "arrives late", undecryptable: "1" })).status).toBe(303);
    const row = () =>
      f.t.db
        .query<{ id: number; text: string; awaiting_content: number }, []>(
          "SELECT id, text, awaiting_content FROM messages ORDER BY id DESC LIMIT 1",
        )
        .get()!;
    const placeholder = row();
    // The simulator retries after 1.5 s, as WhatsApp's resend takes a moment.
    expect(placeholder.awaiting_content).toBe(1);
    expect(await conversation()).toContain("Waiting for this message…");
    await waitFor("the retried message", () => row().awaiting_content === 0);
    expect(row()).toEqual({ id: placeholder.id, text: "arrives late", awaiting_content: 0 });
    expect(await conversation()).not.toContain("Waiting for this message");
  });
});

describe("from the inbox to the simulated phone", () => {
  const sent = () => f.t.sessions.simulator!.sent(ch.id).map((s) => s.payload);

  test("Reply, React, Edit and Delete for everyone each reach the phone, and the bubble follows", async () => {
    const m = first();
    // The Reply link names the message; without script it opens the box replying to it.
    expect(await conversation()).toContain(`?reply_to=${m.id}#reply`);
    expect((await page(f.t, `/inbox/c/${ch.conv}?reply_to=${m.id}`, f.admin)).html).toContain(
      `<input type="hidden" name="reply_to" value="${m.id}"/>`,
    );
    const body = new FormData();
    body.set("_csrf", f.admin.csrf);
    body.set("text", "on it");
    body.set("reply_to", String(m.id));
    await f.t.request(`/inbox/c/${ch.conv}/send`, { method: "POST", body, session: f.admin });
    await waitFor("the reply", () => sent().some((p) => p.type === "text"));
    expect(sent().find((p) => p.type === "text")).toMatchObject({ text: "on it", quote: { waId: m.wa_id } });

    expect((await postForm(f.t, `/inbox/m/${m.id}/react`, f.admin, { emoji: "❤️" })).status).toBe(303);
    expect(sent().at(-1)).toMatchObject({ type: "reaction", emoji: "❤️", target: { waId: m.wa_id } });
    expect(await conversation()).toContain('<span class="reaction-who">You</span>');

    const ours = f.t.db
      .query<{ id: number }, []>("SELECT id FROM messages WHERE direction = 'outbound'")
      .get()!.id;
    expect((await postForm(f.t, `/inbox/m/${ours}/edit`, f.admin, { text: "on it now" })).status).toBe(303);
    expect(sent().at(-1)).toMatchObject({ type: "edit", text: "on it now" });
    expect((await postForm(f.t, `/inbox/m/${ours}/delete`, f.admin, {})).status).toBe(303);
    expect(sent().at(-1)).toMatchObject({ type: "revoke" });
    expect(await conversation()).toContain("This message was deleted");
  });

  test("after WhatsApp's limits the inbox refuses with the reason; an agent without the channel gets 404", async () => {
    const m = first();
    const body = new FormData();
    body.set("_csrf", f.admin.csrf);
    body.set("text", "later");
    await f.t.request(`/inbox/c/${ch.conv}/send`, { method: "POST", body, session: f.admin });
    await waitFor("the send", () => sent().length > 0);
    const ours = f.t.db
      .query<{ id: number }, []>("SELECT id FROM messages WHERE direction = 'outbound'")
      .get()!.id;
    f.t.advance(16 * 60 * 1000);
    const late = await postForm(f.t, `/inbox/m/${ours}/edit`, f.admin, { text: "too late" });
    expect(late.status).toBe(422);
    expect(await late.text()).toContain("within 15 minutes");
    // The Edit action is no longer offered on the bubble either.
    expect(await conversation()).not.toContain(`/inbox/m/${ours}/edit`);
    expect((await postForm(f.t, `/inbox/m/${m.id}/react`, f.una, { emoji: "👍" })).status).toBe(404);
    expect(sent().filter((p) => p.type === "reaction")).toEqual([]);
  });
});
