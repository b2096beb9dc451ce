-- A community is the forum of one MNW project; its slug is the project's slug.
create table communities (
  id bigint generated always as identity primary key,
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name text not null,
  description text not null default '',
  created_at timestamptz not null default now()
);
