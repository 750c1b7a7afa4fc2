import { beforeEach, describe, expect, test } from "bun:test";
import { postForm, type Session } from "../helpers/app.ts";
import { channelsFixture, page } from "./fixture.ts";

/** Demo mode: the "Inject inbound message" form on a connected channel's page. */

let f: Awaited<ReturnType<typeof channelsFixture>>;
let id: number;

function multipart(session: Session, fields: Record<string, string>, file?: File) {
  const body = new FormData();
  body.set("_csrf", session.csrf);
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  if (file) body.set("file", file);
  return f.t.request(`/channels/${id}/inject`, { method: "POST", session, body });
}

type Stored = {
  sender_phone: string | null;
  sender_name: string;
  text: string;
  type: string;
  media_filename: string | null;
  media_mime: string | null;
  participant_jid: string | null;
};
const messages = () =>
  f.t.db
    .query<Stored, [number]>(
      "SELECT sender_phone, sender_name, text, type, media_filename, media_mime, participant_jid FROM messages WHERE channel_id = ? ORDER BY id",
    )
    .all(id);

beforeEach(async () => {
  f = await channelsFixture({ maxUploadMb: 0.01 });
  const res = await postForm(f.t, "/channels", f.admin, {
    phone: "+14302028897",
    name: "Sales",
    access: "all",
  });
  id = Number(/\/channels\/(\d+)/.exec(res.headers.get("location") ?? "")?.[1]);
  await postForm(f.t, `/channels/${id}/scan`, f.admin, {});
});

describe("injecting an inbound message", () => {
  test("the form is on a connected channel's page, for channel managers only", async () => {
    expect((await page(f.t, `/channels/${id}`, f.admin)).html).toContain(`action="/channels/${id}/inject"`);
    expect((await page(f.t, `/channels/${id}`, f.sam)).html).not.toContain("/inject");
    expect((await multipart(f.sam, { fromPhone: "+447700900123", text: "hi" })).status).toBe(403);
  });

  test("a text from a person lands in the inbox as WhatsApp would deliver it", async () => {
    const res = await multipart(f.admin, {
      fromPhone: "+44 7700 900123",
      name: "Ana Silva",
      text: "Do you ship to Leeds?",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/channels/${id}?done=injected`);
    expect(messages()).toEqual([
      {
        sender_phone: "+447700900123",
        sender_name: "Ana Silva",
        text: "Do you ship to Leeds?",
        type: "text",
        media_filename: null,
        media_mime: null,
        participant_jid: null,
      },
    ]);
  });

  test("a file comes with its name and type; a group message names the group and its member", async () => {
    const pdf = new File([new Uint8Array([37, 80, 68, 70, 45, 49])], "price list.pdf", {
      type: "application/pdf",
    });
    expect(
      (
        await multipart(
          f.admin,
          {
            fromPhone: "+447700900123",
            name: "Ana",
            text: "",
            groupJid: "120363041234567890",
            groupSubject: "Wholesale",
            participantPhone: "",
          },
          pdf,
        )
      ).status,
    ).toBe(303);
    const [m] = messages();
    expect(m).toMatchObject({
      type: "document",
      media_filename: "price list.pdf",
      media_mime: "application/pdf",
      sender_phone: "+447700900123",
    });
    expect(m?.participant_jid).toContain("447700900123");
    const conv = f.t.db
      .query<{ kind: string; title: string; chat_jid: string }, []>(
        "SELECT kind, title, chat_jid FROM conversations",
      )
      .get();
    expect(conv).toEqual({ kind: "group", title: "Wholesale", chat_jid: "120363041234567890@g.us" });
  });

  test("every wrong field gets its own message next to it, and what was typed comes back", async () => {
    const res = await multipart(f.admin, {
      fromPhone: "07700 900123",
      name: "x".repeat(101),
      text: "kept text",
      groupJid: "not-a-group",
      groupSubject: "S",
      participantPhone: "+44 12",
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(
      'id="f-fromPhone-error">Write the sender&#39;s number in international format, starting with + and the country code (e.g. +447700900123).',
    );
    expect(html).toContain('id="f-name-error">Keep the sender&#39;s name under 100 characters.');
    expect(html).toContain('id="f-groupJid-error">A group id is digits');
    expect(html).toContain(
      'id="f-participantPhone-error">The participant&#39;s number is not a valid phone number: the number is too short.',
    );
    expect(html).toContain('value="07700 900123"');
    expect(html).toContain(">kept text</textarea>");
    expect(messages()).toEqual([]);
  });

  test("an empty message, or group details without a group id, are refused", async () => {
    const empty = await multipart(f.admin, { fromPhone: "+447700900123", text: "   " });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('id="f-text-error">Write a message or attach a file.');
    const noGroup = await multipart(f.admin, {
      fromPhone: "+447700900123",
      text: "hi",
      groupSubject: "Wholesale",
    });
    expect(await noGroup.text()).toContain('id="f-groupJid-error">Give the group id too');
    expect(messages()).toEqual([]);
  });

  test("a file over the upload cap is refused before anything is stored", async () => {
    const big = new File([new Uint8Array(20 * 1024)], "big.bin", { type: "application/octet-stream" });
    const res = await multipart(f.admin, { fromPhone: "+447700900123", text: "see file" }, big);
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('id="f-file-error">The file is larger than the 0.01 MB limit.');
    expect(messages()).toEqual([]);
  });

  test("a body far over the cap is cut off while it streams in, with the same message", async () => {
    const huge = new File([new Uint8Array(400 * 1024)], "huge.bin");
    const res = await multipart(f.admin, { fromPhone: "+447700900123", text: "x" }, huge);
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("The file is larger than the");
    expect(messages()).toEqual([]);
  });

  test("hostile names and texts are stored as typed and shown escaped", async () => {
    const res = await multipart(f.admin, {
      fromPhone: "+447700900123",
      name: "<img src=x onerror=alert(1)>",
      text: "<script>alert(1)</script>",
    });
    expect(res.status).toBe(303);
    expect(messages()[0]).toMatchObject({
      sender_name: "<img src=x onerror=alert(1)>",
      text: "<script>alert(1)</script>",
    });
    const refused = await multipart(f.admin, {
      fromPhone: "<b>bad</b>",
      name: "<img src=x>",
      text: "<script>x</script>",
    });
    const html = await refused.text();
    expect(html).not.toContain("<img src=x>");
    expect(html).not.toContain("<script>x</script>");
    expect(html).toContain("&lt;script&gt;x&lt;/script&gt;");
  });

  test("a channel that is not connected receives nothing, and says why", async () => {
    await postForm(f.t, `/channels/${id}/logout`, f.admin, {});
    const res = await multipart(f.admin, { fromPhone: "+447700900123", text: "hi" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Only a connected channel receives messages: scan the code first.");
    expect(messages()).toEqual([]);
  });
});
