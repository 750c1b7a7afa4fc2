import { expect, test } from "bun:test";
import { postForm } from "../helpers/app.ts";
import { channelsFixture, connectedSalesChannel } from "../channels/fixture.ts";

test("an open inbox stream stops carrying a channel's messages the moment its access is narrowed away", async () => {
  const f = await channelsFixture();
  const { id, conv, inject } = await connectedSalesChannel(f);
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
