-- The platform admin can suspend a whole community or a user everywhere.
alter table communities
  add column suspended_at timestamptz,
  add column suspended_reason text not null default '';
alter table users
  add column suspended_at timestamptz,
  add column suspended_reason text not null default '';
