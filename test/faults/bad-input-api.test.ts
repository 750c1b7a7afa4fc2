import { beforeAll, expect, test } from "bun:test";
import { api, makeIntegrationApp, makeKey, type IntegrationApp } from "../api/helpers.ts";
import { BASE } from "../helpers/app.ts";
import { makeChannel } from "../inbox/fixtures.ts";
import { EMOJI_RTL, HUGE, TRAVERSAL, XSS } from "./hostile.ts";

let t: IntegrationApp;
let key: string;
let channelId = 0;

beforeAll(() => {
  t = makeIntegrationApp({ maxUploadMb: 1, maxUploadBytes: 1024 * 1024 });
  channelId = makeChannel(t.db);
  key = makeKey(t, "all");
});

const raw = (body: string, type = "application/json") =>
  t.app.request(`${BASE}/api/v1/messages`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": type },
    body,
  });

const upload = (bytes: number, fileName = "a.pdf") => {
  const form = new FormData();
  form.set("channel_id", String(channelId));
  form.set("to", "+447700900123");
  form.set("file", new File([new Uint8Array(bytes)], fileName, { type: "application/pdf" }));
  return t.app.request(`${BASE}/api/v1/messages`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}` },
    body: form,
  });
};

type Row = { what: string; send: () => Response | Promise<Response>; status: number | [number, number] };
const send = (json: unknown) => api(t, key, "/api/v1/messages", { method: "POST", json });

const table: Row[] = [
  { what: "malformed JSON", send: () => raw("{not json"), status: 400 },
  { what: "a JSON array instead of an object", send: () => raw("[1,2,3]"), status: 400 },
  { what: "an empty body", send: () => raw(""), status: 400 },
  { what: "a plain-text body", send: () => raw("hello", "text/plain"), status: [400, 415] },
  { what: "wrong types", send: () => send({ channel_id: "abc", to: 5, text: ["x"] }), status: 400 },
  {
    what: "a negative channel id",
    send: () => send({ channel_id: -1, to: "+447700900123", text: "hi" }),
    status: 400,
  },
  {
    what: "an unknown channel id",
    send: () => send({ channel_id: 987654, to: "+447700900123", text: "hi" }),
    status: 404,
  },
  {
    what: "an invalid phone",
    send: () => send({ channel_id: channelId, to: "call me maybe", text: "hi" }),
    status: [400, 422],
  },
  {
    what: "a too-short phone",
    send: () => send({ channel_id: channelId, to: "+12", text: "hi" }),
    status: [400, 422],
  },
  {
    what: "a text over 64 KB",
    send: () => send({ channel_id: channelId, to: "+447700900123", text: `${HUGE}!` }),
    status: 400,
  },
  {
    what: "a media URL that is not http(s)",
    send: () => send({ channel_id: channelId, to: "+447700900123", media: { url: "file:///etc/passwd" } }),
    status: 400,
  },
  { what: "an upload over the 1 MB cap", send: () => upload(2 * 1024 * 1024), status: 413 },
  {
    what: "a group JID that is not one",
    send: () => send({ channel_id: channelId, group_jid: "<script>@example", text: "hi" }),
    status: 400,
  },
];

for (const row of table) {
  test(`POST /api/v1/messages with ${row.what} answers ${row.status} with a reason`, async () => {
    const res = await row.send();
    const body = await res.text();
    if (Array.isArray(row.status)) {
      expect(res.status).toBeGreaterThanOrEqual(row.status[0]);
      expect(res.status).toBeLessThanOrEqual(row.status[1]);
    } else expect(res.status).toBe(row.status);
    const json = JSON.parse(body) as { error: string; message: string };
    expect(json.error.length).toBeGreaterThan(0);
    expect(json.message.length).toBeGreaterThan(0);
  });
}

test("hostile text, emoji and right-to-left text are stored exactly and come back as JSON data", async () => {
  for (const text of [XSS, EMOJI_RTL, HUGE]) {
    const res = await send({ channel_id: channelId, to: "+447700900123", text });
    expect(res.status).toBe(202);
    const { message } = (await res.json()) as { message: { id: number } };
    const back = await api(t, key, `/api/v1/messages/${message.id}`);
    expect(back.headers.get("content-type")).toContain("application/json");
    const got = (await back.json()) as { text?: string; message?: { text: string } };
    expect(got.message?.text ?? got.text).toBe(text);
  }
});

test("an uploaded file named ../../x is stored under its content hash and sent with a name without the path", async () => {
  const res = await upload(1000, TRAVERSAL);
  expect(res.status).toBe(202);
  const { message } = (await res.json()) as {
    message: { id: number; media?: { file_name?: string | null } | null };
  };
  const row = t.db
    .query<{ media_filename: string | null; media_sha256: string | null }, [number]>(
      "SELECT media_filename, media_sha256 FROM messages WHERE id = ?",
    )
    .get(message.id)!;
  expect(row.media_filename ?? "").not.toContain("/");
  expect(t.services.media.path(row.media_sha256!)).toContain(row.media_sha256!.slice(2));
});

test("wrong ids in paths are 400 or 404, never 500", async () => {
  for (const path of [
    "/api/v1/messages/abc",
    "/api/v1/messages/-1",
    "/api/v1/messages/99999999999999999999",
    "/api/v1/conversations/%00",
    "/api/v1/channels/1e3",
    "/api/v1/conversations?cursor=%7B%7D",
    "/api/v1/conversations?limit=-5",
  ]) {
    const res = await api(t, key, path);
    expect({ path, status: res.status }).toEqual({
      path,
      status: res.status >= 400 && res.status < 500 ? res.status : -1,
    });
  }
});
