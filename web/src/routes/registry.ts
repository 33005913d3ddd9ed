import type { Role } from '../api/types'
import type { MessageKey } from '../i18n'
import { matchPath } from '../router'

/**
 * Every screen: its path, who may open it, and where it sits in the menu. Pure data, so menus and guards are
 * unit-tested; web/src/routes/pages.tsx maps each id to its (lazily loaded) component. A new context (grants,
 * verification, reports…) adds its entries here and its page there.
 */
export type ScreenId =
  | 'catalog' | 'catalogItem' | 'providers'
  | 'upload' | 'templates' | 'batches' | 'quarantine'
  | 'quality' | 'subjects'
  | 'profile' | 'lookup' | 'enterprise' | 'verify'
  | 'grants' | 'grantNew' | 'grantRequest'
  | 'reports' | 'reportCheck' | 'audit'
  | 'financing' | 'financingWork' | 'compensationFunds' | 'compensationClaims' | 'financingStats'
  | 'monitoring' | 'negativeRules' | 'feedSubscription' | 'platformUsage' | 'monitoringStats'
  | 'register' | 'registration' | 'commitments' | 'declarations' | 'apiKeys' | 'directory' | 'accounts' | 'registrations'
  | 'evaluation' | 'subjectEvaluation' | 'evaluationSystem'
  | 'scorecards' | 'scorecard' | 'selfPortrait' | 'portrait' | 'selfRelations' | 'relations'
  | 'objections' | 'repairs' | 'repairStats' | 'repairNotices'

export type MenuIcon =
  | 'catalog' | 'providers' | 'upload' | 'templates' | 'batches' | 'quarantine' | 'quality' | 'subjects'
  | 'grants' | 'grantRequest' | 'profile' | 'lookup' | 'verify' | 'reports' | 'reportCheck' | 'audit'
  | 'financing' | 'financingWork' | 'funds' | 'claims' | 'stats' | 'monitoring' | 'feed' | 'platformUsage'
  | 'registration' | 'commitments' | 'declarations' | 'apiKeys' | 'directory' | 'accounts' | 'registrations'
  | 'evaluation' | 'evaluationSystem'
  | 'scorecards' | 'portrait'
  | 'objections' | 'repairs' | 'repairNotices'

/** Menu groups: each a heading over its entries. */
export type MenuGroup = 'ingest' | 'access' | 'admin' | 'stats'

export interface Screen {
  id: ScreenId
  path: string
  roles: readonly Role[]
  /** The menu entry; screens without one (details) highlight their parent. */
  menu?: { label: MessageKey; icon: MenuIcon; group?: MenuGroup; labelByRole?: Partial<Record<Role, MessageKey>> }
  parent?: ScreenId
  /** Open without logging in too (报告核验): shown in a plain public frame when nobody is logged in. */
  public?: true
}

const ALL: readonly Role[] = ['operator', 'provider', 'platform', 'institution', 'enterprise', 'supervisor']
/** Who may read an enterprise's profile (GET /api/subjects/:code/profile), each cut to what it may see. */
const LOOKERS: readonly Role[] = ['institution', 'operator', 'supervisor', 'platform']

