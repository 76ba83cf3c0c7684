-- When Clerk last gave each row its clerk_username: the updated_at of the latest data of the user that had it. The
-- username moves to another Clerk user whose data is newer than that, not only newer than the row's latest data: a
-- user who let the name go in Clerk and then changed something else no longer holds it there. Rows stored before this
-- column have none; theirs is the row's latest data, as before.
alter table clerk_users add column clerk_username_at timestamptz;
