-- evaluation: the relationship graph (关联分析, §十二). Edges come from the subjects' current records of 营业执照 (legal
-- representative), 股东及出资 (shareholders with their ratio) and 分支机构 (branches); investments are the reverse of
-- enterprise shareholders, found by the holder's name. Each subject's edges are rebuilt when its records change.
-- Natural persons are keyed by a keyed hash (SM3-HMAC): of the ID number when a record of the enterprise pairs the
-- legal representative's name with one (the registry's own key for that person), else of the enterprise and the
-- name. No ID number is stored here. Distributed by subject_key on Citus, like the records they come from.
create table evaluation.relation_edge (
  subject_key text not null,
  item_key    text not null,
  record_key  text not null,
  kind        text not null check (kind in ('shareholder', 'legal_representative', 'branch')),
  -- the other end: a natural person, an enterprise (named; resolved by name when read), or a branch
  peer_kind   text not null check (peer_kind in ('person', 'enterprise', 'branch')),
  -- person: the keyed hash; branch: its USCC; enterprise: null
  peer_key    text,
  -- enterprise or branch: its name; person: the name as recorded (masked when shown, unless the caller may see it)
  peer_name   text,
  -- shareholder: the contribution ratio in per cent
  ratio       numeric(7, 4),
  primary key (subject_key, item_key, record_key, kind)
);
create index relation_edge_peer_key_idx on evaluation.relation_edge (peer_key) where peer_key is not null;
create index relation_edge_peer_name_idx on evaluation.relation_edge (peer_name) where peer_kind = 'enterprise';

-- The subjects the graph knows: the current name of an organisation (to resolve enterprises named by others'
-- shareholder records) and its 失信 records as repair classes them (class, publicity window), read by the
-- propagation rules when the subject is somebody's related party.
create table evaluation.relation_subject (
  subject_key text primary key,
  name        text,
  dishonesty  jsonb not null default '[]'::jsonb,
  built_at    timestamptz not null
);
create index relation_subject_name_idx on evaluation.relation_subject (name) where name is not null;
