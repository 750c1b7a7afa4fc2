import { Hono, type Context, type MiddlewareHandler } from "hono";
import type { AppEnv } from "../web/context.ts";
import { idParam, one, readForm } from "../web/forms.ts";
import { currentUser, requirePermission } from "../auth/middleware.ts";
import { can } from "../auth/principal.ts";
import { describeAccess, parseAccessList } from "../auth/access.ts";
import { nameMaps } from "../auth/teams-store.ts";
import { userNames } from "../auth/users-store.ts";
import { channelVisibleTo } from "./access.ts";
import { findChannel, listLiveChannels, type ChannelRow } from "./store.ts";
import {
  channelFormValues,
  EMPTY_CHANNEL_FORM,
  validateNewChannel,
  validateSettings,
  valuesFromChannel,
  type KnownIds,
} from "./form.ts";
import { addChannel, ACTIONS, editChannel, noticeFor, type ActionName } from "./lifecycle.ts";
import { renderQrSvg } from "./qr.ts";
import { parseInjectForm } from "./inject.ts";
import { injectVote } from "./inject-vote.ts";
import { deliverInjected } from "./inject-change.ts";
import { channelEventsResponse } from "./events.ts";
import { ChannelFormPage, type AccessNames } from "./views/form.tsx";
import { ChannelGone, ChannelPage, ChannelState, type InjectState } from "./views/page.tsx";
import { ChannelRows, ChannelsPage } from "./views/list.tsx";
import { NoticeBox } from "./views/status.tsx";
import { channelOptions } from "./options-store.ts";
import { refuse } from "../web/errors.tsx";
import { autoAssignCard } from "./auto-assign-routes.tsx";

type C = Context<AppEnv>;

export function accessNames(c: C): AccessNames {
  const { db } = c.get("deps");
  return { ...nameMaps(db), users: userNames(db) };
}

function knownIds(names: AccessNames): KnownIds {
  return {
    sets: new Set(names.sets.keys()),
    groups: new Set(names.groups.keys()),
    users: new Set(names.users.keys()),
  };
}

/**
 * The live channel behind :id if this user may see it. Anything else (no such id, deleted, or not
 * on the user's access list) is the same null, so a 404 never tells a stranger the channel exists.
 */
export function visibleChannel(c: C): ChannelRow | null {
  const id = idParam(c.req.param("id"));
  const ch = id ? findChannel(c.get("deps").db, id) : null;
  return ch && ch.deleted_at === null && channelVisibleTo(currentUser(c), ch) ? ch : null;
}

function view(c: C, ch: ChannelRow) {
  const { config } = c.get("deps");
  return {
    ch,
    manage: can(currentUser(c), "channels.manage"),
    demo: config.demo,
    accessText: describeAccess(parseAccessList(ch.access), accessNames(c)),
  };
}

function channelPage(
  c: C,
  ch: ChannelRow,
  extra: { notice?: string | undefined; inject?: InjectState } = {},
) {
  return (
    <ChannelPage
      {...view(c, ch)}
      notice={noticeFor(extra.notice)}
      inject={extra.inject}
      maxUploadMb={c.get("deps").config.maxUploadMb}
      driverAbout={c.get("deps").sessions.driverAbout()}
    />
  );
}

/** The inject form back on its page with errors next to the fields; 422 (or 413 for a file too big). */
function injectRefused(c: C, ch: ChannelRow, inject: InjectState, status: 413 | 422 = 422) {
  return c.html(channelPage(c, ch, { inject }), status);
}

function listItems(c: C) {
  const user = currentUser(c);
  const names = accessNames(c);
  return listLiveChannels(c.get("deps").db)
    .filter((ch) => channelVisibleTo(user, ch))
    .map((ch) => ({ ch, accessText: describeAccess(parseAccessList(ch.access), names) }));
}

/**
 * Anything done to one channel: a stranger to it gets the plain 404 (no hint it exists) before
 * anyone is told they lack channels.manage (403), which only people who can see it may learn.
 */
export function manageChannelGuard(): MiddlewareHandler<AppEnv> {
  const manage = requirePermission("channels.manage");
  return async (c, next) => (visibleChannel(c) ? manage(c, next) : c.notFound());
}

