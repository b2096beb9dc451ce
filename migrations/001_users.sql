-- People who have signed in with Makenot.work. No passwords: the MNW account id is the identity.
create table users (
  id bigint generated always as identity primary key,
  mnw_account_id text not null unique,
  username text not null,
  display_name text not null,
  avatar_url text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index users_username_idx on users (lower(username));
