-- One category-listing index for readers and moderators: not partial, with deleted_at carried along,
-- so both listings (with and without deleted threads) and their counts are index-only scans, and a
-- deep page skips index entries instead of table rows.
drop index threads_category_listing_idx;
create index threads_category_listing_idx on threads (category_id, pinned desc, last_activity_at desc, id desc)
  include (deleted_at);
