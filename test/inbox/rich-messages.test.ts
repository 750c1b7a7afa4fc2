import { beforeEach, describe, expect, test } from "bun:test";
import { postForm } from "../helpers/app.ts";
import { channelsFixture, page, type ChannelsFixture } from "../channels/fixture.ts";
import { createRecord } from "../../src/records/records.ts";
import { emptyInput } from "../../src/records/validate.ts";

/**
 * Demo mode, end to end over HTTP: the inject form delivers polls, votes, contact cards, locations
 * and tapped replies as the Baileys driver reports them; the inbox shows each and sends polls,
 * locations and contact cards through the simulator.
 */

const ANA = "+447700900123";
let f: ChannelsFixture;
let channelId: number;

async function inject(fields: Record<string, string>) {
  const body = new FormData();
  body.set("_csrf", f.admin.csrf);
  body.set("fromPhone", ANA);
  body.set("name", "Ana");
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  return f.t.request(`/channels/${channelId}/inject`, { method: "POST", session: f.admin, body });
}

const conversationId = () =>
  f.t.db.query<{ id: number }, []>("SELECT id FROM conversations ORDER BY id LIMIT 1").get()!.id;
const conversationHtml = async () => (await page(f.t, `/inbox/c/${conversationId()}`, f.admin)).html;
const lastMessage = () =>
  f.t.db
    .query<{ type: string; text: string; detail: string | null }, []>(
      "SELECT type, text, detail FROM messages ORDER BY id DESC LIMIT 1",
    )
    .get()!;

beforeEach(async () => {
  f = await channelsFixture();
  const res = await postForm(f.t, "/channels", f.admin, {
    phone: "+14302028897",
    name: "Sales",
    access: "all",
  });
  channelId = Number(/\/channels\/(\d+)/.exec(res.headers.get("location") ?? "")?.[1]);
  await postForm(f.t, `/channels/${channelId}/scan`, f.admin, {});
});

