import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../web/context.ts";
import { clientIp } from "../web/client-ip.ts";
import { one, readForm, validate } from "../web/forms.ts";
import { LoginPage, SetupLinkPage, SetupPage } from "./views/pages.tsx";
import { clearSessionCookie, setSessionCookie } from "./middleware.ts";
import { reserveLoginAttempt, settleLoginAttempt } from "./rate-limit.ts";
import { knownBrowserId, rememberBrowser } from "./known-browser.ts";
import { createSession, deleteSession } from "./sessions.ts";
import { setupTokenValid } from "./setup-token.ts";
import { createFirstAdmin, emailSchema, hashPassword, nameSchema, passwordSchema } from "./setup.ts";
import { countUsers, findUserByEmail } from "./users-store.ts";

const setupSchema = z
  .object({ name: nameSchema, email: emailSchema, password: passwordSchema, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The passwords do not match." });

/**
 * Verifying against a fixed hash when the account is unknown keeps the timing the same either way.
 * Made on first use, not at import: an argon2id hash is 0.3–0.5 s of CPU and 64 MB, which every
 * start (and `--help`) paid before anyone signed in.
 */
let dummyHash: Promise<string> | null = null;
function unknownAccountHash(): Promise<string> {
  dummyHash ??= Bun.password.hash("pairbox-dummy-password", { algorithm: "argon2id" });
  return dummyHash;
}

/**
 * Where to go after signing in: `next` resolved against the base URL as a browser would resolve it
 * (tabs and newlines dropped, backslashes as slashes), kept only on our own origin, and handed back
 * as a path that cannot be read as another host (`//host`) or carry a control character.
 */
function safeNext(next: string, baseUrl: string): string {
  if (!next || next.length > 2048) return "/";
  let url: URL;
  try {
    url = new URL(next, `${baseUrl}/`);
  } catch {
    return "/";
  }
  if (url.origin !== new URL(baseUrl).origin) return "/";
  return `${url.pathname.replace(/^\/+/, "/")}${url.search}${url.hash}`;
}

export function authRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/setup", (c) => {
    const { db } = c.get("deps");
    if (countUsers(db) > 0) return c.redirect("/login", 303);
    const token = c.req.query("token");
    if (token === undefined) return c.html(<SetupLinkPage />);
    if (!setupTokenValid(db, token)) return c.html(<SetupLinkPage invalid />, 403);
    return c.html(<SetupPage token={token} />);
  });

  app.post("/setup", async (c) => {
    const { db, clock } = c.get("deps");
    if (countUsers(db) > 0) return c.text("Set-up is already done: sign in instead.", 409);
    const body = await readForm(c);
    const token = one(body, "token");
    // Checked before anything else, argon2 included: without the link nothing here does any work.
    if (!setupTokenValid(db, token)) return c.html(<SetupLinkPage invalid />, 403);
    const values = { name: one(body, "name"), email: one(body, "email") };
    const parsed = validate(setupSchema, {
      ...values,
      password: one(body, "password"),
      confirm: one(body, "confirm"),
    });
    if (!parsed.ok) return c.html(<SetupPage token={token} values={values} errors={parsed.errors} />, 422);
    const id = createFirstAdmin(
      db,
      {
        name: parsed.data.name,
        email: parsed.data.email,
        passwordHash: await hashPassword(parsed.data.password),
      },
      clock(),
      token,
    );
    if (id === null) {
      // Someone else finished set-up (or a restart replaced the link) while the password was hashed.
      if (countUsers(db) > 0) return c.text("Set-up is already done: sign in instead.", 409);
      return c.html(<SetupLinkPage invalid />, 403);
    }
    const session = createSession(db, id, clock());
    setSessionCookie(c, session.token);
    rememberBrowser(c, parsed.data.email);
    return c.redirect("/", 303);
  });

  app.get("/login", (c) => {
    if (countUsers(c.get("deps").db) === 0) return c.redirect("/setup", 303);
    if (c.get("user"))
      return c.redirect(safeNext(c.req.query("next") ?? "/", c.get("deps").config.baseUrl), 303);
    return c.html(
      <LoginPage
        next={c.req.query("next")}
        notice={c.req.query("signed_out") ? "You are signed out." : undefined}
      />,
    );
  });

  app.post("/login", async (c) => {
    const { db, clock, logger } = c.get("deps");
    const body = await readForm(c);
    const email = one(body, "email").trim().toLowerCase().slice(0, 254);
    const password = one(body, "password").slice(0, 200);
    const next = one(body, "next");
    const ip = clientIp(c);
    const reservation = reserveLoginAttempt(
      db,
      { email, ip, knownBrowser: knownBrowserId(c, email) },
      clock(),
    );
    if (!reservation.allowed) {
      const seconds = Math.max(1, Math.ceil(reservation.retryAfterMs / 1000));
      const wait =
        seconds < 120 ? `${seconds} second${seconds === 1 ? "" : "s"}` : `${Math.ceil(seconds / 60)} minutes`;
      c.header("Retry-After", String(seconds));
      return c.html(
        <LoginPage email={email} next={next} error={`Too many failed sign-ins. Try again in ${wait}.`} />,
        429,
      );
    }
    const user = email ? findUserByEmail(db, email) : null;
    let ok = false;
    try {
      ok =
        (await Bun.password.verify(password, user?.password_hash ?? (await unknownAccountHash()))) &&
        !!user?.active;
    } finally {
      settleLoginAttempt(db, reservation.attemptId, ok, clock());
    }
    if (!user || !ok) {
      logger.info({ email, ip }, "sign-in refused");
      return c.html(
        <LoginPage email={email} next={next} error="Wrong email or password, or the account is inactive." />,
        401,
      );
    }
    // Rotate: whatever session this browser had is dropped, so a planted cookie never becomes signed in.
    const previous = c.get("sessionIdHash");
    if (previous) deleteSession(db, previous);
    const session = createSession(db, user.id, clock());
    setSessionCookie(c, session.token);
    rememberBrowser(c, user.email);
    return c.redirect(safeNext(next, c.get("deps").config.baseUrl), 303);
  });

  app.post("/logout", (c) => {
    const idHash = c.get("sessionIdHash");
    if (idHash) deleteSession(c.get("deps").db, idHash);
    clearSessionCookie(c);
    return c.redirect("/login?signed_out=1", 303);
  });

  return app;
}