export const SCREENS: readonly Screen[] = [
  { id: 'upload', path: '/ingest/upload', roles: ['provider'], menu: { label: 'menu.upload', icon: 'upload' } },
  { id: 'templates', path: '/ingest/templates', roles: ['provider'], menu: { label: 'menu.templates', icon: 'templates' } },
  { id: 'catalog', path: '/catalog', roles: ALL, menu: { label: 'menu.catalog', icon: 'catalog' } },
  { id: 'catalogItem', path: '/catalog/:itemKey', roles: ALL, parent: 'catalog' },
  { id: 'providers', path: '/providers', roles: ['operator'], menu: { label: 'menu.providers', icon: 'providers' } },
  { id: 'batches', path: '/ingest/batches', roles: ['operator', 'provider', 'supervisor'], menu: { label: 'menu.batches', icon: 'batches', group: 'ingest' } },
  { id: 'quarantine', path: '/ingest/quarantine', roles: ['operator', 'provider'], menu: { label: 'menu.quarantine', icon: 'quarantine', group: 'ingest', labelByRole: { provider: 'menu.rejects' } } },
  { id: 'quality', path: '/quality', roles: ['operator', 'provider', 'supervisor'], menu: { label: 'menu.quality', icon: 'quality' } },
  { id: 'subjects', path: '/subjects', roles: ['operator', 'supervisor'], menu: { label: 'menu.subjects', icon: 'subjects' } },
  // Enterprise, institution and oversight of access (docs/access.md): who may open what follows the API's route policies.
  { id: 'profile', path: '/access/profile', roles: ['enterprise'], menu: { label: 'menu.profile', icon: 'profile', group: 'access' } },
  { id: 'lookup', path: '/access/enterprises', roles: LOOKERS, menu: { label: 'menu.lookup', icon: 'lookup', group: 'access' } },
  { id: 'enterprise', path: '/access/enterprises/:code', roles: LOOKERS, parent: 'lookup' },
  { id: 'verify', path: '/access/verify', roles: ['institution'], menu: { label: 'menu.verify', icon: 'verify', group: 'access' } },
  {
    id: 'grants', path: '/access/grants', roles: ['enterprise', 'institution', 'operator'],
    menu: { label: 'menu.grants', icon: 'grants', group: 'access', labelByRole: { institution: 'menu.myGrants', operator: 'menu.grantsOverview' } },
  },
  { id: 'grantNew', path: '/access/grants/new', roles: ['enterprise'], parent: 'grants' },
  { id: 'grantRequest', path: '/access/grants/request', roles: ['institution'], menu: { label: 'menu.grantRequest', icon: 'grantRequest', group: 'access' } },
  { id: 'reports', path: '/access/reports', roles: ['enterprise', 'institution'], menu: { label: 'menu.reports', icon: 'reports', group: 'access' } },
  {
    id: 'audit', path: '/access/audit', roles: ['enterprise', 'institution', 'operator'],
    menu: { label: 'menu.audit', icon: 'audit', group: 'access', labelByRole: { institution: 'menu.usage', operator: 'menu.auditLog' } },
  },
  { id: 'reportCheck', path: '/report-check', roles: ALL, public: true, menu: { label: 'menu.reportCheck', icon: 'reportCheck', group: 'access' } },
  // 信易贷: the enterprise's products, needs and applications; the bank's queue, the operator's review, the supervisor's view.
  { id: 'financing', path: '/financing', roles: ['enterprise'], menu: { label: 'menu.financing', icon: 'financing' } },
  {
    id: 'financingWork', path: '/financing/work', roles: ['institution', 'operator', 'supervisor'],
    menu: { label: 'menu.financingWork', icon: 'financingWork', labelByRole: { institution: 'menu.financingQueue', operator: 'menu.financingReview' } },
  },
  // Risk compensation (docs/compensation.md): the operator runs the funds and reviews claims; institutions file their own.
  { id: 'compensationFunds', path: '/compensation/funds', roles: ['operator', 'supervisor'], menu: { label: 'menu.compensationFunds', icon: 'funds' } },
  {
    id: 'compensationClaims', path: '/compensation/claims', roles: ['operator', 'supervisor', 'institution'],
    menu: { label: 'menu.compensationClaims', icon: 'claims', labelByRole: { institution: 'menu.myClaims', operator: 'menu.claimReview' } },
  },
  // 风险监测预警 (§十五, docs/monitoring.md): the institution's watch list, live alerts, rules and webhook.
  { id: 'monitoring', path: '/monitoring', roles: ['institution'], menu: { label: 'menu.monitoring', icon: 'monitoring' } },
  // What counts as negative per item (the alerts' input): the operator's rules, with their history.
  { id: 'negativeRules', path: '/monitoring/negative-rules', roles: ['operator'], menu: { label: 'menu.negativeRules', icon: 'monitoring', group: 'admin' } },
  // 统计分析 (§二十): read-only figures for the credit service centre and supervisors.
  { id: 'monitoringStats', path: '/stats/monitoring', roles: ['operator', 'supervisor'], menu: { label: 'menu.monitoringStats', icon: 'monitoring', group: 'stats' } },
  { id: 'financingStats', path: '/stats/financing', roles: ['operator', 'supervisor'], menu: { label: 'menu.financingStats', icon: 'stats', group: 'stats' } },
  // 信用评价 (§十二, docs/evaluation.md): the enterprise's own (free); an institution's under a grant; the operator's indicator system.
  { id: 'evaluation', path: '/self/evaluation', roles: ['enterprise'], menu: { label: 'menu.evaluation', icon: 'evaluation', group: 'access' } },
  { id: 'subjectEvaluation', path: '/access/enterprises/:code/evaluation', roles: ['institution', 'operator'], parent: 'lookup' },
  { id: 'evaluationSystem', path: '/admin/evaluation', roles: ['operator'], menu: { label: 'menu.evaluationSystem', icon: 'evaluationSystem', group: 'admin' } },
  // 评分卡 and 企业信用画像 (docs/scorecards.md): an institution's own cards; the portrait for the enterprise itself,
  // and for an institution (under a grant) or the operator from the enterprise's page.
  { id: 'scorecards', path: '/scorecards', roles: ['institution'], menu: { label: 'menu.scorecards', icon: 'scorecards' } },
  { id: 'scorecard', path: '/scorecards/:id', roles: ['institution'], parent: 'scorecards' },
  { id: 'selfPortrait', path: '/self/portrait', roles: ['enterprise'], menu: { label: 'menu.portrait', icon: 'portrait', group: 'access' } },
  { id: 'portrait', path: '/access/enterprises/:code/portrait', roles: ['institution', 'operator'], parent: 'lookup' },
  // 关联分析 (docs/relations.md): opened from the portrait and the evaluation, on the portrait's footing.
  { id: 'selfRelations', path: '/self/relations', roles: ['enterprise'], parent: 'selfPortrait' },
  { id: 'relations', path: '/access/enterprises/:code/relations', roles: ['institution', 'operator'], parent: 'lookup' },
  // 异议申诉与信用修复 (§十七, docs/repair.md): the enterprise files, the providing unit answers, the operator oversees.
  {
    id: 'objections', path: '/repair/objections', roles: ['enterprise', 'provider', 'operator'],
    menu: { label: 'menu.objections', icon: 'objections', labelByRole: { provider: 'menu.objectionQueue' } },
  },
  {
    id: 'repairs', path: '/repair/repairs', roles: ['enterprise', 'provider', 'operator'],
    menu: { label: 'menu.repairs', icon: 'repairs', labelByRole: { provider: 'menu.repairQueue' } },
  },
  { id: 'repairStats', path: '/stats/repair', roles: ['operator', 'supervisor'], menu: { label: 'menu.repairStats', icon: 'stats', group: 'stats' } },
  { id: 'repairNotices', path: '/repair/notices', roles: ['institution', 'platform'], menu: { label: 'menu.repairNotices', icon: 'repairNotices' } },
  // The N platforms (§七, §九, docs/platforms.md): a platform's feed of shared data; usage per platform for the operator and supervisors.
  { id: 'feedSubscription', path: '/platforms/feed', roles: ['platform'], menu: { label: 'menu.feedSubscription', icon: 'feed' } },
  { id: 'platformUsage', path: '/stats/platforms', roles: ['operator', 'supervisor'], menu: { label: 'menu.platformUsage', icon: 'platformUsage', group: 'stats' } },
  // Onboarding: the public registration form, the enterprise's own statements, keys, and the operator's administration.
  { id: 'register', path: '/register', roles: ALL, public: true },
  { id: 'registration', path: '/account/registration', roles: ['enterprise'], menu: { label: 'menu.registration', icon: 'registration' } },
  { id: 'commitments', path: '/self/commitments', roles: ['enterprise'], menu: { label: 'menu.commitments', icon: 'commitments', group: 'access' } },
  { id: 'declarations', path: '/self/declarations', roles: ['enterprise'], menu: { label: 'menu.declarations', icon: 'declarations', group: 'access' } },
  { id: 'apiKeys', path: '/self/keys', roles: ['institution', 'provider', 'platform'], menu: { label: 'menu.apiKeys', icon: 'apiKeys' } },
  { id: 'directory', path: '/admin/directory', roles: ['operator'], menu: { label: 'menu.directory', icon: 'directory', group: 'admin' } },
  { id: 'accounts', path: '/admin/accounts', roles: ['operator'], menu: { label: 'menu.accounts', icon: 'accounts', group: 'admin' } },
  { id: 'registrations', path: '/admin/registrations', roles: ['operator'], menu: { label: 'menu.registrations', icon: 'registrations', group: 'admin' } },
]

