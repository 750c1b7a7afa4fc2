import type { Db } from "../db/open.ts";
import { randomToken } from "../webhooks/store.ts";

/**
 * The secret a workflow's webhook steps sign with (the same scheme as webhook endpoints), made on
 * first use so workflows saved before signing existed get one too. Shown on its run log page.
 */
export function workflowWebhookSecret(db: Db, workflowId: number): string {
  db.query("UPDATE workflows SET webhook_secret = ? WHERE id = ? AND webhook_secret = ''").run(
    randomToken("whsec_"),
    workflowId,
  );
  return (
    db
      .query<{ webhook_secret: string }, [number]>("SELECT webhook_secret FROM workflows WHERE id = ?")
      .get(workflowId)?.webhook_secret ?? ""
  );
}

export function rotateWorkflowWebhookSecret(db: Db, workflowId: number): void {
  db.query("UPDATE workflows SET webhook_secret = ? WHERE id = ?").run(randomToken("whsec_"), workflowId);
}
