import { beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { postForm, type Session, type TestApp } from "../helpers/app.ts";
import { channelsFixture, seedChannel } from "../channels/fixture.ts";
import { ATTR_BREAK, EMOJI_RTL, HUGE, liveMarkup, TRAVERSAL, WIN_TRAVERSAL, XSS } from "./hostile.ts";
import { cleanDisplayName } from "../../src/display-name.ts";

let t: TestApp;
let admin: Session;
let channelId = 0;

async function get(path: string): Promise<{ status: number; html: string; headers: Headers }> {
  const res = await t.request(path, { session: admin });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

const messageOf = (waId: string) =>
  t.db
    .query<
      {
        id: number;
        conversation_id: number;
        text: string;
        sender_name: string;
        media_filename: string | null;
        media_status: string | null;
        media_sha256: string | null;
      },
      [string]
    >(
      "SELECT id, conversation_id, text, sender_name, media_filename, media_status, media_sha256 FROM messages WHERE wa_id = ?",
    )
    .get(waId);

beforeAll(async () => {
  const f = await channelsFixture({ demo: true, maxUploadMb: 1 });
  t = f.t;
  admin = f.admin;
  channelId = seedChannel(t, "+14302028897", { name: "Front desk" });
  await t.sessions.start(channelId);
  await t.sessions.simulator!.scan(channelId);
});

describe("hostile messages through the driver boundary are stored as sent and shown escaped", () => {
  const cases = [
    { waId: "3AXSSNAME", name: XSS, text: "hi" },
    { waId: "3AXSSTEXT", name: "Ann", text: `${XSS} ${ATTR_BREAK}` },
    {
      waId: "3ACAPTION",
      name: "Bo",
      text: `caption ${XSS}`,
      file: { name: `${XSS}.pdf`, mime: "application/pdf" },
    },
    { waId: "3ATRAVERSE", name: "Cy", text: "", file: { name: TRAVERSAL, mime: "application/pdf" } },
    { waId: "3AWINTRAV", name: "Di", text: "", file: { name: WIN_TRAVERSAL, mime: "text/plain" } },
    { waId: "3AHUGE", name: "Ed", text: HUGE },
    { waId: "3AEMOJI", name: EMOJI_RTL, text: EMOJI_RTL },
  ];

  for (const c of cases) {
    test(`${c.waId}: text stored exactly, and no page renders live markup`, async () => {
      const phone = `+4477009${String(cases.indexOf(c)).padStart(5, "0")}`;
      const file = c.file
        ? { bytes: new TextEncoder().encode(`%PDF-1.4 ${c.waId}`), fileName: c.file.name, mime: c.file.mime }
        : null;
      await t.sessions.simulator!.inject(channelId, {
        fromPhone: phone,
        name: c.name,
        text: c.text,
        file,
        waId: c.waId,
      });
      const m = messageOf(c.waId)!;
      expect(m.text).toBe(c.text);
      // Texts are kept as sent; names lose the bidi controls that could disguise them (issue 12, point 6).
      expect(m.sender_name).toBe(cleanDisplayName(c.name));
      if (c.file) expect(m.media_status).toBe("stored");
      for (const path of [
        "/inbox",
        "/inbox/list",
        `/inbox/c/${m.conversation_id}`,
        "/inbox?q=alert",
        "/inbox?q=caption",
        `/channels/${channelId}`,
      ]) {
        const page = await get(path);
        expect(page.status).toBe(200);
        expect({ path, live: liveMarkup(page.html) }).toEqual({ path, live: [] });
      }
      const view = (await get(`/inbox/c/${m.conversation_id}`)).html;
      if (c.name === XSS || c.text.includes(XSS)) expect(view).toContain("&lt;script&gt;alert(");
      if (c.name === EMOJI_RTL) expect(view).toContain("مرحبا");
    });
  }

  test("media over the size cap from WhatsApp is refused before it is stored, and the message still shows", async () => {
    await t.sessions.simulator!.inject(channelId, {
      fromPhone: "+447700900888",
      name: "Huge media",
      text: "a big one",
      waId: "3AOVERCAP",
      file: { bytes: new Uint8Array(2 * 1024 * 1024), fileName: "big.pdf", mime: "application/pdf" },
    });
    const m = messageOf("3AOVERCAP")!;
    expect(m.media_status).toBe("too_large");
    expect(m.media_sha256).toBeNull();
    const view = await get(`/inbox/c/${m.conversation_id}`);
    expect(view.status).toBe(200);
    expect((await get(`/media/${m.id}`)).status).toBe(404);
  });

  test("a file name with ../ never leaves the content-addressed media folder", () => {
    const m = messageOf("3ATRAVERSE")!;
    const media = t.deps.services.media.path(m.media_sha256!);
    expect(media).not.toContain("traversal");
    const mediaRoot = join(media, "..", "..");
    for (const dir of [mediaRoot, join(mediaRoot, ".."), join(mediaRoot, "..", "..")]) {
      expect(existsSync(join(dir, "pairbox-traversal-probe.txt"))).toBe(false);
    }
  });

  // The name is a label: stored and sent back as its base name only (src/file-name.ts).
  test("the download of a file named ../../x names no path", async () => {
    const m = messageOf("3ATRAVERSE")!;
    const res = await get(`/media/${m.id}`);
    expect(res.status).toBe(200);
    const disposition = res.headers.get("content-disposition") ?? "";
    expect(disposition).not.toContain("../");
    expect(disposition).not.toContain("..\\");
  });
});

describe("the inject form (demo mode) and the compose form refuse bad input with a clear 4xx", () => {
  const inject = (fields: Record<string, string>, id = channelId) =>
    postForm(t, `/channels/${id}/inject`, admin, {
      fromPhone: "+447700900999",
      name: "Probe",
      text: "hello",
      ...fields,
    });

  const table: {
    what: string;
    send: () => Response | Promise<Response>;
    expect: (status: number, html: string) => void;
  }[] = [
    {
      what: "an invalid sender phone",
      send: () => inject({ fromPhone: "not a phone" }),
      expect: (s, h) => {
        expect(s).toBeGreaterThanOrEqual(400);
        expect(s).toBeLessThan(500);
        expect(h).toContain("number");
      },
    },
    {
      what: "a too-short phone",
      send: () => inject({ fromPhone: "+12" }),
      expect: (s) => {
        expect(s).toBeGreaterThanOrEqual(400);
        expect(s).toBeLessThan(500);
      },
    },
    { what: "an unknown channel id", send: () => inject({}, 987654), expect: (s) => expect(s).toBe(404) },
    {
      what: "a non-numeric channel id",
      send: () =>
        postForm(t, "/channels/abc/inject", admin, { fromPhone: "+447700900999", name: "x", text: "x" }),
      expect: (s) => expect(s).toBe(404),
    },
    {
      what: "a group id with letters",
      send: () => inject({ groupJid: "<script>" }),
      expect: (s, h) => {
        expect(s).toBeGreaterThanOrEqual(400);
        expect(s).toBeLessThan(500);
        expect(liveMarkup(h)).toEqual([]);
      },
    },
    {
      what: "a hostile name (stored, escaped)",
      send: () => inject({ name: XSS }),
      expect: (s, h) => {
        expect(s).toBeLessThan(400);
        expect(liveMarkup(h)).toEqual([]);
      },
    },
    {
      what: "an upload over the 1 MB cap",
      send: () => {
        const form = new FormData();
        form.set("_csrf", admin.csrf);
        form.set("fromPhone", "+447700900999");
        form.set("name", "Big");
        form.set("text", "");
        form.set(
          "file",
          new File([new Uint8Array(2 * 1024 * 1024)], "big.bin", { type: "application/octet-stream" }),
        );
        return t.request(`/channels/${channelId}/inject`, { method: "POST", body: form, session: admin });
      },
      expect: (s) => {
        expect(s).toBeGreaterThanOrEqual(400);
        expect(s).toBeLessThan(500);
      },
    },
    {
      what: "compose to an invalid phone",
      send: () =>
        postForm(t, "/inbox/compose", admin, { channel: String(channelId), to: "call me", text: "hi" }),
      expect: (s, h) => {
        expect(s).toBe(422);
        expect(liveMarkup(h)).toEqual([]);
      },
    },
    {
      what: "compose through an unknown channel",
      send: () =>
        postForm(t, "/inbox/compose", admin, { channel: "987654", to: "+447700900123", text: "hi" }),
      expect: (s) => expect(s).toBe(422),
    },
    {
      what: "compose with a wrong-typed channel",
      send: () => postForm(t, "/inbox/compose", admin, { channel: "[]", to: "+447700900123", text: "hi" }),
      expect: (s) => expect(s).toBe(422),
    },
    {
      what: "compose with a text over 64 KB",
      send: () =>
        postForm(t, "/inbox/compose", admin, {
          channel: String(channelId),
          to: "+447700900123",
          text: `${HUGE}!`,
        }),
      expect: (s) => expect(s).toBe(422),
    },
    {
      what: "compose with a hostile text (sent, escaped)",
      send: () =>
        postForm(t, "/inbox/compose", admin, { channel: String(channelId), to: "+447700900123", text: XSS }),
      expect: (s) => expect(s).toBe(303),
    },
  ];

  for (const row of table) {
    test(row.what, async () => {
      const res = await row.send();
      const html = await res.text();
      expect(res.status).not.toBe(500);
      row.expect(res.status, html);
    });
  }

  test("nothing of the refused messages was stored", () => {
    const probes = t.db
      .query<{ n: number }, []>("SELECT count(*) AS n FROM messages WHERE sender_name IN ('Big')")
      .get()!.n;
    expect(probes).toBe(0);
  });
});
