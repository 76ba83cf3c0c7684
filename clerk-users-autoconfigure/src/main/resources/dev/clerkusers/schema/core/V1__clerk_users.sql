-- clerk-users core schema, version 1.
-- Run by the library's own Flyway with the history table clerk_users_schema_history.

create sequence clerk_users_id_seq start with 1 increment by 50;

create table clerk_users (
    id               bigint        not null primary key,
    uid              uuid          not null,
    clerk_id         varchar(255),
    email            varchar(320),
    username         varchar(150),
    password         varchar(255),
    first_name       varchar(255),
    last_name        varchar(255),
    image_url        varchar(2048),
    public_metadata  jsonb         not null default '{}'::jsonb,
    private_metadata jsonb         not null default '{}'::jsonb,
    unsafe_metadata  jsonb         not null default '{}'::jsonb,
    is_active        boolean       not null default true,
    is_staff         boolean       not null default false,
    is_superuser     boolean       not null default false,
    last_login       timestamptz,
    last_logout      timestamptz,
    clerk_created_at timestamptz,
    clerk_updated_at timestamptz,
    deleted_at       timestamptz,
    sync_pending     boolean       not null default false,
    created_at       timestamptz   not null,
    updated_at       timestamptz   not null,
    constraint clerk_users_uid_key unique (uid),
    constraint clerk_users_clerk_id_key unique (clerk_id),
    constraint clerk_users_username_key unique (username)
);

-- Email is unique regardless of case; lookups use lower(email) too.
create unique index clerk_users_email_key on clerk_users (lower(email));

create index clerk_users_created_at_idx on clerk_users (created_at);
