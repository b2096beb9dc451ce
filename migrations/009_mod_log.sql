-- Audit trail: every moderator, owner and admin action writes one row in the same transaction.
-- community_id is null for platform-level (admin) actions.
create table mod_log (
  id bigint generated always as identity primary key,
  community_id bigint references communities (id) on delete cascade,
  actor_id bigint not null references users (id),
  action text not null,
  target_type text not null,
  target_id bigint,
  target_label text not null default '',
  details text not null default '',
  created_at timestamptz not null default now()
);
create index mod_log_community_idx on mod_log (community_id, created_at desc, id desc);
create index mod_log_platform_idx on mod_log (created_at desc, id desc) where community_id is null;
