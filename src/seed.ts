// Demo data: a forum that looks lived-in, built through the same db/ functions the app uses.
// Idempotent: a marker row is claimed in the same transaction, so a second run creates nothing.

import type { Db, Tx } from './db/connection.js';
import { upsertRestriction } from './db/bans.js';
import { createCategory } from './db/categories.js';
import { ensureCommunity } from './db/communities.js';
import { ensureMember, setRole } from './db/memberships.js';
import { insertModLog } from './db/modlog.js';
import { insertReply, softDeletePost } from './db/posts.js';
import { createThread, refreshThreadStats, setThreadFlag, softDeleteThread } from './db/threads.js';
import { setUserSuspended, upsertUser } from './db/users.js';
import { mulberry32 } from './core/prng.js';
import { renderMarkdown } from './markdown.js';
import { DEMO_ACCOUNTS, DEMO_PROJECTS } from './mnw/demo-accounts.js';
import { DISCUSSION_REPLIES, HELP_REPLIES, HELP_TITLES, LONG_THREAD, SEED_COMMUNITIES, type SeedThread } from './seed-content.js';

const SEED_MARKER = 'demo_seed_v1';
const DAY_MS = 86_400_000;
const HISTORY_DAYS = 75;
const LONG_THREAD_REPLIES = 160;

/** Whether the database has any forum in it (an empty one gets demo data on a development start). */
export async function isSeeded(db: Db): Promise<boolean> {
  const rows = await db.query<{ any: boolean }>(`select exists (select 1 from communities) as any`);
  return rows[0]!.any;
}

/** Creates the demo forum; returns false (and changes nothing) when it is already there. */
export async function seed(db: Db, opts: { platformAdminId: string | null; now?: Date }): Promise<boolean> {
  const now = opts.now ?? new Date();
  return db.transaction(async (tx) => {
    const claimed = await tx.query(`insert into app_settings (key, value) values ($1, $2) on conflict (key) do nothing returning key`, [SEED_MARKER, now.toISOString()]);
    if (claimed.length === 0) return false;
    await new Seeder(tx, now).run();
    return true;
  });
}

class Seeder {
  private users = new Map<string, number>();
  private rand = mulberry32(20261203);
  constructor(private readonly tx: Tx, private readonly now: Date) {}

  async run(): Promise<void> {
    for (const a of DEMO_ACCOUNTS) {
      const u = await upsertUser(this.tx, { mnwAccountId: a.id, username: a.username, displayName: a.display_name, avatarUrl: a.avatar_url });
      this.users.set(a.username, u.id);
    }
    // The demo people have been around as long as the forum's history.
    await this.tx.query(`update users set created_at = $1 where id = any($2::bigint[])`, [this.daysAgo(HISTORY_DAYS + 10), [...this.users.values()]]);
    for (const sc of SEED_COMMUNITIES) {
      const project = DEMO_PROJECTS.find((p) => p.slug === sc.slug)!;
      const community = await ensureCommunity(this.tx, { slug: project.slug, name: project.name, description: project.description });
      await this.tx.query(`update communities set mnw_owner_id = $2, created_at = $3 where id = $1`, [community.id, project.owner_id, this.daysAgo(HISTORY_DAYS + 5)]);
      const owner = DEMO_ACCOUNTS.find((a) => a.id === project.owner_id)!;
      await setRole(this.tx, community.id, this.user(owner.username), 'owner');
      const categories = new Map<string, number>();
      for (const k of sc.categories) categories.set(k.slug, (await createCategory(this.tx, community.id, { ...k, moderatorsOnly: k.moderatorsOnly ?? false })).id);

      // Older content first, so ids and times agree.
      const threads = sc.threads.map((t, i) => ({ t, at: this.daysAgo(HISTORY_DAYS - (i * HISTORY_DAYS) / (sc.threads.length + 1)) }));
      if (sc.slug === 'tidepool') await this.seedTidepoolVolume(community.id, categories, owner.username);
      for (const { t, at } of threads) await this.seedThread(community.id, categories.get(t.category)!, t, at, owner.username);
    }
    await this.seedGovernance();
    // People joined when they first posted (or, for owners and moderators, when the community began),
    // not when the demo was made.
    await this.tx.query(
      `update memberships m set created_at = coalesce(
         (select min(p.created_at) from posts p join threads t on t.id = p.thread_id where p.author_id = m.user_id and t.community_id = m.community_id),
         (select c.created_at from communities c where c.id = m.community_id))
       where m.created_at > now() - interval '1 hour'`,
    );
  }

