-- The test application's own migration: version 1 of its own history, beside the library's.
create table app_orders (
    id        bigserial primary key,
    reference varchar(40) not null unique
);