describe("received kinds through the simulator", () => {
  test("a poll arrives with its options, votes show as a live tally with the voters, a later vote replaces the earlier", async () => {
    const { id: anaId } = createRecord(
      f.t.db,
      "contact",
      { ...emptyInput(), first_name: "Ana" },
      [{ e164: ANA, original: ANA }],
      Date.now(),
    );
    expect(
      (await inject({ content: "poll", text: "Which day suits?\nMonday\nTuesday\nFriday" })).status,
    ).toBe(303);
    expect(lastMessage().type).toBe("poll");
    let html = await conversationHtml();
    expect(html).toContain("Which day suits?");
    expect(html).toContain("Select one");
    // The list says what it is, without the emoji the text starts with.
    const list = (await page(f.t, "/inbox", f.admin)).html;
    expect(list).toContain("<bdi>Poll: Which day suits?</bdi>");
    expect((await inject({ content: "vote", text: "Tuesday" })).status).toBe(303);
    html = await conversationHtml();
    expect(html).toMatch(
      /data-votes="1"><span class="poll-name" dir="auto">Tuesday<\/span> <span class="poll-count">1<\/span>/,
    );
    expect(html).toContain('<span class="poll-voters muted">Ana</span>');
    // Ana changes her mind: her vote moves, it does not count twice.
    await inject({ content: "vote", text: "Friday" });
    html = await conversationHtml();
    expect(html).toMatch(/data-votes="0"><span class="poll-name" dir="auto">Tuesday/);
    expect(html).toMatch(/data-votes="1"><span class="poll-name" dir="auto">Friday/);
    expect(html).toContain("1 vote");
    // Her record's timeline shows the same tally.
    expect((await page(f.t, `/records/contacts/${anaId}`, f.admin)).html).toMatch(
      /data-votes="1"><span class="poll-name" dir="auto">Friday/,
    );
  });

  test("a vote naming an option the poll lacks is refused next to the text box", async () => {
    await inject({ content: "poll", text: "Colour?\nRed\nBlue" });
    const res = await inject({ content: "vote", text: "Green" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Not an option of &quot;Colour?&quot;: Green");
  });

  test("a poll with one option is refused with the rule", async () => {
    const res = await inject({ content: "poll", text: "Only?\nOne" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("then 2 to 12 options, one per line");
  });

  test("a contact card shows its name and every number, each opening its record or creating one", async () => {
    const { id: bobId } = createRecord(
      f.t.db,
      "contact",
      { ...emptyInput(), first_name: "Bob", last_name: "Stone" },
      [{ e164: "+447700900456", original: "+447700900456" }],
      Date.now(),
    );
    const vcard =
      "BEGIN:VCARD\nVERSION:3.0\nFN:Bob Stone\nitem1.TEL;waid=447700900456:+44 7700 900456\nTEL;type=WORK:+1 415 555 0199\nEND:VCARD";
    expect((await inject({ content: "contact", text: vcard })).status).toBe(303);
    expect(lastMessage().type).toBe("contact");
    const html = await conversationHtml();
    expect(html).toContain("</svg> Bob Stone</div>");
    expect(html).toContain(
      `<a class="button small secondary" href="/records/contacts/${bobId}">Open Bob Stone</a>`,
    );
    expect(html).toContain('<span class="contact-phone">+14155550199</span>');
    expect(html).toContain(
      "/records/contacts/new?phones=%2B14155550199&amp;first_name=Bob&amp;last_name=Stone",
    );
    // The create link fills the new record's form.
    const form = await page(
      f.t,
      "/records/contacts/new?phones=%2B14155550199&first_name=Bob&last_name=Stone",
      f.admin,
    );
    expect(form.html).toContain('value="Bob"');
    expect(form.html).toContain("+14155550199");
  });

  test("several vCards one after another arrive as one message with every card", async () => {
    const card = (name: string, phone: string) =>
      `BEGIN:VCARD\nVERSION:3.0\nFN:${name}\nTEL:${phone}\nEND:VCARD`;
    await inject({
      content: "contact",
      text: `${card("Ann One", "+447700900001")}\n${card("Ben Two", "+447700900002")}`,
    });
    expect(lastMessage().text).toBe("👤 Ann One, Ben Two");
    const html = await conversationHtml();
    expect(html).toContain('<span class="contact-phone">+447700900001</span>');
    expect(html).toContain('<span class="contact-phone">+447700900002</span>');
  });

  test("a location and a live location show their coordinates and a map link", async () => {
    await inject({ content: "location", text: "51.5014,-0.1419\nBuckingham Palace" });
    expect(lastMessage()).toMatchObject({ type: "location", text: "📍 Buckingham Palace" });
    await inject({ content: "live", text: "48.8584,2.2945" });
    const html = await conversationHtml();
    expect(html).toContain(
      "https://www.openstreetmap.org/?mlat=51.501400&amp;mlon=-0.141900#map=16/51.501400/-0.141900",
    );
    expect(html).toContain("Buckingham Palace");
    expect(html).toContain('<strong class="live-badge">Live location</strong>');
    expect(html).toContain("48.858400, 2.294500");
  });

  test("a tapped button reply shows its text, never an empty row", async () => {
    await inject({ content: "reply", text: "Yes, book it" });
    expect(lastMessage()).toMatchObject({ type: "other", text: "Yes, book it" });
    expect(await conversationHtml()).toContain("Yes, book it");
  });
});

describe("albums and unknown kinds through the simulator", () => {
  test("an album arrives first, then its photo naming it", async () => {
    const body = new FormData();
    body.set("_csrf", f.admin.csrf);
    body.set("fromPhone", ANA);
    body.set("name", "Ana");
    body.set("content", "album");
    body.set("text", "Our stand");
    body.set(
      "file",
      new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])], "stand.jpg", { type: "image/jpeg" }),
    );
    const res = await f.t.request(`/channels/${channelId}/inject`, {
      method: "POST",
      session: f.admin,
      body,
    });
    expect(res.status).toBe(303);
    const rows = f.t.db
      .query<{ type: string; text: string; detail: string; wa_id: string }, []>(
        "SELECT type, text, detail, wa_id FROM messages ORDER BY id",
      )
      .all();
    expect(rows.map((r) => [r.type, r.text])).toEqual([
      ["other", "🖼 Album: 1 photo"],
      ["image", "Our stand"],
    ]);
    expect(JSON.parse(rows[1]!.detail)).toEqual({ kind: "album-item", albumWaId: rows[0]!.wa_id });
    const html = await conversationHtml();
    expect(html).toContain("Part of an album");
    expect(html).toContain("</svg> Album: 1 photo</div>");
  });

  test("an album without its photo is refused next to the file field", async () => {
    const res = await inject({ content: "album", text: "x" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Attach the album&#39;s photo or video.");
  });

  test("a kind nobody reads is a row naming its type", async () => {
    await inject({ content: "unsupported", text: "newsletterAdminInviteMessage" });
    expect(lastMessage()).toMatchObject({
      type: "other",
      text: "Unsupported message (type newsletterAdminInviteMessage)",
    });
  });
});

describe("sending from the inbox through the simulator", () => {
  beforeEach(async () => {
    await inject({ text: "hello" });
  });

  const share = (kind: string, fields: Record<string, string>) =>
    postForm(f.t, `/inbox/c/${conversationId()}/share/${kind}`, f.admin, fields);

  test("the conversation links to the poll, location and contact card forms", async () => {
    const html = await conversationHtml();
    expect(html).toContain(`href="/inbox/c/${conversationId()}/share?kind=poll"`);
    expect((await page(f.t, `/inbox/c/${conversationId()}/share?kind=poll`, f.admin)).html).toContain(
      "Send a poll",
    );
  });

  test("a poll is sent with its options and single choice; Ana's vote shows on our bubble", async () => {
    const res = await share("poll", {
      question: "Pick a slot",
      options: "9:00\n11:00\n14:00",
      key: "k-poll-0001",
    });
    expect(res.status).toBe(303);
    await f.t.sessions.idle();
    const sent = f.t.sessions.simulator!.sent(channelId).at(-1)!;
    expect(sent.payload).toEqual({
      type: "poll",
      question: "Pick a slot",
      options: ["9:00", "11:00", "14:00"],
      selectableCount: 1,
    });
    await inject({ content: "vote", text: "11:00" });
    expect(await conversationHtml()).toMatch(/data-votes="1"><span class="poll-name" dir="auto">11:00/);
  });

  test("a poll form with duplicate or too few options comes back with the error next to Options", async () => {
    const res = await share("poll", { question: "Q", options: "A\nA" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Each option must be different.");
    expect(html).toContain("A\nA</textarea>");
    const few = await share("poll", { question: "Q", options: "A" });
    expect(await few.text()).toContain("Give at least 2 options.");
  });

  test("a location is sent with its coordinates and name; bad coordinates are refused next to the field", async () => {
    const bad = await share("location", { latitude: "north", longitude: "200" });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain("A number in degrees, like 51.5014");
    expect(html).toContain("Longitude is between -180 and 180.");
    expect(
      (await share("location", { latitude: "51.5014", longitude: "-0.1419", name: "Office" })).status,
    ).toBe(303);
    await f.t.sessions.idle();
    expect(f.t.sessions.simulator!.sent(channelId).at(-1)!.payload).toEqual({
      type: "location",
      latitude: 51.5014,
      longitude: -0.1419,
      name: "Office",
      address: null,
    });
  });

  test("a record's contact card is found by name and sent with every phone in its vCard", async () => {
    const { id } = createRecord(
      f.t.db,
      "contact",
      { ...emptyInput(), first_name: "Cara", last_name: "Lind" },
      [
        { e164: "+447700900789", original: "07700 900789" },
        { e164: "+14155550123", original: "+1 415 555 0123" },
      ],
      Date.now(),
    );
    const picker = await page(f.t, `/inbox/c/${conversationId()}/share?kind=contact&q=Cara`, f.admin);
    expect(picker.html).toContain("Cara Lind (Contact)");
    expect((await share("contact", { record: String(id) })).status).toBe(303);
    await f.t.sessions.idle();
    const payload = f.t.sessions.simulator!.sent(channelId).at(-1)!.payload;
    expect(payload.type).toBe("contact");
    const vcard = payload.type === "contact" ? payload.contacts[0]!.vcard : "";
    expect(vcard).toContain("FN:Cara Lind");
    expect(vcard).toContain("waid=447700900789:+447700900789");
    expect(vcard).toContain("waid=14155550123:+14155550123");
    expect(await conversationHtml()).toContain("</svg> Cara Lind</div>");
  });
});
