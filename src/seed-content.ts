// Demo content for the seed script: three MNW project communities with categories, threads and replies.
// Pure data. Bodies are Markdown (CommonMark + GitHub tables and strikethrough), written as template
// literals, so backticks inside them are escaped as \` and no body uses template substitution.

export interface SeedReply {
  author: string;
  body: string;
}

export interface SeedThread {
  /** A category slug of the same community. */
  category: string;
  title: string;
  /** A demo username. */
  author: string;
  /** Opening post, Markdown. */
  body: string;
  replies: SeedReply[];
  pinned?: boolean;
  locked?: boolean;
  /** Soft-deleted thread (exactly one across all communities). */
  deleted?: boolean;
}

export interface SeedCategory {
  slug: string;
  name: string;
  description: string;
  /** Only moderators start threads (announcements). */
  moderatorsOnly?: boolean;
}

export interface SeedCommunity {
  slug: string;
  categories: SeedCategory[];
  threads: SeedThread[];
}

// ---------------------------------------------------------------------------------------------
// Tidepool: "A tiny, fast static site generator with first-class Markdown and zero config."
// ---------------------------------------------------------------------------------------------

const TIDEPOOL: SeedCommunity = {
  slug: 'tidepool',
  categories: [
    { slug: 'announcements', name: 'Announcements', description: 'Releases, breaking changes and project news from the maintainers.', moderatorsOnly: true },
    { slug: 'help', name: 'Help & questions', description: 'Stuck on a build, a layout or a deploy? Ask here. Include your Tidepool version and OS.' },
    { slug: 'ideas', name: 'Ideas & RFCs', description: 'Feature proposals and design discussions before they become issues.' },
    { slug: 'show-and-tell', name: 'Show and tell', description: 'Sites, themes and plugins built with Tidepool.' },
    { slug: 'contributors', name: 'Contributors', description: 'Working on Tidepool itself: the codebase, tests, reviews and releases.' },
  ],
  threads: [
    // ----- announcements ---------------------------------------------------------------------
    {
      category: 'announcements',
      title: 'Tidepool v0.9.0 is out: incremental builds, a faster Markdown pipeline, and `tidepool check`',
      author: 'ada',
      pinned: true,
      body: `Hi all, v0.9.0 is tagged and on npm. It's the biggest release since we dropped the Ruby prototype, and the last minor before we start the 1.0 freeze.

\`\`\`sh
npm install --save-dev tidepool@0.9.0
# or, if you use the standalone binary
tidepool self-update
\`\`\`

## What changed

| Area | Change | PR |
|:-----|:-------|---:|
| Build | Incremental builds are **on by default**; pass \`--no-incremental\` to opt out | #812 |
| Build | Cache moved from \`node_modules/.cache/tidepool\` to \`.tidepool/cache\` | #812 |
| Markdown | New tokenizer: about 2.1x faster on pages over 50 KB | #790 |
| Markdown | Footnotes and task lists are now built in, no plugin needed | #794 |
| CLI | New \`tidepool check\`: broken internal links, missing images, duplicate slugs | #801 |
| Config | \`[dates] timezone\` setting (finally) | #775 |
| Dev server | Live reload keeps your scroll position | #806 |
| **Breaking** | Node 18 is no longer supported; Node 20.11+ required | #820 |
| **Breaking** | \`page.url\` no longer ends in \`index.html\` | #798 |

## Upgrading

1. Delete the old cache: \`rm -rf node_modules/.cache/tidepool\`.
2. Add \`.tidepool/\` to your \`.gitignore\`.
3. If a layout compares \`page.url\` against a string ending in \`index.html\`, drop the suffix.
4. Run \`tidepool check\` once. It will probably find a dead link or two you didn't know about. It found eleven on our own docs site.

Full changelog: https://example.org/tidepool/changelog#v0.9.0

Thank you to the 23 people who contributed code to this release, and to everyone who tested the release candidates in #help. Special thanks to @chen for the incremental build work, which was a much deeper rabbit hole than any of us expected.

If something breaks, open a thread in **Help & questions** with your \`tidepool --version\` output and we'll take a look.`,
      replies: [
        {
          author: 'chen',
          body: `Thanks Ada! One thing to add about incremental builds: the cache key includes your \`tidepool.toml\` and every file in \`layouts/\`, so editing a layout still triggers a full rebuild. That's on purpose for 0.9. Finer-grained layout tracking is part of the plugin API v2 discussion in Ideas & RFCs.`,
        },
        {
          author: 'dara',
          body: `Upgraded my blog (about 340 posts). Cold build 4.1s, warm build after editing one post **0.3s**. That's a huge quality-of-life change, thank you.

\`tidepool check\` found two images I'd renamed in 2022 and never fixed 🙈`,
        },
        {
          author: 'eli',
          body: `Heads-up for anyone on Netlify: their default image was still on Node 18 for me, so the build failed with \`ERR_REQUIRE_ESM\` in a way that didn't mention the Node version at all. Setting \`NODE_VERSION = "20"\` in \`netlify.toml\` fixed it.`,
        },
        {
          author: 'ada',
          body: `@eli good catch, and that error message is bad. We'll add an explicit engine check at startup in 0.9.1 so it says "Tidepool needs Node 20.11 or newer" instead of failing somewhere deep in the loader.`,
        },
        {
          author: 'kit',
          body: `Footnotes built in is my favourite line in that table. I can finally remove \`tidepool-plugin-footnotes\` and its three transitive dependencies.`,
        },
      ],
    },
    {
      category: 'announcements',
      title: 'Heads-up: `[build] minify` will be removed in v1.0',
      author: 'bram',
      body: `We're deprecating the \`[build] minify\` option. Starting with 0.9.1 it prints a warning; in 1.0 it's gone.

**Why:** it has only ever minified HTML, people assume it also handles CSS and JS, and the HTML minifier we ship is the source of about a third of our whitespace-related bug reports (\`<pre>\` blocks, inline elements losing their spaces, you name it). Gzip and Brotli on any CDN get you most of the way there anyway.

**What to do instead:**

- If you just want smaller pages: do nothing. Your host compresses them.
- If you really want minified HTML: run a minifier as a post-build step, or use a plugin that hooks \`afterBuild\`.

\`\`\`toml
# tidepool.toml, before
[build]
minify = true

# after: just delete the line. If you want the old behaviour:
[[plugins]]
name = "tidepool-plugin-minify-html"
\`\`\`

~~We'll keep it as a hidden flag~~ Decided against a hidden flag: hidden flags never die.`,
      replies: [
        {
          author: 'gus',
          body: `Fair enough. I turned it on once, it collapsed the whitespace in my code samples, and I turned it off again the same day.`,
        },
        {
          author: 'dara',
          body: `Is \`tidepool-plugin-minify-html\` an official plugin or a community one? Would be nice to know who maintains it before I depend on it.`,
        },
        {
          author: 'bram',
          body: `@dara community, maintained by a couple of folks from the Contributors category. It's listed on https://example.org/tidepool/plugins with a "community" badge. We review plugins on that list for obvious problems but we don't promise to maintain them.`,
        },
      ],
    },

    // ----- help -----------------------------------------------------------------------------
    {
      category: 'help',
      title: 'Posts dated in front matter show up one day early in the archive',
      author: 'kit',
      body: `I'm on Tidepool 0.9.0, macOS, Node 20.11. Every post shows up one day earlier than the date I put in the front matter, both on the post page and in the archive list.

Front matter:

\`\`\`yaml
---
title: Spring meetup recap
date: 2024-03-10
tags: [meetups, community]
---
\`\`\`

Layout (\`layouts/post.html\`):

\`\`\`html
<article>
  <h1>{{ page.title }}</h1>
  <time datetime="{{ page.date | iso }}">{{ page.date | date: "%B %-d, %Y" }}</time>
  {{ content }}
</article>
\`\`\`

Output:

\`\`\`html
<time datetime="2024-03-10T00:00:00.000Z">March 9, 2024</time>
\`\`\`

So the ISO string is right but the human-readable date is wrong. I'm in California (UTC-8 in March... well, UTC-7 after the 10th, which is its own fun). My \`tidepool.toml\` only has a \`title\` and \`base_url\`. What am I missing?`,
      replies: [
        {
          author: 'chen',
          body: `Classic one, and not your fault. Here's what happens:

1. YAML parses \`2024-03-10\` (a date with no time) as **midnight UTC**.
2. The \`date\` filter formats in the **local time zone of the machine running the build**, which for you is \`America/Los_Angeles\`.
3. Midnight UTC on the 10th is 4 pm on the 9th in California. So: March 9.

v0.9 added a setting for exactly this. Tell Tidepool what time zone your dates mean:

\`\`\`toml
# tidepool.toml
title = "Kit's notes"
base_url = "https://example.org/kit/"

[dates]
# Dates without a time are read as midnight in this zone,
# and the date filter formats in this zone too.
timezone = "America/Los_Angeles"
\`\`\`

Rebuild (a full one: \`tidepool build --no-incremental\`, since config changes should invalidate the cache anyway, but let's be sure) and you should get \`March 10, 2024\`.

The nice side effect is that builds become reproducible: your CI runner is almost certainly on UTC, so right now your laptop and CI produce *different* HTML. With \`timezone\` set, they agree.`,
        },
        {
          author: 'kit',
          body: `That fixed it, thank you! And you're right about CI: I'd been wondering why my deploy preview and local build disagreed on exactly one post that was dated with a time of \`23:30\`.`,
        },
        {
          author: 'eli',
          body: `Related tip: if you want a post to appear at a specific moment (scheduled posts), give it a full timestamp with an offset so nothing is ambiguous:

\`\`\`yaml
date: 2024-03-10T09:00:00-07:00
\`\`\``,
        },
        {
          author: 'bram',
          body: `Marking this as the canonical answer for the date question, we get it about once a month. I've also opened an issue to make \`tidepool check\` warn when \`[dates] timezone\` is unset and the build machine isn't on UTC: https://example.org/tidepool/issues/841`,
        },
      ],
    },
    {
      category: 'help',
      title: 'How do I get one index page per tag, with pagination?',
      author: 'dara',
      body: `My posts have \`tags: [...]\` in their front matter. I'd like:

- \`/tags/\` listing every tag with a post count
- \`/tags/rust/\`, \`/tags/gardening/\` etc. listing the posts with that tag, 20 per page

Right now I have a hand-written \`content/tags/rust.md\` per tag, which is obviously not going to scale. The docs mention "taxonomies" once but I can't find an example. Is this built in or do I need a plugin?`,
      replies: [
        {
          author: 'bram',
          body: `Built in since 0.7, just badly documented (sorry). Declare the taxonomy in config and give it a layout:

\`\`\`toml
# tidepool.toml
[taxonomies.tags]
path = "/tags/:slug/"
layout = "tag.html"
paginate = 20
index_path = "/tags/"
index_layout = "tags.html"
\`\`\`

In \`layouts/tag.html\` you get \`taxonomy.term\`, \`taxonomy.pages\` (only the current page's slice) and \`pagination\`:

\`\`\`html
<h1>Posts tagged "{{ taxonomy.term }}"</h1>
<ul>
  {{#each taxonomy.pages as post}}
    <li><a href="{{ post.url }}">{{ post.title }}</a></li>
  {{/each}}
</ul>
{{#if pagination.next}}<a href="{{ pagination.next }}">Older posts</a>{{/if}}
\`\`\`

And \`layouts/tags.html\` gets \`taxonomy.terms\`, each with \`name\`, \`slug\`, \`url\` and \`count\`. Delete your hand-written tag pages, or they'll collide (\`tidepool check\` will tell you about duplicate slugs).`,
        },
        {
          author: 'dara',
          body: `Perfect, that works. One gotcha for whoever finds this later: my tag "C++" became the slug \`c\`, which collided with my "C" tag. Is there a way to control slugs?`,
        },
        {
          author: 'bram',
          body: `Yes, add a \`slugs\` table under the taxonomy:

\`\`\`toml
[taxonomies.tags.slugs]
"C++" = "cpp"
"C#" = "csharp"
\`\`\`

I'll get all of this into the docs this week; it's clearly overdue.`,
        },
      ],
    },
    {
      category: 'help',
      title: 'ENAMETOOLONG on Windows when building with incremental cache',
      author: 'eli',
      body: `Windows 11, Node 20.12, Tidepool 0.9.0. A clean build works. The *second* build (the first incremental one) fails:

\`\`\`text
Error: ENAMETOOLONG: name too long, open 'C:\\Users\\eli\\projects\\handbook\\.tidepool\\cache\\pages\\guides--onboarding--engineering--setting-up-your-development-environment-on-windows--a3f9c1e2.json'
    at Object.openSync (node:fs:573:3)
    at CacheStore.read (file:///C:/Users/eli/projects/handbook/node_modules/tidepool/dist/cache/store.js:88:21)
\`\`\`

Yes, our page slugs are long. It's an internal handbook, people write titles like paragraphs. \`--no-incremental\` works as a workaround.`,
      replies: [
        {
          author: 'chen',
          body: `Ugh, that's mine. The cache file name is the page path with slashes turned into \`--\`, plus a hash. On Windows without long path support you hit the 260-character \`MAX_PATH\` limit quickly.

Two workarounds until the fix is out:

- Enable long paths (\`LongPathsEnabled\` in the registry, or the Group Policy setting) and restart your terminal.
- Move the cache somewhere short:

\`\`\`toml
[build]
cache_dir = "C:/tp-cache"
\`\`\`

The real fix is to name cache entries by hash only and keep the readable path inside the file. PR incoming.`,
        },
        {
          author: 'eli',
          body: `\`cache_dir\` works. Long paths are disabled by IT policy on our machines, so that one wasn't an option anyway.`,
        },
        {
          author: 'chen',
          body: `Fix is merged: https://example.org/tidepool/pull/845. Cache entries are now \`.tidepool/cache/pages/a3/a3f9c1e2....json\` (two-character fan-out so directories don't get huge). It'll be in 0.9.1. The first build after upgrading will be a cold one, since the layout of the cache changed.`,
        },
        {
          author: 'kit',
          body: `Not on Windows, but I appreciate the fan-out: my cache directory had 9,000 files in one folder and \`ls\` was getting sluggish.`,
        },
      ],
    },
    {
      category: 'help',
      title: 'Site deployed under a subpath (GitHub Pages project site): CSS and links 404',
      author: 'gus',
      body: `Deploying to \`https://gus.example.org/field-notes/\` (a GitHub Pages *project* site, so everything lives under \`/field-notes/\`). Locally with \`tidepool serve\` everything is fine. Deployed, the stylesheet 404s and every internal link goes to \`https://gus.example.org/some-page/\` without the \`/field-notes/\` part.

My layout has \`<link rel="stylesheet" href="/style.css">\`. I did set \`base_url\`. What else is there?`,
      replies: [
        {
          author: 'dara',
          body: `Had the same thing. \`base_url\` is only used for absolute URLs (feeds, canonical links, sitemaps). Hard-coded \`/style.css\` in a layout is left alone, because Tidepool can't know you meant "relative to the site".

Use the \`url\` filter everywhere:

\`\`\`html
<link rel="stylesheet" href="{{ '/style.css' | url }}">
<a href="{{ '/about/' | url }}">About</a>
\`\`\``,
        },
        {
          author: 'gus',
          body: `That fixed the CSS. Links inside Markdown content still go to the root though, e.g. \`[see here](/notes/moss/)\`.`,
        },
        {
          author: 'bram',
          body: `For Markdown links you want \`path_prefix\`, which rewrites root-relative links in content at build time:

\`\`\`toml
base_url = "https://gus.example.org/field-notes/"

[build]
path_prefix = "/field-notes/"
\`\`\`

\`tidepool serve\` also respects it, so you'll see the prefix locally too, which is a good way to catch the remaining hard-coded paths. We've talked about deriving \`path_prefix\` from \`base_url\` automatically; it's on the 1.0 list.`,
        },
      ],
    },
    {
      category: 'help',
      title: 'Shortcode inside a list item renders as a code block',
      author: 'kit',
      body: `If I put a shortcode inside a list item, the output is a \`<pre><code>\` block containing the raw shortcode instead of the rendered figure:

\`\`\`markdown
1. Open the settings panel:

    {% figure src="settings.png" caption="The settings panel" %}

2. Click **Export**.
\`\`\`

Outside the list it works fine. Am I holding it wrong?`,
      replies: [
        {
          author: 'chen',
          body: `You've got four spaces of indentation, and inside a list item whose content starts at column 3, that's one space too many: CommonMark treats 4+ spaces beyond the content column as an indented code block. Shortcodes are expanded *after* Markdown parsing, so by then it's already code.

Indent by three spaces (to line up with the text after \`1. \`) and it'll work:

\`\`\`markdown
1. Open the settings panel:

   {% figure src="settings.png" caption="The settings panel" %}

2. Click **Export**.
\`\`\``,
        },
        {
          author: 'kit',
          body: `Three spaces. Of course. Thank you, I'd have spent another hour on this.`,
        },
      ],
    },

    // ----- ideas ----------------------------------------------------------------------------
    {
      category: 'ideas',
      title: 'Idea: `tidepool new` with a handful of starter templates',
      author: 'dara',
      body: `Tidepool is "zero config", and it's true that an empty folder with one \`index.md\` builds. But the first thing everyone does is go hunting for a layout, a stylesheet and a sensible folder structure.

Proposal:

\`\`\`sh
tidepool new my-site              # minimal: index.md + one layout
tidepool new my-blog --template blog
tidepool new my-docs --template docs
\`\`\`

- Templates live in the main repo (so they're tested against every release), not fetched from the network.
- Each template is small enough to read in five minutes. No build tooling, no npm scripts beyond \`tidepool\`.
- \`blog\` ships with tags, an RSS feed and an archive page; \`docs\` with a sidebar generated from the folder structure and \`tidepool check\` in CI.`,
      replies: [
        {
          author: 'ada',
          body: `I like this a lot, with one constraint: the templates must not become a theme system. The moment we have \`--template\`, people will ask for \`--template https://...\`, then for updating templates in place, then for template inheritance. I'd rather templates be a one-time copy that you own afterwards.`,
        },
        {
          author: 'eli',
          body: `> the templates must not become a theme system

Strong agree. Every SSG that grew a theme system ended up with themes that lag two major versions behind and a help forum full of "my theme broke". A one-shot copy is honest about what it is.`,
        },
        {
          author: 'dara',
          body: `> I'd rather templates be a one-time copy that you own afterwards.

Yes, that's exactly the intent. I'll write it up as an RFC with that as an explicit non-goal. Would anyone object to the three templates being \`minimal\`, \`blog\` and \`docs\`? I thought about \`portfolio\` but I'm not sure we'd maintain it well.`,
        },
        {
          author: 'chen',
          body: `Three is plenty. Maybe add a test that builds each template and runs \`tidepool check\` on the output, so they can't rot silently.`,
        },
      ],
    },
    {
      category: 'ideas',
      title: 'Can we please rewrite Tidepool in Rust?',
      author: 'gus',
      locked: true,
      body: `Genuine question, not trolling. Zola builds my 3,000-page site in under a second. Tidepool takes 6 seconds cold. Node startup alone is 80 ms. Wouldn't a Rust core make Tidepool faster *and* let you ship a single binary without bundling Node?

You could keep the plugin API in JS via something like a WASM bridge.`,
      replies: [
        {
          author: 'ada',
          body: `Honest answer: no, not planned. Reasons, roughly in order of importance:

1. The people who maintain Tidepool write TypeScript. A rewrite would mean a year of no features and a new set of maintainers.
2. Our plugin ecosystem is JS. A WASM bridge between a Rust core and JS plugins moves the cost around rather than removing it; every hook crossing costs serialisation.
3. For most sites, 0.9's incremental builds make the warm-build number the one that matters, and that's well under a second.

If you need Zola's speed on a 3,000-page site, Zola is a great tool and you should use it. No hard feelings.`,
        },
        {
          author: 'kit',
          body: `For what it's worth, the 6 seconds cold is mostly image processing in my experience, not Markdown. Try \`tidepool build --profile\` and see where the time goes.`,
        },
        {
          author: 'hana',
          body: `This is such a tired excuse. "The maintainers write TypeScript" just means nobody here wants to learn anything new. Every serious tool has moved to Rust or Go, and Tidepool is going to be the slow one people laugh about in two years. Honestly the whole project feels like it's run by people who are fine with mediocre.`,
        },
        {
          author: 'dara',
          body: `@hana that's uncalled for. You can disagree with the decision without calling the people who've maintained this for free for four years mediocre.`,
        },
        {
          author: 'gus',
          body: `To be clear, I wasn't asking to start a fight. Ada's answer is reasonable. I'll try \`--profile\`.`,
        },
        {
          author: 'hana',
          body: `Sure, everyone's very polite while the project falls behind. Whatever.`,
        },
        {
          author: 'chen',
          body: `Locking this thread. The original question got a clear answer from Ada, and the last few posts are about people, not about Tidepool.

A reminder for everyone: criticism of decisions is welcome here, and we change our minds often. Insults aimed at contributors aren't, and that goes for replies to insults too; please flag them instead. @hana, I've sent you a message.

@gus, if \`--profile\` shows something surprising, please open a new thread in Help & questions with the output. Performance reports with numbers are always useful.`,
        },
      ],
    },
    {
      category: 'ideas',
      title: 'Built-in search: Pagefind, Lunr, or roll our own?',
      author: 'eli',
      body: `The #2 most requested feature after taxonomies is search. I tried the options people mention with our 1,200-page handbook. Numbers from \`tidepool build\` + the search tool's indexing step on an M2 laptop:

| Option | Index build | Index size (gzip) | First query loads | Runs without JS? | Notes |
|:-------|------------:|------------------:|------------------:|:----------------:|:------|
| Pagefind | 1.9 s | 310 KB total, fetched in chunks | ~45 KB | No | Indexes the built HTML, so it works with any layout |
| Lunr | 3.4 s | 2.1 MB | 2.1 MB | No | Whole index downloaded up front; unmaintained since 2020 |
| MiniSearch | 2.2 s | 1.3 MB | 1.3 MB | No | Nice API, same up-front download problem |
| Form to a search engine | 0 s | 0 | 0 | **Yes** | \`site:\` query; depends on a third party and their crawl |

My take: Pagefind is the clear winner for sites of this size. It fetches only the chunks a query needs, which is the only approach that scales past a few hundred pages. I don't think Tidepool should ship its own search at all; a documented integration (one config line + a layout partial) would cover 95% of people.`,
      replies: [
        {
          author: 'chen',
          body: `Great comparison, thanks for actually measuring. Agree on "document, don't build". One wrinkle: Pagefind runs over the output directory after the build, so with incremental builds it re-indexes everything every time. On your handbook that's 1.9 s on top of a 0.3 s warm build.`,
        },
        {
          author: 'eli',
          body: `True. Pagefind has an API for indexing individual pages, so an \`afterPage\` plugin hook could feed it only the changed pages. But that requires the plugin to know which pages changed, which the v1 plugin API doesn't tell you.`,
        },
        {
          author: 'ada',
          body: `Which is one of the main motivations for the plugin API v2 RFC. Eli, would you mind adding this as a concrete use case over there? "Incremental search index" is exactly the kind of thing the new \`changedPages\` context is supposed to enable.`,
        },
        {
          author: 'kit',
          body: `+1 to the no-JS fallback row being in that table. A plain form to a search engine is underrated for small personal sites.`,
        },
      ],
    },

    // ----- show-and-tell --------------------------------------------------------------------
    {
      category: 'show-and-tell',
      title: 'We moved a 2,400-page docs site from Hugo to Tidepool: build times and what we missed',
      author: 'eli',
      body: `Our internal engineering handbook (2,400 pages, ~1,100 images, six contributors a day) moved from Hugo to Tidepool last month. People keep asking how it went, so here's the write-up.

## Build times (CI runner, 4 vCPU)

| | Hugo 0.121 | Tidepool 0.8 | Tidepool 0.9 |
|:--|--:|--:|--:|
| Cold build | **2.8 s** | 14.6 s | 9.9 s |
| Warm build, one page changed | 2.6 s | 14.1 s | **0.4 s** |
| Cold build, images cached | 1.9 s | 7.2 s | 5.0 s |
| Dev server ready | 0.9 s | 3.1 s | 2.2 s |

Hugo is still faster on a cold build, no surprise. But our writers never do cold builds; they edit a page and look at it. With 0.9, Tidepool is the faster experience where it matters to us.

## Why we moved

- Our writers found Go templates hostile. Tidepool layouts are just HTML with \`{{ }}\` slots, and two of our writers now edit layouts themselves.
- Shortcodes in Hugo vs. Tidepool: roughly the same, but Tidepool's error messages point at the Markdown line, not at the template.
- We wanted to write small plugins in TypeScript, which our team already knows.

## What we missed

- **Image processing.** Hugo's built-in resizing is excellent. We ended up with a plugin wrapping \`sharp\`; it works but it's another dependency.
- **Multilingual support.** We only need English and German, but we had to hand-roll the language switcher.
- ~~Page bundles~~ Turns out Tidepool handles co-located images fine, we just hadn't read the docs.

Overall: happy, would do it again, but I'd tell anyone with a 10,000+ page site to stay on Hugo.`,
      replies: [
        {
          author: 'ada',
          body: `This is a wonderfully fair write-up, thank you. The "writers edit layouts themselves" point is the thing I care most about in this whole project, so that one made my day.

Could we link this from the docs' "Migrating from Hugo" page?`,
        },
        {
          author: 'eli',
          body: `@ada of course, go ahead.`,
        },
        {
          author: 'bram',
          body: `Re multilingual: there's a half-finished i18n design in Contributors from last year. If you hand-rolled a language switcher, I'd love to see what the data model looks like. It'd help us figure out the minimum Tidepool itself needs to provide.`,
        },
        {
          author: 'gus',
          body: `What did you do about Hugo's \`relref\`? We have thousands of those in our content and converting them is the main thing stopping us.`,
        },
        {
          author: 'eli',
          body: `@gus a 40-line script with a regex, honestly. \`{{< relref "foo.md" >}}\` became a plain relative Markdown link, and \`tidepool check\` caught the ~30 the regex got wrong. Happy to share it; it's ugly but it worked.`,
        },
      ],
    },
    {
      category: 'show-and-tell',
      title: 'My digital garden: backlinks, "last tended" dates, and zero client-side JS',
      author: 'kit',
      body: `Finally shipped the redesign of my notes site: https://example.org/kit/garden/

What I'm happiest with:

- **Backlinks** on every note, computed at build time by a ~60-line plugin.
- **"Last tended"** dates from \`git log\`, not front matter, so I never forget to update them.
- **No client-side JavaScript.** The graph view is a pre-rendered SVG.
- Lighthouse 100 on everything, which is easy when you ship HTML and one stylesheet.

The backlinks plugin, for anyone curious (v1 plugin API):

\`\`\`ts
import type { Plugin } from 'tidepool';

const backlinks: Plugin = (api) => {
  const incoming = new Map<string, Set<string>>();

  api.onPage((page) => {
    for (const href of page.links.internal) {
      const set = incoming.get(href) ?? new Set<string>();
      set.add(page.url);
      incoming.set(href, set);
    }
  });

  api.beforeRender((page) => {
    page.data.backlinks = [...(incoming.get(page.url) ?? [])].sort();
  });
};

export default backlinks;
\`\`\`

It relies on \`onPage\` running for every page before any \`beforeRender\`, which is true in 0.9 but I'm not sure it's *promised*.`,
      replies: [
        {
          author: 'chen',
          body: `It's true but not promised, as you suspected. And it's exactly the pattern that makes incremental builds hard: when one page changes, we don't know that its backlinks are rendered into *other* pages. 0.9 plays it safe by doing a full rebuild whenever a plugin uses both hooks, which is probably why your warm builds aren't as fast as they could be.

This is a great real-world example for the v2 RFC. Mind if I quote it there?`,
        },
        {
          author: 'kit',
          body: `Go for it. And yes, my warm builds are ~2 s while the 0.9 release post promised sub-second, so that explains it.`,
        },
        {
          author: 'dara',
          body: `The pre-rendered SVG graph is a lovely touch. How do you lay it out? Force-directed at build time?`,
        },
        {
          author: 'kit',
          body: `Yep, d3-force run for 300 ticks at build time with a fixed random seed so the layout doesn't jump around between builds. The seed was the important part: without it, every deploy changed the SVG and my diffs were useless.`,
        },
      ],
    },
    {
      category: 'show-and-tell',
      title: 'tidepool-plugin-og: Open Graph images generated at build time',
      author: 'dara',
      body: `Made a small plugin that generates a 1200x630 Open Graph image for every page from its title, date and your site's accent colour. No headless browser: it draws SVG and rasterises with \`resvg\`.

\`\`\`toml
[[plugins]]
name = "tidepool-plugin-og"
[plugins.options]
accent = "#0e7490"
font = "fonts/Inter-SemiBold.ttf"
skip = ["/tags/**", "/404/"]
\`\`\`

On my blog it adds about 1.1 s to a cold build (340 images) and nothing to warm builds, because images are cached by a hash of title + date + options.

Source and docs: https://example.org/dara/tidepool-plugin-og. Feedback very welcome, especially about the text wrapping for long titles, which is the part I'm least sure about.`,
      replies: [
        {
          author: 'bram',
          body: `Nice! Tried it on the Tidepool docs site. Works out of the box. Long titles wrap well in English; German compound words overflow the box though ("Konfigurationsdateireferenz" is a real heading we have). Maybe fall back to shrinking the font size when a single word is wider than the box?`,
        },
        {
          author: 'dara',
          body: `Ha, of course it's German. Good idea, I'll add a shrink-to-fit step for words that don't fit on a line at the minimum size, and hyphenation as a last resort.`,
        },
        {
          author: 'eli',
          body: `Would you consider adding it to the community plugin list? I'd use it for the handbook.`,
        },
      ],
    },
    {
      category: 'show-and-tell',
      title: 'GET 10,000 HIGH QUALITY BACKLINKS FOR YOUR TIDEPOOL SITE — LIMITED OFFER!!!',
      author: 'ivo',
      deleted: true,
      body: `Is your Tidepool site not ranking?? 😱 Our **PREMIUM SEO PACKAGE** gets you 10,000 backlinks from high authority domains in just 48 hours!!!

- ✅ Guaranteed page 1 results
- ✅ Works with ALL static site generators
- ✅ 100% safe, Google-approved*

Special price for Tidepool users this week only: https://example.org/totally-legit-seo-deal

DM me for a discount code!!!

*not affiliated with Google`,
      replies: [
        {
          author: 'bram',
          body: `Flagged as spam. Removing this.`,
        },
        {
          author: 'morgan',
          body: `Thanks Bram. The same post showed up in a few other communities today; we're handling the account at the platform level.`,
        },
      ],
    },

    // ----- contributors ---------------------------------------------------------------------
    {
      category: 'contributors',
      title: 'Good first issues for the 1.0 milestone',
      author: 'chen',
      body: `We've tagged a batch of issues as \`good first issue\` ahead of the 1.0 freeze. Each has a description of where in the code to start and what a test for it would look like.

| Issue | Area | Size |
|:------|:-----|:-----|
| #838 Warn when a layout references an unknown filter | templates | S |
| #841 \`tidepool check\`: warn when \`[dates] timezone\` is unset | cli | S |
| #846 Derive \`path_prefix\` from \`base_url\` | config | M |
| #849 Better error for a missing layout file (suggest close matches) | templates | S |
| #852 \`--profile\` output as JSON (\`--profile=json\`) | cli | M |

How it works:

1. Comment on the issue that you're taking it, so two people don't.
2. Ask questions here or on the issue, whichever you prefer. There are no stupid ones.
3. Open a draft PR early. We'd much rather review something half-done than have you polish the wrong approach for a week.

See https://example.org/tidepool/CONTRIBUTING.md for setup.`,
      replies: [
        {
          author: 'kit',
          body: `I'll take #849. I've hit that error enough times to have opinions about what it should say.`,
        },
        {
          author: 'gus',
          body: `Taking #852. Should the JSON be one object at the end, or newline-delimited events as the build progresses?`,
        },
        {
          author: 'chen',
          body: `@gus one object at the end, please. NDJSON would be nicer for long builds, but one object is what people will pipe into \`jq\`, and we can add a streaming mode later without breaking anyone. Something like:

\`\`\`json
{
  "total_ms": 9912,
  "phases": { "load": 412, "markdown": 3120, "render": 2204, "images": 3870, "write": 306 },
  "slowest_pages": [{ "url": "/guides/architecture/", "ms": 184 }]
}
\`\`\``,
        },
        {
          author: 'kit',
          body: `Draft PR for #849 is up. It uses Levenshtein distance over the files in \`layouts/\` and suggests the closest one if the distance is at most 3. Turns out I mostly mistype \`post.html\` as \`posts.html\`.`,
        },
      ],
    },
    {
      category: 'contributors',
      title: 'Snapshot tests: how to update fixtures without rubber-stamping diffs',
      author: 'bram',
      body: `We've had three PRs this month that updated snapshot fixtures with \`vitest -u\` and accidentally committed unrelated output changes (one of them changed whitespace in every \`<pre>\` block in the fixture site, and nobody noticed in review).

Proposed rules for \`tests/fixtures/**\`:

- Never run \`-u\` on the whole suite. Run it for the one test file you changed: \`npx vitest run tests/render/footnotes.test.ts -u\`.
- If a fixture diff is larger than the code change that caused it, explain why in the PR description.
- Reviewers: expand the fixture diffs. GitHub collapses them by default, which is how the \`<pre>\` one got through.

Does this sound reasonable, or too bureaucratic?`,
      replies: [
        {
          author: 'chen',
          body: `Reasonable. I'd also like a CI check that fails if a PR touches more than, say, 20 fixture files without a \`fixtures-changed\` label. Cheap to add and it forces a conscious decision.`,
        },
        {
          author: 'dara',
          body: `As someone who made one of those three PRs: sorry, and yes, please. What tripped me up is that \`npm test -- -u\` looks like it'd only update failing snapshots, but it rewrites obsolete ones too.`,
        },
        {
          author: 'ada',
          body: `+1 to all of it, including Chen's label check. Bram, can you add this to CONTRIBUTING.md under "Tests"?`,
        },
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// Lanternfish: "Self-hosted photo library: face-free, cloud-free, and quick on a Raspberry Pi."
// ---------------------------------------------------------------------------------------------

const LANTERNFISH: SeedCommunity = {
  slug: 'lanternfish',
  categories: [
    { slug: 'announcements', name: 'Announcements', description: 'Releases and project news.', moderatorsOnly: true },
    { slug: 'troubleshooting', name: 'Troubleshooting', description: 'Imports, thumbnails, upgrades and anything else that went sideways. Please include your version and how you run Lanternfish.' },
    { slug: 'feature-requests', name: 'Feature requests', description: 'What should Lanternfish do next? Check the roadmap first.' },
    { slug: 'hardware', name: 'Hardware', description: 'Pis, NAS boxes, disks and benchmarks.' },
  ],
  threads: [
    {
      category: 'announcements',
      title: 'Lanternfish 2.3: HEIC support, half the memory on a Pi 4, and a Takeout importer',
      author: 'farah',
      pinned: true,
      body: `Lanternfish 2.3 is out. Docker images are on the usual registry, and the \`.deb\` for Raspberry Pi OS (bookworm, arm64) is on the releases page: https://example.org/lanternfish/releases/2.3.0

## Highlights

- **HEIC/HEIF import.** iPhone photos import directly; no more converting to JPEG first. Decoding uses \`libheif\` and runs in the same low-priority worker as thumbnailing.
- **Memory.** The indexer now streams EXIF instead of loading whole files. Peak RSS on a Pi 4 (4 GB) importing 20,000 photos went from ~1.4 GB to ~650 MB.
- **Google Takeout importer.** Point it at an unzipped Takeout folder; it reads the sidecar JSON for dates and descriptions and skips the "edited" duplicates.
- **Albums can be shared read-only by link**, with an optional expiry date. Links are served by your instance only; nothing touches a third-party service.

## Upgrade notes

\`\`\`sh
docker compose pull && docker compose up -d
# then, once, to generate HEIC thumbnails for files that were skipped before:
docker compose exec lanternfish lanternfish reindex --only-missing
\`\`\`

The database migration runs automatically on start and takes about a minute per 100,000 photos on a Pi 4. **Take a backup first** (\`lanternfish backup /path/to/dir\`), as always.

## Still not happening

Since it comes up every release: no face recognition, no cloud sync, no telemetry. Those aren't missing features, they're the point. 🙂

Thanks to everyone who tested the betas, especially the folks running it on a Pi 3, which remains our "is it still usable?" benchmark.`,
      replies: [
        {
          author: 'gus',
          body: `Upgraded on a Pi 4 with 38k photos. Migration took about 25 seconds, reindex for HEIC about 40 minutes. Memory graph is noticeably flatter. Nice work!`,
        },
        {
          author: 'juno',
          body: `The read-only share links are exactly what I needed for family albums. Is there a way to revoke a link before it expires?`,
        },
        {
          author: 'farah',
          body: `@juno yes: album → Share → the link list shows every active link with a "revoke" button. Revoking takes effect immediately; there's no caching in front of it.`,
        },
      ],
    },
    {
      category: 'troubleshooting',
      title: 'Thumbnails stuck at "queued" after upgrading to 2.3 (Docker, Pi 4)',
      author: 'dara',
      body: `After upgrading from 2.2.4 to 2.3.0, new imports show up in the timeline but every thumbnail stays as the grey "queued" placeholder. Old photos are fine.

Logs show this on repeat:

\`\`\`text
lanternfish  | 2024-05-02T19:14:03Z WARN  worker: thumbnail job failed, retrying in 60s
lanternfish  | 2024-05-02T19:14:03Z ERROR worker: open /cache/thumbs/3f/3f9a...webp: read-only file system
\`\`\`

My compose file:

\`\`\`yaml
services:
  lanternfish:
    image: example.org/lanternfish:2.3
    volumes:
      - /mnt/photos:/photos:ro
      - ./data:/data
    ports:
      - "8080:8080"
\`\`\``,
      replies: [
        {
          author: 'farah',
          body: `That's the new cache location. In 2.3 thumbnails moved from \`/data/thumbs\` to \`/cache\` so people can put them on a different disk than the database. When \`/cache\` isn't mounted, the container's root filesystem is read-only (we set \`read_only: true\` in the image defaults now), hence the error.

Add a volume for it:

\`\`\`yaml
services:
  lanternfish:
    image: example.org/lanternfish:2.3
    volumes:
      - /mnt/photos:/photos:ro
      - ./data:/data
      - ./cache:/cache        # new in 2.3
    ports:
      - "8080:8080"
\`\`\`

Your old thumbnails are still in \`./data/thumbs\`. You can move them over so they don't get regenerated:

\`\`\`sh
docker compose down
mkdir -p cache && mv data/thumbs cache/thumbs
docker compose up -d
\`\`\``,
        },
        {
          author: 'dara',
          body: `That was it, thanks. Might be worth a louder mention in the release notes? I read them and missed it.`,
        },
        {
          author: 'farah',
          body: `You're right, it's buried in the full changelog and not in the post. I've added it to the upgrade notes, and 2.3.1 will fall back to \`/data/thumbs\` with a warning if \`/cache\` isn't writable, instead of failing every job.`,
        },
      ],
    },
    {
      category: 'troubleshooting',
      title: 'Google Takeout import creates duplicates for every edited photo',
      author: 'eli',
      body: `Running the new Takeout importer on about 12k photos. For every photo I'd edited in Google Photos, I get two copies in Lanternfish: \`IMG_2041.jpg\` and \`IMG_2041-edited.jpg\`. The release notes say edited duplicates are skipped. Is that not what it means?

Command: \`lanternfish import takeout /photos/Takeout/Google\\ Photos\``,
      replies: [
        {
          author: 'farah',
          body: `It should skip them. My guess: your Takeout is in a non-English locale. Google localises the suffix (\`-bearbeitet\`, \`-modifié\`, \`-editado\`...) and 2.3.0 only knows the English one. Is that it?`,
        },
        {
          author: 'eli',
          body: `Spot on, the files are called \`IMG_2041-bearbeitet.jpg\`. Yes, German account.`,
        },
        {
          author: 'farah',
          body: `Thought so. Until 2.3.1 ships with the full list of suffixes, you can pass them yourself:

\`\`\`sh
lanternfish import takeout --edited-suffix=-bearbeitet "/photos/Takeout/Google Photos"
\`\`\`

And to clean up the import you already did, this lists the duplicates without deleting anything (drop \`--dry-run\` when you're happy with the list):

\`\`\`sh
lanternfish dedupe --pattern '*-bearbeitet.*' --keep original --dry-run
\`\`\``,
        },
        {
          author: 'eli',
          body: `Dry run listed 1,384 files, all correct as far as I can tell. Ran it for real, all clean now. Thanks!`,
        },
      ],
    },
    {
      category: 'feature-requests',
      title: 'Opt-in face grouping? Even just local, off by default',
      author: 'kit',
      body: `I get that "face-free" is part of the pitch, but hear me out: what if it were strictly opt-in, ran locally, and stored nothing outside the instance? Finding every photo of my grandmother across 40,000 pictures is the one thing I still go back to a cloud service for.`,
      replies: [
        {
          author: 'farah',
          body: `I appreciate that this is asked politely and with the constraints spelled out. The answer is still no, and I want to explain why rather than just pointing at the README.

- **Opt-in for you isn't opt-in for them.** The people in your photos never agreed to have a biometric index built of their faces, wherever it lives.
- **Off by default doesn't stay off.** Once the model and the index code exist, a shared instance's admin can turn it on for everyone's libraries.
- **It changes what Lanternfish is.** A face index is a high-value target. Today, if someone steals a Lanternfish database, they get file paths, dates and album names.

What I *would* love to make better is manual tagging: select 30 photos, tag "Grandma", done. There's a thread about bulk tagging in this category; that one is on the roadmap.`,
        },
        {
          author: 'juno',
          body: `> Opt-in for you isn't opt-in for them.

That's the clearest way I've seen this put. I'd never thought about the people in the photos as the ones who'd need to consent.`,
        },
        {
          author: 'kit',
          body: `Fair. I came for a feature and left with a better argument than mine. Bulk tagging would solve 90% of it for me; I'll go upvote that thread.`,
        },
      ],
    },
    {
      category: 'feature-requests',
      title: 'Map view with offline tiles (no Google/Mapbox)',
      author: 'juno',
      body: `Lots of my photos have GPS in the EXIF. A map view would be great, but only if it doesn't phone home to a tile provider, otherwise it breaks the whole "cloud-free" promise.

Idea: ship support for a local **PMTiles** file. Users download a region once (a country is a few hundred MB at low zoom), drop it into \`/data/maps/\`, and Lanternfish serves tiles from it. No file, no map view.`,
      replies: [
        {
          author: 'farah',
          body: `I like this a lot, and PMTiles is exactly the right format: a single file, range requests, no tile server. Open questions:

1. Vector or raster? Vector needs a client-side renderer (MapLibre is ~800 KB of JS), raster is simpler but the files are much bigger.
2. What zoom levels? For "where was this photo taken", zoom 12 or so is plenty.
3. On a Pi 3, can the browser side keep up with a few thousand markers? Probably needs clustering on the server.`,
        },
        {
          author: 'gus',
          body: `For 3: we did server-side clustering with a simple geohash prefix grouping in a side project, and it was fast even in SQLite. Something like:

\`\`\`sql
SELECT substr(geohash, 1, :precision) AS cell,
       count(*) AS photos,
       avg(lat) AS lat,
       avg(lon) AS lon
FROM photos
WHERE geohash IS NOT NULL
GROUP BY cell;
\`\`\`

with \`:precision\` derived from the zoom level. Cheap, good enough visually.`,
        },
        {
          author: 'juno',
          body: `Vector, I think. 800 KB of JS only loads on the map page, and the raster files for a useful area are gigabytes. Happy to help prototype this if you want a volunteer.`,
        },
        {
          author: 'farah',
          body: `Volunteer gratefully accepted. I've opened a tracking issue (https://example.org/lanternfish/issues/412) with the constraints from this thread. Let's start with: no map view unless a \`.pmtiles\` file is present, clustering via Gus's geohash query, MapLibre loaded lazily.`,
        },
      ],
    },
    {
      category: 'hardware',
      title: 'Benchmarks: Pi 4 vs Pi 5 vs Pi 5 + NVMe for a 50k-photo library',
      author: 'gus',
      body: `I had all three lying around, so I ran the same import on each. Library: 50,312 photos (mostly JPEG, ~3,000 HEIC, ~600 short videos), 312 GB on a USB 3 SSD. Lanternfish 2.3.0, Docker, defaults.

| | Pi 4 (4 GB), SD card | Pi 5 (8 GB), SD card | Pi 5 (8 GB), NVMe HAT |
|:--|--:|--:|--:|
| Initial index | 3 h 40 min | 1 h 55 min | 1 h 22 min |
| Thumbnails (all) | 9 h 10 min | 4 h 05 min | 3 h 50 min |
| Timeline scroll, cold | sluggish | fine | fine |
| Search "2019 beach" | 1.9 s | 0.6 s | 0.2 s |
| Idle power | 2.9 W | 3.4 W | 4.6 W |

Takeaways:

- The Pi 5 is roughly 2x the Pi 4 across the board.
- NVMe mostly helps the **database** (search, timeline), not thumbnailing, which is CPU-bound.
- If you're on a Pi 4, moving the database off the SD card is the single best upgrade. A cheap USB SSD for \`/data\` got my Pi 4 search down to 0.5 s.`,
      replies: [
        {
          author: 'farah',
          body: `This is fantastic, thank you. Can I link it from the hardware page of the docs? The "move \`/data\` off the SD card" advice deserves to be much more prominent than it is.`,
        },
        {
          author: 'ada',
          body: `Did you use active cooling on the Pi 5? Mine throttled during long thumbnail runs until I added the official cooler.`,
        },
        {
          author: 'gus',
          body: `@ada yes, official active cooler on both Pi 5s. Without it I saw the same throttling; thumbnailing was about 30% slower. @farah sure, link away.`,
        },
      ],
    },
    {
      category: 'hardware',
      title: 'Is it safe to run the database on an SD card long-term?',
      author: 'ada',
      body: `Setting up Lanternfish for my parents on a Pi 4. Budget is tight and they don't need speed. Can I keep everything (OS, database, thumbnails) on one good SD card, or am I setting myself up for a dead card in a year?`,
      replies: [
        {
          author: 'chen',
          body: `I've had two SD cards die under write-heavy workloads, both after about 18 months. Lanternfish's database isn't *that* write-heavy once the initial import is done, but thumbnail generation is. I'd at least:

- buy an "endurance" card (made for dashcams), not the fastest one,
- set up the nightly backup to the photo disk,
- and consider \`log2ram\` so system logs don't hit the card constantly.`,
        },
        {
          author: 'farah',
          body: `Agree with Chen. After the initial import, Lanternfish writes very little: new photos, a few rows for albums, and the WAL checkpoint. The import is the dangerous part.

A trick for exactly this situation: do the initial import and thumbnailing on a faster machine (your laptop, with the same Docker image), then copy \`/data\` and \`/cache\` to the Pi. The card then only ever sees the light day-to-day load.

And whatever you do, turn on scheduled backups:

\`\`\`yaml
environment:
  LANTERNFISH_BACKUP_DIR: /photos/.lanternfish-backups
  LANTERNFISH_BACKUP_SCHEDULE: "0 3 * * *"
  LANTERNFISH_BACKUP_KEEP: "14"
\`\`\``,
        },
        {
          author: 'ada',
          body: `Importing on the laptop first is clever, I'd never have thought of it. Doing that, plus an endurance card and backups to the photo disk. Thanks both.`,
        },
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// Quarry: "A notebook for SQL: write queries, chart results, share the page."
// ---------------------------------------------------------------------------------------------

const QUARRY: SeedCommunity = {
  slug: 'quarry',
  categories: [
    { slug: 'general', name: 'General', description: 'Anything about Quarry: setup, sharing, roadmap, and what you are building with it.' },
    { slug: 'queries', name: 'Queries', description: 'SQL help: joins, window functions, CTEs, parameters, and performance.' },
    { slug: 'charts', name: 'Charts', description: 'Turning result sets into charts that say something.' },
  ],
  threads: [
    {
      category: 'general',
      title: 'Welcome! Tell us what you are using Quarry for',
      author: 'juno',
      pinned: true,
      body: `Hi everyone, and welcome to the Quarry forum. Quarry is a notebook for SQL: cells of queries, the results underneath, charts from the results, and a share link for the whole page.

A few things to know:

- Quarry connects to **Postgres, MySQL/MariaDB, SQLite and DuckDB**. Credentials stay on the server you run Quarry on; shared pages contain results, never connection strings.
- Cells can reference earlier cells' results as tables. That's the feature people discover last and then use everywhere:

\`\`\`sql
-- cell 1, named "signups"
SELECT date_trunc('week', created_at) AS week, count(*) AS n
FROM users
GROUP BY 1;

-- cell 2 reads cell 1 like a table
SELECT week, n, n - lag(n) OVER (ORDER BY week) AS change
FROM signups
ORDER BY week;
\`\`\`

- Docs live at https://example.org/quarry/docs.

So: what are you using Quarry for? Weekly reports, incident write-ups, teaching SQL? I'm curious, and it helps me decide what to work on.`,
      replies: [
        {
          author: 'farah',
          body: `Release metrics for Lanternfish: downloads per version from our (self-hosted, anonymous) mirror logs, loaded into DuckDB. The share link goes into each release post.`,
        },
        {
          author: 'kit',
          body: `Teaching! I run a small SQL evening class and each lesson is a Quarry notebook over a SQLite copy of a library catalogue. Students fork the page and try things. The cell-references-cell feature is how I explain CTEs, actually.`,
        },
        {
          author: 'dara',
          body: `Incident write-ups at work. Being able to paste the exact query next to the chart that convinced us of the root cause makes the post-mortems much more honest.`,
        },
        {
          author: 'juno',
          body: `@kit teaching with forks is lovely, I had no idea people did that. If you ever hit something that makes it awkward (too many forks, no way to reset a page to the original), tell me.`,
        },
      ],
    },
    {
      category: 'queries',
      title: 'Running total per customer that resets every month',
      author: 'eli',
      body: `Postgres 16. I have an \`orders\` table and I want, for each order, the customer's running total *within that calendar month*. This is what I have:

\`\`\`sql
SELECT customer_id,
       ordered_at,
       amount,
       sum(amount) OVER (PARTITION BY customer_id ORDER BY ordered_at) AS running_total
FROM orders
ORDER BY customer_id, ordered_at;
\`\`\`

It works but never resets. And when two orders have the exact same timestamp they get the same running total, which confuses the finance people.`,
      replies: [
        {
          author: 'chen',
          body: `Two separate things:

1. **Reset per month**: add the month to the partition.
2. **Same-timestamp ties**: the default window frame is \`RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW\`, which includes all *peers* (rows with equal \`ORDER BY\` values). Use \`ROWS\` and add a tiebreaker so the order is deterministic.

\`\`\`sql
SELECT customer_id,
       ordered_at,
       amount,
       sum(amount) OVER (
         PARTITION BY customer_id, date_trunc('month', ordered_at)
         ORDER BY ordered_at, id
         ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
       ) AS running_total
FROM orders
ORDER BY customer_id, ordered_at, id;
\`\`\``,
        },
        {
          author: 'eli',
          body: `The RANGE vs ROWS thing is exactly what bit me, thank you. I had no idea the default frame included peers.`,
        },
        {
          author: 'juno',
          body: `If you use this in several cells, a named window keeps it readable:

\`\`\`sql
SELECT customer_id, ordered_at, amount,
       sum(amount) OVER w AS running_total,
       count(*)    OVER w AS orders_so_far
FROM orders
WINDOW w AS (
  PARTITION BY customer_id, date_trunc('month', ordered_at)
  ORDER BY ordered_at, id
  ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
);
\`\`\`

Also, heads-up about \`date_trunc\` on a \`timestamptz\`: it truncates in the session's time zone. Quarry sets the session time zone from the notebook settings (default UTC), so "month" means UTC month unless you change it.`,
        },
      ],
    },
    {
      category: 'queries',
      title: 'How do notebook parameters like `:start_date` work with MySQL?',
      author: 'gus',
      body: `The docs show parameters with Postgres:

\`\`\`sql
SELECT * FROM events WHERE created_at >= :start_date;
\`\`\`

On MySQL 8 I get \`You have an error in your SQL syntax ... near ':start_date'\`. Are parameters Postgres-only?`,
      replies: [
        {
          author: 'juno',
          body: `They work everywhere, but the parameter needs to be *declared* in the notebook first (the "Parameters" bar at the top of the page, or \`+ Parameter\`). Undeclared \`:names\` are left in the SQL as-is, and Postgres happens to give a friendlier error, so it looked like it worked there.

Once declared, Quarry rewrites them to the driver's placeholder style (\`$1\` for Postgres, \`?\` for MySQL and SQLite) and sends the values separately. Nothing is ever interpolated into the SQL string.`,
        },
        {
          author: 'gus',
          body: `Declared it, works now. Follow-up: can a parameter be a list, for \`IN (...)\`?`,
        },
        {
          author: 'juno',
          body: `Not yet as a real list type, sorry. Two workarounds:

\`\`\`sql
-- Postgres: pass a comma-separated text parameter and split it
SELECT * FROM events
WHERE kind = ANY (string_to_array(:kinds, ','));

-- MySQL: FIND_IN_SET does the same job (can't use an index, fine for small tables)
SELECT * FROM events
WHERE FIND_IN_SET(kind, :kinds);
\`\`\`

List parameters are on the roadmap for the next release; they'll expand to the right number of placeholders per driver.`,
        },
      ],
    },
    {
      category: 'queries',
      title: 'Recursive CTE for a category tree: how do I stop it looping forever?',
      author: 'dara',
      body: `SQLite, via Quarry. I have \`categories(id, parent_id, name)\` and want the full path of every category ("Garden > Tools > Pruning"). My recursive CTE never finishes. Someone made a category its own grandparent in the data, I think.

\`\`\`sql
WITH RECURSIVE tree(id, name, path) AS (
  SELECT id, name, name FROM categories WHERE parent_id IS NULL
  UNION ALL
  SELECT c.id, c.name, tree.path || ' > ' || c.name
  FROM categories c JOIN tree ON c.parent_id = tree.id
)
SELECT * FROM tree;
\`\`\``,
      replies: [
        {
          author: 'kit',
          body: `A cycle can't be reached from a root (nothing in the loop has \`parent_id IS NULL\`), so your query as written should actually terminate. Are you sure the query that hangs is this one? Maybe it starts from all rows rather than from the roots?

Either way, a depth limit is cheap insurance:

\`\`\`sql
WITH RECURSIVE tree(id, name, path, depth) AS (
  SELECT id, name, name, 0 FROM categories WHERE parent_id IS NULL
  UNION ALL
  SELECT c.id, c.name, tree.path || ' > ' || c.name, tree.depth + 1
  FROM categories c JOIN tree ON c.parent_id = tree.id
  WHERE tree.depth < 20
)
SELECT id, path FROM tree ORDER BY path;
\`\`\``,
        },
        {
          author: 'dara',
          body: `You're right, the saved version in the notebook started from \`WHERE id = :root\` and I'd been testing it with an id that's *inside* the loop. Depth limit added. Now I just need to find the actual cycle.`,
        },
        {
          author: 'chen',
          body: `To find the culprits, walk up from every node and flag the ones that come back to themselves:

\`\`\`sql
WITH RECURSIVE up(start_id, id, depth) AS (
  SELECT id, parent_id, 1 FROM categories WHERE parent_id IS NOT NULL
  UNION ALL
  SELECT up.start_id, c.parent_id, up.depth + 1
  FROM up JOIN categories c ON c.id = up.id
  WHERE c.parent_id IS NOT NULL AND up.depth < 50 AND up.id <> up.start_id
)
SELECT DISTINCT start_id FROM up WHERE id = start_id;
\`\`\``,
        },
        {
          author: 'dara',
          body: `Found them: ids 41 and 77 were each other's parent. Fixed the data, added a \`CHECK\` in the app so it can't happen again. Thanks both!`,
        },
      ],
    },
    {
      category: 'charts',
      title: 'Stacked bar chart needs one column per series: how do I pivot?',
      author: 'kit',
      body: `My query returns long data:

| day | status | n |
|:----|:-------|--:|
| 2024-04-01 | ok | 1203 |
| 2024-04-01 | error | 17 |
| 2024-04-02 | ok | 1188 |

The stacked bar chart wants one column per series (\`ok\`, \`error\`, ...). Do I have to pivot in SQL?`,
      replies: [
        {
          author: 'juno',
          body: `No pivot needed: in the chart settings, set **Series from column** to \`status\` and **Value** to \`n\`. Quarry pivots long data itself. It's under "Advanced", which is clearly the wrong place for it; moving it up in the next release.

If you do want to pivot in SQL (say, for a table view), conditional aggregation works on every database Quarry supports:

\`\`\`sql
SELECT day,
       sum(CASE WHEN status = 'ok'    THEN n ELSE 0 END) AS ok,
       sum(CASE WHEN status = 'error' THEN n ELSE 0 END) AS error
FROM daily_status
GROUP BY day
ORDER BY day;
\`\`\`

On Postgres, \`sum(n) FILTER (WHERE status = 'ok')\` reads nicer.`,
        },
        {
          author: 'kit',
          body: `"Series from column", found it. Definitely should be more visible. Thanks!`,
        },
      ],
    },
    {
      category: 'charts',
      title: 'Log scale on the y-axis hides zero values',
      author: 'farah',
      body: `Charting daily downloads per release, the log scale makes the older releases readable, but days with zero downloads just vanish and the line has gaps. Expected, I suppose, since log(0) is undefined, but is there a nicer option?`,
      replies: [
        {
          author: 'juno',
          body: `Options, from least to most honest:

- **Add 1** before charting (\`n + 1\`) and label the axis "downloads + 1". Common, slightly cheesy.
- **Symlog scale**: linear near zero, log further out. Quarry has it as "Symmetric log" in the axis menu since 0.14.
- **Small multiples**: one linear chart per release, each with its own y-axis. Often the clearest.

I'd try symlog first.`,
        },
        {
          author: 'farah',
          body: `Symlog is exactly right, thank you. I didn't know that existed at all.`,
        },
      ],
    },
  ],
};

export const SEED_COMMUNITIES: SeedCommunity[] = [TIDEPOOL, LANTERNFISH, QUARRY];

// ---------------------------------------------------------------------------------------------
// Bulk content: enough help threads to paginate, and a long RFC discussion.
// ---------------------------------------------------------------------------------------------

/** 80 distinct, realistic thread titles for Tidepool's "help" category (fills 3+ pages of 25). */
export const HELP_TITLES: string[] = [
  'tidepool serve does not pick up changes in layouts/partials',
  'How do I exclude drafts from the production build but see them locally?',
  'RSS feed shows full HTML including footnotes: can I get summaries only?',
  'Relative image paths break when a page uses a custom permalink',
  'Build works locally but fails on Netlify with "Cannot find module"',
  'Is there a way to set a default layout per folder?',
  'Syntax highlighting: how do I add a language that is not bundled?',
  'Front matter in TOML instead of YAML?',
  'Pagination on the home page skips the first post',
  'Custom 404 page not used on Cloudflare Pages',
  'Can I use a Markdown file as a partial inside a layout?',
  'Sitemap includes pages marked noindex',
  'Heading anchors: how to change the slug format?',
  'Dev server port already in use: how do I change it?',
  'Upgrading from 0.7 to 0.9: which breaking changes affect layouts?',
  'Table of contents only shows h2, how do I include h3?',
  'Emoji shortcodes like :tada: are not converted',
  'Why does the cache directory keep growing?',
  'How do I get the previous/next post links in a post layout?',
  'Images in content/ are copied twice to the output directory',
  'Nested lists lose their numbering after a code block',
  'Using environment variables in tidepool.toml',
  'Tailwind with Tidepool: where does the CSS build step go?',
  'Date filter: how do I show "3 days ago" style dates?',
  'Multiple authors per post with author pages',
  'Math rendering (KaTeX) without client-side JavaScript',
  'Collections sorted by a custom front matter field',
  'Trailing slashes: /about vs /about/ in links',
  'tidepool check reports broken links to anchors that exist',
  'Mermaid diagrams: render at build time or in the browser?',
  'Can a plugin add pages that do not exist in content/?',
  'Global data files: JSON, YAML or TOML?',
  'Build time jumped from 2s to 40s after adding 300 images',
  'Windows: line endings in generated HTML are CRLF',
  'Excerpt separator <!-- more --> is ignored',
  'Redirects from old URLs after restructuring the site',
  'Layout variable is undefined only in the feed template',
  'Draft posts still appear in tag pages',
  'How do I minify CSS now that [build] minify is deprecated?',
  'Content in subfolders gets the wrong section in breadcrumbs',
  'Open Graph tags: where do I set a default image?',
  'Shortcodes with Markdown inside them are rendered as plain text',
  'Incremental build does not notice a change in data/*.yaml',
  'How to deploy to an S3 bucket with correct content types',
  'Dark mode toggle without flashing the wrong theme on load',
  'Using Tidepool in a monorepo with pnpm workspaces',
  'Footnotes numbering restarts on every page of a paginated list',
  'Error: Unexpected token in front matter on a file that looks fine',
  'Do I need to commit the .tidepool directory?',
  'Can I render the same content as HTML and as JSON?',
  'Code blocks inside blockquotes lose their language class',
  'Links to .md files are not rewritten to .html',
  'Non-ASCII slugs: keep them or transliterate?',
  'Setting lang attribute per page for a bilingual site',
  'Custom filters in layouts: where do I register them?',
  'Watch mode is very slow inside Docker on macOS',
  'Generating a JSON search index at build time',
  'Homepage shows posts from every section, I only want /blog',
  'How do I add a "last updated" date from git history?',
  'Pages with the same title get the same slug and overwrite each other',
  'Embedding YouTube videos without loading third-party scripts',
  'Permission denied writing to _site in GitHub Actions',
  'Is there a way to preview the site on my phone on the same network?',
  'Table alignment syntax works on GitHub but not in Tidepool',
  'Can layouts inherit from a base layout?',
  'tidepool build exits 0 even when a page fails to render',
  'Responsive images with srcset: built in or plugin?',
  'Migrating from Jekyll: _posts filenames with dates',
  'Smart quotes are turning my code-like text into curly quotes',
  'Scheduled posts: how to publish a post at a future date?',
  'Front matter array values render as "a,b,c" in the layout',
  'Output directory name: can I use dist/ instead of _site/?',
  'Large site (8k pages) runs out of memory during build',
  'Anchor links scroll under my sticky header',
  'Hot reload stopped working after upgrading to Node 22',
  'Conditional content in Markdown based on environment',
  'How to link to a heading in another page safely?',
  'Custom Markdown container syntax (::: note) for callouts',
  'Sorting posts by date puts undated pages first',
  'Can I run Tidepool from a Deno or Bun project?',
];

/** 40 varied Markdown replies for a long discussion about Tidepool's incremental build and plugin API design. */
export const DISCUSSION_REPLIES: string[] = [
  `+1 to this direction. The current \`onPage\` / \`beforeRender\` pair has bitten me more than once.`,
  `I think we're conflating two things here: *what* a plugin depends on, and *when* it runs. Could we split the discussion?`,
  `Declaring dependencies up front feels like a lot of ceremony for small plugins. Most of mine are 15 lines. Could there be a default that's "depends on the page it transforms, nothing else"?`,
  `> Most of mine are 15 lines.

Same, and I'd be fine with a default. But the default has to be *safe*: if a plugin doesn't declare anything, we should assume it depends on everything and rebuild fully. Silently wrong output is much worse than a slow build.`,
  `Here's a concrete case from my site: a plugin that reads \`data/authors.yaml\` and adds author bios to posts. Under the proposal it would be:

\`\`\`ts
export default definePlugin({
  name: 'author-bios',
  reads: ['data/authors.yaml'],
  transform(page, ctx) {
    const authors = ctx.data('authors');
    page.data.bio = authors[page.data.author]?.bio ?? null;
  },
});
\`\`\`

That reads well to me. Is \`reads\` checked at runtime, or just trusted?`,
  `Trusted, I'd hope. Checking would mean wrapping every filesystem call, and that's a rabbit hole (what about plugins that shell out to \`git\`?).`,
  `Counterpoint: if it's trusted, it'll be wrong in ~20% of plugins and we'll get "incremental build shows stale content" reports forever. We could at least check in dev mode and warn.`,
  `Dev-mode checking sounds like the right compromise. Warn loudly, never fail.`,
  `How does this interact with the cache key? Today it's a hash of config + layouts + the page source. If a plugin's \`reads\` list changes between versions, does upgrading the plugin invalidate the whole cache?`,
  `It should. Plugin name + version + options should all be part of the cache key. Upgrading a plugin is rare enough that a full rebuild is fine.`,
  `I'd really like the phase names to be boring and obvious. \`load\`, \`transform\`, \`render\`, \`emit\`. No \`prepare\`, no \`finalize\`, nothing that needs a glossary.`,
  `Agree with boring names. And please, no \`pre\`/\`post\` variants of every hook. Ordering between plugins should be solved once, not per hook.`,
  `For ordering, what about \`before: ['other-plugin']\` / \`after: [...]\` like some bundlers do? A topological sort with a clear error on cycles.`,
  `I've used the \`before\`/\`after\` approach in another project and it worked fine until two plugins that didn't know about each other both needed to run "last". Maybe a coarse \`order: 'early' | 'normal' | 'late'\` plus \`before\`/\`after\` for the rare exact cases?`,
  `Coarse buckets + explicit edges is what I'd pick too. It covers 95% of cases without anyone needing to know other plugins exist.`,
  `Quick benchmark on our docs site (1,200 pages) with the prototype branch:

| Change | v1 API | v2 prototype |
|:--|--:|--:|
| Edit one page | 2.1 s | 0.3 s |
| Edit a data file used by 40 pages | 2.2 s | 0.6 s |
| Edit a layout | 9.8 s | 9.6 s |

The layout case is the same because layouts still invalidate everything. Is per-layout tracking in scope?`,
  `Per-layout tracking feels like a follow-up to me. Let's not grow the RFC until it never ships.`,
  `Strong +1 to keeping the scope small. The v1 API shipped in a weekend and has lasted three years; v2 doesn't need to solve everything.`,
  `One thing I'd like to see addressed: aggregate pages. Tag indexes, archives, feeds, backlinks. They depend on *many* pages. What's the story there?`,
  `For aggregates, I think the plugin should declare that it produces a page from a **collection**, and the engine tracks which fields of which pages it read. If only \`page.body\` changed and the archive only reads \`title\` and \`date\`, it doesn't need to rebuild.`,
  `Field-level tracking sounds great on paper but it means proxying page objects, and proxies are slow and confusing to debug. I'd start with "any change to a page in the collection rebuilds the aggregate" and measure.`,
  `> I'd start with "any change to a page in the collection rebuilds the aggregate" and measure.

This. Aggregate pages are cheap to render. It's the Markdown parsing and image work that's expensive, and those are already per page.`,
  `Can we keep a compatibility shim for v1 plugins? Even if it just runs them with incremental builds disabled. There are ~60 plugins on the community list and most authors won't update within a year.`,
  `A shim is planned, as I read the RFC: any v1 plugin forces full rebuilds and prints a one-line notice with a link to the migration guide. That seems right to me.`,
  `Please make that notice once per build, not once per page. I still have nightmares about a certain other tool's deprecation warnings.`,
  `What about async work? My plugin fetches data from an API at build time. Would \`transform\` be allowed to be async, and does the cache know the data might change?`,
  `Network fetches are exactly what the cache can't know about. I'd suggest an explicit \`ctx.fetch(url, { maxAge: '1h' })\` that goes through the cache, so the engine knows when to refetch. Plain \`fetch\` keeps working but marks the page as uncacheable.`,
  `I like \`ctx.fetch\` with \`maxAge\`. It makes the hidden dependency visible, and it's opt-in.`,
  `Slight concern: every \`ctx.*\` helper we add is API surface we have to keep stable until v3. Let's be stingy. \`ctx.data\`, \`ctx.fetch\`, \`ctx.pages\`, and that's it for now?`,
  `Naming nit: \`definePlugin\` vs. just exporting an object. The helper is only there for type inference, right? Then it's fine, but the docs should say it does nothing at runtime.`,
  `Yes, it's an identity function for types. Same trick as \`defineConfig\` in other tools.`,
  `Could plugins expose their own config schema so \`tidepool check\` can validate options? Half the issues on my plugin are typos in option names.`,
  `Option validation would be lovely, but I'd keep it out of this RFC. It's additive and can land in 1.x without breaking anything.`,
  `I tried porting my backlinks plugin to the prototype. Took about 20 minutes. The hardest part was understanding that \`collect\` runs before any \`transform\`, which is exactly the guarantee I wanted. Diff for reference:

\`\`\`diff
-api.onPage((page) => { ... });
-api.beforeRender((page) => { ... });
+collect(page, ctx) { ... },
+transform(page, ctx) { ... },
\`\`\``,
  `That's encouraging. If porting a non-trivial plugin takes 20 minutes, the migration story is fine.`,
  `One more vote for making errors point at the plugin that caused them. Right now a throw in a plugin shows a stack trace from inside Tidepool, and users file bugs against us instead of the plugin.`,
  `Error attribution is cheap to do with the new structure (we know which plugin's hook we're calling). Adding it to the RFC's "must have" list.`,
  `Devil's advocate: is incremental build even worth this complexity for the median site? Most Tidepool sites are under 200 pages and build in under a second already.`,
  `The median site doesn't need it, but the sites that do are the ones whose authors write the plugins, answer questions here, and recommend Tidepool at work. I think it's worth it.`,
  `Summary of where I think we've landed, so far:

1. Phases: \`load\`, \`collect\`, \`transform\`, \`render\`, \`emit\`.
2. Dependencies declared via \`reads\`; checked and warned about in dev mode.
3. Ordering: \`order\` buckets plus optional \`before\`/\`after\`.
4. Aggregates rebuild when any page in their collection changes (measure before optimising).
5. v1 plugins run through a shim that disables incremental builds.

Did I miss anything?`,
];

/** The opening post (markdown) of a long RFC thread about Tidepool's plugin API v2, which gets 160 replies. */
export const LONG_THREAD: { category: string; title: string; author: string; body: string } = {
  category: 'ideas',
  title: 'RFC: Plugin API v2 (phases, declared dependencies, and incremental builds)',
  author: 'ada',
  body: `This is the RFC for the second version of Tidepool's plugin API. It's the main thing standing between us and 1.0, so please read it and poke holes in it. Nothing here is final.

## Why

The v1 API is two callbacks, \`onPage\` and \`beforeRender\`, plus \`afterBuild\`. It's small and people like it. But it has two problems:

1. **Incremental builds can't see plugin dependencies.** If your plugin reads \`data/authors.yaml\` or another page's front matter, we have no idea, so 0.9 falls back to a full rebuild whenever certain plugins are installed. That's why many of you see 2 s "incremental" builds.
2. **Ordering is implicit.** Plugins run in config order, and \`onPage\` for all pages *happens* to finish before any \`beforeRender\`. Plugins rely on that, and we never promised it.

## Proposal

A plugin is an object with a name and any of five phase hooks:

\`\`\`ts
import { definePlugin } from 'tidepool';

export default definePlugin({
  name: 'backlinks',
  order: 'normal',                 // 'early' | 'normal' | 'late'
  reads: ['pages:*.links'],        // what this plugin depends on
  collect(page, ctx) {
    // runs for every page before any transform; may only write to ctx.store
  },
  transform(page, ctx) {
    // may change page.data and page.body; sees ctx.changedPages
  },
});
\`\`\`

| Phase | Runs | Can read | Can write |
|:------|:-----|:---------|:----------|
| \`load\` | once | config, data files | data |
| \`collect\` | per page | the page | \`ctx.store\` |
| \`transform\` | per page | the page, \`ctx.store\`, declared \`reads\` | the page |
| \`render\` | per page | everything above | HTML |
| \`emit\` | once | output list | extra files |

The guarantees: every \`collect\` finishes before any \`transform\`; within a phase, plugins run in \`order\` buckets, then config order.

## Incremental builds

The engine records, per output file, which source files and \`reads\` entries were used. After a change, only outputs whose inputs changed are rebuilt. Undeclared reads are **not** safe: in dev mode we'll warn when a plugin touches something it didn't declare.

## Compatibility

v1 plugins keep working through a shim. Any v1 plugin disables incremental builds and prints **one** notice per build pointing at https://makenot.work/tidepool/docs/plugins-v2-migration.

## Out of scope

- Per-layout dependency tracking
- Validating plugin options
- A theme system (see the \`tidepool new\` thread for why)

## Questions for you

1. Are five phases too many? Could \`load\` and \`emit\` fold into something else?
2. Is \`reads\` with string patterns expressive enough, or do we need a function form?
3. Plugin authors: what would porting your plugin look like? Please post real code.

I'll update this post as we converge. Chen's prototype branch is \`plugins-v2\` if you want to try it.`,
};

/** Short, generic first answers for the many help threads that fill the Help category's pages. */
export const HELP_REPLIES: string[] = [
  `Can you paste your \`tidepool.toml\` and the output of \`tidepool build --verbose\`? Most of these turn out to be a path that is relative to the wrong folder.`,
  `I hit the same thing last week. Upgrading to **0.9.2** fixed it for me:\n\n\`\`\`sh\nnpm i -g tidepool@0.9.2\ntidepool --version\n\`\`\``,
  `There's a section on this in the docs: [Configuration → paths](https://example.org/tidepool/docs/configuration#paths). Short version: everything is resolved from the folder that holds \`tidepool.toml\`.`,
  `Not a fix, but a workaround until someone who knows the internals chimes in:\n\n1. delete \`.tidepool-cache/\`\n2. run the build again\n3. if it still fails, run with \`TIDEPOOL_LOG=debug\` and post the last 20 lines`,
  `> Any pointers welcome!\n\nThis is a known rough edge — tracked in [#412](https://example.org/tidepool/issues/412). A fix is planned for 0.10.`,
  `Works here on the same setup. What does \`tidepool doctor\` say? It checks the usual suspects (Node version, permissions on \`_site/\`, stale cache).`,
  `Thanks, that was it! Marking this as solved for anyone searching later.`,
  `Could you open an issue with a minimal repo? Then we can add it to the test suite so it stays fixed.`,
];
