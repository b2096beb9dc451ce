// All authorization lives here: pure functions of (actor, standing, target, now).
// Handlers ask; views receive the resulting booleans. Nothing here does I/O.

import type { Role, UserId } from './core/types.js';
import { EDIT_WINDOW_MINUTES } from './core/types.js';

/** Who is asking. The anonymous actor answers "no" to every role question, so callers need no null checks. */
export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'user'; id: UserId; username: string; isPlatformAdmin: boolean; suspended: boolean };

export const ANONYMOUS: Actor = { kind: 'anonymous' };

export interface Restriction {
  reason: string;
  expiresAt: Date | null;
}

/** The actor's standing in one community: role and any ban or mute (possibly expired). */
export interface Standing {
  role: Role | null;
  ban: Restriction | null;
  mute: Restriction | null;
}

export const NO_STANDING: Standing = { role: null, ban: null, mute: null };

export interface CommunityState {
  suspendedAt: Date | null;
}
/** Who wrote something, and their standing where they wrote it (for the rank rule). */
export interface Authored {
  authorId: UserId;
  authorRole: Role | null;
  authorIsPlatformAdmin: boolean;
}
export interface ThreadState extends Authored {
  locked: boolean;
  deletedAt: Date | null;
  replyCount: number;
  createdAt: Date;
}
export interface PostState extends Authored {
  createdAt: Date;
  deletedAt: Date | null;
}

/** A decision with the reason shown to the user when it is "no". `signIn` means "would be yes after signing in". */
export type Decision = { ok: true } | { ok: false; reason: string; signIn?: boolean };

const YES: Decision = { ok: true };
const no = (reason: string): Decision => ({ ok: false, reason });
const SIGN_IN: Decision = { ok: false, reason: 'Please sign in first.', signIn: true };

// ── Ranks ───────────────────────────────────────────────────────────────────────────────────────

export const RANK = { anonymous: 0, signedIn: 1, member: 2, moderator: 3, owner: 4, admin: 5 } as const;

/** Rank, strongest first: platform admin > owner > moderator > member > signed-in > anonymous. */
export function rankOf(actor: Actor, standing: Standing): number {
  if (actor.kind === 'anonymous') return RANK.anonymous;
  if (actor.isPlatformAdmin) return RANK.admin;
  return roleRank(standing.role);
}

/** The rank a role gives in its community, for a signed-in user (no role = signed-in non-member). */
export function roleRank(role: Role | null): number {
  if (role === 'owner') return RANK.owner;
  if (role === 'moderator') return RANK.moderator;
  if (role === 'member') return RANK.member;
  return RANK.signedIn;
}

/** A ban or mute applies until its expiry passes; null expiry means forever. */
export function isActive(r: Restriction | null, now: Date): r is Restriction {
  return r !== null && (r.expiresAt === null || r.expiresAt.getTime() > now.getTime());
}

/** The platform admin is the one account whose MNW id equals PLATFORM_ADMIN_ID; with it unset there is none. */
export function isPlatformAdminAccount(mnwAccountId: string, platformAdminId: string | null): boolean {
  return platformAdminId !== null && mnwAccountId === platformAdminId;
}

export function isPlatformAdmin(actor: Actor): boolean {
  return actor.kind === 'user' && actor.isPlatformAdmin && !actor.suspended;
}

/** Moderators, owners and the platform admin keep order in a community. */
export function isModerator(actor: Actor, standing: Standing): boolean {
  return rankOf(actor, standing) >= RANK.moderator;
}

// ── Reading ─────────────────────────────────────────────────────────────────────────────────────

/** A suspended community shows only its notice, except to the platform admin. */
export function canViewCommunity(actor: Actor, community: CommunityState): boolean {
  return community.suspendedAt === null || isPlatformAdmin(actor);
}

/** Categories are as visible as their community. */
export function canViewCategory(actor: Actor, community: CommunityState): boolean {
  return canViewCommunity(actor, community);
}

