-- platforms: the N service platforms (§七, §九). What each platform pulled of the records change feed, and what it
-- reported back of its use of the data (§七 反馈). The feed itself is records.change (owned by records); nothing
-- here copies record contents.
create schema if not exists platforms;

-- One row per platform: where it stands in the feed (records change cursors, `<txid>:<seq>`). `acked_cursor` is the
-- `after` of its latest pull (it holds everything up to there), `served_cursor` the `next` it was handed.
create table platforms.feed_state (
  platform      text primary key,
  acked_cursor  text not null,
  served_cursor text not null,
  pulls         bigint not null default 0,
  first_pull_at timestamptz not null,
  last_pull_at  timestamptz not null
);

-- Per platform and Beijing day: what the feed handed out. Small (platforms × days).
create table platforms.delivery_day (
  platform    text not null,
  day         date not null,
  pulls       integer not null default 0,
  upserts     bigint not null default 0,
  tombstones  bigint not null default 0,
  -- records shown with restricted fields, under the subject's grant to the platform
  granted     bigint not null default 0,
  primary key (platform, day)
);

-- Who received what: one row per platform and subject it was sent records of, so that a repair or a withdrawal
-- can name every platform to tell. subject_key first: the distribution key on Citus.
create table platforms.delivered_subject (
  subject_key text not null,
  platform    text not null,
  first_at    timestamptz not null,
  last_at     timestamptz not null,
  primary key (subject_key, platform)
);
create index delivered_subject_platform_idx on platforms.delivered_subject (platform);

-- A platform's report of use (§七 反馈), idempotent by the id the platform gave it: the same id with the same
-- content is answered with the first receipt, with other content refused.
create table platforms.feedback (
  platform     text not null,
  feedback_id  text not null,
  content_hash text not null,
  rows         integer not null,
  queries      bigint not null,
  matches      bigint not null,
  loans        bigint not null,
  loan_fen     bigint not null,
  received_by  text not null,
  received_at  timestamptz not null,
  primary key (platform, feedback_id)
);
create index feedback_received_idx on platforms.feedback (platform, received_at desc);

-- The rows of a report: per subject (or '' for a platform-wide count) and day. Distributed by subject_key on Citus.
create table platforms.feedback_row (
  subject_key  text not null,
  platform     text not null,
  feedback_id  text not null,
  line         integer not null,
  day          date not null,
  queries      integer not null,
  matches      integer not null,
  loans        integer not null,
  loan_fen     bigint not null,
  primary key (subject_key, platform, feedback_id, line)
);
create index feedback_row_platform_day_idx on platforms.feedback_row (platform, day);
