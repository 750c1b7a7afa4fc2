import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.ts";
import { CsrfField } from "../ui/components/form.tsx";
import { FieldFrame } from "../ui/components/field.tsx";
import type { AppEnv } from "../web/context.ts";
import { readForm } from "../web/forms.ts";
import { visibleChannel } from "./routes.tsx";

/**
 * Demo mode: the simulated customer calls (voice, video, or a call the phone picks up) or types,
 * and the simulated phone enters a pairing code. Beside the inject form, so demo mode shows every
 * kind of thing WhatsApp sends. Each answers with the channel page and a notice.
 */
const ChatForm = z.object({
  fromPhone: z.string().trim().min(1, "Enter the customer's number.").max(40),
  what: z.enum(["voice", "video", "answered", "composing", "recording", "paused"]),
});
const CodeForm = z.object({ code: z.string().trim().min(1).max(20) });

export function SimulateChatForm(p: { channelId: number }) {
  return (
    <section class="card inject simulate-chat" id="simulate-chat">
      <h2>Simulate a call or typing (demo)</h2>
      <form method="post" action={`/channels/${p.channelId}/simulate-chat`} class="inject-form">
        <CsrfField />
        <FieldFrame for="f-sim-from" label="Customer's number">
          <input id="f-sim-from" name="fromPhone" type="tel" placeholder="+447700900123" required />
        </FieldFrame>
        <FieldFrame for="f-sim-what" label="What they do">
          <select id="f-sim-what" name="what">
            <option value="voice">Call (voice), unanswered</option>
            <option value="video">Call (video), unanswered</option>
            <option value="answered">Call, picked up on the phone</option>
            <option value="composing">Start typing</option>
            <option value="recording">Start recording a voice note</option>
            <option value="paused">Stop typing</option>
          </select>
        </FieldFrame>
        <button type="submit">Simulate</button>
      </form>
    </section>
  );
}

/** On the pair-code page in demo mode: the simulated phone types the code. */
export function DemoEnterCode(p: { channelId: number; code: string }) {
  return (
    <form method="post" action={`/channels/${p.channelId}/demo-enter-code`} class="demo-enter-code">
      <CsrfField />
      <input type="hidden" name="code" value={p.code} />
      <button type="submit">Enter this code on the demo phone</button>
    </form>
  );
}

export function simulateChatRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const manage = requirePermission("channels.manage");
  const demoChannel: MiddlewareHandler<AppEnv> = async (c, next) =>
    visibleChannel(c) && c.get("deps").config.demo && c.get("deps").sessions.simulator
      ? manage(c, next)
      : c.notFound();

  app.post("/channels/:id/simulate-chat", demoChannel, async (c) => {
    const { sessions, logger } = c.get("deps");
    const ch = visibleChannel(c)!;
    const form = ChatForm.safeParse(await readForm(c));
    if (!form.success) return c.text(form.error.issues[0]?.message ?? "Check the form.", 400);
    const { fromPhone, what } = form.data;
    const sim = sessions.simulator!;
    try {
      if (what === "voice" || what === "video" || what === "answered")
        await sim.call(ch.id, { fromPhone, video: what === "video", answeredElsewhere: what === "answered" });
      else await sim.typing(ch.id, { fromPhone, state: what });
    } catch (err) {
      logger.info({ channelId: ch.id, reason: (err as Error)?.message }, "demo call or typing refused");
      return c.redirect(`/channels/${ch.id}?done=simulate-refused`, 303);
    }
    return c.redirect(`/channels/${ch.id}?done=simulated`, 303);
  });

  app.post("/channels/:id/demo-enter-code", demoChannel, async (c) => {
    const ch = visibleChannel(c)!;
    const form = CodeForm.safeParse(await readForm(c));
    if (!form.success) return c.text("Enter the code.", 400);
    try {
      await c.get("deps").sessions.simulator!.enterCode(ch.id, form.data.code);
    } catch {
      return c.redirect(`/channels/${ch.id}?done=simulate-refused`, 303);
    }
    return c.redirect(`/channels/${ch.id}?done=code-entered`, 303);
  });
  return app;
}
