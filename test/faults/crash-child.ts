/**
 * The process the crash test kills: opens a file database, migrates, builds the real services with
 * webhooks installed and an endpoint registered, then ingests inbound messages one by one and
 * prints "ack <waId>" only once its batch committed. It runs until
 * it is killed. Usage: bun crash-child.ts <dbPath> <round>
 */
import { installWebhooks } from "../../src/webhooks/install.ts";
import { insertEndpoint, listEndpoints } from "../../src/webhooks/store.ts";
import { keyOwner, makeServices, SECRET } from "../webhooks/fixtures.ts";
import { inbound, makeChannel } from "../inbox/fixtures.ts";

const [dbPath, roundArg] = process.argv.slice(2);
const round = Number(roundArg);
const s = makeServices({ dbPath: dbPath! });
installWebhooks(s.services, { ...s.core, secret: SECRET });
let channelId = s.db.query<{ id: number }, []>("SELECT id FROM channels ORDER BY id LIMIT 1").get()?.id;
if (!channelId) channelId = makeChannel(s.db);
if (listEndpoints(s.db).length === 0) {
  insertEndpoint(
    s.db,
    {
      name: "crash",
      url: "http://127.0.0.1:9/hook",
      events: ["message.inbound"],
      channelIds: [],
      active: true,
    },
    s.clock(),
    keyOwner(s.db),
  );
}

// Replays of the previous round's first messages (a reconnect after a crash does that) come first.
const writer = Bun.stdout.writer();
for (let i = 0; ; i++) {
  const replay = round > 0 && i < 20;
  const waId = replay ? `CRASH-${round - 1}-${i}` : `CRASH-${round}-${i}`;
  const phone = `+4477009${String(i % 50).padStart(5, "0")}`;
  // In bursts, as from several channels at once: group-committed (messaging/intake.ts), each
  // acknowledged when its own promise settles, as the driver acknowledges to WhatsApp.
  void s.services.intake
    .submit(inbound(channelId, { waId, peerPhone: phone, senderPhone: phone, text: `message ${waId}` }))
    .then(() => {
      writer.write(`ack ${waId}\n`);
      writer.flush();
    });
  if (i % 25 === 0) await Bun.sleep(0); // let the parent's kill land anywhere, not only between batches
}
