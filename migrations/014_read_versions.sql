-- Version counters for the read cache (src/web/readcache.ts). Every committed change to what a
-- community's public pages show bumps that community's content_version; every change to what a person
-- looks like on any page bumps site_state.version. A cached page is keyed by both numbers, and every
-- request reads the current numbers from the database, so no instance can serve a page older than the
-- last commit it could know about.
--
-- The bumps are deferred constraint triggers: they run at commit, after every other lock the
-- transaction takes, so they add no new lock-order cycles; a transaction bumps each community once.

alter table communities add column content_version bigint not null default 1;

create table site_state (
  singleton boolean primary key default true check (singleton),
  version bigint not null default 1
);
insert into site_state default values;

create function mt_bump_community(cid bigint) returns void language plpgsql as $$
begin
  if cid is null or current_setting('mt.bumped_' || cid, true) = '1' then
    return;
  end if;
  perform set_config('mt.bumped_' || cid, '1', true);
  update communities set content_version = content_version + 1 where id = cid;
end $$;

create function mt_bump_from_community_row() returns trigger language plpgsql as $$
begin
  perform mt_bump_community(coalesce(new.community_id, old.community_id));
  return null;
end $$;

create function mt_bump_from_post() returns trigger language plpgsql as $$
begin
  perform mt_bump_community((select community_id from threads where id = coalesce(new.thread_id, old.thread_id)));
  return null;
end $$;

create constraint trigger threads_bump_version after insert or update or delete on threads
  deferrable initially deferred for each row execute function mt_bump_from_community_row();
create constraint trigger categories_bump_version after insert or update or delete on categories
  deferrable initially deferred for each row execute function mt_bump_from_community_row();
create constraint trigger memberships_bump_version after insert or update or delete on memberships
  deferrable initially deferred for each row execute function mt_bump_from_community_row();
create constraint trigger posts_bump_version after insert or update or delete on posts
  deferrable initially deferred for each row execute function mt_bump_from_post();

-- A change to the community row itself (name, description, suspension) is a new version too.
create function mt_version_community_row() returns trigger language plpgsql as $$
begin
  if new.content_version = old.content_version and row(new.*) is distinct from row(old.*) then
    new.content_version := old.content_version + 1;
  end if;
  return new;
end $$;
create trigger communities_version before update on communities
  for each row execute function mt_version_community_row();

-- Names and avatars appear on every community's pages.
create function mt_bump_site() returns trigger language plpgsql as $$
begin
  if current_setting('mt.bumped_site', true) = '1' then
    return null;
  end if;
  perform set_config('mt.bumped_site', '1', true);
  update site_state set version = version + 1;
  return null;
end $$;
create constraint trigger users_bump_site after update on users
  deferrable initially deferred for each row
  when (old.username is distinct from new.username or old.display_name is distinct from new.display_name
        or old.avatar_url is distinct from new.avatar_url or old.suspended_at is distinct from new.suspended_at)
  execute function mt_bump_site();
