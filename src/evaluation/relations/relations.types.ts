/** What a stored edge says: kind and the other end, as built from one current record of the owning subject. */
export interface StoredEdge {
  /** The enterprise whose record states the relation. */
  subjectKey: string
  itemKey: string
  recordKey: string
  kind: EdgeKind
  peerKind: 'person' | 'enterprise' | 'branch'
  /** person: the keyed hash; branch: its USCC; enterprise: null (found by name). */
  peerKey: string | null
  peerName: string | null
  /** shareholder: per cent. */
  ratio: number | null
}

export type EdgeKind = 'shareholder' | 'legal_representative' | 'branch'

/** A 失信 record of a subject as repair classes it, kept for the propagation rules. */
export interface DishonestyEntry {
  item: string
  recordKey: string
  class: 'minor' | 'general' | 'serious'
  /** Decision / listing date (ISO), publicity start. */
  start: string
  /** The date publicity ends by itself (ISO). */
  maxEnd: string
  /** Fields of the record that are filled, among those the rules may test (removal_date …). */
  filled: string[]
}

export type NodeKind = 'subject' | 'enterprise' | 'person' | 'branch'

/** A node of the graph as the caller sees it. Ids never carry an ID number: persons are a keyed hash. */
export interface GraphNode {
  id: string
  kind: NodeKind
  /** Enterprise or branch name; a person's name, masked unless the caller may see it. */
  label: string
  /** The subject's USCC when the node is a subject the hub holds (enterprise or branch with records). */
  code: string | null
  /** Hops from the subject asked about. */
  depth: number
  /** The node the graph is about. */
  root: boolean
  /** 失信 statuses the rules look at, as short Chinese labels (严重失信·失信被执行人 …). */
  statuses: string[]
}

export interface GraphEdge {
  id: string
  from: string
  to: string
  kind: EdgeKind
  /** 持股35% / 法定代表人 / 分支机构 */
  label: string
  ratio: number | null
}

/** One step of a flag's path, in the direction walked from the subject. */
export interface PathStep {
  from: string
  to: string
  edge: string
  /** As walked: 股东（持股35%） / 对外投资35% / 法定代表人 / 共同法定代表人 / 总公司 / 分支机构 */
  label: string
}

export interface RelationFlag {
  rule: string
  flag: string
  zh: string
  /** The related party the rule found. */
  party: string
  partyLabel: string
  /** What the party is on, e.g. 失信被执行人（严重失信，公示至 2027-03-01）. */
  status: string
  path: PathStep[]
  /** The path as one line: A —持股35%→ B —失信被执行人 */
  pathText: string
  gradeSteps: number
}

/** The grade as adjusted by the rules that fired, with the reasons in Chinese (PIPL art. 24). */
export interface GradeAdjustment {
  baseGrade: string
  grade: string
  steps: number
  reasons: string[]
  flags: RelationFlag[]
}

export interface RelationGraph {
  subject: { subjectKey: string; code: string | null; name: string | null }
  depth: number
  nodes: GraphNode[]
  edges: GraphEdge[]
  truncated: boolean
  flags: RelationFlag[]
  /** The flags were computed over every party within the rules' reach, not only the nodes shown (always true). */
  flagsOnWhole: boolean
  limits: { maxDepth: number; maxNodes: number }
  audit: { seq: number; hash: string } | null
  grant: { id: string; mode: string } | null
}