/** A deleted thread is gone for everyone but the community's moderators. */
export function canViewThread(actor: Actor, standing: Standing, community: CommunityState, thread: { deletedAt: Date | null }): boolean {
  if (!canViewCommunity(actor, community)) return false;
  return thread.deletedAt === null || isModerator(actor, standing);
}

/** Moderators see deleted posts (marked as such); everyone else never sees their text. */
export function canSeeDeletedPosts(actor: Actor, standing: Standing): boolean {
  return isModerator(actor, standing);
}

/** The list-side twin of canViewThread/canSeeDeletedPosts: whether listings include deleted rows. */
export function listingIncludesDeleted(actor: Actor, standing: Standing): boolean {
  return canSeeDeletedPosts(actor, standing);
}

// ── Writing ─────────────────────────────────────────────────────────────────────────────────────

/** Anyone signed in, not suspended, in an active community, and not banned or muted there may write. */
export function canWrite(actor: Actor, standing: Standing, community: CommunityState, now: Date): Decision {
  if (actor.kind === 'anonymous') return SIGN_IN;
  if (actor.suspended) return no('Your account is suspended on this platform.');
  if (community.suspendedAt !== null) return no('This community is suspended; nothing in it can be changed.');
  // The admin and the owner are never restricted: an owner cannot be banned, so a stale row must not lock them out.
  if (isPlatformAdmin(actor) || standing.role === 'owner') return YES;
  if (isActive(standing.ban, now)) return no(`You are banned from this community${untilText(standing.ban)}.${reasonText(standing.ban)}`);
  if (isActive(standing.mute, now)) return no(`You are muted in this community${untilText(standing.mute)}.${reasonText(standing.mute)}`);
  return YES;
}

export interface CategoryState {
  name: string;
  moderatorsOnly: boolean;
}

const moderatorsOnlyReason = (category: CategoryState) => `Only moderators start threads in ${category.name}; you can reply to the threads there.`;

/** Starting a thread needs the right to write, and in a moderators-only category (Announcements) a moderator. */
export function canStartThread(actor: Actor, standing: Standing, community: CommunityState, category: CategoryState, now: Date): Decision {
  const base = canWrite(actor, standing, community, now);
  if (!base.ok) return base;
  if (category.moderatorsOnly && !isModerator(actor, standing)) return no(moderatorsOnlyReason(category));
  return YES;
}

/** A locked thread takes replies only from moderators; a deleted one from nobody. */
export function canReply(actor: Actor, standing: Standing, community: CommunityState, thread: ThreadState, now: Date): Decision {
  const base = canWrite(actor, standing, community, now);
  if (!base.ok) return base;
  if (thread.deletedAt !== null) return no(THREAD_DELETED);
  if (thread.locked && !isModerator(actor, standing)) return no(THREAD_LOCKED);
  return YES;
}

const THREAD_DELETED = 'This thread has been deleted.';
const THREAD_LOCKED = 'This thread is locked; only moderators can reply.';

// What a page offers someone not signed in: "sign in to …" only where signing in would let an ordinary
// member do it. (The decisions above answer "sign in" first, whatever the thread or category.)

/** canReply as the thread page offers it: no "Sign in to reply" on a locked thread. */
export function replyOffer(actor: Actor, standing: Standing, community: CommunityState, thread: ThreadState, now: Date): Decision {
  const d = canReply(actor, standing, community, thread, now);
  if (d.ok || !d.signIn) return d;
  if (thread.deletedAt !== null) return no(THREAD_DELETED);
  if (thread.locked) return no(THREAD_LOCKED);
  return d;
}

/** canStartThread as the category page offers it: no "New thread" (to sign in) where only moderators start threads. */
export function newThreadOffer(actor: Actor, standing: Standing, community: CommunityState, category: CategoryState, now: Date): Decision {
  const d = canStartThread(actor, standing, community, category, now);
  if (d.ok || !d.signIn || !category.moderatorsOnly) return d;
  return no(moderatorsOnlyReason(category));
}

