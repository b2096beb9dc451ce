create table categories (
  id bigint generated always as identity primary key,
  community_id bigint not null references communities (id) on delete cascade,
  name text not null,
  slug text not null check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  description text not null default '',
  sort_order integer not null,
  created_at timestamptz not null default now(),
  unique (community_id, slug),
  -- Threads reference (id, community_id) so a thread can never sit in another community's category.
  unique (id, community_id),
  -- Deferred so that two categories can swap places inside one transaction.
  constraint categories_sort_order_unique unique (community_id, sort_order) deferrable initially deferred
);
