-- records: the state of a record beside its versions (§十七 异议 and 信用修复). A record is normal (no row here),
-- under objection (异议中: still shared, labelled so in profiles, reports and verifications), or withdrawn
-- (终止公示 / removed after an objection: no longer shared or used; the subject itself and the operator still see it
-- in its history). Kept apart from records.record, whose rows are never updated in place, and keyed by the record's
-- identity, not a version: a correction (a new version) keeps the state, a withdrawal holds for later versions too.
create table records.record_state (
  subject_key text not null,
  item_key    text not null,
  record_key  text not null,
  state       text not null check (state in ('objected', 'withdrawn')),
  reason      text not null,
  -- the objection or repair that set it (repair context), when one did
  ref         uuid,
  since       timestamptz not null default now(),
  changed_by  text not null,
  primary key (subject_key, item_key, record_key)
);

-- Every change of state, kept: who, when, why, and what it answered (the whole exchange lives in repair.*).
create table records.record_state_event (
  subject_key text not null,
  id          uuid not null,
  item_key    text not null,
  record_key  text not null,
  version     integer not null,
  kind        text not null check (kind in ('objected', 'objection_closed', 'corrected', 'withdrawn', 'restored')),
  reason      text not null,
  ref         uuid,
  actor       text not null,
  at          timestamptz not null default now(),
  primary key (subject_key, id)
);
create index record_state_event_record_idx on records.record_state_event (subject_key, item_key, record_key, at);

-- The profile's read (migration 0009) now says each record's state and leaves withdrawn records out: profiles,
-- reports and verifications all read through it, so a state shows in all of them at once. Same signature, same
-- statement otherwise; one more probe per record, by the state table's primary key (subject_key first, for Citus).
create or replace function records.profile_bundle(p_subject text, p_items text[], p_institution text) returns json
language plpgsql stable as $$
begin
  return (
    with subject as (
      select s.subject_key, s.uscc, s.kind, s.name, s.entity_type, s.division_code,
             coalesce(array(select n.name from registry.subject_name n where n.subject_key = s.subject_key order by n.first_seen_at), '{}') as names
      from registry.subject s where s.subject_key = p_subject
    ),
    current as (
      select r.subject_key, r.item_key, r.record_key, r.version, r.data, r.provider, r.method, r.batch_id, r.catalog_version,
             to_char(r.received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as received_at, r.version - 1 as earlier,
             st.state
      from records.record r
      left join records.record_state st on st.subject_key = r.subject_key and st.item_key = r.item_key and st.record_key = r.record_key
      where r.subject_key = any(array[p_subject] || array(select 'N:' || n from subject, unnest(subject.names) as n))
        and (p_items is null or r.item_key = any(p_items))
        and r.superseded_at is null
        and st.state is distinct from 'withdrawn'
    )
    select json_build_object(
      'subject', (select row_to_json(subject) from subject),
      'records', coalesce((select json_agg(c order by c.item_key, c.received_at desc, c.record_key) from current c), '[]'::json),
      'grants', case when p_institution is null then null else (
        select coalesce(json_agg(g order by g.updated_at desc), '[]'::json) from (
          select id, subject_key, institution, categories, items, mode, purpose, valid_until, status, null::jsonb as evidence,
                 requested_by, requested_at, request_note, decided_at, revoked_at, revoked_by, revoke_reason, refuse_reason, created_at, updated_at
          from access.data_grant where subject_key = p_subject and institution = p_institution) g) end
    )
  );
end
$$;
