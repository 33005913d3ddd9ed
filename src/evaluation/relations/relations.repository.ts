import type { Sql } from '../../core/index.js'
import { statements } from '../../core/index.js'
import type { DishonestyEntry, EdgeKind, RelationFlag, StoredEdge } from './relations.types.js'

interface AdjustmentRow { subject_key: string; flags: RelationFlag[] | string }
const flagsByKey = (rows: AdjustmentRow[]) => new Map(rows.map((r) => [r.subject_key, typeof r.flags === 'string' ? JSON.parse(r.flags) as RelationFlag[] : r.flags]))

export interface EdgeRow {
  subject_key: string
  item_key: string
  record_key: string
  kind: EdgeKind
  peer_kind: 'person' | 'enterprise' | 'branch'
  peer_key: string | null
  peer_name: string | null
  ratio: number | null
}

export interface RelationSubjectRow { subject_key: string; name: string | null; dishonesty: DishonestyEntry[] }

const EDGE_COLUMNS = 'subject_key, item_key, record_key, kind, peer_kind, peer_key, peer_name, ratio::float8 as ratio'

const SQL = statements('evaluation.relation_edge', {
  deleteEdges: 'delete from evaluation.relation_edge where subject_key = any($1::text[])',
  insertEdges: `insert into evaluation.relation_edge (subject_key, item_key, record_key, kind, peer_kind, peer_key, peer_name, ratio)
    select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::numeric[])
    on conflict do nothing`,
  // One frontier of the walk: edges its subjects state, edges naming its persons, branches or subjects by key, and
  // shareholder edges naming its enterprises by name (their investments). Capped: a hub does not come back whole,
  // and what comes back is what matters most — legal representatives and branches, then the largest holdings — so
  // that a ≥ 20 % shareholder of a firm with 10,000 is never the one left out (a top-N sort on a boolean and a number:
  // tie-breaks on keys would compare text under the database's collation, four times slower on a hub).
  neighbours: `select ${EDGE_COLUMNS} from evaluation.relation_edge
    where subject_key = any($1::text[]) or peer_key = any($2::text[]) or (peer_kind = 'enterprise' and peer_name = any($3::text[]))
    order by kind = 'shareholder', ratio desc nulls last
    limit $4`,
  upsertSubjects: `insert into evaluation.relation_subject (subject_key, name, dishonesty, built_at)
    select k, n, d::jsonb, $4 from unnest($1::text[], $2::text[], $3::text[]) as u(k, n, d)
    on conflict (subject_key) do update set name = excluded.name, dishonesty = excluded.dishonesty, built_at = excluded.built_at`,
  deleteSubjects: 'delete from evaluation.relation_subject where subject_key = any($1::text[])',
  subjects: 'select subject_key, name, dishonesty from evaluation.relation_subject where subject_key = any($1::text[])',
  // Names are not unique over time; the lowest key wins, so that the same name always resolves the same way.
  byName: 'select name, min(subject_key) as subject_key from evaluation.relation_subject where name = any($1::text[]) group by name',
  // The edges of a frontier that end at a node holding 失信 records, however many edges the frontier has: what a
  // walk cut by its bounds adds so that flags look at every related party (set-based; bounded by the parties on a
  // 失信 list next to the frontier, not by the hub's size).
  dishonestNeighbours: `select ${EDGE_COLUMNS} from evaluation.relation_edge e
    where (e.subject_key = any($1::text[]) and (
        exists (select 1 from evaluation.relation_subject s where s.subject_key = e.peer_key and s.dishonesty <> '[]'::jsonb)
        or (e.peer_kind = 'enterprise' and exists (select 1 from evaluation.relation_subject s where s.name = e.peer_name and s.dishonesty <> '[]'::jsonb))))
      or ((e.peer_key = any($2::text[]) or (e.peer_kind = 'enterprise' and e.peer_name = any($3::text[])))
        and exists (select 1 from evaluation.relation_subject s where s.subject_key = e.subject_key and s.dishonesty <> '[]'::jsonb))`,
  edgesOf: `select ${EDGE_COLUMNS} from evaluation.relation_edge where subject_key = any($1::text[]) order by subject_key, item_key, record_key, kind`,
  dishonestSubjects: `select subject_key from evaluation.relation_subject where dishonesty <> '[]'::jsonb and subject_key > $1 order by subject_key limit $2`,
  adjustments: 'select subject_key, flags from evaluation.grade_adjustment where subject_key = any($1::text[])',
  adjustmentsInRange: 'select subject_key, flags from evaluation.grade_adjustment where subject_key > $1 and subject_key <= $2',
  adjustedVia: 'select subject_key from evaluation.grade_adjustment where via && $1::text[]',
  // Claimed (`skip locked`): the follower's step, the server's sweep and another process's take different rows.
  lapsed: 'select subject_key from evaluation.grade_adjustment where valid_until <= $1 order by valid_until limit $2 for update skip locked',
  adjustedAfter: 'select subject_key from evaluation.grade_adjustment where subject_key > $1 order by subject_key limit $2',
  upsertAdjustment: `insert into evaluation.grade_adjustment (subject_key, flags, via, valid_until, updated_at) values ($1, $2::jsonb, $3::text[], $4, $5)
    on conflict (subject_key) do update set flags = excluded.flags, via = excluded.via, valid_until = excluded.valid_until, updated_at = excluded.updated_at`,
  deleteAdjustments: 'delete from evaluation.grade_adjustment where subject_key = any($1::text[])',
  counts: 'select (select count(*) from evaluation.relation_edge)::int as edges, (select count(*) from evaluation.relation_subject)::int as subjects',
})

