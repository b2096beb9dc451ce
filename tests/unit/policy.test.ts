// The policy module as tables of actor × object → decision. Pure functions: no database, a fixed clock.

import { describe, expect, it } from 'vitest';
import {
  ANONYMOUS, canDeletePost, canDeleteThread, canEditPost, canManageCommunity, canModerate, canReply, canSeeDeletedPosts,
  canStartThread, canViewCommunity, newThreadOffer, replyOffer, canViewThread, isActive, listingIncludesDeleted, rankOf, RANK, type Actor, type Standing,
} from '../../src/policy.js';

const NOW = new Date('2026-12-03T12:00:00Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
const user = (id: number, extra: Partial<Extract<Actor, { kind: 'user' }>> = {}): Actor => ({ kind: 'user', id, username: `u${id}`, isPlatformAdmin: false, suspended: false, ...extra });
const standing = (role: Standing['role'], extra: Partial<Standing> = {}): Standing => ({ role, ban: null, mute: null, ...extra });

const ACTIVE = { suspendedAt: null };
const SUSPENDED = { suspendedAt: minutesAgo(60) };

const actors = {
  anonymous: { actor: ANONYMOUS, standing: standing(null) },
  signedIn: { actor: user(1), standing: standing(null) },
  member: { actor: user(2), standing: standing('member') },
  moderator: { actor: user(3), standing: standing('moderator') },
  owner: { actor: user(4), standing: standing('owner') },
  admin: { actor: user(5, { isPlatformAdmin: true }), standing: standing(null) },
  muted: { actor: user(6), standing: standing('member', { mute: { reason: 'x', expiresAt: null } }) },
  banned: { actor: user(7), standing: standing('member', { ban: { reason: 'x', expiresAt: new Date(NOW.getTime() + 60_000) } }) },
  expiredBan: { actor: user(8), standing: standing('member', { ban: { reason: 'x', expiresAt: minutesAgo(1) } }) },
  suspendedUser: { actor: user(9, { suspended: true }), standing: standing('member') },
  bannedModerator: { actor: user(10), standing: standing('moderator', { ban: { reason: 'x', expiresAt: null } }) },
};
type Who = keyof typeof actors;

describe('ranks', () => {
  it('orders admin > owner > moderator > member > signed-in > anonymous', () => {
    const r = (w: Who) => rankOf(actors[w].actor, actors[w].standing);
    expect([r('admin'), r('owner'), r('moderator'), r('member'), r('signedIn'), r('anonymous')]).toEqual([RANK.admin, RANK.owner, RANK.moderator, RANK.member, RANK.signedIn, RANK.anonymous]);
  });

  it('treats a restriction as active until it expires, and forever when it has no expiry', () => {
    expect(isActive({ reason: '', expiresAt: null }, NOW)).toBe(true);
    expect(isActive({ reason: '', expiresAt: new Date(NOW.getTime() + 1) }, NOW)).toBe(true);
    expect(isActive({ reason: '', expiresAt: NOW }, NOW)).toBe(false);
    expect(isActive(null, NOW)).toBe(false);
  });
});

describe('reading', () => {
  const table: [Who, boolean, boolean][] = [
    // who, sees a suspended community, sees a deleted thread / deleted posts
    ['anonymous', false, false], ['signedIn', false, false], ['member', false, false], ['moderator', false, true],
    ['owner', false, true], ['admin', true, true], ['muted', false, false],
  ];
  for (const [who, suspended, deleted] of table) {
    it(`${who}: suspended community ${suspended ? 'visible' : 'hidden'}, deleted content ${deleted ? 'visible' : 'hidden'}`, () => {
      const { actor, standing: s } = actors[who];
      expect(canViewCommunity(actor, ACTIVE)).toBe(true);
      expect(canViewCommunity(actor, SUSPENDED)).toBe(suspended);
      expect(canViewThread(actor, s, ACTIVE, { deletedAt: null })).toBe(true);
      expect(canViewThread(actor, s, ACTIVE, { deletedAt: NOW })).toBe(deleted);
      expect(canSeeDeletedPosts(actor, s)).toBe(deleted);
      expect(listingIncludesDeleted(actor, s)).toBe(canSeeDeletedPosts(actor, s));
    });
  }
});

describe('writing', () => {
  const open = { authorId: 2, authorRole: 'member' as const, authorIsPlatformAdmin: false, locked: false, deletedAt: null, replyCount: 0, createdAt: minutesAgo(5) };
  const locked = { ...open, locked: true };
  const general = { name: 'General', moderatorsOnly: false };
  const announcements = { name: 'Announcements', moderatorsOnly: true };
  const table: [Who, boolean, boolean, boolean][] = [
    // who, may start a thread / reply to an open thread, may reply to a locked thread, may start one in Announcements
    ['anonymous', false, false, false], ['signedIn', true, false, false], ['member', true, false, false], ['moderator', true, true, true],
    ['owner', true, true, true], ['admin', true, true, true], ['muted', false, false, false], ['banned', false, false, false],
    ['expiredBan', true, false, false], ['suspendedUser', false, false, false], ['bannedModerator', false, false, false],
  ];
  for (const [who, write, lockedReply, announce] of table) {
    it(`${who}: writes ${write}, replies to locked ${lockedReply}, starts announcements ${announce}`, () => {
      const { actor, standing: s } = actors[who];
      expect(canStartThread(actor, s, ACTIVE, general, NOW).ok).toBe(write);
      expect(canReply(actor, s, ACTIVE, open, NOW).ok).toBe(write);
      expect(canReply(actor, s, ACTIVE, locked, NOW).ok).toBe(lockedReply);
      expect(canStartThread(actor, s, ACTIVE, announcements, NOW).ok).toBe(announce);
      expect(canStartThread(actor, s, SUSPENDED, general, NOW).ok).toBe(false);
    });
  }

  it('tells a member why they cannot start a thread in a moderators-only category', () => {
    const d = canStartThread(actors.member.actor, actors.member.standing, ACTIVE, announcements, NOW);
    expect(d).toMatchObject({ ok: false, reason: expect.stringContaining('Only moderators start threads in Announcements') });
  });

  it('offers readers a sign-in only where it could help: not to reply to a locked thread, not to start one where only moderators do', () => {
    expect(replyOffer(ANONYMOUS, standing(null), ACTIVE, open, NOW)).toMatchObject({ ok: false, signIn: true });
    expect(replyOffer(ANONYMOUS, standing(null), ACTIVE, locked, NOW)).toEqual({ ok: false, reason: 'This thread is locked; only moderators can reply.' });
    expect(newThreadOffer(ANONYMOUS, standing(null), ACTIVE, general, NOW)).toMatchObject({ ok: false, signIn: true });
    expect(newThreadOffer(ANONYMOUS, standing(null), ACTIVE, announcements, NOW)).toMatchObject({ ok: false, reason: expect.stringContaining('Only moderators start threads in Announcements') });
    // Signed in, the offers are the decisions themselves.
    for (const who of Object.keys(actors) as Who[]) {
      const { actor, standing: s } = actors[who];
      if (actor.kind === 'anonymous') continue;
      expect(replyOffer(actor, s, ACTIVE, locked, NOW)).toEqual(canReply(actor, s, ACTIVE, locked, NOW));
      expect(newThreadOffer(actor, s, ACTIVE, announcements, NOW)).toEqual(canStartThread(actor, s, ACTIVE, announcements, NOW));
    }
  });

  it('asks anonymous visitors to sign in rather than refusing them', () => {
    const d = canStartThread(ANONYMOUS, standing(null), ACTIVE, general, NOW);
    expect(d).toMatchObject({ ok: false, signIn: true });
  });

  it('lets authors edit for 15 minutes; moderators and owners any time; others never', () => {
    const fresh = { authorId: 2, authorRole: 'member' as const, authorIsPlatformAdmin: false, createdAt: minutesAgo(14), deletedAt: null };
    const old = { ...fresh, createdAt: minutesAgo(16) };
    const m = actors.member;
    expect(canEditPost(m.actor, m.standing, ACTIVE, fresh, NOW).ok).toBe(true);
    expect(canEditPost(m.actor, m.standing, ACTIVE, old, NOW).ok).toBe(false);
    expect(canEditPost(actors.signedIn.actor, actors.signedIn.standing, ACTIVE, fresh, NOW).ok).toBe(false);
    for (const who of ['moderator', 'owner', 'admin'] as const) expect(canEditPost(actors[who].actor, actors[who].standing, ACTIVE, old, NOW).ok).toBe(true);
    expect(canEditPost(actors.bannedModerator.actor, actors.bannedModerator.standing, ACTIVE, old, NOW).ok).toBe(false);
  });

  it('lets authors delete their own posts and threads without replies; moderators anything', () => {
    const post = { authorId: 2, authorRole: 'member' as const, authorIsPlatformAdmin: false, createdAt: minutesAgo(600), deletedAt: null };
    const thread = { authorId: 2, authorRole: 'member' as const, authorIsPlatformAdmin: false, locked: false, deletedAt: null, replyCount: 3, createdAt: minutesAgo(600) };
    const m = actors.member;
    expect(canDeletePost(m.actor, m.standing, ACTIVE, post, NOW).ok).toBe(true);
    expect(canDeleteThread(m.actor, m.standing, ACTIVE, thread, NOW).ok).toBe(false);
    expect(canDeleteThread(m.actor, m.standing, ACTIVE, { ...thread, replyCount: 0 }, NOW).ok).toBe(true);
    expect(canDeletePost(actors.signedIn.actor, actors.signedIn.standing, ACTIVE, post, NOW).ok).toBe(false);
    expect(canDeleteThread(actors.moderator.actor, actors.moderator.standing, ACTIVE, thread, NOW).ok).toBe(true);
    expect(canDeletePost(m.actor, m.standing, ACTIVE, { ...post, deletedAt: NOW }, NOW).ok).toBe(false);
  });
});

describe('the rank rule on content', () => {
  const by = (authorId: number, authorRole: Standing['role'], authorIsPlatformAdmin = false) => ({ authorId, authorRole, authorIsPlatformAdmin, createdAt: minutesAgo(600), deletedAt: null });
  const table: [Who, string, ReturnType<typeof by>, boolean][] = [
    ['moderator', "a member's post", by(2, 'member'), true],
    ['moderator', "another moderator's post", by(30, 'moderator'), false],
    ['moderator', "the owner's post", by(4, 'owner'), false],
    ['moderator', 'their own post', by(3, 'moderator'), true],
    ['owner', "a moderator's post", by(3, 'moderator'), true],
    ['owner', "the admin's post", by(5, null, true), false],
    ['admin', "the owner's post", by(4, 'owner'), true],
  ];
  for (const [who, what, post, allowed] of table) {
    it(`${who} ${allowed ? 'may' : 'may not'} edit or delete ${what}`, () => {
      const { actor, standing: s } = actors[who];
      expect(canEditPost(actor, s, ACTIVE, post, NOW).ok).toBe(allowed);
      expect(canDeletePost(actor, s, ACTIVE, post, NOW).ok).toBe(allowed);
    });
  }
});

describe('moderation and settings', () => {
  const table: [Who, boolean, boolean][] = [
    ['anonymous', false, false], ['member', false, false], ['moderator', true, false], ['owner', true, true], ['admin', true, true], ['bannedModerator', false, false],
  ];
  for (const [who, moderate, manage] of table) {
    it(`${who}: moderates ${moderate}, manages ${manage}`, () => {
      const { actor, standing: s } = actors[who];
      expect(canModerate(actor, s, ACTIVE, NOW).ok).toBe(moderate);
      expect(canManageCommunity(actor, s, ACTIVE, NOW).ok).toBe(manage);
    });
  }
});
