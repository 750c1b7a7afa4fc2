import type { PollTally } from "../../messaging/polls.ts";
import type { MessageRow } from "../../messaging/types.ts";
import { Icon } from "../../ui/icons/icon.tsx";
import {
  detailText,
  mapUrl,
  parseDetail,
  type AlbumDetail,
  type ContactCard,
  type LocationDetail,
  type PollDetail,
} from "../../whatsapp/rich.ts";

/**
 * The bubble's part for polls, contact cards, locations and albums. What it shows beyond the row
 * (the poll's tally, the records a card's numbers belong to) is gathered by the route (rich-props.ts).
 */

export type RichProps = {
  tally?: PollTally | null;
  /** The record each E.164 number of a contact card belongs to. */
  records?: Map<string, { name: string; href: string }>;
};

/** Kinds whose detail says everything: their readable line (for lists and search) is not repeated. */
export function detailReplacesText(m: MessageRow): boolean {
  const kind = parseDetail(m.detail)?.kind;
  return kind === "poll" || kind === "contacts" || kind === "location" || kind === "album";
}

function PollView(p: { poll: PollDetail; tally: PollTally | null | undefined }) {
  const tally = p.tally;
  const most = Math.max(1, ...(tally?.options.map((o) => o.votes) ?? [0]));
  return (
    <div class="poll">
      <div class="poll-question" dir="auto">
        <Icon name="poll" /> {p.poll.question}
      </div>
      <div class="muted poll-kind">
        {p.poll.selectableCount === 1 ? "Select one" : "Select one or more"}
        {tally ? ` · ${tally.voters} ${tally.voters === 1 ? "vote" : "votes"}` : ""}
      </div>
      <ul class="poll-options">
        {p.poll.options.map((name, i) => {
          const option = tally?.options[i];
          return (
            <li class="poll-option" data-votes={option?.votes ?? 0}>
              <span class="poll-name" dir="auto">
                {name}
              </span>{" "}
              <span class="poll-count">{option?.votes ?? 0}</span>
              <meter min={0} max={most} value={option?.votes ?? 0} />
              {option?.voters.length ? (
                <span class="poll-voters muted">
                  {option.voters.map((v) => v.name || v.phone || "Someone").join(", ")}
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function newContactHref(card: ContactCard, phone: string): string {
  const [first, ...rest] = card.name.trim().split(/\s+/);
  const q = new URLSearchParams({ phones: phone, first_name: first || phone, last_name: rest.join(" ") });
  return `/records/contacts/new?${q}`;
}

function CardView(p: { card: ContactCard; records: RichProps["records"] }) {
  return (
    <div class="contact-card">
      <div class="contact-name" dir="auto">
        <Icon name="contact" /> {p.card.name || "Contact"}
      </div>
      {p.card.phones.length === 0 ? <div class="muted">No phone number on this card.</div> : null}
      <ul class="contact-phones">
        {p.card.phones.map((phone) => {
          const record = phone.e164 ? p.records?.get(phone.e164) : undefined;
          return (
            <li>
              <span class="contact-phone">{phone.e164 ?? phone.raw}</span>{" "}
              {record ? (
                <a class="button small secondary" href={record.href}>
                  Open {record.name}
                </a>
              ) : phone.e164 ? (
                <a class="button small secondary" href={newContactHref(p.card, phone.e164)}>
                  Create contact
                </a>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function LocationView(p: { l: LocationDetail }) {
  const l = p.l;
  return (
    <div class="location">
      <div>
        <Icon name="location" /> {l.live ? <strong class="live-badge">Live location</strong> : null}{" "}
        {l.name ?? ""}
      </div>
      {l.address ? <div class="muted">{l.address}</div> : null}
      <a class="map-link" href={mapUrl(l.latitude, l.longitude)} target="_blank" rel="noopener noreferrer">
        {l.latitude.toFixed(6)}, {l.longitude.toFixed(6)} · Open map
      </a>
    </div>
  );
}

function AlbumView(p: { a: AlbumDetail }) {
  // Its photos and videos follow as messages of their own, each marked as part of it.
  return (
    <div class="album" dir="auto">
      <Icon name="album" /> {detailText(p.a).replace(/^🖼\s*/u, "")}
    </div>
  );
}

export function RichDetail(p: { m: MessageRow; rich?: RichProps | undefined }) {
  const d = parseDetail(p.m.detail);
  switch (d?.kind) {
    case "poll":
      return <PollView poll={d} tally={p.rich?.tally} />;
    case "contacts":
      return (
        <>
          {d.contacts.map((card) => (
            <CardView card={card} records={p.rich?.records} />
          ))}
        </>
      );
    case "location":
      return <LocationView l={d} />;
    case "album":
      return <AlbumView a={d} />;
    case "album-item":
      return <div class="muted album-item">Part of an album</div>;
    default:
      return null;
  }
}