export function channelsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const manage = requirePermission("channels.manage");
  const manageChannel = manageChannelGuard();

  app.get("/channels", (c) => {
    const { config } = c.get("deps");
    return c.html(
      <ChannelsPage
        items={listItems(c)}
        manage={can(currentUser(c), "channels.manage")}
        demo={config.demo}
        notice={noticeFor(c.req.query("done"))}
      />,
    );
  });

  app.get("/channels/rows", (c) =>
    c.html(
      <ChannelRows
        items={listItems(c)}
        manage={can(currentUser(c), "channels.manage")}
        demo={c.get("deps").config.demo}
      />,
    ),
  );

  app.get("/channels/events", (c) => {
    const id = c.req.query("channel");
    if (id === undefined) return channelEventsResponse(c, null);
    const ch = idParam(id) ? findChannel(c.get("deps").db, idParam(id)!) : null;
    if (!ch || ch.deleted_at !== null || !channelVisibleTo(currentUser(c), ch)) return c.notFound();
    return channelEventsResponse(c, ch.id);
  });

  app.get("/channels/new", manage, (c) =>
    c.html(<ChannelFormPage values={EMPTY_CHANNEL_FORM} names={accessNames(c)} />),
  );

  app.post("/channels", manage, async (c) => {
    const names = accessNames(c);
    const values = channelFormValues(await readForm(c));
    const parsed = validateNewChannel(values, knownIds(names));
    if (!parsed.ok)
      return c.html(<ChannelFormPage values={values} names={names} errors={parsed.errors} />, 422);
    const added = await addChannel(c.get("deps"), parsed.phone, parsed.settings);
    if (!added.ok) {
      const other = added.duplicateOf.name ? ` (${added.duplicateOf.name})` : "";
      return c.html(
        <ChannelFormPage
          values={values}
          names={names}
          errors={{
            phone: `${parsed.phone} is already used by another channel${other}. Each number can be added once.`,
          }}
        />,
        422,
      );
    }
    return c.redirect(`/channels/${added.id}?done=added`, 303);
  });

  app.get("/channels/:id", (c) => {
    const ch = visibleChannel(c);
    if (!ch) return c.notFound();
    return c.html(channelPage(c, ch, { notice: c.req.query("done") }));
  });

  app.get("/channels/:id/state", (c) => {
    const ch = visibleChannel(c);
    // An open page whose channel was deleted (or unshared) meanwhile: say so in place, still a 404,
    // and the same words whether it ever existed or not.
    if (!ch && c.req.header("hx-request") === "true") return c.html(<ChannelGone />, 404);
    if (!ch) return c.notFound();
    return c.html(<ChannelState {...view(c, ch)} />);
  });

  // The QR is for whoever pairs the phone: channel managers. Others with access get 403, strangers 404.
  app.get("/channels/:id/qr.svg", async (c) => {
    const ch = visibleChannel(c);
    if (ch?.status !== "pending" || !ch.qr) return c.notFound();
    if (!can(currentUser(c), "channels.manage"))
      return refuse(c, 403, "You need the channels.manage permission for this.");
    c.header("Cache-Control", "no-store");
    c.header("Content-Type", "image/svg+xml");
    return c.body(await renderQrSvg(ch.qr));
  });

  app.get("/channels/:id/edit", manageChannel, (c) => {
    const ch = visibleChannel(c);
    if (!ch) return c.notFound();
    return c.html(
      <ChannelFormPage
        channelId={ch.id}
        values={valuesFromChannel(ch, parseAccessList(ch.access), channelOptions(c.get("deps").db, ch.id))}
        names={accessNames(c)}
        extra={autoAssignCard(c, ch)}
      />,
    );
  });

  app.post("/channels/:id/edit", manageChannel, async (c) => {
    const ch = visibleChannel(c);
    if (!ch) return c.notFound();
    const names = accessNames(c);
    // The number is fixed: whatever the form sends, the stored one is kept.
    const values = { ...channelFormValues(await readForm(c)), phone: ch.phone_e164 };
    const parsed = validateSettings(values, knownIds(names));
    if (!parsed.ok)
      return c.html(
        <ChannelFormPage channelId={ch.id} values={values} names={names} errors={parsed.errors} />,
        422,
      );
    editChannel(c.get("deps"), ch.id, parsed.settings);
    return c.redirect(`/channels/${ch.id}?done=saved`, 303);
  });

  // Demo mode: the simulated phone network delivers a message to this channel, as a customer would.
  app.post("/channels/:id/inject", manageChannel, async (c) => {
    const deps = c.get("deps");
    const ch = visibleChannel(c);
    if (!ch || !deps.config.demo) return c.notFound();
    const parsed = await parseInjectForm(await readForm(c), deps.config);
    if (!parsed.ok)
      return injectRefused(
        c,
        ch,
        { values: parsed.values, errors: parsed.errors },
        parsed.errors.file?.includes("larger") ? 413 : 422,
      );
    const simulator = deps.sessions.simulator;
    if (!simulator || ch.status !== "connected") {
      return injectRefused(c, ch, {
        values: parsed.values,
        errors: { _form: "Only a connected channel receives messages: scan the code first." },
      });
    }
    try {
      if (parsed.input.vote) {
        const refused = await injectVote(
          deps.db,
          simulator,
          ch.id,
          parsed.input.fromPhone,
          parsed.input.name,
          parsed.input.vote,
        );
        if (refused) return injectRefused(c, ch, { values: parsed.values, errors: { text: refused } });
      } else {
        const errors = await deliverInjected(deps.db, simulator, ch.id, parsed.values, parsed.input);
        if (errors) return injectRefused(c, ch, { values: parsed.values, errors });
      }
    } catch (err) {
      deps.logger.warn({ err, channelId: ch.id }, "demo inject refused");
      return injectRefused(c, ch, {
        values: parsed.values,
        errors: {
          _form: `The demo phone network refused the message: ${err instanceof Error ? err.message : String(err)}`,
        },
      });
    }
    return c.redirect(`/channels/${ch.id}?done=injected`, 303);
  });

  for (const [name, action] of Object.entries(ACTIONS) as [ActionName, (typeof ACTIONS)[ActionName]][]) {
    app.post(`/channels/:id/${name}`, manageChannel, async (c) => {
      const ch = visibleChannel(c);
      if (!ch || (action.demoOnly && !c.get("deps").config.demo)) return c.notFound();
      const form = await readForm(c);
      const from = one(form, "from");
      const result = await action.run(c.get("deps"), ch, form);
      const done = result.ok ? action.done : result.notice;
      // A live action (htmx) stays on its page: it gets the notice, the status follows by the stream.
      if (c.req.header("hx-request") === "true")
        return c.html(<NoticeBox notice={noticeFor(done)} />, result.ok ? 200 : 409);
      // After a delete the channel page is gone: go back to the list.
      const back = from === "list" || name === "delete" ? "/channels" : `/channels/${ch.id}`;
      return c.redirect(`${back}?done=${done}`, 303);
    });
  }

  return app;
}
