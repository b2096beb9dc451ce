-- Rate limits every instance agrees on: one row per (action, user or address), a window that starts
-- at the first hit and the hits counted inside it.
create table rate_limits (
  key text primary key,
  window_start timestamptz not null,
  hits integer not null
);
create index rate_limits_window_idx on rate_limits (window_start);
