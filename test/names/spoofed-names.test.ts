import { describe, expect, test } from "bun:test";
import { cleanDisplayName } from "../../src/display-name.ts";
import { safeFileName } from "../../src/file-name.ts";
import { inboxFixture } from "../inbox/http-fixture.ts";
import { postForm } from "../helpers/app.ts";
import { api, makeKey } from "../api/helpers.ts";
import { signedMediaUrl } from "../../src/messaging/media-link.ts";
import { SECRET } from "../webhooks/fixtures.ts";

const RLO = "\u202e";

describe("names and file names cannot be disguised with bidi controls", () => {
  test("a file name loses overrides, embeddings, isolates and direction marks", () => {
    expect(safeFileName(`invoice${RLO}fdp.exe`)).toBe("invoicefdp.exe");
    expect(safeFileName("\u2066a\u2069\u202ab\u202c\u202dc\u200e\u200f\u061c.txt")).toBe("abc.txt");
    expect(safeFileName(`${RLO}`)).toBeNull();
  });

  test("a display name loses bidi controls and line breaks but keeps its script marks", () => {
    expect(cleanDisplayName(`Ann ${RLO}eeL`)).toBe("Ann eeL");
    expect(cleanDisplayName("Ann\n\tLee\u2028 ")).toBe("Ann Lee");
    expect(cleanDisplayName("\u05d3\u05e0\u05d4\u200f (Dana)")).toBe("\u05d3\u05e0\u05d4\u200f (Dana)");
    expect(cleanDisplayName(`${"😀".repeat(300)}`, 200)).toBe("😀".repeat(200));
  });
});

async function storedDocument(mime: string, fileName: string) {
  const f = await inboxFixture();
  const { messageId } = f.receive(f.sales, {
    type: "document",
    text: "",
    media: { mime, size: 4, fileName },
  });
  const put = await f.t.services.media.putBytes(new TextEncoder().encode("MZ.."));
  if (!put.ok) throw new Error("not stored");
  f.t.db
    .query("UPDATE messages SET media_sha256 = ?, media_mime = ?, media_status = 'stored' WHERE id = ?")
    .run(put.sha256, mime, messageId);
  return { f, messageId };
}

describe("downloads of media are never executable or inline pages", () => {
  test("an executable sent as a document downloads as octet-stream, its name without the override", async () => {
    const { f, messageId } = await storedDocument("application/x-msdownload", `photo${RLO}gpj.exe`);
    const stored = f.t.db
      .query<{ media_filename: string }, [number]>("SELECT media_filename FROM messages WHERE id = ?")
      .get(messageId)!;
    expect(stored.media_filename).toBe("photogpj.exe");

    const page = await f.t.request(`/media/${messageId}`, { session: f.admin });
    expect(page.headers.get("content-type")).toBe("application/octet-stream");
    expect(page.headers.get("content-disposition")).toStartWith("attachment;");

    const key = makeKey(f.t, "all", "read");
    const viaKey = await api(f.t, key, `/api/v1/messages/${messageId}/media`);
    expect(viaKey.status).toBe(200);
    expect(viaKey.headers.get("content-type")).toBe("application/octet-stream");
    expect(viaKey.headers.get("x-content-type-options")).toBe("nosniff");

    const link = signedMediaUrl("http://localhost:3000", SECRET, messageId, f.t.clock()).url;
    const viaLink = await f.t.app.request(link);
    expect(viaLink.status).toBe(200);
    expect(viaLink.headers.get("content-type")).toBe("application/octet-stream");
  });

  test("a name stored before the fix is cleaned in Content-Disposition", async () => {
    const { f, messageId } = await storedDocument("application/pdf", "x.pdf");
    f.t.db.query("UPDATE messages SET media_filename = ? WHERE id = ?").run(`a${RLO}fdp.exe`, messageId);
    const res = await f.t.request(`/media/${messageId}?download`, { session: f.admin });
    const disposition = res.headers.get("content-disposition")!;
    expect(disposition).not.toContain(encodeURIComponent(RLO));
    expect(disposition).toContain('filename="afdp.exe"');
  });

  test("a PDF opens inline in the browser; an SVG or HTML file is only ever a download", async () => {
    const pdf = await storedDocument("application/pdf", "quote.pdf");
    const inline = await pdf.f.t.request(`/media/${pdf.messageId}`, { session: pdf.f.admin });
    expect(inline.headers.get("content-type")).toBe("application/pdf");
    expect(inline.headers.get("content-disposition")).toStartWith("inline;");

    for (const mime of ["image/svg+xml", "text/html"]) {
      const { f, messageId } = await storedDocument(mime, "logo.svg");
      const res = await f.t.request(`/media/${messageId}`, { session: f.admin });
      expect(res.headers.get("content-type")).toBe("application/octet-stream");
      expect(res.headers.get("content-disposition")).toStartWith("attachment;");
      const viaKey = await api(f.t, makeKey(f.t, "all", "read"), `/api/v1/messages/${messageId}/media`);
      expect(viaKey.headers.get("content-type")).toBe("application/octet-stream");
    }
  });

  test("an image's real type is kept for the API, as an attachment", async () => {
    const { f, messageId } = await storedDocument("image/png", "p.png");
    const viaKey = await api(f.t, makeKey(f.t, "all", "read"), `/api/v1/messages/${messageId}/media`);
    expect(viaKey.headers.get("content-type")).toBe("image/png");
    expect(viaKey.headers.get("content-disposition")).toStartWith("attachment;");
  });
});

describe("names typed into forms and the API are cleaned the same way", () => {
  test("a contact created over the API or on its form, and a channel, keep no bidi controls", async () => {
    const f = await inboxFixture();
    const key = makeKey(f.t, "all", "send");
    const res = await api(f.t, key, "/api/v1/contacts", {
      method: "POST",
      json: { name: `Ann ${RLO}eeL`, phones: ["+447700900777"] },
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { name: string }).name).toBe("Ann eeL");

    const form = await postForm(f.t, "/records/contacts", f.admin, {
      first_name: `${RLO}Bob`,
      last_name: "Day\u2069",
    });
    expect(form.status).toBe(303);
    const names = f.t.db
      .query<{ first_name: string; last_name: string }, []>(
        "SELECT first_name, last_name FROM records WHERE type = 'contact' ORDER BY id",
      )
      .all();
    expect(names.at(-1)).toEqual({ first_name: "Bob", last_name: "Day" });

    const channel = await postForm(f.t, "/channels", f.admin, {
      phone: "+14302028897",
      name: `Sales${RLO} line`,
      access: "all",
    });
    expect(channel.status).toBe(303);
    const viaApi = await api(f.t, makeKey(f.t, "all", "manage"), "/api/v1/channels", {
      method: "POST",
      json: { phone: "+14302028898", name: `${RLO}Support` },
    });
    expect(viaApi.status).toBe(201);
    const channelNames = f.t.db
      .query<{ name: string }, []>("SELECT name FROM channels WHERE phone_e164 LIKE '+1430%' ORDER BY id")
      .all()
      .map((r) => r.name);
    expect(channelNames).toEqual(["Sales line", "Support"]);
  });
});
