import { Hono } from "hono";
import { currentUser } from "../auth/middleware.ts";
import { write } from "../db/write.ts";
import { separateLidFromPhone } from "../messaging/lid-separation.ts";
import type { AppEnv } from "../web/context.ts";
import { refusePair } from "../whatsapp/lid-pairs.ts";
import { loadConversation } from "./routes.tsx";

/**
 * POST /inbox/c/:id/separate-lid: "This is not +X: separate". Anyone who may use the channel may
 * undo a wrong LID merge: the pair is refused for good and the LID's messages get their own chat.
 */
export function lidSeparateRoutes() {
  const app = new Hono<AppEnv>();
  app.post("/inbox/c/:id/separate-lid", (c) => {
    const { db, clock } = c.get("deps");
    const found = loadConversation(c);
    if (!found) return c.notFound();
    const { row } = found;
    if (row.kind !== "direct" || !row.peer_lid || !row.peer_phone)
      return c.text("This conversation has no LID attached to its phone number: nothing to separate.", 409);
    const now = clock();
    const separated = write(db, (tx) => {
      refusePair(db, row.channel_id, { lid: row.peer_lid!, phone: row.peer_phone! }, currentUser(c).id, now);
      return separateLidFromPhone(db, tx, row, now);
    });
    return c.redirect(`/inbox/c/${separated?.lidConversation.id ?? row.id}`, 303);
  });
  return app;
}
