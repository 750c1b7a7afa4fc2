-- Assignment (issue 16): a conversation belongs to a person, a team (user group), both or nobody.
ALTER TABLE conversations ADD COLUMN assigned_team_id INTEGER REFERENCES user_groups(id) ON DELETE SET NULL;

-- Who assigned what and when: the timeline's "Ann assigned this to Bob", and the round-robin's memory
-- (the last person auto-assigned on a channel), so the rotation survives restarts without a cursor.
-- cause: 'user' (a person in the inbox or through the API), 'auto' (the channel's auto-assignment),
-- 'workflow' (an Assign step).
CREATE TABLE conversation_assignments (
  id               INTEGER PRIMARY KEY,
  conversation_id  INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  channel_id       INTEGER NOT NULL,
  user_id          INTEGER REFERENCES users(id) ON DELETE SET NULL,
  team_id          INTEGER REFERENCES user_groups(id) ON DELETE SET NULL,
  cause            TEXT NOT NULL CHECK (cause IN ('user','auto','workflow')),
  by_user_id       INTEGER REFERENCES users(id) ON DELETE SET NULL,
  at               INTEGER NOT NULL
);
CREATE INDEX conversation_assignments_by_conversation ON conversation_assignments(conversation_id, at);
CREATE INDEX conversation_assignments_auto ON conversation_assignments(channel_id, id) WHERE cause = 'auto';

-- The team filter walks a team's conversations newest first; the per-person limit counts a person's
-- open conversations from an index range, never the table.
CREATE INDEX conversations_by_team ON conversations(assigned_team_id, last_message_at DESC)
  WHERE assigned_team_id IS NOT NULL;
CREATE INDEX conversations_by_assignee_status ON conversations(assigned_user_id, status)
  WHERE assigned_user_id IS NOT NULL;

-- Availability (the Available/Away switch in the top bar) and the most open conversations
-- auto-assignment gives a person (NULL: no limit), set by an administrator.
ALTER TABLE users ADD COLUMN away INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN open_limit INTEGER CHECK (open_limit IS NULL OR open_limit >= 0);

-- Auto-assignment per channel, off by default: among the members of one team, or (NULL) everyone
-- who may use the channel.
ALTER TABLE channels ADD COLUMN auto_assign INTEGER NOT NULL DEFAULT 0;
ALTER TABLE channels ADD COLUMN auto_assign_team_id INTEGER REFERENCES user_groups(id) ON DELETE SET NULL;
