import { expect, test } from "bun:test";
import { postForm } from "../helpers/app.ts";
import { channelsFixture } from "../channels/fixture.ts";

test("an open inbox stream stops carrying a channel's messages the moment its access is narrowed away", async () => {
  const f = await channelsFixture();
  const res = await postForm(f.t, "/channels", f.admin, {
    phone: "+14302028897",
    name: "Sales",
    access: "some",
    groupIds: String(f.groupId("Sales")),
  });
  const id = Number(/\/channels\/(\d+)/.exec(res.headers.get("location") ?? "")?.[1]);
  await postForm(f.t, `/channels/${id}/scan`, f.admin, {});
  const inject = async (text: string) => {
    const body = new FormData();
    for (const [k, v] of Object.entries({
      _csrf: f.admin.csrf,
      fromPhone: "+447700900123",
      name: "Ana",
      text,
    }))
      body.set(k, v);
    expect(
      (await f.t.request(`/channels/${id}/inject`, { method: "POST", session: f.admin, body })).status,
    ).toBe(303);
  };
  await inject("first");
  const conv = f.t.db.query<{ id: number }, []>("SELECT id FROM conversations LIMIT 1").get()!.id;
  const stream = await f.t.request(`/inbox/events?open=${conv}`, { session: f.sam });
  const reader = stream.body!.getReader();
  const decoder = new TextDecoder();
  let seen = decoder.decode((await reader.read()).value);
  const readFor = async (ms: number, until: string) => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline && !seen.includes(until)) {
      const r = await Promise.race([reader.read(), Bun.sleep(100).then(() => null)]);
      if (r?.value) seen += decoder.decode(r.value);
    }
  };

  // While Sam may use the channel, a new message reaches his open conversation.
  await inject("visible to sam");
  await readFor(2000, "visible to sam");
  expect(seen).toContain("visible to sam");

  await postForm(f.t, `/channels/${id}/edit`, f.admin, {
    name: "Sales",
    access: "some",
    groupIds: String(f.groupId("Support")),
  });
  await inject("SECRET AFTER REVOKE");
  await readFor(1000, "SECRET");
  await reader.cancel();
  expect(seen).not.toContain("SECRET AFTER REVOKE");
});
