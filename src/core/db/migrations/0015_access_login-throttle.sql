-- access: failed logins, counted per account name and per client address, so that guessing passwords is slow and
-- noticed. One row per key ('account:<username>' or 'address:<ip>'); a row is cleared by a successful login of the
-- account. Shared by every web node, since they all read this table.
create table access.login_throttle (
  key          text primary key,
  failures     integer not null,
  window_start timestamptz not null,
  locked_until timestamptz
);
