import { addUser, signIn } from "../helpers/app.ts";
import { insertPermissionSet } from "../../src/auth/teams-store.ts";
import { inboxFixture } from "../inbox/http-fixture.ts";

/**
 * The inbox fixture (Sales line for Sam's Sales group, Support line for nobody but managers) plus
 * Ivy, who holds integrations.manage and is in Sales: she may use the Sales line only.
 */
export async function integrationsFixture() {
  const f = await inboxFixture();
  const setId = insertPermissionSet(f.t.db, "Integrators", ["integrations.manage"], 0);
  const integrators = f.t.db
    .query<{ name: string }, [number]>("SELECT name FROM permission_sets WHERE id = ?")
    .get(setId)!.name;
  const ivyId = await addUser(f.t, "ivy@example.com", {
    sets: [integrators],
    groups: ["Sales"],
    name: "Ivy",
  });
  const ivy = await signIn(f.t, "ivy@example.com");
  const salesMsg = f.receive(f.sales, { text: "sales secret", peerPhone: "+447700900111" });
  const supportMsg = f.receive(f.support, { text: "support secret", peerPhone: "+447700900222" });
  const salesGroup = f.t.db
    .query<{ id: number }, []>("SELECT id FROM user_groups WHERE name = 'Sales'")
    .get()!.id;
  return {
    ...f,
    ivy,
    ivyId,
    salesMsg,
    supportMsg,
    /** Takes Ivy out of the Sales group: she may then use no channel at all. */
    dropIvyFromSales() {
      f.t.db
        .query("DELETE FROM user_group_members WHERE user_id = ? AND group_id = ?")
        .run(ivyId, salesGroup);
    },
  };
}
