-- The health check asks for the oldest event that is not processed (received or failed) on every call; this
-- index keeps that an index lookup however many processed events the retention period keeps.
create index clerk_webhook_events_unprocessed_idx on clerk_webhook_events (received_at)
    where status in ('received', 'failed');
