import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.ts";
import { CsrfField, FormError, type FieldErrors } from "../ui/components/form.tsx";
import { PhoneField } from "../ui/components/field.tsx";
import { Layout } from "../ui/layout.tsx";
import { requestContext } from "../ui/context.ts";
import { hx } from "../ui/htmx.ts";
import type { AppEnv } from "../web/context.ts";
import { readForm } from "../web/forms.ts";
import { checkChannelPhone } from "./phone-rules.ts";
import { visibleChannel } from "./routes.tsx";
import { DemoEnterCode } from "./simulate-chat.tsx";
import type { ChannelRow } from "./store.ts";

/**
 * GET/POST /channels/:id/pair-code: "Link with phone number instead". The person confirms the
 * number (E.164), Pairbox asks WhatsApp for an 8-character code (Baileys `requestPairingCode`) and
 * shows it; the phone types it under Linked devices → Link with phone number. The channel then
 * pairs as with a QR code, and the channel page (live below the code) turns Connected.
 */
const PairCodeForm = z.object({ phone: z.string().max(40) });

function PairCodePage(p: { ch: ChannelRow; phone: string; code?: string; errors?: FieldErrors }) {
  const { ch } = p;
  const demo = requestContext().get("deps").config.demo;
  return (
    <Layout title={`Link ${ch.phone_e164} with a code`} nav="channels">
      <p>
        <a href={`/channels/${ch.id}`}>← Back to the channel</a>
      </p>
      <h1>Link {ch.name || ch.phone_e164} with a phone number</h1>
      <FormError message={p.errors?._form} />
      {p.code ? (
        <section class="card pair-code-card">
          <p>On the phone with {ch.phone_e164}, open WhatsApp:</p>
          <ol class="pair-steps">
            <li>
              <strong>Settings → Linked devices → Link a device</strong>
            </li>
            <li>
              Tap <strong>Link with phone number instead</strong>
            </li>
            <li>Type this code:</li>
          </ol>
          <p class="pair-code mono" id="pair-code" data-code={p.code}>
            {`${p.code.slice(0, 4)}-${p.code.slice(4)}`}
          </p>
          <p class="muted">The code works only while this channel waits to be linked (a few minutes).</p>
          {demo ? <DemoEnterCode channelId={ch.id} code={p.code} /> : null}
        </section>
      ) : null}
      <section class="card">
        <form method="post" action={`/channels/${ch.id}/pair-code`} class="pair-code-form">
          <CsrfField />
          <PhoneField
            label="Phone number"
            name="phone"
            value={p.phone}
            errors={p.errors}
            required
            hint="The number of the phone you link, in international format: it must be this channel's number."
          />
          <button type="submit">{p.code ? "Get a new code" : "Get a code"}</button>
        </form>
      </section>
      <div id="channel-live" {...hx({ "sse:connect": `/channels/events?channel=${ch.id}` })}>
        <div
          id="pair-code-state"
          {...hx({
            get: `/channels/${ch.id}/state`,
            trigger: "channel-changed from:#channel-live",
            swap: "innerHTML",
          })}
        ></div>
      </div>
    </Layout>
  );
}

export function pairCodeRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const manage = requirePermission("channels.manage");
  const manageChannel: MiddlewareHandler<AppEnv> = async (c, next) =>
    visibleChannel(c) ? manage(c, next) : c.notFound();

  app.get("/channels/:id/pair-code", manageChannel, (c) => {
    const ch = visibleChannel(c)!;
    return c.html(<PairCodePage ch={ch} phone={ch.phone_e164} />);
  });

  app.post("/channels/:id/pair-code", manageChannel, async (c) => {
    const ch = visibleChannel(c)!;
    const form = PairCodeForm.safeParse(await readForm(c));
    const typed = form.success ? form.data.phone : "";
    const phone = checkChannelPhone(typed);
    const refuse = (errors: FieldErrors) =>
      c.html(<PairCodePage ch={ch} phone={typed} errors={errors} />, 422);
    if (!phone.ok) return refuse({ phone: phone.error });
    // The paired number is checked against the channel's anyway (paired-number.ts); saying it now
    // spares the person a code their phone would link and Pairbox then refuse.
    if (phone.e164 !== ch.phone_e164)
      return refuse({ phone: `This channel is ${ch.phone_e164}: enter that number.` });
    if (ch.status === "connected") return refuse({ _form: "This number is already linked." });
    const session = c.get("deps").sessions.liveSession(ch.id);
    if (!session || ch.status !== "pending")
      return refuse({
        _form:
          "This number is not waiting to be linked: use Reconnect or Refresh QR on the channel page first.",
      });
    try {
      const code = await session.requestPairingCode(phone.e164);
      return c.html(<PairCodePage ch={ch} phone={phone.e164} code={code} />);
    } catch (err) {
      return refuse({ _form: (err as Error).message || "WhatsApp did not give a code: try again." });
    }
  });
  return app;
}
