-- Clerk sessions that ended (session.ended / session.removed / session.revoked webhooks), so that a Clerk sign-in
-- kept in an HTTP session (clerk.session.mode=session) ends too, on every application instance.
create table clerk_ended_sessions (
    session_id    varchar(255) not null primary key,
    clerk_user_id varchar(255),
    ended_at      timestamptz  not null,
    recorded_at   timestamptz  not null
);

create index clerk_ended_sessions_recorded_at_idx on clerk_ended_sessions (recorded_at);