  /** A category with several pages of threads and one thread with several pages of posts. */
  private async seedTidepoolVolume(communityId: number, categories: Map<string, number>, owner: string): Promise<void> {
    const help = categories.get('help')!;
    const authors = ['dara', 'eli', 'kit', 'gus', 'farah', 'juno', 'hana'];
    for (let i = 0; i < HELP_TITLES.length; i++) {
      const title = HELP_TITLES[i]!;
      const at = this.daysAgo(HISTORY_DAYS - 1 - (i * (HISTORY_DAYS - 3)) / HELP_TITLES.length);
      const replies = [0, 1, 2, 3].slice(0, Math.floor(this.rand() * 4)).map((k) => ({
        author: ['bram', 'chen', 'ada', 'eli', 'kit'][(i + k) % 5]!,
        body: HELP_REPLIES[(i * 3 + k) % HELP_REPLIES.length]!,
      }));
      const body = `Running Tidepool 0.9 on ${['macOS 15', 'Debian 13', 'Windows 11 + WSL', 'NixOS', 'Alpine in Docker'][i % 5]}.\n\n**${title}**\n\nWhat I tried so far:\n\n- read the [docs](https://example.org/tidepool/docs)\n- \`tidepool build --verbose\`\n\nAny pointers welcome!`;
      await this.seedThread(communityId, help, { category: 'help', title, author: authors[i % authors.length]!, body, replies }, at, owner);
    }
    const ideas = categories.get('ideas')!;
    const at = this.daysAgo(HISTORY_DAYS - 2);
    const { threadId } = await createThread(this.tx, { communityId, categoryId: ideas, authorId: this.user(LONG_THREAD.author), title: LONG_THREAD.title, body: LONG_THREAD.body, bodyHtml: renderMarkdown(LONG_THREAD.body), createdAt: at });
    await ensureMember(this.tx, communityId, this.user(LONG_THREAD.author));
    const people = ['ada', 'bram', 'chen', 'dara', 'eli', 'kit', 'juno', 'farah'];
    for (let i = 0; i < LONG_THREAD_REPLIES; i++) {
      const author = people[(i * 5 + 3) % people.length]!;
      const body = DISCUSSION_REPLIES[i % DISCUSSION_REPLIES.length]!;
      await ensureMember(this.tx, communityId, this.user(author));
      await insertReply(this.tx, { threadId, authorId: this.user(author), body, bodyHtml: renderMarkdown(body), createdAt: new Date(at.getTime() + (i + 1) * 37 * 60_000) });
    }
  }

  private async seedThread(communityId: number, categoryId: number, t: SeedThread, at: Date, owner: string): Promise<void> {
    const authorId = this.user(t.author);
    await ensureMember(this.tx, communityId, authorId);
    const { threadId } = await createThread(this.tx, { communityId, categoryId, authorId, title: t.title, body: t.body, bodyHtml: renderMarkdown(t.body), createdAt: at });
    let when = at.getTime();
    for (const r of t.replies) {
      when += (20 + Math.floor(this.rand() * 600)) * 60_000;
      const replyAt = new Date(Math.min(when, this.now.getTime() - 60_000));
      await ensureMember(this.tx, communityId, this.user(r.author));
      await insertReply(this.tx, { threadId, authorId: this.user(r.author), body: r.body, bodyHtml: renderMarkdown(r.body), createdAt: replyAt });
    }
    const moderator = communityId === (await this.communityId('tidepool')) ? 'bram' : owner;
    if (t.pinned) await this.logged(communityId, moderator, 'pin', threadId, t.title, () => setThreadFlag(this.tx, threadId, 'pinned', true));
    if (t.locked) await this.logged(communityId, moderator, 'lock', threadId, t.title, () => setThreadFlag(this.tx, threadId, 'locked', true), 'Off-topic and getting personal.');
    if (t.deleted) await this.logged(communityId, moderator, 'delete_thread', threadId, t.title, () => softDeleteThread(this.tx, threadId, this.user(moderator)), 'Spam.');
  }

