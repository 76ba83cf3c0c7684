insert into clerk_users (id, uid, email, created_at, updated_at)
values (nextval('clerk_users_id_seq'), gen_random_uuid(), 'seeded@example.com', now(), now())
on conflict do nothing;
