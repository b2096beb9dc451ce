// The governance rules of src/policy.ts as tables of actor × target → outcome. Each row reads as a sentence:
// "a moderator banning a member: yes".

import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/core/types.js';
import {
  canAdminister, canManageCommunity, canModerate, canRestrict, canSetRole, canSuspendUser, canViewModeration,
  isPlatformAdminAccount, NO_STANDING, type Actor, type CommunityState, type Decision, type Standing,
} from '../../src/policy.js';

const NOW = new Date('2026-12-03T12:00:00Z');
const HOUR = 3_600_000;
const ACTIVE: CommunityState = { suspendedAt: null };
const SUSPENDED: CommunityState = { suspendedAt: new Date(NOW.getTime() - HOUR) };

type Outcome = 'yes' | 'no' | 'sign-in';
const outcome = (d: Decision): Outcome => (d.ok ? 'yes' : d.signIn ? 'sign-in' : 'no');

const ACTOR_ID = 1;
const user = (over: Partial<Extract<Actor, { kind: 'user' }>> = {}): Actor => ({ kind: 'user', id: ACTOR_ID, username: 'actor', isPlatformAdmin: false, suspended: false, ...over });
const standing = (role: Role | null, over: Partial<Standing> = {}): Standing => ({ ...NO_STANDING, role, ...over });
const banned = (hoursFromNow: number | null) => ({ reason: 'r', expiresAt: hoursFromNow === null ? null : new Date(NOW.getTime() + hoursFromNow * HOUR) });

/** The people who ask, with their standing in the community. */
const ACTORS: Record<string, { actor: Actor; standing: Standing; community?: CommunityState }> = {
  anonymous: { actor: { kind: 'anonymous' }, standing: NO_STANDING },
  'signed-in non-member': { actor: user(), standing: standing(null) },
  member: { actor: user(), standing: standing('member') },
  moderator: { actor: user(), standing: standing('moderator') },
  'banned moderator': { actor: user(), standing: standing('moderator', { ban: banned(24) }) },
  'muted moderator': { actor: user(), standing: standing('moderator', { mute: banned(null) }) },
  'moderator whose ban expired': { actor: user(), standing: standing('moderator', { ban: banned(-1) }) },
  'suspended moderator': { actor: user({ suspended: true }), standing: standing('moderator') },
  'moderator of a suspended community': { actor: user(), standing: standing('moderator'), community: SUSPENDED },
  owner: { actor: user(), standing: standing('owner') },
  'platform admin': { actor: user({ isPlatformAdmin: true }), standing: standing(null) },
  'platform admin in a suspended community': { actor: user({ isPlatformAdmin: true }), standing: standing(null), community: SUSPENDED },
};

/** The people acted on. */
const TARGETS: Record<string, { userId: number; role: Role | null; isPlatformAdmin: boolean }> = {
  'non-member': { userId: 2, role: null, isPlatformAdmin: false },
  member: { userId: 3, role: 'member', isPlatformAdmin: false },
  moderator: { userId: 4, role: 'moderator', isPlatformAdmin: false },
  owner: { userId: 5, role: 'owner', isPlatformAdmin: false },
  'platform admin': { userId: 6, role: null, isPlatformAdmin: true },
  themselves: { userId: ACTOR_ID, role: 'moderator', isPlatformAdmin: false },
};

// Columns in TARGETS order: non-member, member, moderator, owner, platform admin, themselves.
const BAN_OR_MUTE: Record<string, Outcome[]> = {
  anonymous: ['sign-in', 'sign-in', 'sign-in', 'sign-in', 'sign-in', 'sign-in'],
  'signed-in non-member': ['no', 'no', 'no', 'no', 'no', 'no'],
  member: ['no', 'no', 'no', 'no', 'no', 'no'],
  moderator: ['yes', 'yes', 'no', 'no', 'no', 'no'],
  'banned moderator': ['no', 'no', 'no', 'no', 'no', 'no'],
  'muted moderator': ['no', 'no', 'no', 'no', 'no', 'no'],
  'moderator whose ban expired': ['yes', 'yes', 'no', 'no', 'no', 'no'],
  'suspended moderator': ['no', 'no', 'no', 'no', 'no', 'no'],
  'moderator of a suspended community': ['no', 'no', 'no', 'no', 'no', 'no'],
  owner: ['yes', 'yes', 'yes', 'no', 'no', 'no'],
  'platform admin': ['yes', 'yes', 'yes', 'no', 'no', 'no'],
  'platform admin in a suspended community': ['no', 'no', 'no', 'no', 'no', 'no'],
};

describe('canRestrict (ban, unban, mute, unmute): nobody acts on equal or higher rank, on themselves, or on the owner', () => {
  const targetNames = Object.keys(TARGETS);
  it('has a row for every actor', () => expect(Object.keys(BAN_OR_MUTE).sort()).toEqual(Object.keys(ACTORS).sort()));
  for (const [actorName, expected] of Object.entries(BAN_OR_MUTE)) {
    for (const [i, targetName] of targetNames.entries()) {
      it(`${actorName} → ${targetName}: ${expected[i]}`, () => {
        const a = ACTORS[actorName]!;
        const tg = TARGETS[targetName]!;
        const d = canRestrict(a.actor, a.standing, a.community ?? ACTIVE, { userId: tg.userId, standing: standing(tg.role), isPlatformAdmin: tg.isPlatformAdmin }, NOW);
        expect(outcome(d)).toBe(expected[i]);
        if (!d.ok) expect(d.reason.length).toBeGreaterThan(0);
      });
    }
  }
});

