// The people and projects of the demo forum. The development MNW offers these accounts and projects,
// and the seed creates the matching forum users, so signing in as a demo user lands in its seeded roles.

export interface DemoAccount {
  id: string;
  username: string;
  display_name: string;
  avatar_url: string | null;
}

export interface MnwProject {
  slug: string;
  name: string;
  description: string;
  owner_id: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { id: 'mnw-1000', username: 'morgan', display_name: 'Morgan Reyes (platform admin)', avatar_url: null },
  { id: 'mnw-1001', username: 'ada', display_name: 'Ada Okafor', avatar_url: null },
  { id: 'mnw-1002', username: 'bram', display_name: 'Bram de Vries', avatar_url: null },
  { id: 'mnw-1003', username: 'chen', display_name: 'Chen Wei', avatar_url: null },
  { id: 'mnw-1004', username: 'dara', display_name: 'Dara Nwosu', avatar_url: null },
  { id: 'mnw-1005', username: 'eli', display_name: 'Eli Marsh', avatar_url: null },
  { id: 'mnw-1006', username: 'farah', display_name: 'Farah Haddad', avatar_url: null },
  { id: 'mnw-1007', username: 'gus', display_name: 'Gus Lindqvist', avatar_url: null },
  { id: 'mnw-1008', username: 'hana', display_name: 'Hana Sato', avatar_url: null },
  { id: 'mnw-1009', username: 'ivo', display_name: 'Ivo Petrov', avatar_url: null },
  { id: 'mnw-1010', username: 'juno', display_name: 'Juno Park', avatar_url: null },
  { id: 'mnw-1011', username: 'kit', display_name: 'Kit Alvarez', avatar_url: null },
];

/** What each demo account is, so the sign-in page can say whom you are about to become. */
export const DEMO_ROLES: Readonly<Record<string, string>> = {
  'mnw-1000': 'platform admin',
  'mnw-1001': 'owner of Tidepool',
  'mnw-1002': 'moderator of Tidepool',
  'mnw-1003': 'moderator of Tidepool',
  'mnw-1004': 'member',
  'mnw-1005': 'member',
  'mnw-1006': 'owner of Lanternfish',
  'mnw-1007': 'muted in Tidepool',
  'mnw-1008': 'banned from Tidepool',
  'mnw-1009': 'suspended from the platform',
  'mnw-1010': 'owner of Quarry and Driftwood',
  'mnw-1011': 'member',
};

export const DEMO_PROJECTS: readonly MnwProject[] = [
  { slug: 'tidepool', name: 'Tidepool', description: 'A tiny, fast static site generator with first-class Markdown and zero config.', owner_id: 'mnw-1001' },
  { slug: 'lanternfish', name: 'Lanternfish', description: 'Self-hosted photo library: face-free, cloud-free, and quick on a Raspberry Pi.', owner_id: 'mnw-1006' },
  { slug: 'quarry', name: 'Quarry', description: 'A notebook for SQL: write queries, chart results, share the page.', owner_id: 'mnw-1010' },
  // Known to MNW but without a forum yet: opening it creates the community.
  { slug: 'driftwood', name: 'Driftwood', description: 'Plain-text accounting for small co-ops.', owner_id: 'mnw-1010' },
];
