// A large, realistic forum for benchmarks and plan tests: one community, many categories, one of them
// deep enough for page 1,000, threads of every length, Markdown bodies, moderation history.
//
// Speed comes from letting the database make the rows: a few hundred bodies are generated and rendered
// in Node once, the per-thread plan (counts, times, flags) is sent as arrays, and every post is made by
// `insert … select … generate_series` in chunks. Nothing is inserted row by row from Node.
//
// Runnable for manual testing:
//   npx tsx bench/dataset.ts [quick|full]                        in-memory PGlite
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/dataset.ts full
//     (loads into a scratch database created on that server, prints timings and counts, drops it)

import { pathToFileURL } from 'node:url';
import type { Db, Tx } from '../src/db/connection.js';
import { mulberry32 } from '../src/core/prng.js';
import { renderMarkdown } from '../src/markdown.js';

export interface DatasetSize {
  users: number;
  categories: number;
  threads: number;
  /** All posts, opening posts included. */
  posts: number;
  /** Threads in the one big category (deleted ones included); the rest are spread over the others. */
  bigCategoryThreads: number;
}

/** 26,000 threads in one category: with 25 per page, its page 1,000 exists. */
export const FULL: DatasetSize = { users: 5000, categories: 20, threads: 50_000, posts: 1_000_000, bigCategoryThreads: 26_000 };
/** Same shape, small enough to load in a few seconds on PGlite (page 40 of the big category exists). */
export const QUICK: DatasetSize = { users: 300, categories: 20, threads: 2_000, posts: 20_000, bigCategoryThreads: 1_100 };

export interface BenchThread {
  id: number;
  categorySlug: string;
  /** Visible posts, opening post included (none of them deleted). */
  posts: number;
}

export interface Dataset {
  communitySlug: string;
  communityId: number;
  bigCategorySlug: string;
  bigCategoryId: number;
  /** A second category with threads in it (the big one when there is only one category). */
  otherCategorySlug: string;
  otherCategoryId: number;
  /** Exactly one full page of posts (50), none deleted. */
  thread50: BenchThread;
  /** Exactly 120 posts (three pages: 50, 50, 20), none deleted. */
  thread120: BenchThread;
  /** Ordinary open threads (not deleted, locked, pinned, thread50 or thread120) a write benchmark may reply to. */
  replyThreadIds: number[];
  /** Ordinary members (role member), for signed-in sessions. */
  userIds: number[];
  ownerId: number;
  moderatorIds: number[];
  /** Rows as loaded. */
  counts: { users: number; categories: number; threads: number; posts: number; deletedThreads: number; deletedPosts: number; modLog: number };
}

export type ProgressFn = (done: number, total: number, label: string) => void;

const SEED = 0x6d756c74; // "mult"
const DAY_MS = 86_400_000;
const HISTORY_DAYS = 730;
const BODY_VARIANTS = 400;
const POSTS_PER_CHUNK = 50_000;
const PLAN_ROWS_PER_CHUNK = 10_000;
const REPLY_TARGETS = 200;
const MEMBER_SAMPLE = 100;
const MODERATORS = 2;
const DELETED_POST_RATE = 0.01;
const LOCKED_THREAD_RATE = 0.005;
const DELETED_THREAD_RATE = 0.003;
const LONG_THREAD_RATE = 0.004;
/** Bodies sampled from this range of lengths (characters), median about 350. */
const BODY_MIN_CHARS = 80;
const BODY_MAX_CHARS = 2000;
const BIG_CATEGORY_INDEX = 1; // second in sort order, after Announcements, as a real forum would have it
const BIG_CATEGORY_PINS = 3;

// ---------------------------------------------------------------------------------------------
// Text: titles and Markdown bodies from a seeded generator, so every load is the same forum.
// ---------------------------------------------------------------------------------------------

