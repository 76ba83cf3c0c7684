-- The last username Clerk gave each user that its row took. A username Clerk has since given another user moves to
-- that user only from a row whose username is this one: a generated username, or one the application or a migration
-- set, is not Clerk's to give away. Rows stored before this column have none, so their usernames stay until Clerk
-- sends one that the row takes.
alter table clerk_users add column clerk_username varchar(150);
