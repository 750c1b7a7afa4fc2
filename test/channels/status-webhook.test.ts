import { describe, expect, test } from "bun:test";
import { insertEndpoint } from "../../src/webhooks/store.ts";
import { installWebhooks } from "../../src/webhooks/install.ts";
import { keyOwner } from "../webhooks/fixtures.ts";
import { channelsFixture, connectedSalesChannel } from "./fixture.ts";

const statusOf = (f: Awaited<ReturnType<typeof channelsFixture>>, id: number) =>
  f.t.db
    .query<{ status: string; last_error: string }, [number]>(
      "SELECT status, last_error FROM channels WHERE id = ?",
    )
    .get(id)!;

const statusEvents = (f: Awaited<ReturnType<typeof channelsFixture>>) =>
  f.t.db
    .query<{ body: string }, []>("SELECT body FROM webhook_events WHERE type = 'channel.status' ORDER BY id")
    .all()
    .map((e) => (JSON.parse(e.body) as { data: { status: string } }).data.status);

describe("a channel's status and its webhook event commit together", () => {
  test("the channel.status event is written with the status the session saved", async () => {
    const f = await channelsFixture();
    installWebhooks(f.t.deps.services, { ...f.t.deps, secret: "test-secret" });
    insertEndpoint(
      f.t.db,
      {
        name: "Ops",
        url: "https://ops.example.com/hook",
        events: ["channel.status"],
        channelIds: [],
        active: true,
      },
      0,
      keyOwner(f.t.db),
    );
    const { id } = await connectedSalesChannel(f);
    await f.t.sessions.simulator!.fail(id, "Cannot reach WhatsApp");
    expect(statusOf(f, id)).toEqual({ status: "error", last_error: "Cannot reach WhatsApp" });
    expect(statusEvents(f).at(-1)).toBe("error");
  });

  test("when the event cannot be written, the status change is not saved either", async () => {
    const f = await channelsFixture();
    const { id } = await connectedSalesChannel(f);
    f.t.deps.services.events.on("channel.changed", "inTransaction", () => {
      throw new Error("the webhook outbox is unwritable");
    });
    await f.t.sessions.simulator!.fail(id, "Cannot reach WhatsApp");
    expect(statusOf(f, id).status).toBe("connected");
  });
});
