-- Retention: finished jobs and webhook deliveries are pruned after a while (PAIRBOX_JOB_RETENTION_DAYS),
-- a bounded batch at a time. Each prune finds its rows by age through an index instead of reading the table.
CREATE INDEX jobs_finished ON jobs(status, finished_at) WHERE status IN ('done','failed');
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries(finished_at) WHERE status <> 'pending';
CREATE INDEX webhook_events_by_age ON webhook_events(created_at);
-- Deleting an event (pruning, or cascading from its endpoint) looks up its deliveries by event.
CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries(event_id);