/** Whether `now` is still inside the author's edit window for something created at `createdAt`. */
export function withinEditWindow(createdAt: Date, now: Date): boolean {
  return now.getTime() - createdAt.getTime() <= EDIT_WINDOW_MINUTES * 60_000;
}

const isAuthorOf = (actor: Actor, item: Authored) => actor.kind === 'user' && actor.id === item.authorId;

/** Moderators act on other people's content only when they outrank its author (never the owner's, or a fellow moderator's). */
export function outranksAuthor(actor: Actor, standing: Standing, item: Authored): boolean {
  const authorRank = item.authorIsPlatformAdmin ? RANK.admin : roleRank(item.authorRole);
  return rankOf(actor, standing) > authorRank;
}

const EQUAL_OR_HIGHER = 'You cannot change what someone of equal or higher rank wrote.';

/** Authors may edit their post for EDIT_WINDOW_MINUTES; moderators and owners any time, if they outrank the author. */
export function canEditPost(actor: Actor, standing: Standing, community: CommunityState, post: PostState, now: Date): Decision {
  const base = canWrite(actor, standing, community, now);
  if (!base.ok) return base;
  if (post.deletedAt !== null) return no('This post has been deleted.');
  const own = isAuthorOf(actor, post);
  if (isModerator(actor, standing)) return own || outranksAuthor(actor, standing, post) ? YES : no(EQUAL_OR_HIGHER);
  if (!own) return no('You can only edit your own posts.');
  if (!withinEditWindow(post.createdAt, now)) return no(`Posts can be edited for ${EDIT_WINDOW_MINUTES} minutes after posting.`);
  return YES;
}

/** A thread's title follows its opening post's rule: author within the window, moderators any time. */
export function canEditThread(actor: Actor, standing: Standing, community: CommunityState, thread: ThreadState, now: Date): Decision {
  return canEditPost(actor, standing, community, thread, now);
}

/** Only moderators move threads between categories. */
export function canMoveThread(actor: Actor, standing: Standing, community: CommunityState, now: Date): Decision {
  return canModerate(actor, standing, community, now);
}

/** Authors may delete their own post; moderators the posts of those they outrank. */
export function canDeletePost(actor: Actor, standing: Standing, community: CommunityState, post: PostState, now: Date): Decision {
  const base = canWrite(actor, standing, community, now);
  if (!base.ok) return base;
  if (post.deletedAt !== null) return no('This post is already deleted.');
  const own = isAuthorOf(actor, post);
  if (isModerator(actor, standing)) return own || outranksAuthor(actor, standing, post) ? YES : no(EQUAL_OR_HIGHER);
  if (!own) return no('You can only delete your own posts.');
  return YES;
}

/** Authors may delete their own thread while nobody has replied; moderators the threads of those they outrank. */
export function canDeleteThread(actor: Actor, standing: Standing, community: CommunityState, thread: ThreadState, now: Date): Decision {
  const base = canWrite(actor, standing, community, now);
  if (!base.ok) return base;
  if (thread.deletedAt !== null) return no('This thread is already deleted.');
  const own = isAuthorOf(actor, thread);
  if (isModerator(actor, standing)) return own || outranksAuthor(actor, standing, thread) ? YES : no(EQUAL_OR_HIGHER);
  if (!own) return no('You can only delete your own threads.');
  if (thread.replyCount > 0) return no('A thread with replies can only be deleted by a moderator.');
  return YES;
}

// ── Moderation and governance ───────────────────────────────────────────────────────────────────