/** Where an account whose registration is not yet approved may go: its registration status, nothing else. */
export const PENDING_HOME = '/account/registration'

/** The order screens appear in each role's menu: its daily work first. */
const MENU_ORDER: Record<Role, readonly ScreenId[]> = {
  operator: ['catalog', 'providers', 'batches', 'quarantine', 'quality', 'subjects', 'lookup', 'grants', 'audit', 'objections', 'repairs', 'financingWork', 'compensationFunds', 'compensationClaims', 'financingStats', 'platformUsage', 'repairStats', 'monitoringStats', 'evaluationSystem', 'negativeRules', 'directory', 'accounts', 'registrations'],
  provider: ['upload', 'templates', 'batches', 'quarantine', 'objections', 'repairs', 'quality', 'catalog', 'apiKeys'],
  supervisor: ['quality', 'batches', 'subjects', 'lookup', 'financingWork', 'compensationFunds', 'compensationClaims', 'financingStats', 'platformUsage', 'repairStats', 'monitoringStats', 'catalog'],
  institution: ['lookup', 'verify', 'grants', 'grantRequest', 'financingWork', 'monitoring', 'scorecards', 'compensationClaims', 'audit', 'reports', 'repairNotices', 'reportCheck', 'catalog', 'apiKeys'],
  enterprise: ['profile', 'objections', 'repairs', 'evaluation', 'selfPortrait', 'financing', 'grants', 'audit', 'reports', 'commitments', 'declarations', 'reportCheck', 'catalog', 'registration'],
  platform: ['feedSubscription', 'lookup', 'repairNotices', 'reportCheck', 'catalog', 'apiKeys'],
}

