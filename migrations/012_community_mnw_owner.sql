-- The MNW account that owns the project behind a community: it becomes the community's owner
-- as soon as that person signs in (they may not have an account here when the community is created).
alter table communities add column mnw_owner_id text;
create index communities_mnw_owner_idx on communities (mnw_owner_id) where mnw_owner_id is not null;
