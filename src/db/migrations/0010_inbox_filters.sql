-- Inbox Groups filter: walk each channel's group conversations newest first. Without it the filter
-- read every conversation of the channel to find the few groups (~100 ms at 100,000 direct chats).
CREATE INDEX conversations_groups_by_channel_recent ON conversations(channel_id, last_message_at DESC, id DESC) WHERE kind = 'group';