// Columns: canViewModeration, canModerate, canManageCommunity, canAdminister.
const PAGES: Record<string, [Outcome, Outcome, Outcome, Outcome]> = {
  anonymous: ['sign-in', 'sign-in', 'sign-in', 'sign-in'],
  'signed-in non-member': ['no', 'no', 'no', 'no'],
  member: ['no', 'no', 'no', 'no'],
  moderator: ['yes', 'yes', 'no', 'no'],
  'banned moderator': ['no', 'no', 'no', 'no'], // a ban shuts them out of moderation, dashboard included
  'muted moderator': ['yes', 'no', 'no', 'no'],
  'moderator whose ban expired': ['yes', 'yes', 'no', 'no'],
  'suspended moderator': ['no', 'no', 'no', 'no'],
  'moderator of a suspended community': ['yes', 'no', 'no', 'no'],
  owner: ['yes', 'yes', 'yes', 'no'],
  'platform admin': ['yes', 'yes', 'yes', 'yes'],
  'platform admin in a suspended community': ['yes', 'no', 'no', 'yes'],
};

describe('who sees the dashboard, moderates, shapes the community, administers the platform', () => {
  it('has a row for every actor', () => expect(Object.keys(PAGES).sort()).toEqual(Object.keys(ACTORS).sort()));
  for (const [actorName, [view, moderate, manage, administer]] of Object.entries(PAGES)) {
    it(`${actorName}: view ${view}, moderate ${moderate}, manage ${manage}, administer ${administer}`, () => {
      const a = ACTORS[actorName]!;
      const community = a.community ?? ACTIVE;
      expect(outcome(canViewModeration(a.actor, a.standing, NOW))).toBe(view);
      expect(outcome(canModerate(a.actor, a.standing, community, NOW))).toBe(moderate);
      expect(outcome(canManageCommunity(a.actor, a.standing, community, NOW))).toBe(manage);
      expect(outcome(canAdminister(a.actor))).toBe(administer);
    });
  }
});

describe('canSetRole: the owner (or admin) promotes and demotes; never themselves, the owner, or to owner', () => {
  const rows: [actor: string, target: string, newRole: Role, expected: Outcome][] = [
    ['owner', 'member', 'moderator', 'yes'],
    ['owner', 'moderator', 'member', 'yes'],
    ['owner', 'member', 'owner', 'no'],
    ['owner', 'owner', 'member', 'no'],
    ['owner', 'themselves', 'member', 'no'],
    ['platform admin', 'member', 'moderator', 'yes'],
    ['platform admin', 'owner', 'moderator', 'no'],
    ['moderator', 'member', 'moderator', 'no'],
    ['member', 'member', 'moderator', 'no'],
    ['anonymous', 'member', 'moderator', 'sign-in'],
    ['moderator of a suspended community', 'member', 'moderator', 'no'],
  ];
  for (const [actorName, targetName, newRole, expected] of rows) {
    it(`${actorName} sets ${targetName} to ${newRole}: ${expected}`, () => {
      const a = ACTORS[actorName]!;
      const tg = TARGETS[targetName]!;
      expect(outcome(canSetRole(a.actor, a.standing, a.community ?? ACTIVE, { userId: tg.userId, role: tg.role }, newRole, NOW))).toBe(expected);
    });
  }
});

describe('canSuspendUser: only the admin, never the admin themselves', () => {
  const rows: [actor: string, target: string, expected: Outcome][] = [
    ['platform admin', 'member', 'yes'],
    ['platform admin', 'owner', 'yes'],
    ['platform admin', 'platform admin', 'no'],
    ['owner', 'member', 'no'],
    ['anonymous', 'member', 'sign-in'],
  ];
  for (const [actorName, targetName, expected] of rows) {
    it(`${actorName} suspends ${targetName}: ${expected}`, () => {
      const tg = TARGETS[targetName]!;
      expect(outcome(canSuspendUser(ACTORS[actorName]!.actor, { userId: tg.userId, isPlatformAdmin: tg.isPlatformAdmin }))).toBe(expected);
    });
  }
  it('refuses an admin suspending their own account even when the flag is missing', () => {
    expect(outcome(canSuspendUser(user({ isPlatformAdmin: true }), { userId: ACTOR_ID, isPlatformAdmin: false }))).toBe('no');
  });
});

describe('isPlatformAdminAccount', () => {
  it('matches only the configured MNW id, and nobody when none is configured', () => {
    expect(isPlatformAdminAccount('mnw-1000', 'mnw-1000')).toBe(true);
    expect(isPlatformAdminAccount('mnw-1001', 'mnw-1000')).toBe(false);
    expect(isPlatformAdminAccount('mnw-1000', null)).toBe(false);
  });
});
