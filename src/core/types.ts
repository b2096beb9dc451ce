// Domain types: one per model of the seed, shaped as the rest of the app reads them.
// Ids are numbers (PostgreSQL bigint, parsed as Number in one place: src/db/connection.ts).

export type UserId = number;
export type CommunityId = number;
export type CategoryId = number;
export type ThreadId = number;
export type PostId = number;

export const ROLES = ['owner', 'moderator', 'member'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: UserId;
  mnwAccountId: string;
  username: string;
  displayName: string;
  avatarUrl: string | null;
  createdAt: Date;
  suspendedAt: Date | null;
  suspendedReason: string;
}

export interface Community {
  id: CommunityId;
  slug: string;
  name: string;
  description: string;
  createdAt: Date;
  suspendedAt: Date | null;
  suspendedReason: string;
}

export interface Category {
  id: CategoryId;
  communityId: CommunityId;
  name: string;
  slug: string;
  description: string;
  sortOrder: number;
  /** Only moderators (and the owner and the platform admin) start threads here; members may reply. */
  moderatorsOnly: boolean;
}

export interface Thread {
  id: ThreadId;
  communityId: CommunityId;
  categoryId: CategoryId;
  authorId: UserId;
  title: string;
  pinned: boolean;
  locked: boolean;
  replyCount: number;
  createdAt: Date;
  updatedAt: Date;
  lastActivityAt: Date;
  deletedAt: Date | null;
}

export interface Post {
  id: PostId;
  threadId: ThreadId;
  authorId: UserId;
  body: string;
  bodyHtml: string;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
}

export interface Membership {
  userId: UserId;
  communityId: CommunityId;
  role: Role;
  createdAt: Date;
}

/** A ban (isMute false) or a mute (isMute true); expiresAt null means permanent. */
export interface CommunityBan {
  id: number;
  communityId: CommunityId;
  userId: UserId;
  isMute: boolean;
  reason: string;
  expiresAt: Date | null;
  createdBy: UserId;
  createdAt: Date;
}

export interface ModLogEntry {
  id: number;
  communityId: CommunityId | null;
  actorId: UserId;
  action: ModAction;
  targetType: 'user' | 'thread' | 'post' | 'category' | 'community';
  targetId: number | null;
  targetLabel: string;
  details: string;
  createdAt: Date;
}

export const MOD_ACTIONS = [
  'ban', 'unban', 'mute', 'unmute',
  'pin', 'unpin', 'lock', 'unlock',
  'delete_thread', 'delete_post', 'edit_thread', 'edit_post', 'move_thread',
  'set_role', 'create_category', 'edit_category', 'move_category', 'edit_settings',
  'suspend_community', 'unsuspend_community', 'suspend_user', 'unsuspend_user',
] as const;
export type ModAction = (typeof MOD_ACTIONS)[number];

/** Listing limits shared by routes, queries and tests. */
export const THREADS_PER_PAGE = 25;
export const POSTS_PER_PAGE = 50;
export const TITLE_MIN_CHARS = 3;
export const TITLE_MAX_CHARS = 200;
export const BODY_MAX_CHARS = 32_000;
export const EDIT_WINDOW_MINUTES = 15;
