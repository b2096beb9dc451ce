create type community_role as enum ('owner', 'moderator', 'member');
create table memberships (
  user_id bigint not null references users (id),
  community_id bigint not null references communities (id) on delete cascade,
  role community_role not null default 'member',
  created_at timestamptz not null default now(),
  primary key (community_id, user_id)
);
create index memberships_user_idx on memberships (user_id);
