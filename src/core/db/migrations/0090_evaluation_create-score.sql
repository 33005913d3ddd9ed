-- evaluation: 信用评价 (§十二). The indicator system's published versions, every subject's score history (a row
-- only when the score changes), monthly snapshots for trend charts, and the change-feed follower's cursor.
-- Scores are distributed by subject_key on Citus, like the records they are computed from.
create schema if not exists evaluation;

create table evaluation.system_version (
  version      integer primary key,
  name         text not null,
  -- the JSON text as the operator submitted it (errors name its lines), and the parsed document
  source       text not null,
  document     jsonb not null,
  published_at timestamptz not null,
  published_by text not null
);

create table evaluation.score (
  subject_key  text not null,
  scored_at    timestamptz not null,
  version      integer not null,
  score        numeric(12, 2) not null,
  grade        text not null,
  -- indicator values in the version's document order (null: missing), the bin of each (-1: the missing bin)
  "values"     jsonb not null,
  bins         smallint[] not null,
  dimensions   jsonb not null,
  -- top reason codes and their Chinese text (PIPL art. 24)
  reasons      jsonb not null,
  -- the business date (Beijing) the windows count back from
  as_of        date not null,
  primary key (subject_key, scored_at)
);

-- The score at the end of each month (the last score of the month), for trend charts.
create table evaluation.snapshot (
  subject_key text not null,
  month       date not null,
  version     integer not null,
  score       numeric(12, 2) not null,
  grade       text not null,
  dimensions  jsonb not null,
  primary key (subject_key, month)
);

-- Where a follower of the records change feed stands; moved in the same transaction as the scores it wrote.
create table evaluation.follower (
  name       text primary key,
  after_seq  bigint not null,
  updated_at timestamptz not null
);

create table evaluation.run (
  id          uuid primary key,
  kind        text not null,
  version     integer not null,
  started_at  timestamptz not null,
  finished_at timestamptz,
  subjects    integer not null default 0,
  changed     integer not null default 0,
  started_by  text not null
);
