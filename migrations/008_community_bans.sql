-- A ban (is_mute = false) shuts a member out of writing; a mute lets them read but not write.
-- expires_at null means permanent; an expired row has no effect, so no background job is needed.
create table community_bans (
  id bigint generated always as identity primary key,
  community_id bigint not null references communities (id) on delete cascade,
  user_id bigint not null references users (id),
  is_mute boolean not null,
  reason text not null default '',
  expires_at timestamptz,
  created_by bigint not null references users (id),
  created_at timestamptz not null default now(),
  unique (community_id, user_id, is_mute)
);
create index community_bans_user_idx on community_bans (user_id);
