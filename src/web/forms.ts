// Reading and checking form input. Problems come back per field, so the form can be shown again
// with the user's text kept and the message next to the field.

import { badRequest } from '../core/errors.js';
import { BODY_MAX_CHARS, TITLE_MAX_CHARS, TITLE_MIN_CHARS } from '../core/types.js';
import type { Ctx } from './context.js';

export type FieldErrors<K extends string = string> = Partial<Record<K, string>>;

/** String fields of a urlencoded or multipart body; files and repeated keys are ignored, NULs removed (PostgreSQL text cannot hold them). */
export async function readForm(c: Ctx): Promise<Record<string, string>> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return {};
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody();
  } catch {
    throw badRequest('The form data could not be read.');
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v.replace(/\0/g, '');
  return out;
}

// Characters that render as nothing: a title made only of these is empty.
const INVISIBLE = /[\s\p{M}\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u2800\u3164\uFEFF\uFFA0]/gu;
// Direction overrides and isolates make a title read differently from what it is ("‮gnp.exe"): removed.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function cleanTitle(raw: string | undefined): { value: string; error?: string } {
  const value = (raw ?? '').replace(CONTROL, '').replace(BIDI_CONTROLS, '').replace(/\s+/g, ' ').trim().normalize('NFC');
  const visible = [...value.replace(INVISIBLE, '')].length;
  const length = [...value].length;
  if (visible === 0) return { value, error: 'Please give it a title.' };
  if (visible < TITLE_MIN_CHARS) return { value, error: `The title needs at least ${TITLE_MIN_CHARS} characters.` };
  if (length > TITLE_MAX_CHARS) return { value, error: `The title can be at most ${TITLE_MAX_CHARS} characters (it has ${length}).` };
  return { value };
}

export function cleanBody(raw: string | undefined): { value: string; error?: string } {
  // Keep the author's text as typed (newlines normalised); only the emptiness check ignores invisible characters.
  const value = (raw ?? '').replace(/\r\n?/g, '\n').replace(CONTROL, (ch) => (ch === '\t' ? ch : '')).replace(/\s+$/u, '');
  const length = [...value].length;
  if (value.replace(INVISIBLE, '') === '') return { value, error: 'Please write something.' };
  if (length > BODY_MAX_CHARS) return { value, error: `Posts can be at most ${BODY_MAX_CHARS.toLocaleString('en-US')} characters (this one has ${length.toLocaleString('en-US')}).` };
  return { value };
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** Category slugs that would collide with community routes. */
export const RESERVED_SLUGS = new Set(['members', 'settings', 'moderation', 'new', 'edit', 'admin', 'api', 'static', 'auth']);

export function cleanSlug(raw: string | undefined): { value: string; error?: string } {
  const value = (raw ?? '').trim().toLowerCase();
  if (!SLUG.test(value)) return { value, error: 'Use 1–63 lowercase letters, digits and dashes, starting with a letter or digit.' };
  if (RESERVED_SLUGS.has(value)) return { value, error: `“${value}” is reserved; please pick another.` };
  return { value };
}

export function cleanShortText(raw: string | undefined, max: number, label: string, required: boolean): { value: string; error?: string } {
  const value = (raw ?? '').replace(CONTROL, '').replace(BIDI_CONTROLS, '').replace(/\s+/g, ' ').trim();
  if (required && value.replace(INVISIBLE, '') === '') return { value, error: `Please enter a ${label}.` };
  if ([...value].length > max) return { value, error: `The ${label} can be at most ${max} characters.` };
  return { value };
}