/** Moderators and up, not banned, in an active community, keep order (pin, lock, ban, mute, view the log). */
export function canModerate(actor: Actor, standing: Standing, community: CommunityState, now: Date): Decision {
  const base = canWrite(actor, standing, community, now);
  if (!base.ok && base.signIn) return base;
  if (!isModerator(actor, standing)) return no('Only moderators can do that.');
  if (!base.ok) return base;
  return YES;
}

/** Reading the dashboard and log needs the moderator rank and no active ban (a ban shuts one out of moderation too). */
export function canViewModeration(actor: Actor, standing: Standing, now: Date): Decision {
  if (actor.kind === 'anonymous') return SIGN_IN;
  if (actor.suspended) return no('Your account is suspended on this platform.');
  if (!isModerator(actor, standing)) return no('Only moderators can see this page.');
  if (!isPlatformAdmin(actor) && isActive(standing.ban, now)) return no(`You are banned from this community${untilText(standing.ban)}.`);
  return YES;
}

/** Nobody acts on themselves or on someone of equal or higher rank; an owner can never be banned or muted. */
export function canRestrict(
  actor: Actor, standing: Standing, community: CommunityState,
  target: { userId: UserId; standing: Standing; isPlatformAdmin: boolean }, now: Date,
): Decision {
  const base = canModerate(actor, standing, community, now);
  if (!base.ok) return base;
  if (actor.kind === 'user' && actor.id === target.userId) return no('You cannot act on yourself.');
  if (target.standing.role === 'owner') return no('The owner of a community cannot be banned or muted.');
  const targetRank = target.isPlatformAdmin ? RANK.admin : roleRank(target.standing.role);
  if (targetRank >= rankOf(actor, standing)) return no('You cannot act on someone of equal or higher rank.');
  return YES;
}

/** The owner (and the platform admin) shape the community: name, description, categories, roles. */
export function canManageCommunity(actor: Actor, standing: Standing, community: CommunityState, now: Date): Decision {
  const base = canWrite(actor, standing, community, now);
  if (!base.ok && base.signIn) return base;
  if (rankOf(actor, standing) < RANK.owner) return no('Only the owner can change community settings.');
  if (!base.ok) return base;
  return YES;
}

/** The owner promotes members to moderator and demotes them; never themselves or the owner. */
export function canSetRole(
  actor: Actor, standing: Standing, community: CommunityState,
  target: { userId: UserId; role: Role | null }, newRole: Role, now: Date,
): Decision {
  const base = canManageCommunity(actor, standing, community, now);
  if (!base.ok) return base;
  if (actor.kind === 'user' && actor.id === target.userId) return no('You cannot change your own role.');
  if (target.role === 'owner') return no("The owner's role cannot be changed here.");
  if (newRole === 'owner') return no('Ownership comes from the MNW project and cannot be assigned here.');
  return YES;
}

/** A platform-suspended account may not sign in (its sessions are refused too, in the session lookup). */
export function canSignIn(user: { suspendedAt: Date | null }): Decision {
  return user.suspendedAt === null ? YES : no('Your account is suspended on this forum, so you cannot sign in.');
}

/** Only the platform admin reaches /_admin and suspends communities or users. */
export function canAdminister(actor: Actor): Decision {
  if (actor.kind === 'anonymous') return SIGN_IN;
  return isPlatformAdmin(actor) ? YES : no('Only the platform admin can do that.');
}

/** The admin cannot suspend themselves (they would lock the platform out of its only admin). */
export function canSuspendUser(actor: Actor, target: { userId: UserId; isPlatformAdmin: boolean }): Decision {
  const base = canAdminister(actor);
  if (!base.ok) return base;
  if (target.isPlatformAdmin || (actor.kind === 'user' && actor.id === target.userId)) return no('The platform admin cannot be suspended.');
  return YES;
}

function reasonText(r: Restriction): string {
  return r.reason.trim() ? ` Reason given: ${r.reason.trim()}` : '';
}

function untilText(r: Restriction): string {
  return r.expiresAt === null ? ' permanently' : ` until ${r.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
