-- The slugs a category had before it was renamed, so links to its old address keep working
-- (a redirect to where it is now). A live category with the same slug always wins.
create table category_slug_history (
  community_id bigint not null references communities (id) on delete cascade,
  slug text not null,
  category_id bigint not null references categories (id) on delete cascade,
  primary key (community_id, slug)
);
create index category_slug_history_category_idx on category_slug_history (category_id);
