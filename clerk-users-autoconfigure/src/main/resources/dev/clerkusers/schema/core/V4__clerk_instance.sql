-- The Clerk instance the stored data comes from, recorded by the first sync or push, so
-- that a secret key of another instance is refused.
create table clerk_instance (
    id          smallint     primary key default 1 check (id = 1),
    instance_id varchar(255) not null,
    recorded_at timestamptz  not null
);
