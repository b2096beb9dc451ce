-- Per-category totals, kept by a trigger on threads in the same transaction as every thread change,
-- so the community page and the directory read 20 category rows instead of every thread.
-- A visible thread (deleted_at is null) contributes 1 thread and reply_count + 1 posts to its category.

alter table categories
  add column thread_count integer not null default 0,
  add column post_count bigint not null default 0,
  add column last_activity_at timestamptz;

-- Recomputes the totals from the threads (the backfill below, and bulk loads that bypass triggers).
create function mt_recount_categories() returns void language sql as $$
  update categories k set thread_count = s.threads, post_count = s.posts, last_activity_at = s.last_activity_at
  from (
    select k2.id, count(t.id) as threads, coalesce(sum(t.reply_count + 1), 0) as posts, max(t.last_activity_at) as last_activity_at
    from categories k2 left join threads t on t.category_id = k2.id and t.deleted_at is null
    group by k2.id
  ) s
  where s.id = k.id;
$$;
select mt_recount_categories();

create function mt_category_totals() returns trigger language plpgsql as $$
declare
  old_visible boolean := tg_op <> 'INSERT' and old.deleted_at is null;
  new_visible boolean := tg_op <> 'DELETE' and new.deleted_at is null;
begin
  if tg_op = 'UPDATE' and old_visible = new_visible and old.category_id = new.category_id
     and old.reply_count = new.reply_count and old.last_activity_at = new.last_activity_at then
    return null; -- title, pin, lock…: the totals do not move
  end if;
  -- Both rows in one statement, so two transactions moving threads in opposite directions lock the
  -- categories in the same order.
  update categories k set
    thread_count = k.thread_count
      - case when old_visible and k.id = old.category_id then 1 else 0 end
      + case when new_visible and k.id = new.category_id then 1 else 0 end,
    post_count = k.post_count
      - case when old_visible and k.id = old.category_id then old.reply_count + 1 else 0 end
      + case when new_visible and k.id = new.category_id then new.reply_count + 1 else 0 end,
    last_activity_at = case
      when new_visible and k.id = new.category_id then greatest(k.last_activity_at, new.last_activity_at)
      else k.last_activity_at end
  where k.id in (case when old_visible then old.category_id end, case when new_visible then new.category_id end);
  -- A thread leaving a category (deleted, moved, or its activity moved back) may have been its latest.
  if old_visible and (not new_visible or old.category_id <> new.category_id or new.last_activity_at < old.last_activity_at) then
    update categories k set last_activity_at = (
      select max(t.last_activity_at) from threads t where t.category_id = k.id and t.deleted_at is null
    ) where k.id = old.category_id;
  end if;
  return null;
end $$;

create trigger threads_category_totals after insert or update or delete on threads
  for each row execute function mt_category_totals();
