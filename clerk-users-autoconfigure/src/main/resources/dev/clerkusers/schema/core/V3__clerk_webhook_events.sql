-- The webhook inbox: every verified delivery is stored here, by its svix-id, before it is processed.
create table clerk_webhook_events (
    svix_id         varchar(255) not null primary key,
    event_type      varchar(255) not null,
    payload         jsonb        not null,
    event_timestamp timestamptz,
    status          varchar(16)  not null,
    attempts        integer      not null default 0,
    last_error      text,
    received_at     timestamptz  not null,
    last_attempt_at timestamptz,
    processed_at    timestamptz,
    constraint clerk_webhook_events_status_check check (status in ('received', 'processed', 'ignored', 'failed'))
);

create index clerk_webhook_events_received_at_idx on clerk_webhook_events (received_at);
create index clerk_webhook_events_failed_idx on clerk_webhook_events (received_at) where status = 'failed';