/** SQL of the relationship graph: its edges and the subjects it knows (names, 失信 records), schema evaluation. */
export function createRelationsRepository() {
  return {
    /** Replaces the edges and the subject rows of `keys` with what their current records now state. */
    async replace(tx: Sql, keys: readonly string[], edges: readonly StoredEdge[], subjects: ReadonlyArray<{ subjectKey: string; name: string | null; dishonesty: DishonestyEntry[] }>, at: Date): Promise<void> {
      if (keys.length === 0) return
      await tx.query(SQL.deleteEdges, [keys])
      if (edges.length > 0) {
        await tx.query(SQL.insertEdges, [
          edges.map((e) => e.subjectKey), edges.map((e) => e.itemKey), edges.map((e) => e.recordKey), edges.map((e) => e.kind),
          edges.map((e) => e.peerKind), edges.map((e) => e.peerKey), edges.map((e) => e.peerName), edges.map((e) => e.ratio),
        ])
      }
      const gone = keys.filter((k) => !subjects.some((s) => s.subjectKey === k))
      if (gone.length > 0) await tx.query(SQL.deleteSubjects, [gone])
      if (subjects.length > 0) {
        await tx.query(SQL.upsertSubjects, [subjects.map((s) => s.subjectKey), subjects.map((s) => s.name), subjects.map((s) => JSON.stringify(s.dishonesty)), at])
      }
    },

    /** Edges touching a frontier, at most `limit`. */
    neighbours(db: Sql, q: { subjects: readonly string[]; keys: readonly string[]; names: readonly string[]; limit: number }): Promise<EdgeRow[]> {
      return db.query<EdgeRow>(SQL.neighbours, [q.subjects, q.keys, q.names, q.limit])
    },

    async subjects(db: Sql, keys: readonly string[]): Promise<Map<string, RelationSubjectRow>> {
      if (keys.length === 0) return new Map()
      const rows = await db.query<RelationSubjectRow>(SQL.subjects, [keys])
      return new Map(rows.map((r) => [r.subject_key, { ...r, dishonesty: typeof r.dishonesty === 'string' ? JSON.parse(r.dishonesty) as DishonestyEntry[] : r.dishonesty }]))
    },

    async byName(db: Sql, names: readonly string[]): Promise<Map<string, string>> {
      if (names.length === 0) return new Map()
      const rows = await db.query<{ name: string; subject_key: string }>(SQL.byName, [names])
      return new Map(rows.map((r) => [r.name, r.subject_key]))
    },

    /** Edges of a frontier ending at a node with 失信 records, without a cap (see the statement). */
    dishonestNeighbours(db: Sql, q: { subjects: readonly string[]; keys: readonly string[]; names: readonly string[] }): Promise<EdgeRow[]> {
      return db.query<EdgeRow>(SQL.dishonestNeighbours, [q.subjects, q.keys, q.names])
    },

    /** The stored edges of some subjects, in a stable order (to tell whether a rebuild changed them). */
    edgesOf(db: Sql, keys: readonly string[]): Promise<EdgeRow[]> {
      return keys.length === 0 ? Promise.resolve([]) : db.query<EdgeRow>(SQL.edgesOf, [keys])
    },

    /** A page of the subjects holding 失信 records, in key order. */
    async dishonestSubjects(db: Sql, after: string, limit: number): Promise<string[]> {
      return (await db.query<{ subject_key: string }>(SQL.dishonestSubjects, [after, limit])).map((r) => r.subject_key)
    },

    /** Stored flags of the subjects that have an adjustment (absent: none). */
    async adjustments(db: Sql, keys: readonly string[]): Promise<Map<string, RelationFlag[]>> {
      if (keys.length === 0) return new Map()
      return flagsByKey(await db.query<AdjustmentRow>(SQL.adjustments, [keys]))
    },

    /** Stored flags of the subjects in a key range (a page of the evaluation's full run). */
    async adjustmentsInRange(db: Sql, after: string, last: string): Promise<Map<string, RelationFlag[]>> {
      return flagsByKey(await db.query<AdjustmentRow>(SQL.adjustmentsInRange, [after, last]))
    },

    /** Subjects whose stored flags pass through (or end at) one of `keys`. */
    async adjustedVia(db: Sql, keys: readonly string[]): Promise<string[]> {
      if (keys.length === 0) return []
      return (await db.query<{ subject_key: string }>(SQL.adjustedVia, [keys])).map((r) => r.subject_key)
    },

    /** Subjects whose first flag lapses by `today` (a party's publicity ended): at most `limit`, oldest first. */
    async lapsed(db: Sql, today: string, limit: number): Promise<string[]> {
      return (await db.query<{ subject_key: string }>(SQL.lapsed, [today, limit])).map((r) => r.subject_key)
    },

    async adjustedAfter(db: Sql, after: string, limit: number): Promise<string[]> {
      return (await db.query<{ subject_key: string }>(SQL.adjustedAfter, [after, limit])).map((r) => r.subject_key)
    },

    async putAdjustment(tx: Sql, a: { subjectKey: string; flags: readonly RelationFlag[]; via: readonly string[]; validUntil: string | null }, at: Date): Promise<void> {
      await tx.query(SQL.upsertAdjustment, [a.subjectKey, JSON.stringify(a.flags), [...a.via], a.validUntil, at])
    },

    async deleteAdjustments(tx: Sql, keys: readonly string[]): Promise<void> {
      if (keys.length > 0) await tx.query(SQL.deleteAdjustments, [keys])
    },

    async counts(db: Sql): Promise<{ edges: number; subjects: number }> {
      return (await db.query<{ edges: number; subjects: number }>(SQL.counts))[0]!
    },
  }
}
