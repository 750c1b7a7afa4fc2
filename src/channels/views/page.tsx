import { hx } from "../../ui/htmx.ts";
import { Layout } from "../../ui/layout.tsx";
import type { Notice } from "../lifecycle.ts";
import { ChannelActions } from "./actions.tsx";
import { NoticeBox, StatusLine } from "./status.tsx";
import { InjectForm } from "./inject.tsx";
import { PasskeyProblem } from "./passkey.tsx";
import { SimulateChatForm } from "../simulate-chat.tsx";
import type { ChannelRow } from "../store.ts";
import { EMPTY_INJECT_FORM, type InjectFormValues } from "../inject.ts";
import type { FieldErrors } from "../../ui/components/form.tsx";

export type ChannelView = { ch: ChannelRow; manage: boolean; demo: boolean; accessText: string };

/** The inject form as last submitted, when it came back with errors. */
export type InjectState = { values: InjectFormValues; errors: FieldErrors };

/** The pairing code and the steps to scan it, while the channel waits for its phone. */
export function PairingPanel(p: { ch: ChannelRow; manage: boolean }) {
  const { ch } = p;
  if (!p.manage) return <p class="alert alert-info">Waiting for a channel manager to pair this number.</p>;
  return (
    <div class="pairing">
      {ch.qr ? (
        <img
          class="qr"
          id="qr"
          src={`/channels/${ch.id}/qr.svg?v=${ch.qr_at ?? 0}`}
          data-qr-at={String(ch.qr_at ?? 0)}
          alt="QR code to link this number"
          width="264"
          height="264"
        />
      ) : (
        <p class="qr-waiting" id="qr-waiting">
          Waiting for a pairing code from WhatsApp…
        </p>
      )}
      <div>
        <h2>Link {ch.phone_e164}</h2>
        <ol class="pair-steps">
          <li>
            Open <strong>WhatsApp</strong> on the phone with this number.
          </li>
          <li>
            Go to <strong>Settings → Linked devices</strong>.
          </li>
          <li>
            Tap <strong>Link a device</strong>.
          </li>
          <li>
            <strong>Scan</strong> this code.
          </li>
        </ol>
        <p class="muted">The code changes every few seconds; this page shows each new one by itself.</p>
        <p>
          <a href={`/channels/${ch.id}/pair-code`}>Link with phone number instead</a>
        </p>
      </div>
    </div>
  );
}

/**
 * Everything on the channel page that changes with the session: status, last activity, pairing
 * code, actions. It refetches itself when the event stream says the channel changed (and every
 * 15 s, which keeps "last activity" fresh even when nothing is announced).
 */
export function ChannelState(p: ChannelView) {
  const { ch } = p;
  const expired = ch.status === "disconnected" && /qr/i.test(ch.status_reason);
  // A passing drop of a paired channel (the driver retries): not a sign-out, no new code needed.
  const dropped = ch.status === "disconnected" && /reconnecting/i.test(ch.status_reason);
  return (
    <section
      id="channel-state"
      class="card channel-state"
      data-status={ch.status}
      {...hx({
        get: `/channels/${ch.id}/state`,
        trigger: "channel-changed from:#channel-live, every 15s",
        swap: "outerHTML",
      })}
    >
      <StatusLine ch={ch} />
      {ch.pairing_problem === "passkey" && ch.status !== "connected" ? <PasskeyProblem /> : null}
      {ch.status === "pending" ? <PairingPanel ch={ch} manage={p.manage} /> : null}
      {expired && p.manage ? (
        <p class="alert alert-info">
          The pairing code expired. Use <strong>Refresh QR</strong> for a new one. If the phone scanned it and
          then kept waiting ("Continue on your other device"), WhatsApp probably asks this account for a
          passkey: see the README, "Accounts that demand a passkey".
        </p>
      ) : null}
      {ch.status === "disconnected" && !expired && !dropped && p.manage ? (
        <p class="alert alert-info">
          This number is not linked. Use <strong>Reconnect</strong> to pair it again.
        </p>
      ) : null}
      {dropped && p.manage ? (
        <p class="alert alert-info">
          The connection dropped; Pairbox reconnects by itself with the saved pairing.{" "}
          <strong>Reconnect</strong> tries at once.
        </p>
      ) : null}
      {p.manage ? <ChannelActions ch={ch} from="page" demo={p.demo} /> : null}
    </section>
  );
}

/** What replaces the live block when the channel is gone from under an open page. */
export function ChannelGone() {
  return (
    <section id="channel-state" class="card channel-state" data-status="gone">
      <p class="alert alert-info">
        This channel is no longer available: it was deleted or is no longer shared with you.{" "}
        <a href="/channels">Back to channels</a>
      </p>
    </section>
  );
}

export function ChannelPage(
  p: ChannelView & {
    notice?: Notice | undefined;
    inject?: InjectState;
    maxUploadMb: number;
    /** How the driver talks to WhatsApp ("WhatsApp Web 2.3000.… (the latest, checked at start-up)"). */
    driverAbout?: string | null;
  },
) {
  const { ch } = p;
  return (
    <Layout title={ch.name || ch.phone_e164} nav="channels">
      <p>
        <a href="/channels">← Channels</a>
      </p>
      <div class="page-head">
        <div>
          <h1>{ch.name || ch.phone_e164}</h1>
          <p class="muted channel-meta">
            <span class="mono">{ch.phone_e164}</span>
            {ch.country_prefix ? (
              <>
                {" "}
                · prefix <span class="mono">{ch.country_prefix}</span>
              </>
            ) : null}
            {" · "}Access: {p.accessText}
          </p>
          {p.driverAbout ? <p class="muted channel-driver">{p.driverAbout}</p> : null}
        </div>
        <a class="button secondary" href={`/inbox?channel=${ch.id}`}>
          Open inbox
        </a>
      </div>
      <div id="action-notice">
        <NoticeBox notice={p.notice} />
      </div>
      <div class="channel-body">
        <div id="channel-live" {...hx({ "sse:connect": `/channels/events?channel=${ch.id}` })}>
          <ChannelState {...p} />
        </div>
        {p.demo && p.manage ? (
          <InjectForm
            channelId={ch.id}
            values={p.inject?.values ?? EMPTY_INJECT_FORM}
            errors={p.inject?.errors}
            maxUploadMb={p.maxUploadMb}
          />
        ) : null}
        {p.demo && p.manage ? <SimulateChatForm channelId={ch.id} /> : null}
      </div>
    </Layout>
  );
}
