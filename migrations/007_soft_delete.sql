alter table threads add column deleted_at timestamptz, add column deleted_by bigint references users (id);
alter table posts add column deleted_at timestamptz, add column deleted_by bigint references users (id);

-- Category listing: pinned first, then last activity; deleted threads never listed.
create index threads_category_listing_idx on threads (category_id, pinned desc, last_activity_at desc, id desc)
  where deleted_at is null;
-- Community front page: recent threads across categories.
create index threads_community_recent_idx on threads (community_id, last_activity_at desc, id desc)
  where deleted_at is null;
create index threads_author_idx on threads (author_id);
-- Thread page: posts in order. Not partial: moderators page through deleted posts too.
create index posts_thread_order_idx on posts (thread_id, created_at, id);
create index posts_author_idx on posts (author_id);
