import { Hono, type Context } from "hono";
import type { AppEnv } from "../web/context.ts";
import { idParam, one, readForm, validate, type FormBody } from "../web/forms.ts";
import { currentUser } from "../auth/middleware.ts";
import type { FieldErrors } from "../ui/components/form.tsx";
import {
  contactPart,
  LocationInput,
  locationPart,
  PollInput,
  pollPart,
  type RichPart,
} from "../messaging/rich-send.ts";
import { cardCandidates, contactCardOf } from "../records/public.ts";
import { composeDisabledReason } from "./compose-options.ts";
import { loadConversation } from "./routes.tsx";
import { SharePage, type ShareKind } from "./views/share-page.tsx";

/**
 * Sending a poll, a location or a record's contact card from a conversation: a small page per
 * kind, validated with the same schemas as the API, sent through the one send command.
 */

type Found = NonNullable<ReturnType<typeof loadConversation>>;
const KINDS: ShareKind[] = ["poll", "location", "contact"];

/** "51.5014" → 51.5014; anything that is not a plain decimal number stays a string for zod to refuse. */
function decimal(value: string): number | string {
  return /^-?\d{1,3}(\.\d{1,12})?$/.test(value.trim()) ? Number(value.trim()) : value;
}

function pollFrom(body: FormBody) {
  const options = one(body, "options")
    .split(/\r?\n/)
    .map((o) => o.trim())
    .filter(Boolean);
  return validate(PollInput, {
    question: one(body, "question"),
    options,
    multiple: one(body, "multiple") === "1",
  });
}

function locationFrom(body: FormBody) {
  const parsed = validate(LocationInput, {
    latitude: decimal(one(body, "latitude")),
    longitude: decimal(one(body, "longitude")),
    ...(one(body, "name").trim() ? { name: one(body, "name") } : {}),
    ...(one(body, "address").trim() ? { address: one(body, "address") } : {}),
  });
  if (parsed.ok) return parsed;
  // zod says "expected number" for text: say what to type instead.
  for (const field of ["latitude", "longitude"] as const)
    if (parsed.errors[field]?.startsWith("Invalid input"))
      parsed.errors[field] = "A number in degrees, like 51.5014 (south and west are negative).";
  return parsed;
}

export function shareRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  const page = (
    c: Context<AppEnv>,
    found: Found,
    kind: ShareKind,
    values: Record<string, string>,
    errors?: FieldErrors,
    status: 200 | 422 = 200,
  ) => {
    const query = (c.req.query("q") ?? "").trim().slice(0, 100);
    const candidates = kind === "contact" && query ? cardCandidates(c.get("deps").db, query, 20) : [];
    return c.html(
      <SharePage
        conversationId={found.row.id}
        title={found.row.title || found.row.peer_phone || "the conversation"}
        kind={kind}
        values={values}
        errors={errors ?? {}}
        query={query}
        candidates={candidates}
      />,
      status,
    );
  };

  app.get("/inbox/c/:id/share", (c) => {
    const found = loadConversation(c);
    if (!found) return c.notFound();
    const kind = KINDS.find((k) => k === c.req.query("kind")) ?? "poll";
    return page(c, found, kind, {});
  });

  app.post("/inbox/c/:id/share/:kind", async (c) => {
    const found = loadConversation(c);
    const kind = KINDS.find((k) => k === c.req.param("kind"));
    if (!found || !kind) return c.notFound();
    const { db, services } = c.get("deps");
    const body = await readForm(c);
    const values = Object.fromEntries(
      Object.entries(body).filter(([, v]) => typeof v === "string"),
    ) as Record<string, string>;
    const refuse = (errors: FieldErrors) => page(c, found, kind, values, errors, 422);
    const disabled = composeDisabledReason(found.channel);
    if (disabled) return refuse({ _form: disabled });

    let part: RichPart;
    if (kind === "poll") {
      const poll = pollFrom(body);
      if (!poll.ok) return refuse(poll.errors);
      part = pollPart(poll.data);
    } else if (kind === "location") {
      const location = locationFrom(body);
      if (!location.ok) return refuse(location.errors);
      part = locationPart(location.data);
    } else {
      const recordId = idParam(one(body, "record"));
      const card = recordId ? contactCardOf(db, recordId) : null;
      if (!card) return refuse({ q: "Pick a contact, lead or account that has a phone number." });
      part = contactPart([card]);
    }
    const key = /^[A-Za-z0-9-]{8,64}$/.test(one(body, "key")) ? one(body, "key") : null;
    const sent = services.send.send({
      channel: found.channel,
      recipient: { conversation: found.row },
      parts: [part],
      userId: currentUser(c).id,
      idempotencyKey: key
        ? `share:${currentUser(c).id}:${key}:${Bun.hash(JSON.stringify(part.detail)).toString(36)}`
        : null,
    });
    if (!sent.ok) return refuse({ _form: sent.message });
    return c.redirect(`/inbox/c/${found.row.id}`, 303);
  });

  return app;
}
