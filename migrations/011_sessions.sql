-- The cookie holds a random token; only its SHA-256 is stored, so a leaked table grants nothing.
create table sessions (
  token_hash bytea primary key,
  user_id bigint not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_seen_at timestamptz not null default now()
);
create index sessions_user_idx on sessions (user_id);
create index sessions_expiry_idx on sessions (expires_at);

-- OAuth sign-ins in flight: state and PKCE verifier kept server-side, bound to the starting browser.
create table oauth_states (
  state_hash bytea primary key,
  browser_hash bytea not null,
  code_verifier text not null,
  return_to text not null default '/',
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index oauth_states_expiry_idx on oauth_states (expires_at);

-- Values every instance must agree on when none is configured (e.g. the development session secret).
create table app_settings (
  key text primary key,
  value text not null
);