  /** Roles, a mute, a ban, a deleted post and a platform suspension, each with its mod-log row. */
  private async seedGovernance(): Promise<void> {
    const tidepool = await this.communityId('tidepool');
    const lanternfish = await this.communityId('lanternfish');
    const ada = this.user('ada');
    for (const mod of ['bram', 'chen']) {
      await setRole(this.tx, tidepool, this.user(mod), 'moderator');
      await insertModLog(this.tx, { communityId: tidepool, actorId: ada, action: 'set_role', targetType: 'user', targetId: this.user(mod), targetLabel: mod, details: 'member → moderator' });
    }
    await setRole(this.tx, lanternfish, this.user('kit'), 'moderator');
    await insertModLog(this.tx, { communityId: lanternfish, actorId: this.user('farah'), action: 'set_role', targetType: 'user', targetId: this.user('kit'), targetLabel: 'kit', details: 'member → moderator' });

    const chen = this.user('chen');
    await ensureMember(this.tx, tidepool, this.user('gus'));
    await upsertRestriction(this.tx, { communityId: tidepool, userId: this.user('gus'), isMute: true, reason: 'Cross-posting the same question into every category.', expiresAt: new Date(this.now.getTime() + 7 * DAY_MS), createdBy: chen });
    await insertModLog(this.tx, { communityId: tidepool, actorId: chen, action: 'mute', targetType: 'user', targetId: this.user('gus'), targetLabel: 'gus', details: '7 days: Cross-posting the same question into every category.' });
    await ensureMember(this.tx, tidepool, this.user('hana'));
    await upsertRestriction(this.tx, { communityId: tidepool, userId: this.user('hana'), isMute: false, reason: 'Personal attacks after a warning.', expiresAt: new Date(this.now.getTime() + 30 * DAY_MS), createdBy: this.user('bram') });
    await insertModLog(this.tx, { communityId: tidepool, actorId: this.user('bram'), action: 'ban', targetType: 'user', targetId: this.user('hana'), targetLabel: 'hana', details: '30 days: Personal attacks after a warning.' });

    // hana's most recent tidepool post is the rude one the content describes: a moderator removed it.
    const rude = await this.tx.query<{ id: number; threadId: number; title: string }>(
      `select p.id, p.thread_id as "threadId", t.title from posts p join threads t on t.id = p.thread_id
       where t.community_id = $1 and p.author_id = $2 and t.deleted_at is null
         and p.id <> (select min(id) from posts where thread_id = t.id)
       order by p.created_at desc limit 1`,
      [tidepool, this.user('hana')],
    );
    const target = rude[0];
    if (target) {
      await softDeletePost(this.tx, target.id, chen);
      await refreshThreadStats(this.tx, target.threadId);
      await insertModLog(this.tx, { communityId: tidepool, actorId: chen, action: 'delete_post', targetType: 'post', targetId: target.id, targetLabel: `post in “${target.title}”`, details: 'Personal attack.' });
    }

    const admin = this.user('morgan');
    await setUserSuspended(this.tx, this.user('ivo'), true, 'Spam across several communities.');
    await insertModLog(this.tx, { communityId: null, actorId: admin, action: 'suspend_user', targetType: 'user', targetId: this.user('ivo'), targetLabel: 'ivo', details: 'Spam across several communities.' });
  }

  private async logged(communityId: number, actor: string, action: 'pin' | 'lock' | 'delete_thread', threadId: number, title: string, change: () => Promise<void>, details = ''): Promise<void> {
    await change();
    await insertModLog(this.tx, { communityId, actorId: this.user(actor), action, targetType: 'thread', targetId: threadId, targetLabel: title, details });
  }

  private user(username: string): number {
    const id = this.users.get(username);
    if (id === undefined) throw new Error(`seed: unknown demo user ${username}`);
    return id;
  }

  private communityCache = new Map<string, number>();
  private async communityId(slug: string): Promise<number> {
    let id = this.communityCache.get(slug);
    if (id === undefined) {
      id = (await this.tx.query<{ id: number }>(`select id from communities where slug = $1`, [slug]))[0]!.id;
      this.communityCache.set(slug, id);
    }
    return id;
  }

  private daysAgo(days: number): Date {
    return new Date(this.now.getTime() - days * DAY_MS);
  }
}
