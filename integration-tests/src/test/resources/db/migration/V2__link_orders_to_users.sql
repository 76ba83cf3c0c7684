-- The application's migrations may refer to the library's tables, which are migrated first.
alter table app_orders add column customer_id bigint references clerk_users (id);
