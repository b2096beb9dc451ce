-- A category where only moderators (and the owner and the platform admin) start threads, such as
-- Announcements. Everyone who may write may still reply in it.
alter table categories add column moderators_only boolean not null default false;
