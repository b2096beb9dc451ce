// Invariants the database must hold after anything: counters match posts, nothing is orphaned,
// and every moderator action left its mod-log row.

import type { Queryable } from '../../src/db/connection.js';

export async function consistencyProblems(db: Queryable): Promise<string[]> {
  const problems: string[] = [];
  const check = async (label: string, sql: string) => {
    const rows = await db.query(sql);
    if (rows.length > 0) problems.push(`${label}: ${JSON.stringify(rows.slice(0, 5))}`);
  };
  await check('reply_count differs from visible posts - 1', `
    select t.id, t.reply_count, (select count(*) - 1 from posts p where p.thread_id = t.id and p.deleted_at is null) as actual
    from threads t where t.deleted_at is null
      and t.reply_count <> greatest((select count(*) - 1 from posts p where p.thread_id = t.id and p.deleted_at is null), 0)`);
  await check('last_activity_at differs from the newest visible post', `
    select t.id from threads t where t.deleted_at is null
      and t.last_activity_at <> (select max(p.created_at) from posts p where p.thread_id = t.id and p.deleted_at is null)`);
  await check('category totals differ from its visible threads', `
    select k.id, k.thread_count, k.post_count, k.last_activity_at, s.threads, s.posts, s.last_activity_at as actual_last
    from categories k left join (
      select category_id, count(*) as threads, sum(reply_count + 1) as posts, max(last_activity_at) as last_activity_at
      from threads where deleted_at is null group by category_id) s on s.category_id = k.id
    where k.thread_count <> coalesce(s.threads, 0) or k.post_count <> coalesce(s.posts, 0)
      or k.last_activity_at is distinct from s.last_activity_at`);
  await check('thread without an opening post', `select t.id from threads t where not exists (select 1 from posts p where p.thread_id = t.id)`);
  await check('thread in a category of another community', `
    select t.id from threads t join categories k on k.id = t.category_id where k.community_id <> t.community_id`);
  await check('category order not unique and dense', `
    select community_id from categories group by community_id having count(*) <> max(sort_order) or min(sort_order) <> 1 or count(distinct sort_order) <> count(*)`);
  await check('post deleted by someone else without a mod-log row', `
    select p.id from posts p where p.deleted_at is not null and p.deleted_by <> p.author_id
      and not exists (select 1 from mod_log l where l.action = 'delete_post' and l.target_id = p.id)`);
  await check('thread deleted by someone else without a mod-log row', `
    select t.id from threads t where t.deleted_at is not null and t.deleted_by <> t.author_id
      and not exists (select 1 from mod_log l where l.action = 'delete_thread' and l.target_id = t.id)`);
  await check('pinned thread without a pin in the log', `
    select t.id from threads t where t.pinned and not exists (select 1 from mod_log l where l.action = 'pin' and l.target_id = t.id)`);
  await check('locked thread without a lock in the log', `
    select t.id from threads t where t.locked and not exists (select 1 from mod_log l where l.action = 'lock' and l.target_id = t.id)`);
  await check('ban or mute without its mod-log row', `
    select b.id from community_bans b where not exists (
      select 1 from mod_log l where l.community_id = b.community_id and l.target_id = b.user_id and l.action = case when b.is_mute then 'mute' else 'ban' end)`);
  await check('suspended user without a suspension in the log', `
    select u.id from users u where u.suspended_at is not null and not exists (select 1 from mod_log l where l.action = 'suspend_user' and l.target_id = u.id)`);
  await check('suspended community without a suspension in the log', `
    select c.id from communities c where c.suspended_at is not null and not exists (select 1 from mod_log l where l.action = 'suspend_community' and l.target_id = c.id)`);
  await check('moderator or owner without a membership row', `select m.user_id from memberships m left join users u on u.id = m.user_id where u.id is null`);
  return problems;
}
