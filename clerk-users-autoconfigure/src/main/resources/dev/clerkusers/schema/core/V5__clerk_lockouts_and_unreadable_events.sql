-- A lockout in Clerk ends by itself, without a webhook: its end is kept, and a user is
-- refused only until then.
alter table clerk_users add column locked_until timestamptz;

-- A verified delivery whose body is not a Clerk event is kept as failed, with its bytes
-- as they came (they may hold characters that text and jsonb refuse).
alter table clerk_webhook_events alter column payload drop not null;
alter table clerk_webhook_events add column raw_body bytea;
