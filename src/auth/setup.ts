import { write } from "../db/write.ts";
import { z } from "zod";
import type { Db } from "../db/open.ts";
import { findPermissionSetByName } from "./teams-store.ts";
import { countUsers, insertUser } from "./users-store.ts";
import { clearSetupToken, setupTokenValid } from "./setup-token.ts";

export const passwordSchema = z
  .string()
  .min(10, "Use at least 10 characters.")
  .max(200, "Use at most 200 characters.");
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address."))
  .pipe(z.string().max(254));
export const nameSchema = z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters.");

export function hashPassword(password: string): Promise<string> {
  return Bun.password.hash(password, { algorithm: "argon2id" });
}

/**
 * Creates the first administrator, but only while there are no users and, from the set-up page,
 * only with the set-up token, which it uses up: the checks and the insert share one transaction
 * so two racing set-up requests cannot both succeed.
 */
export function createFirstAdmin(
  db: Db,
  input: { name: string; email: string; passwordHash: string },
  now: number,
  setupToken?: string,
): number | null {
  return write(db, () => {
    if (countUsers(db) > 0) return null;
    if (setupToken !== undefined && !setupTokenValid(db, setupToken)) return null;
    const admin = findPermissionSetByName(db, "Administrator");
    const id = insertUser(
      db,
      { ...input, active: true, permissionSetIds: admin ? [admin.id] : [], groupIds: [] },
      now,
    );
    clearSetupToken(db);
    return id;
  });
}
