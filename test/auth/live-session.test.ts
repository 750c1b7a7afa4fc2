import { expect, test } from "bun:test";
import { postForm, signIn, type Session } from "../helpers/app.ts";
import { channelsFixture, connectedSalesChannel } from "../channels/fixture.ts";
import { STREAMS_PER_SESSION } from "../../src/auth/live-session.ts";
import { findPermissionSetByName } from "../../src/auth/teams-store.ts";

type Fixture = Awaited<ReturnType<typeof channelsFixture>>;

/** The administrator saves Sam's user form: active or not, in this group, an agent. */
function saveSam(f: Fixture, opts: { active: boolean; group: string }) {
  return postForm(f.t, `/settings/users/${f.sam.userId}`, f.admin, {
    name: "Sam",
    email: "sam@example.com",
    ...(opts.active ? { active: "1" } : {}),
    permissionSetIds: String(findPermissionSetByName(f.t.db, "Agent")!.id),
    groupIds: String(f.groupId(opts.group)),
  });
}

/** An open event stream and what it has delivered; `ended()` resolves true once the server closes it. */
async function openStream(f: Fixture, path: string, session: Session) {
  const res = await f.t.request(path, { session });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let seen = "";
  let done = false;
  const pump = (async () => {
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      seen += decoder.decode(r.value);
    }
    done = true;
  })().catch(() => {
    done = true;
  });
  const waitFor = async (ok: () => boolean, ms: number) => {
    const deadline = Date.now() + ms;
    while (!ok() && Date.now() < deadline) await Bun.sleep(10);
    return ok();
  };
  return {
    seen: () => seen,
    waitForText: (text: string, ms = 2000) => waitFor(() => seen.includes(text), ms),
    ended: (ms = 2000) => waitFor(() => done, ms),
    close: async () => {
      await reader.cancel().catch(() => {});
      await pump;
    },
  };
}

test("signing out closes the open inbox stream: nothing more reaches it", async () => {
  const f = await channelsFixture();
  const sales = await connectedSalesChannel(f);
  const stream = await openStream(f, `/inbox/events?open=${sales.conv}`, f.sam);
  await sales.inject("while signed in");
  expect(await stream.waitForText("while signed in")).toBe(true);

  expect((await postForm(f.t, "/logout", f.sam, {})).status).toBe(303);
  await sales.inject("SECRET AFTER SIGN-OUT");
  expect(await stream.ended()).toBe(true);
  expect(stream.seen()).not.toContain("SECRET AFTER SIGN-OUT");
});

test("deactivating a user closes their streams, the channel page's too", async () => {
  const f = await channelsFixture();
  const sales = await connectedSalesChannel(f);
  const inbox = await openStream(f, `/inbox/events?open=${sales.conv}`, f.sam);
  const channel = await openStream(f, `/channels/events?channel=${sales.id}`, f.sam);
  expect((await saveSam(f, { active: false, group: "Sales" })).status).toBe(303);
  await sales.inject("SECRET AFTER DEACTIVATION");
  // The channel page hears of a change to its channel: the rename.
  await postForm(f.t, `/channels/${sales.id}/edit`, f.admin, {
    name: "Sales renamed",
    access: "some",
    groupIds: String(f.groupId("Sales")),
  });
  expect(await inbox.ended()).toBe(true);
  expect(await channel.ended()).toBe(true);
  expect(channel.seen()).not.toContain("channel-changed");
  expect(inbox.seen()).not.toContain("SECRET AFTER DEACTIVATION");
});

test("leaving the group that gives access stops the channel's events on a stream that stays open", async () => {
  const f = await channelsFixture();
  const sales = await connectedSalesChannel(f);
  const stream = await openStream(f, `/inbox/events?open=${sales.conv}`, f.sam);
  await sales.inject("visible to sam");
  expect(await stream.waitForText("visible to sam")).toBe(true);

  expect((await saveSam(f, { active: true, group: "Support" })).status).toBe(303);
  await sales.inject("SECRET AFTER LEAVING SALES");
  await stream.waitForText("SECRET", 1000);
  await stream.close();
  expect(stream.seen()).not.toContain("SECRET AFTER LEAVING SALES");
});

test(`one session holds at most ${STREAMS_PER_SESSION} live streams; a closed one frees its place`, async () => {
  const f = await channelsFixture();
  const streams = [];
  for (let i = 0; i < STREAMS_PER_SESSION; i++) streams.push(await openStream(f, "/inbox/events", f.sam));
  const refused = await f.t.request("/inbox/events", { session: f.sam });
  expect(refused.status).toBe(429);
  expect(await refused.text()).toContain("Too many live pages");
  expect((await f.t.request("/channels/events", { session: f.sam })).status).toBe(429);
  // Another session of the same person is counted on its own.
  const other = await signIn(f.t, "sam@example.com");
  const elsewhere = await openStream(f, "/inbox/events", other);
  await elsewhere.close();

  await streams.pop()!.close();
  const deadline = Date.now() + 2000;
  let again = await f.t.request("/inbox/events", { session: f.sam });
  while (again.status === 429 && Date.now() < deadline) {
    await Bun.sleep(20);
    again = await f.t.request("/inbox/events", { session: f.sam });
  }
  expect(again.status).toBe(200);
  await again.body!.cancel();
  for (const s of streams) await s.close();
});
