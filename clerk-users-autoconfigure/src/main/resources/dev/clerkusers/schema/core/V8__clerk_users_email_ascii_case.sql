-- An email is the same regardless of the case of its ASCII letters, and of nothing else, as the library compares
-- emails. lower() under the database's locale also folds other letters (İ, U+0130, to i), which made a Clerk user's
-- address equal to another person's here, and kept that user from being stored.
-- Under most locales the new index is finer than the former one, so it cannot conflict with the stored rows. Under a
-- Turkish or Azeri locale, where lower('I') is the dotless ı, the former index told 'IAN@…' from 'ian@…' and the new
-- one does not: such rows stop the migration with the message below rather than with a bare unique violation.
-- The former index is dropped first: that takes the table's exclusive lock before any other lock, so reads and writes
-- of clerk_users wait while the new index builds. Building it first would hold a lock that stops writes while waiting
-- for the exclusive one, and deadlock with any transaction that read a user and then writes it, as every upsert of an
-- instance still running the former version does.
-- One statement, so that the former index stays when the build fails, also applied by hand with psql, which goes on
-- after a failed statement by default.
do $$
begin
    drop index if exists clerk_users_email_key;
    create unique index clerk_users_email_key on clerk_users (lower(email collate "C"));
exception
    when unique_violation then
        raise exception 'clerk_users holds emails that differ only in the case of their ASCII letters'
            using hint = 'List them with: select lower(email collate "C"), count(*) from clerk_users'
                || ' group by 1 having count(*) > 1; then change or clear all but one of each, and start again.';
end
$$;
