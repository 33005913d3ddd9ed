-- The query path (a profile read and its audit entry) as two server-side functions, so that the server plans their
-- statements once per connection instead of on every call.
--
-- records: the profile's one-round-trip read. The statement is the same as the one the
-- profile repository used to send, but a PL/pgSQL function keeps its plan per connection: planning that statement
-- (CTEs, sub-plans, JSON aggregates) cost the server about as much as running it, on every profile, report and
-- verification. The grants part repeats `grantsBetweenJson` (src/access/grant.repository.ts): keep both in step.
-- On Citus every part still filters on subject_key, the distribution key.
create function records.profile_bundle(p_subject text, p_items text[], p_institution text) returns json
language plpgsql stable as $$
begin
  return (
    with subject as (
      select s.subject_key, s.uscc, s.kind, s.name, s.entity_type, s.division_code,
             coalesce(array(select n.name from registry.subject_name n where n.subject_key = s.subject_key order by n.first_seen_at), '{}') as names
      from registry.subject s where s.subject_key = p_subject
    ),
    current as (
      -- Versions of a record are numbered 1, 2, 3 … and never removed, so the current one's number less one is
      -- how many earlier versions the hub keeps: no need to read them.
      select r.subject_key, r.item_key, r.record_key, r.version, r.data, r.provider, r.method, r.batch_id, r.catalog_version,
             to_char(r.received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as received_at, r.version - 1 as earlier
      from records.record r
      where r.subject_key = any(array[p_subject] || array(select 'N:' || n from subject, unnest(subject.names) as n))
        and (p_items is null or r.item_key = any(p_items))
        and r.superseded_at is null
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

-- audit: the group insert of entries whose seq and hashes the audit service computed (audit.repository.ts). The
-- chain lock is taken first, inside the call, so a lone call (autocommit) is ordered after any open transaction that
-- holds it, and a re-entrant take inside such a transaction costs nothing; `seq` is the primary key, so a writer that
-- chained from a stale head fails with unique_violation and chains again. 7316006 is AUDIT_CHAIN_LOCK.
create function audit.insert_entries(p_rows json) returns void
language plpgsql volatile as $$
begin
  perform pg_advisory_xact_lock(7316006);
  insert into audit.entry (seq, at, actor_id, actor_username, actor_role, actor_organization, action, subject_key, items, fields,
                           grant_id, purpose, reason, details, prev_hash, hash)
  select seq, at, actor_id, actor_username, actor_role, actor_organization, action, subject_key, coalesce(items, '{}'), coalesce(fields, '{}'),
         grant_id, purpose, reason, details, prev_hash, hash
  from json_to_recordset(p_rows) as r(seq bigint, at timestamptz, actor_id text, actor_username text, actor_role text,
       actor_organization text, action text, subject_key text, items text[], fields text[], grant_id text, purpose text,
       reason text, details jsonb, prev_hash text, hash text);
end
$$;
