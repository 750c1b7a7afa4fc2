import { Layout } from "../../ui/layout.tsx";
import { CsrfField, type FieldErrors, FormError } from "../../ui/components/form.tsx";
import { Field, FieldFrame, invalidAttrs } from "../../ui/components/field.tsx";
import { WEEKDAY_NAMES, WEEKDAYS } from "../business-hours.ts";
import type { HoursFormValues } from "../business-hours-form.ts";

/** A channel's business hours: the zone, each weekday's ranges (empty = closed) and holidays. */
export function BusinessHoursPage(p: {
  channelId: number;
  channelName: string;
  values: HoursFormValues;
  isSet: boolean;
  errors?: FieldErrors;
  saved?: boolean;
}) {
  const title = `Business hours · ${p.channelName}`;
  const holidaysError = p.errors?.holidays;
  return (
    <Layout title={title} nav="channels">
      <p>
        <a href={`/channels/${p.channelId}`}>← Back to the channel</a>
      </p>
      <h1>{title}</h1>
      {p.saved ? (
        <p class="alert alert-success" role="status">
          Business hours saved.
        </p>
      ) : null}
      {!p.isSet ? (
        <p class="alert alert-info">
          No business hours are set: workflows treat this number as always within business hours.
        </p>
      ) : null}
      <FormError message={p.errors?._form} />
      <section class="card">
        <form method="post" action={`/channels/${p.channelId}/hours`} class="hours-form">
          <CsrfField />
          <Field
            label="Time zone"
            name="timeZone"
            value={p.values.timeZone}
            required
            errors={p.errors}
            placeholder="Europe/Berlin"
            hint="An IANA time zone name such as Europe/Berlin, America/New_York or UTC. Summer time follows its rules."
          />
          <fieldset>
            <legend>Weekly hours</legend>
            <p class="hint">
              One or more ranges a day, such as <code>09:00-12:30, 13:30-17:00</code>; leave a day empty when
              closed. <code>24:00</code> ends a range at midnight.
            </p>
            {WEEKDAYS.map((d) => (
              <Field
                label={WEEKDAY_NAMES[d]}
                name={`day_${d}`}
                value={p.values.days[d]}
                errors={p.errors}
                placeholder="Closed"
              />
            ))}
          </fieldset>
          <FieldFrame
            for="f-holidays"
            label="Holidays"
            error={holidaysError}
            errorId="f-holidays-error"
            hint="Dates (YYYY-MM-DD) closed all day in the channel's time zone, one a line."
          >
            <textarea id="f-holidays" name="holidays" rows={4} {...invalidAttrs("f-holidays", holidaysError)}>
              {p.values.holidays}
            </textarea>
          </FieldFrame>
          <p class="actions">
            <button type="submit">Save business hours</button>
            {p.isSet ? (
              <button type="submit" name="clear" value="1" class="secondary">
                Remove business hours
              </button>
            ) : null}
            <a href={`/channels/${p.channelId}`}>Cancel</a>
          </p>
        </form>
      </section>
    </Layout>
  );
}
