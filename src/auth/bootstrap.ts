import type { Db } from "../db/open.ts";
import type { Logger } from "../log.ts";
import { createFirstAdmin, hashPassword } from "./setup.ts";

/** PAIRBOX_ADMIN_EMAIL/PASSWORD create the first administrator at start-up, for unattended installs. */
export async function bootstrapAdmin(
  db: Db,
  email: string,
  password: string,
  now: number,
  logger: Logger,
): Promise<void> {
  if (!email) return;
  const id = createFirstAdmin(
    db,
    { name: "Administrator", email: email.toLowerCase(), passwordHash: await hashPassword(password) },
    now,
  );
  if (id !== null) logger.info({ email }, "created the first administrator from PAIRBOX_ADMIN_EMAIL");
}