type Rand = () => number;
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const int = (rand: Rand, lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
function normal(rand: Rand): number {
  // Box-Muller; 1 - rand() keeps log away from 0.
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

const CATEGORY_NAMES: readonly [string, string, string][] = [
  ['announcements', 'Announcements', 'Releases, breaking changes and project news from the maintainers.'],
  ['help', 'Help & questions', 'Stuck on a build, a config or a deploy? Ask here, with your version and OS.'],
  ['ideas', 'Ideas & RFCs', 'Feature proposals and design discussions before they become issues.'],
  ['show-and-tell', 'Show and tell', 'Things you built with the project.'],
  ['contributors', 'Contributors', 'Working on the codebase itself: reviews, tests and releases.'],
  ['plugins', 'Plugins', 'Writing, publishing and finding plugins.'],
  ['themes', 'Themes', 'Layouts, styles and templates.'],
  ['deployment', 'Deployment', 'Hosting, CI pipelines, containers and CDNs.'],
  ['performance', 'Performance', 'Build times, memory and large sites.'],
  ['i18n', 'Translations', 'Localisation of the project and of the sites built with it.'],
  ['docs', 'Documentation', 'Gaps, mistakes and improvements in the docs.'],
  ['security', 'Security', 'Hardening and responsible disclosure (no exploit details in public, please).'],
  ['integrations', 'Integrations', 'Editors, CMSs, analytics and other tools.'],
  ['testing', 'Testing', 'Testing sites and plugins.'],
  ['accessibility', 'Accessibility', 'Making output and tooling usable by everyone.'],
  ['off-topic', 'Off-topic', 'Anything else, kindly.'],
  ['jobs', 'Jobs', 'Paid work around the project.'],
  ['events', 'Events', 'Meetups, talks and sprints.'],
  ['feedback', 'Site feedback', 'About this forum itself.'],
  ['archive', 'Archive', 'Old discussions kept for reference.'],
];

const FIRST_NAMES = ['ada', 'bram', 'chen', 'dara', 'eli', 'farah', 'gus', 'hana', 'ivo', 'juno', 'kit', 'lena', 'milo', 'nia', 'omar', 'pia', 'quinn', 'rosa', 'sami', 'tomas', 'uma', 'vik', 'wren', 'xia', 'yusuf', 'zoe'];
const LAST_NAMES = ['Okafor', 'Visser', 'Wei', 'Nakamura', 'Haddad', 'Rahman', 'Lindqvist', 'Moreau', 'Petrov', 'Silva', 'Kowalski', 'Mensah', 'Oyelaran', 'Fischer', 'Costa', 'Novak'];

const THINGS = ['the build', 'the dev server', 'incremental builds', 'the cache', 'the plugin API', 'hot reload', 'the Markdown pipeline', 'the sitemap', 'the RSS feed', 'image resizing', 'the search index', 'syntax highlighting', 'the config loader', 'the theme system', 'front matter parsing', 'the link checker', 'the asset pipeline', 'the CLI', 'draft pages', 'pagination', 'the i18n routes', 'the watch mode', 'shortcodes', 'the template engine'];
const TOOLS = ['Docker', 'GitHub Actions', 'Netlify', 'nginx', 'Caddy', 'pnpm', 'Bun', 'Deno', 'esbuild', 'Vite', 'Tailwind', 'systemd', 'Cloudflare Pages', 'a Raspberry Pi', 'WSL', 'NixOS'];
const PLATFORMS = ['macOS 15', 'Debian 13', 'Windows 11', 'Ubuntu 24.04', 'Alpine 3.20', 'Fedora 41', 'Arch', 'FreeBSD 14'];
const PROBLEMS = ['hangs forever', 'crashes with an out-of-memory error', 'is ten times slower', 'ignores my config', 'writes the wrong paths', 'drops the last page', 'prints a stack trace', 'silently skips files', 'breaks non-ASCII file names', 'double-encodes ampersands'];
const ACTIONS = ['clear the cache directory', 'pin the version in the lockfile', 'run with `--verbose`', 'set `baseUrl` explicitly', 'delete `node_modules` and reinstall', 'upgrade to the latest patch release', 'turn off the experimental flag', 'move the file out of `static/`', 'quote the value in the front matter', 'check the file permissions'];
const FEATURES = ['a dark-mode toggle in the default theme', 'per-page build hooks', 'a JSON feed', 'content collections', 'an official Docker image', 'partial rebuilds in watch mode', 'typed front matter', 'a plugin registry', 'image placeholders', 'a link-rot report', 'multi-language sitemaps', 'a REPL for templates'];
const VERSIONS = ['0.8.4', '0.9.0', '0.9.1', '0.9.2', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.1.0'];
const FILES = ['tidepool.config.ts', 'package.json', 'content/index.md', 'layouts/base.html', '.github/workflows/deploy.yml', 'Dockerfile', 'static/robots.txt', 'plugins/feed.ts'];
const ERRORS = ['ENOENT: no such file or directory', 'EACCES: permission denied', 'TypeError: Cannot read properties of undefined', 'SyntaxError: Unexpected token', 'Error: template not found', 'RangeError: Maximum call stack size exceeded'];

function fill(rand: Rand, template: string): string {
  return template.replace(/\{(\w+)\}/g, (_m, slot: string) => {
    switch (slot) {
      case 'thing': return pick(rand, THINGS);
      case 'tool': return pick(rand, TOOLS);
      case 'platform': return pick(rand, PLATFORMS);
      case 'problem': return pick(rand, PROBLEMS);
      case 'action': return pick(rand, ACTIONS);
      case 'feature': return pick(rand, FEATURES);
      case 'version': return pick(rand, VERSIONS);
      case 'file': return pick(rand, FILES);
      case 'error': return pick(rand, ERRORS);
      case 'n': return String(int(rand, 2, 40_000));
      case 'name': return pick(rand, FIRST_NAMES);
      default: return slot;
    }
  });
}

const TITLE_TEMPLATES = [
  'How do I configure {thing} with {tool}?',
  '{thing} {problem} on {platform}',
  'After upgrading to {version}, {thing} {problem}',
  '`{error}` when building with {tool}',
  'Is there a way to speed up {thing}?',
  'RFC: {feature}',
  'Proposal: {feature}',
  'Would {feature} be welcome?',
  'Show: my site built with {tool} and {thing}',
  '[Solved] {thing} {problem}',
  'Question about {thing} in {version}',
  'Best practice for {thing} on {tool}?',
  '{thing} with {n} pages: tips?',
  'Migrating from {version} to {version}: {thing} changed?',
  'Docs for {thing} are out of date',
  'Weekly release notes: {version}',
];
const PINNED_TITLES = ['Read this before posting: how to ask a good question', 'Forum guidelines and code of conduct', 'Frequently asked questions', 'Where to report security issues'];

const SENTENCES = [
  'I tried to {action} but {thing} still {problem}.',
  'After upgrading to {version}, {thing} {problem} on {platform}.',
  'Has anyone seen {thing} {problem} when running under {tool}?',
  'The workaround for now is to {action}; it is not pretty but it works.',
  'It looks like {thing} is only affected when the site has more than {n} pages.',
  'For what it is worth, {thing} works fine for me on {platform} with {tool}.',
  'Could you post the output of `tidepool doctor` and your `{file}`?',
  'This is the same root cause as the `{error}` thread from last month.',
  'We discussed {feature} at the last contributor call and nobody objected.',
  'I would rather keep {thing} small and push {feature} into a plugin.',
  'Thanks, that fixed it! Marking this as solved.',
  'Same here on {platform}, {version}.',
  'The release after {version} will change how {thing} resolves paths, so test early.',
  'Which version of {tool} are you on? Older ones mangle the environment.',
  'A minimal reproduction would help a lot: an empty site plus the one page that fails.',
  'We run about {n} pages through {thing} in CI and it takes under a minute.',
];
const LIST_ITEMS = [
  '{action}', 'check `{file}` for typos', 'upgrade {tool}', 'read the [migration guide](https://example.org/docs/migrate)',
  'try {thing} on its own', 'compare with {version}', 'run `tidepool build --profile`', 'open an issue with the log',
  '{feature}', 'test on {platform}',
];
const CODE_BLOCKS = [
  '```sh\nnpm install --save-dev tidepool@{version}\nnpx tidepool build --verbose\n```',
  '```ts\nexport default defineConfig({\n  baseUrl: "https://example.org/",\n  build: { incremental: true, concurrency: 4 },\n});\n```',
  '```json\n{\n  "scripts": { "build": "tidepool build", "dev": "tidepool serve --port 4000" },\n  "devDependencies": { "tidepool": "^{version}" }\n}\n```',
  '```\n{error}\n    at resolveLayout (node_modules/tidepool/dist/layout.js:212:11)\n    at async build (node_modules/tidepool/dist/build.js:88:5)\n```',
  '```yaml\n- name: Build\n  run: npx tidepool build\n  env:\n    NODE_OPTIONS: --max-old-space-size=4096\n```',
  '```sql\nselect slug, count(*) from pages group by slug having count(*) > 1;\n```',
  '```dockerfile\nFROM node:20-alpine\nWORKDIR /site\nCOPY . .\nRUN npm ci && npx tidepool build\n```',
];

function decorate(rand: Rand, sentence: string): string {
  const r = rand();
  if (r < 0.08) return sentence.replace(/^(\S+ \S+)/, '*$1*');
  if (r < 0.14) return sentence.replace(/^(\S+)/, '**$1**');
  if (r < 0.2) return `${sentence} See [the docs](https://example.org/docs/${pick(rand, ['config', 'plugins', 'deploy', 'themes'])}).`;
  if (r < 0.23) return `${sentence} https://example.org/issues/${int(rand, 10, 4000)}`;
  return sentence;
}

function paragraph(rand: Rand, sentences: number): string {
  return Array.from({ length: sentences }, () => decorate(rand, fill(rand, pick(rand, SENTENCES)))).join(' ');
}

/** Up to n different elements, in random order. */
function pickSome<T>(rand: Rand, xs: readonly T[], n: number): T[] {
  const pool = [...xs];
  const out: T[] = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]!);
  return out;
}

type BlockKind = 'paragraph' | 'list' | 'code' | 'quote' | 'table';

function block(rand: Rand, previous: BlockKind): [BlockKind, string] {
  const r = rand();
  // Two lists in a row would merge into one loose list; a paragraph goes between them instead.
  if (r < 0.5 || (r < 0.7 && previous === 'list')) return ['paragraph', paragraph(rand, int(rand, 1, 4))];
  if (r < 0.63) return ['list', pickSome(rand, LIST_ITEMS, int(rand, 2, 5)).map((item) => `- ${fill(rand, item)}`).join('\n')];
  if (r < 0.7) return ['list', pickSome(rand, LIST_ITEMS, int(rand, 2, 4)).map((item, i) => `${i + 1}. ${fill(rand, item)}`).join('\n')];
  if (r < 0.84) return ['code', fill(rand, pick(rand, CODE_BLOCKS))];
  if (r < 0.96) return ['quote', `> ${paragraph(rand, int(rand, 1, 2))}`];
  return ['table', `| Setting | Before | After |\n|---|---:|---:|\n| build time | ${int(rand, 20, 90)} s | ${int(rand, 2, 19)} s |\n| memory | ${int(rand, 400, 900)} MB | ${int(rand, 100, 399)} MB |`];
}

/** One body of about `target` characters, built from whole blocks, within [BODY_MIN_CHARS, BODY_MAX_CHARS]. */
function body(rand: Rand, target: number): string {
  const blocks = [paragraph(rand, 1)];
  let length = blocks[0]!.length;
  let previous: BlockKind = 'paragraph';
  while (length < target) {
    const [kind, b] = block(rand, previous);
    if (length + 2 + b.length > BODY_MAX_CHARS) break;
    blocks.push(b);
    length += 2 + b.length;
    previous = kind;
  }
  let text = blocks.join('\n\n');
  while (text.length < BODY_MIN_CHARS) text += ' ' + fill(rand, pick(rand, SENTENCES));
  return text.length > BODY_MAX_CHARS ? text.slice(0, BODY_MAX_CHARS) : text;
}

/** Distinct bodies, shortest first (opening posts draw from the longer half). */
export function makeBodies(count = BODY_VARIANTS, seed = SEED): { body: string; html: string }[] {
  const rand = mulberry32(seed);
  const bodies: string[] = [];
  for (let i = 0; i < count; i++) {
    // Log-normal lengths: mostly a few sentences, a tail of long posts with code.
    const target = Math.min(BODY_MAX_CHARS, Math.max(BODY_MIN_CHARS, Math.round(330 * Math.exp(0.75 * normal(rand)))));
    bodies.push(body(rand, target));
  }
  bodies.sort((a, b) => a.length - b.length);
  return bodies.map((b) => ({ body: b, html: renderMarkdown(b) }));
}

// ---------------------------------------------------------------------------------------------
// The plan: per thread, everything the server needs to generate its posts.
// ---------------------------------------------------------------------------------------------

interface Plan {
  created: number[]; // ms since epoch, ascending with the thread index
  category: number[]; // category index (0-based, in sort order)
  author: number[]; // user index (0-based; 0 is the owner)
  title: string[];
  posts: number[];
  spanS: number[]; // seconds from the opening post to the last one
  pinned: boolean[];
  locked: boolean[];
  deleted: boolean[];
  deletedCount: number[];
  /** Deleted replies: thread index, position in the thread (never the first or the last post), by a moderator? */
  deletedPosts: { thread: number[]; j: number[]; byMod: boolean[] };
  thread50: number;
  thread120: number;
  replyTargets: number[];
}

function validate(size: DatasetSize): void {
  const whole = (n: number) => Number.isInteger(n) && n >= 0;
  if (![size.users, size.categories, size.threads, size.posts, size.bigCategoryThreads].every(whole)) throw new Error('Dataset sizes must be whole numbers.');
  if (size.users < 1 + MODERATORS + 1) throw new Error(`A dataset needs at least ${MODERATORS + 2} users (owner, moderators, a member).`);
  if (size.categories < 1) throw new Error('A dataset needs at least one category.');
  if (size.threads < 3) throw new Error('A dataset needs at least 3 threads.');
  if (size.bigCategoryThreads > size.threads || (size.categories === 1 && size.bigCategoryThreads !== size.threads)) {
    throw new Error('bigCategoryThreads must fit in threads (and equal it when there is one category).');
  }
  if (size.categories > 1 && size.bigCategoryThreads < 2) throw new Error('The big category needs at least 2 threads.');
  if (size.posts < size.threads + 49 + 119) throw new Error('Too few posts: every thread needs one, thread50 and thread120 need 50 and 120.');
}

function makePlan(size: DatasetSize, now: number, rand: Rand): Plan {
  const T = size.threads;
  const created = Array.from({ length: T }, () => {
    // Activity grows over time: sqrt biases towards recent months. Newest thread at least 10 minutes old.
    const age = (1 - Math.sqrt(rand())) * HISTORY_DAYS * DAY_MS;
    return Math.round(now - 10 * 60_000 - age);
  }).sort((a, b) => a - b);

  // Exact counts per category, then shuffled across the timeline.
  const big = size.categories === 1 ? 0 : BIG_CATEGORY_INDEX;
  const perCategory = new Array<number>(size.categories).fill(0);
  perCategory[big] = size.bigCategoryThreads;
  const others = [...Array(size.categories).keys()].filter((k) => k !== big);
  if (others.length > 0) {
    // Zipf-like: a few busy categories, a long quiet tail; Announcements (index 0) is quiet.
    const weights = others.map((k, i) => (k === 0 ? 0.3 : 1) / (i + 1));
    const sum = weights.reduce((a, b) => a + b, 0);
    const rest = T - size.bigCategoryThreads;
    const exact = weights.map((w) => (w / sum) * rest);
    const floors = exact.map(Math.floor);
    let left = rest - floors.reduce((a, b) => a + b, 0);
    const byRemainder = exact.map((e, i) => [e - floors[i]!, i] as const).sort((a, b) => b[0] - a[0]);
    for (const [, i] of byRemainder) if (left-- > 0) floors[i]!++;
    others.forEach((k, i) => (perCategory[k] = floors[i]!));
  }
  const category = perCategory.flatMap((n, k) => new Array<number>(n).fill(k));
  for (let i = T - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [category[i], category[j]] = [category[j]!, category[i]!];
  }
  // The busiest of the other categories holds thread120.
  const other = others.reduce((best, k) => (perCategory[k]! > perCategory[best]! ? k : best), others[0] ?? big);

  // A few people write most threads (index 0 is the owner, then the moderators).
  const author = Array.from({ length: T }, () => Math.floor(size.users * Math.pow(rand(), 2.2)));

  // The two measured threads: ordinary threads of their category, a month or more old.
  const findThread = (k: number, fromFraction: number, minAgeDays: number, not: number): number => {
    for (let i = Math.min(T - 1, Math.floor(T * fromFraction)); i >= 0; i--) {
      if (category[i] === k && i !== not && created[i]! <= now - minAgeDays * DAY_MS) return i;
    }
    for (let i = 0; i < T; i++) if (category[i] === k && i !== not) return i;
    throw new Error('No thread found for a measured thread.');
  };
  const thread50 = findThread(big, 0.97, 20, -1);
  const thread120 = findThread(other, 0.9, 60, thread50);

  // Post counts: log-normal around the mean (most threads 5–40 posts at FULL), a few very long ones,
  // then scaled so that the total is exact.
  const special = new Map([[thread50, 50], [thread120, 120]]);
  const target = size.posts - 170;
  const ordinary = T - 2;
  const mean = target / ordinary;
  const sigma = 0.75;
  const median = mean / Math.exp((sigma * sigma) / 2);
  const raw = Array.from({ length: T }, (_v, i) => {
    if (special.has(i)) return 0;
    const old = created[i]! < now - 7 * DAY_MS;
    if (old && rand() < LONG_THREAD_RATE) return 200 + rand() * 1300;
    return median * Math.exp(sigma * normal(rand));
  });
  const scale = target / raw.reduce((a, b) => a + b, 0);
  const posts = raw.map((r, i) => special.get(i) ?? Math.max(1, Math.round(r * scale)));
  let diff = size.posts - posts.reduce((a, b) => a + b, 0);
  for (let guard = 0; diff !== 0 && guard < 100 * T + Math.abs(diff) * 10; guard++) {
    const i = Math.floor(rand() * T);
    if (special.has(i)) continue;
    if (diff > 0) {
      posts[i]!++;
      diff--;
    } else if (posts[i]! > 1) {
      posts[i]!--;
      diff++;
    }
  }
  if (diff !== 0) throw new Error('Could not distribute the posts over the threads.');

  // How long each discussion lasted: hours to months, never past now (posts are 1 ms apart at least).
  const spanS = created.map((c, i) => {
    const wanted = 1.5 * 86_400 * Math.exp(1.4 * normal(rand)) * Math.sqrt(Math.max(1, posts[i]! / 15));
    const room = (now - c) / 1000 - 60 - posts[i]! / 1000;
    return Math.max(0, Math.min(wanted, 180 * 86_400, room));
  });

  const pinned = new Array<boolean>(T).fill(false);
  const locked = new Array<boolean>(T).fill(false);
  const deleted = new Array<boolean>(T).fill(false);
  const title = created.map(() => fill(rand, pick(rand, TITLE_TEMPLATES)));
  // Pinned: the oldest threads of the big category (the rules, the FAQ) and the first of a few others.
  let pins = 0;
  for (let i = 0; i < T && pins < BIG_CATEGORY_PINS; i++) {
    if (category[i] === big && !special.has(i)) {
      pinned[i] = true;
      title[i] = PINNED_TITLES[pins % PINNED_TITLES.length]!;
      pins++;
    }
  }
  for (const k of others.slice(0, 3)) {
    const i = category.findIndex((c, idx) => c === k && !special.has(idx));
    if (i >= 0) {
      pinned[i] = true;
      title[i] = PINNED_TITLES[int(rand, 0, PINNED_TITLES.length - 1)]!;
    }
  }
  for (let i = 0; i < T; i++) {
    if (special.has(i) || pinned[i]) continue;
    const r = rand();
    if (r < DELETED_THREAD_RATE) deleted[i] = true;
    else if (r < DELETED_THREAD_RATE + LOCKED_THREAD_RATE) locked[i] = true;
  }

  const deletedCount = new Array<number>(T).fill(0);
  const deletedPosts = { thread: [] as number[], j: [] as number[], byMod: [] as boolean[] };
  for (let i = 0; i < T; i++) {
    if (special.has(i)) continue;
    // Never the opening post (that deletes the thread) nor the last one (last_activity_at stays the last post's).
    for (let j = 1; j < posts[i]! - 1; j++) {
      if (rand() < DELETED_POST_RATE) {
        deletedPosts.thread.push(i);
        deletedPosts.j.push(j);
        deletedPosts.byMod.push(rand() < 0.6);
        deletedCount[i]!++;
      }
    }
  }

  const candidates: number[] = [];
  for (let i = 0; i < T; i++) if (!special.has(i) && !pinned[i] && !locked[i] && !deleted[i]) candidates.push(i);
  const replyTargets: number[] = [];
  for (let n = Math.min(REPLY_TARGETS, candidates.length); n > 0; n--) {
    const k = Math.floor(rand() * candidates.length);
    replyTargets.push(candidates[k]!);
    candidates[k] = candidates[candidates.length - 1]!;
    candidates.pop();
  }
  replyTargets.sort((a, b) => a - b);

  return { created, category, author, title, posts, spanS, pinned, locked, deleted, deletedCount, deletedPosts, thread50, thread120, replyTargets };
}

// ---------------------------------------------------------------------------------------------
// Loading.
// ---------------------------------------------------------------------------------------------

/** Uniform [0, 1) from (key, salt), the same on every PostgreSQL version (hash partitioning relies on it). */
const unitHash = (key: string, salt: number) => `((hashint8extended((${key})::bigint, ${salt}) & 4294967295) / 4294967296.0)`;

/**
 * When post j of thread t was written: spread over the thread's span, front-loaded like a real discussion
 * (power 1.7 of the position), plus j ms so that times strictly increase within the thread.
 * The same expression gives the thread's last_activity_at (j = posts - 1), so the two agree exactly.
 */
const postTime = (t: string, j: string) =>
  `${t}.created_at + make_interval(secs => ${t}.span_s * power(${j}::float8 / greatest(${t}.post_count - 1, 1), 1.7) + ${j} / 1000.0)`;

/**
 * Loads a forum of `size` into an already-migrated, empty database (either backend, same SQL).
 * Runs in one transaction with triggers and foreign-key checks off (session_replication_role = replica,
 * superuser only): the read-cache version triggers must not fire once per row, and the new community
 * simply starts at its default version. The secondary indexes of threads and posts are dropped and
 * rebuilt from their own definitions after the rows are in, then VACUUM ANALYZE gives the planner
 * statistics and index-only scans a visibility map.
 */
export async function loadDataset(db: Db, size: DatasetSize, onProgress?: ProgressFn): Promise<Dataset> {
  validate(size);
  const progress: ProgressFn = onProgress ?? (() => {});
  const now = Date.now();
  const rand = mulberry32(SEED);
  const plan = makePlan(size, now, rand);
  const bodies = makeBodies();
  const T = size.threads;
  const U = size.users;

  // More categories than names: the names repeat with a number (help-2, "Help & questions 2").
  const names = Array.from({ length: size.categories }, (_v, k) => {
    const base = CATEGORY_NAMES[k % CATEGORY_NAMES.length]!;
    const round = Math.floor(k / CATEGORY_NAMES.length);
    return round === 0 ? base : ([`${base[0]}-${round + 1}`, `${base[1]} ${round + 1}`, base[2]] as const);
  });

  const result = await db.transaction(async (tx) => {
    if ((await tx.query<{ n: number }>(`select (select count(*) from threads) + (select count(*) from communities where slug = 'bench') as n`))[0]!.n > 0) {
      throw new Error('loadDataset needs an empty, migrated database (found threads or a "bench" community).');
    }
    await tx.query(`set local session_replication_role = replica`);
    await tx.query(`set local statement_timeout = 0`); // the pooled client's 15 s is for page queries
    await tx.query(`set local synchronous_commit = off`);
    await tx.query(`set local work_mem = '${db.backend === 'postgres' ? '256MB' : '32MB'}'`);
    await tx.query(`set local maintenance_work_mem = '${db.backend === 'postgres' ? '512MB' : '64MB'}'`);

    const nextId = async (table: string) => (await tx.query<{ n: number }>(`select coalesce(max(id), 0) + 1 as n from ${table}`))[0]!.n;
    const userBase = await nextId('users');
    const threadBase = await nextId('threads');
    const postBase = await nextId('posts');
    const nowTs = new Date(now).toISOString();

    // People: all signed up in the two months before the forum's history begins, so that nobody's
    // first post predates their account; all are members, the first the owner, the next ones moderators.
    progress(0, 1, 'users');
    await tx.query(
      `insert into users (id, mnw_account_id, username, display_name, created_at, updated_at) overriding system value
       select $1::bigint + g, 'bench-' || g, (array[${FIRST_NAMES.map((n) => `'${n}'`).join(',')}])[1 + g % ${FIRST_NAMES.length}] || g,
         initcap((array[${FIRST_NAMES.map((n) => `'${n}'`).join(',')}])[1 + g % ${FIRST_NAMES.length}]) || ' ' || (array[${LAST_NAMES.map((n) => `'${n}'`).join(',')}])[1 + (g / 7) % ${LAST_NAMES.length}],
         c, c
       from generate_series(0, $2::int - 1) g, lateral (select $3::timestamptz - make_interval(days => ${HISTORY_DAYS + 60}) + (g::float8 / $2) * interval '59 days' as c) t`,
      [userBase, U, nowTs],
    );
    const community = (await tx.query<{ id: number }>(
      `insert into communities (slug, name, description, created_at) values ('bench', 'Benchmark Commons', 'A large forum for benchmarks: every kind of thread, years of history.', $1::timestamptz - make_interval(days => ${HISTORY_DAYS + 1})) returning id`,
      [nowTs],
    ))[0]!.id;
    const categories = await tx.query<{ id: number; slug: string }>(
      `insert into categories (community_id, slug, name, description, sort_order, created_at)
       select $1, s, n, d, o::int, $5::timestamptz - make_interval(days => ${HISTORY_DAYS + 1})
       from unnest($2::text[], $3::text[], $4::text[]) with ordinality as x(s, n, d, o)
       returning id, slug`,
      [community, names.map((n) => n[0]), names.map((n) => n[1]), names.map((n) => n[2]), nowTs],
    );
    const categoryIds = names.map((n) => categories.find((c) => c.slug === n[0])!.id);
    const ownerId = userBase;
    const moderatorIds = Array.from({ length: MODERATORS }, (_v, i) => userBase + 1 + i);
    const staff = [ownerId, ...moderatorIds];
    await tx.query(
      `insert into memberships (community_id, user_id, role, created_at)
       select $1, u.id, (case when u.id = $2 then 'owner' when u.id = any($3::bigint[]) then 'moderator' else 'member' end)::community_role,
         greatest(u.created_at, c.created_at) + interval '1 day'
       from users u, communities c where c.id = $1 and u.id between $4 and $5`,
      [community, ownerId, moderatorIds, userBase, userBase + U - 1],
    );
    progress(1, 1, 'users');

    // Helper tables: unlogged, and created and dropped inside this transaction, so nothing is left behind.
    await tx.query(`create unlogged table bench_load_bodies (n int primary key, body text not null, body_html text not null)`);
    await tx.query(
      `insert into bench_load_bodies select o::int - 1, b, h from unnest($1::text[], $2::text[]) with ordinality as x(b, h, o)`,
      [bodies.map((b) => b.body), bodies.map((b) => b.html)],
    );
    await tx.query(`create unlogged table bench_load_threads (
      id bigint primary key, category_id bigint not null, author_id bigint not null, title text not null,
      created_at timestamptz not null, span_s float8 not null, post_count int not null, deleted_count int not null,
      pinned boolean not null, locked boolean not null, deleted boolean not null)`);
    for (let from = 0; from < T; from += PLAN_ROWS_PER_CHUNK) {
      const to = Math.min(T, from + PLAN_ROWS_PER_CHUNK);
      const range = <X>(xs: readonly X[]): X[] => xs.slice(from, to);
      await tx.query(
        `insert into bench_load_threads
         select $1::bigint + o - 1, c, a, t, to_timestamp(ms / 1000.0), s, p, d, pin, lck, del
         from unnest($2::bigint[], $3::bigint[], $4::text[], $5::float8[], $6::float8[], $7::int[], $8::int[], $9::bool[], $10::bool[], $11::bool[])
           with ordinality as x(c, a, t, ms, s, p, d, pin, lck, del, o)`,
        [threadBase + from, range(plan.category).map((k) => categoryIds[k]), range(plan.author).map((u) => userBase + u), range(plan.title),
          range(plan.created), range(plan.spanS), range(plan.posts), range(plan.deletedCount), range(plan.pinned), range(plan.locked), range(plan.deleted)],
      );
      progress(to, T, 'plan');
    }
    await tx.query(`create unlogged table bench_load_deleted (thread_id bigint not null, j int not null, by_mod boolean not null, primary key (thread_id, j))`);
    await tx.query(
      `insert into bench_load_deleted select $1::bigint + t, j, m from unnest($2::int[], $3::int[], $4::bool[]) as x(t, j, m)`,
      [threadBase, plan.deletedPosts.thread, plan.deletedPosts.j, plan.deletedPosts.byMod],
    );
    await tx.query(`analyze bench_load_threads`);
    await tx.query(`analyze bench_load_deleted`);

    // Every post's id, time and author, numbered in time order across threads as a live forum would
    // have them (a thread's posts are scattered over the table, not stored side by side).
    progress(0, 1, 'ordering');
    await tx.query(`create unlogged table bench_load_posts (
      id bigint not null, thread_id bigint not null, j int not null, author_id bigint not null, created_at timestamptz not null, deleted_by_mod boolean)`);
    await tx.query(
      `insert into bench_load_posts
       select $1::bigint - 1 + row_number() over (order by x.created_at, x.thread_id, x.j), x.thread_id, x.j, x.author_id, x.created_at, d.by_mod
       from (
         select t.id as thread_id, g.j, ${postTime('t', 'g.j')} as created_at,
           case when g.j = 0 then t.author_id
                -- the person who asked often answers back
                when ${unitHash('t.id * 4096 + g.j', 1)} < 0.15 then t.author_id
                else $2::bigint + floor($3::int * power(${unitHash('t.id * 4096 + g.j', 2)}, 2.2))::bigint end as author_id
         from bench_load_threads t cross join lateral generate_series(0, t.post_count - 1) as g(j)
       ) x
       left join bench_load_deleted d on d.thread_id = x.thread_id and d.j = x.j`,
      [postBase, userBase, U],
    );
    await tx.query(`create unique index on bench_load_posts (id)`);
    await tx.query(`analyze bench_load_posts`);
    progress(1, 1, 'ordering');

    // Secondary indexes are rebuilt once at the end: cheaper than maintaining them row by row.
    const secondary = await tx.query<{ name: string; def: string }>(
      `select quote_ident(c.relname) as name, pg_get_indexdef(c.oid) as def
       from pg_index x join pg_class c on c.oid = x.indexrelid
       where x.indrelid in ('threads'::regclass, 'posts'::regclass)
         and not exists (select 1 from pg_constraint k where k.conindid = x.indexrelid)
       order by c.relname`,
    );
    for (const ix of secondary) await tx.query(`drop index ${ix.name}`);

    progress(0, T, 'threads');
    await tx.query(
      `insert into threads (id, community_id, category_id, author_id, title, pinned, locked, reply_count, last_post_id, last_poster_id,
         created_at, updated_at, last_activity_at, deleted_at, deleted_by) overriding system value
       select t.id, $1, t.category_id, t.author_id, t.title, t.pinned, t.locked, t.post_count - 1 - t.deleted_count, lp.id, lp.author_id,
         t.created_at,
         -- pinning and locking touch updated_at; replies do not
         case when t.locked then least(lp.created_at + interval '1 hour', $2::timestamptz)
              when t.pinned then least(t.created_at + interval '1 hour', $2::timestamptz)
              else t.created_at end,
         lp.created_at,
         case when t.deleted then least(lp.created_at + interval '2 hours', $2::timestamptz) end,
         case when t.deleted then ($3::bigint[])[1 + t.id % ${staff.length}] end
       from bench_load_threads t join bench_load_posts lp on lp.thread_id = t.id and lp.j = t.post_count - 1`,
      [community, nowTs, staff],
    );
    progress(T, T, 'threads');

    const total = size.posts;
    for (let from = 0; from < total; from += POSTS_PER_CHUNK) {
      const to = Math.min(total, from + POSTS_PER_CHUNK);
      await tx.query(
        `insert into posts (id, thread_id, author_id, body, body_html, created_at, edited_at, deleted_at, deleted_by) overriding system value
         select s.id, s.thread_id, s.author_id, b.body, b.body_html, s.created_at,
           case when s.j > 0 and ${unitHash('s.id', 3)} < 0.04 then least(s.created_at + interval '6 minutes', $3::timestamptz) end,
           case when s.deleted_by_mod is not null then least(s.created_at + interval '2 hours', $3::timestamptz) end,
           case when s.deleted_by_mod then ($4::bigint[])[1 + s.id % ${staff.length}] when not s.deleted_by_mod then s.author_id end
         from bench_load_posts s
         join bench_load_bodies b on b.n = case when s.j = 0 then ${Math.floor(bodies.length / 2)} + floor(${unitHash('s.id', 4)} * ${bodies.length - Math.floor(bodies.length / 2)})::int
                                                 else floor(${unitHash('s.id', 4)} * ${bodies.length})::int end
         where s.id >= $1 and s.id < $2
         order by s.id`,
        [postBase + from, postBase + to, nowTs, staff],
      );
      progress(to, total, 'posts');
    }

    // The moderation history the listings and the consistency rules expect: every pin, lock and
    // deletion by someone else has its log row.
    progress(0, 1, 'mod log');
    await tx.query(
      `insert into mod_log (community_id, actor_id, action, target_type, target_id, target_label, details, created_at)
       select $1, $2, 'set_role', 'user', u.id, u.username, 'member → moderator', c.created_at + interval '2 days'
       from users u, communities c where c.id = $1 and u.id = any($3::bigint[])`,
      [community, ownerId, moderatorIds],
    );
    await tx.query(
      `insert into mod_log (community_id, actor_id, action, target_type, target_id, target_label, details, created_at)
       select $1::bigint, ($2::bigint[])[1 + t.id % ${staff.length}], 'pin', 'thread', t.id, t.title, '', least(t.created_at + interval '1 hour', $3::timestamptz)
       from threads t where t.pinned
       union all
       select $1::bigint, ($2::bigint[])[1 + (t.id + 1) % ${staff.length}], 'lock', 'thread', t.id, t.title, 'Answered; please open a new thread for follow-ups.', t.updated_at
       from threads t where t.locked
       union all
       select $1::bigint, t.deleted_by, 'delete_thread', 'thread', t.id, t.title, 'Spam.', t.deleted_at
       from threads t where t.deleted_at is not null`,
      [community, staff, nowTs],
    );
    await tx.query(
      `insert into mod_log (community_id, actor_id, action, target_type, target_id, target_label, details, created_at)
       select $1, p.deleted_by, 'delete_post', 'post', p.id, 'post in “' || t.title || '”', 'Off-topic.', p.deleted_at
       from bench_load_posts s join posts p on p.id = s.id join threads t on t.id = p.thread_id
       where s.deleted_by_mod`,
      [community],
    );

    progress(1, 1, 'mod log');
    for (const table of ['bench_load_posts', 'bench_load_deleted', 'bench_load_threads', 'bench_load_bodies']) await tx.query(`drop table ${table}`);
    for (const [i, ix] of secondary.entries()) {
      progress(i, secondary.length, 'indexes');
      await tx.query(ix.def);
    }
    progress(secondary.length, secondary.length, 'indexes');
    // The per-category totals trigger (migration 016) was off: compute them once, as it would have.
    await tx.query(`select mt_recount_categories()`);
    // Explicit ids were used: later inserts by the app must continue after them.
    for (const table of ['users', 'threads', 'posts']) {
      await tx.query(`select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`);
    }

    const counts = (await tx.query<Dataset['counts']>(
      `select (select count(*) from users) as users, (select count(*) from categories where community_id = $1) as categories,
         (select count(*) from threads where community_id = $1) as threads, (select count(*) from posts) as posts,
         (select count(*) from threads where community_id = $1 and deleted_at is not null) as "deletedThreads",
         (select count(*) from posts where deleted_at is not null) as "deletedPosts",
         (select count(*) from mod_log where community_id = $1) as "modLog"`,
      [community],
    ))[0]!;
    return { community, categoryIds, ownerId, moderatorIds, counts, userBase, threadBase };
  });

  const tables = ['users', 'communities', 'categories', 'memberships', 'threads', 'posts', 'mod_log'];
  for (const [i, table] of tables.entries()) {
    progress(i, tables.length, 'vacuum');
    await vacuumAnalyze(db, table);
  }
  progress(tables.length, tables.length, 'vacuum');

  const big = size.categories === 1 ? 0 : BIG_CATEGORY_INDEX;
  const other = plan.category[plan.thread120]!;
  const slugOf = (k: number) => names[k]![0];
  const threadId = (i: number) => result.threadBase + i;
  const members = U - 1 - MODERATORS;
  const sample = Math.min(MEMBER_SAMPLE, members);
  return {
    communitySlug: 'bench',
    communityId: result.community,
    bigCategorySlug: slugOf(big),
    bigCategoryId: result.categoryIds[big]!,
    otherCategorySlug: slugOf(other),
    otherCategoryId: result.categoryIds[other]!,
    thread50: { id: threadId(plan.thread50), categorySlug: slugOf(plan.category[plan.thread50]!), posts: 50 },
    thread120: { id: threadId(plan.thread120), categorySlug: slugOf(other), posts: 120 },
    replyThreadIds: plan.replyTargets.map(threadId),
    // Spread over the membership: a few heavy posters and many occasional ones.
    userIds: Array.from({ length: sample }, (_v, i) => result.userBase + 1 + MODERATORS + Math.floor((i * members) / sample)),
    ownerId: result.ownerId,
    moderatorIds: result.moderatorIds,
    counts: result.counts,
  };
}

/**
 * VACUUM cannot run inside a transaction, and the pooled PostgreSQL clients carry a 15 s statement
 * timeout that a million-row table can exceed. Db.transaction is the only way to hold one connection,
 * so on PostgreSQL the vacuum runs on it between an early COMMIT and a fresh BEGIN (which the wrapper
 * then commits), with the timeout lifted for that statement only.
 */
async function vacuumAnalyze(db: Db, table: string): Promise<void> {
  if (db.backend === 'pglite') {
    await db.exec(`vacuum (analyze) ${table}`);
    return;
  }
  await db.transaction(async (tx: Tx) => {
    await tx.query('commit');
    await tx.query('set statement_timeout = 0');
    try {
      await tx.query(`vacuum (analyze) ${table}`);
    } finally {
      await tx.query('reset statement_timeout');
      await tx.query('begin');
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Progress on stderr.
// ---------------------------------------------------------------------------------------------

export interface ProgressBar {
  /** Pass as loadDataset's onProgress. */
  update: ProgressFn;
  /** Ends the line with the total time. */
  finish(): void;
}

/** `label [#####.....] 42% posts 420,000/1,000,000 12.3s` on one line of stderr (a line per phase when not a terminal). */
export function progressBar(label: string, width = 30): ProgressBar {
  const started = performance.now();
  const tty = process.stderr.isTTY === true;
  let lastPhase = '';
  let lastLine = '';
  const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)}s`;
  return {
    update(done, total, phase) {
      const fraction = total > 0 ? Math.min(1, done / total) : 1;
      const filled = Math.round(fraction * width);
      const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% ${phase} ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${seconds()}`;
      if (tty) {
        process.stderr.write(`\r${line.padEnd(lastLine.length)}`);
      } else if (phase !== lastPhase && lastLine !== '') {
        process.stderr.write(`${lastLine}\n`); // the previous phase, as it ended
      }
      lastPhase = phase;
      lastLine = line;
    },
    finish() {
      const line = `${label} done in ${seconds()}`;
      process.stderr.write(tty ? `\r${line.padEnd(lastLine.length)}\n` : `${lastLine ? lastLine + '\n' : ''}${line}\n`);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Manual run: load, time, count, clean up.
// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const which = (process.argv[2] ?? 'quick').toLowerCase();
  const size = which === 'full' ? FULL : which === 'quick' ? QUICK : null;
  if (!size) throw new Error('usage: tsx bench/dataset.ts [quick|full]');
  const { openPglite, openPostgres } = await import('../src/db/connection.js');
  const { migrate } = await import('../src/db/migrate.js');
  const url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  let db: Db;
  let cleanup = async () => {};
  if (url) {
    const pg = (await import('pg')).default;
    const name = `mt_dataset_scratch_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = '/' + name;
    db = await openPostgres(u.toString(), { max: 2 });
    cleanup = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    db = await openPglite(null);
  }
  try {
    await migrate(db);
    const bar = progressBar(`${which} on ${db.backend}`);
    const t0 = performance.now();
    const ds = await loadDataset(db, size, bar.update);
    bar.finish();
    const seconds = (performance.now() - t0) / 1000;
    const sizes = await db.query<{ relname: string; total: string }>(
      `select relname, pg_size_pretty(pg_total_relation_size(oid)) as total from pg_class where relname in ('threads', 'posts') order by relname`,
    );
    console.log(JSON.stringify({ backend: db.backend, size: which, seconds: Number(seconds.toFixed(1)), ...ds.counts, sizes: Object.fromEntries(sizes.map((s) => [s.relname, s.total])), thread50: ds.thread50, thread120: ds.thread120 }, null, 2));
  } finally {
    await db.close();
    await cleanup();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