export interface MenuEntry {
  id: ScreenId
  path: string
  label: MessageKey
  icon: MenuIcon
  group?: MenuGroup
}

export function menuFor(role: Role): MenuEntry[] {
  return MENU_ORDER[role].flatMap((id) => {
    const s = SCREENS.find((x) => x.id === id)
    if (!s?.menu || !s.roles.includes(role)) return []
    return [{ id, path: s.path, label: s.menu.labelByRole?.[role] ?? s.menu.label, icon: s.menu.icon, ...(s.menu.group ? { group: s.menu.group } : {}) }]
  })
}

/** Where a role lands after logging in. */
export function homeFor(role: Role): string {
  return menuFor(role)[0]?.path ?? '/catalog'
}

export function findScreen(pathname: string): { screen: Screen; params: Record<string, string> } | null {
  for (const screen of SCREENS) {
    const params = matchPath(screen.path, pathname)
    if (params) return { screen, params }
  }
  return null
}

/** A screen anyone may open, logged in or not (报告核验). */
export function isPublic(pathname: string): boolean {
  return !!findScreen(pathname)?.screen.public
}

export function canOpen(role: Role, pathname: string): boolean {
  const found = findScreen(pathname)
  return !!found && found.screen.roles.includes(role)
}

/** After login: back where the user was if that role may be there, else the role's home. */
export function landingFor(role: Role, next: string | null | undefined): string {
  if (next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login')) {
    const pathname = next.split('?')[0]!
    if (canOpen(role, pathname)) return next
  }
  return homeFor(role)
}

/** The menu entry to highlight for a path (a detail page highlights its list). */
export function selectedMenu(pathname: string): ScreenId | undefined {
  const found = findScreen(pathname)
  if (!found) return undefined
  return found.screen.menu ? found.screen.id : found.screen.parent
}
