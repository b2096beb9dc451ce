create table threads (
  id bigint generated always as identity primary key,
  community_id bigint not null,
  category_id bigint not null,
  author_id bigint not null references users (id),
  title text not null,
  pinned boolean not null default false,
  locked boolean not null default false,
  -- Maintained in the same transaction as every post write, so listings need no aggregate queries.
  reply_count integer not null default 0 check (reply_count >= 0),
  last_post_id bigint,
  last_poster_id bigint references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_activity_at timestamptz not null default now(),
  foreign key (category_id, community_id) references categories (id, community_id) on update cascade
);
