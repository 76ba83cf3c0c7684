-- An email is the same regardless of the case of its ASCII letters, and of nothing else, as the library compares
-- emails. lower() under the database's locale also folds other letters (İ, U+0130, to i), which made a Clerk user's
-- address equal to another person's here, and kept that user from being stored. The finer index cannot conflict
-- with rows the former one accepted.
drop index clerk_users_email_key;
create unique index clerk_users_email_key on clerk_users (lower(email collate "C"));
