import { CsrfField } from "../../ui/components/form.tsx";
import type { InboxQuery } from "./list.tsx";

export type AssignChoice = { id: number; name: string; away?: boolean };

export type AssignControlProps = {
  conversationId: number;
  meId: number;
  assignee: AssignChoice | null;
  team: AssignChoice | null;
  people: AssignChoice[];
  teams: AssignChoice[];
  error?: string | null;
};

const personLabel = (u: AssignChoice) => (u.away ? `${u.name} (away)` : u.name);

/** Who has it ("Assigned to you · Sales"), Assign to me, and a person and a team to pick, in one small form. */
export function AssignControl(p: AssignControlProps) {
  const who = p.assignee ? (p.assignee.id === p.meId ? "you" : p.assignee.name) : null;
  const summary =
    who && p.team
      ? `Assigned to ${who} · ${p.team.name}`
      : who
        ? `Assigned to ${who}`
        : p.team
          ? `Team ${p.team.name}, no one yet`
          : "Unassigned";
  return (
    <form
      method="post"
      action={`/inbox/c/${p.conversationId}/assign`}
      class="assign"
      id={`assign-${p.conversationId}`}
    >
      <CsrfField />
      <span class="muted assign-summary">{summary}</span>
      {p.assignee?.id !== p.meId ? (
        <button type="submit" name="to" value="me" class="link">
          Assign to me
        </button>
      ) : null}
      <select name="assignee" aria-label="Assign to person">
        <option value="">Nobody</option>
        {p.people.map((u) => (
          <option value={String(u.id)} selected={p.assignee?.id === u.id}>
            {personLabel(u)}
          </option>
        ))}
      </select>
      <select name="team" aria-label="Assign to team">
        <option value="">No team</option>
        {p.teams.map((t) => (
          <option value={String(t.id)} selected={p.team?.id === t.id}>
            {t.name}
          </option>
        ))}
      </select>
      <button type="submit" class="secondary small">
        Assign
      </button>
      {p.error ? (
        <small class="error" role="alert">
          {p.error}
        </small>
      ) : null}
    </form>
  );
}

/** The bulk assign fields, in the list's bulk form: person and team, each may stay as it is. */
export function BulkAssignFields(p: { people: AssignChoice[]; teams: AssignChoice[] }) {
  return (
    <span class="bulk-assign">
      <select name="assignee" aria-label="Assign selected to person">
        <option value="keep">Person: keep</option>
        <option value="me">Me</option>
        <option value="">Nobody</option>
        {p.people.map((u) => (
          <option value={String(u.id)}>{personLabel(u)}</option>
        ))}
      </select>
      <select name="team" aria-label="Assign selected to team">
        <option value="keep">Team: keep</option>
        <option value="">No team</option>
        {p.teams.map((t) => (
          <option value={String(t.id)}>{t.name}</option>
        ))}
      </select>
      <button type="submit" formaction="/inbox/bulk-assign" class="small secondary">
        Assign selected
      </button>
    </span>
  );
}

/** Narrow the list to one person's or one team's conversations (inside the channel switcher's form). */
export function AssignFilters(p: {
  query: InboxQuery;
  view: { people: AssignChoice[]; teams: AssignChoice[] };
}) {
  return (
    <>
      <select name="assignee" aria-label="Assignee" class="autosubmit">
        <option value="">Anyone</option>
        {p.view.people.map((u) => (
          <option value={String(u.id)} selected={p.query.assignee === u.id}>
            {u.name}
          </option>
        ))}
      </select>
      <select name="team" aria-label="Team" class="autosubmit">
        <option value="">Any team</option>
        {p.view.teams.map((t) => (
          <option value={String(t.id)} selected={p.query.team === t.id}>
            {t.name}
          </option>
        ))}
      </select>
    </>
  );
}

export type AssignmentLineView = { id: number; at: number; text: string };

/** "Ann assigned this to Bob", "Auto-assigned to Bob": one line in the timeline. */
export function AssignmentLine(p: { line: AssignmentLineView }) {
  const iso = new Date(p.line.at).toISOString();
  return (
    <p class="status-line assignment-line" id={`assignment-${p.line.id}`}>
      {p.line.text}
      {" · "}
      <time datetime={iso} class="muted">
        {`${iso.slice(0, 16).replace("T", " ")} UTC`}
      </time>
    </p>
  );
}
