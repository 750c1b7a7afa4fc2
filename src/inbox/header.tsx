import type { Db } from "../db/open.ts";
import type { CurrentUser } from "../auth/principal.ts";
import { can } from "../auth/principal.ts";
import { findChannel } from "../channels/store.ts";
import type { ConversationRow } from "../messaging/types.ts";
import { groupParticipants } from "../messaging/thread-queries.ts";
import { conversationRecords } from "./records-adapter.ts";
import { assigneeName, teamName } from "./assign.ts";
import { assignablePeople, assignableTeams } from "../assignment/people.ts";
import { ConversationHeader } from "./views/conversation.tsx";
import { StatusControls } from "./views/status.tsx";
import { conversationLabels, listLabels } from "../messaging/labels.ts";
import { LabelControls } from "../labels/views/chips.tsx";
import { AssignControl } from "./views/assign.tsx";

/**
 * The header of an open conversation (title, linked records, assignee), as the page shows it and
 * as open tabs get it again when it is assigned, linked or unlinked elsewhere.
 */
export function ConversationHeaderFor(p: {
  db: Db;
  row: ConversationRow;
  user: CurrentUser;
  assignError?: string | null;
  statusError?: string | null;
}) {
  const { db, row, user } = p;
  const channel = findChannel(db, row.channel_id)!;
  const assigneeId = row.assigned_user_id;
  const teamId = row.assigned_team_id;
  return (
    <ConversationHeader
      c={row}
      channel={channel}
      records={conversationRecords(db, row.id)}
      canEditRecords={can(user, "records.edit")}
      participants={row.kind === "group" ? groupParticipants(db, row.id) : []}
      status={<StatusControls c={row} error={p.statusError ?? null} />}
      labels={
        <LabelControls
          id={`conv-labels-${row.id}`}
          action={`/inbox/c/${row.id}/labels`}
          labels={conversationLabels(db, row.id)}
          all={listLabels(db)}
        />
      }
      assign={
        <AssignControl
          conversationId={row.id}
          meId={user.id}
          assignee={
            assigneeId !== null ? { id: assigneeId, name: assigneeName(db, assigneeId) ?? "someone" } : null
          }
          team={teamId !== null ? { id: teamId, name: teamName(db, teamId) ?? "a team" } : null}
          people={assignablePeople(db, channel)}
          teams={assignableTeams(db, channel)}
          error={p.assignError ?? null}
        />
      }
    />
  );
}
