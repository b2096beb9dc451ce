create table posts (
  id bigint generated always as identity primary key,
  thread_id bigint not null references threads (id),
  author_id bigint not null references users (id),
  body text not null,
  -- Markdown rendered once at write time; pages never re-render.
  body_html text not null,
  created_at timestamptz not null default now(),
  edited_at timestamptz
);
alter table threads add constraint threads_last_post_fk foreign key (last_post_id) references posts (id);
