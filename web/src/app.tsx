import { Component, Suspense, useEffect, useState, type ErrorInfo, type ReactNode } from 'react'
import { App, Button, Drawer, Grid, Layout, Menu, Result, Spin, Tag, Tooltip, type MenuProps } from 'antd'
import {
  AccountBookOutlined, ApartmentOutlined, AuditOutlined, BankOutlined, BarChartOutlined, BookOutlined, CarryOutOutlined, CloudUploadOutlined, DatabaseOutlined,
  FileExcelOutlined, FilePdfOutlined, FileSearchOutlined, FormOutlined, HistoryOutlined, LoginOutlined, LogoutOutlined, MenuFoldOutlined,
  MenuUnfoldOutlined, MoneyCollectOutlined, SafetyCertificateOutlined, SearchOutlined, SolutionOutlined, TeamOutlined, WarningOutlined,
  IdcardOutlined, FileProtectOutlined, DashboardOutlined, ControlOutlined, EditOutlined, KeyOutlined, ClusterOutlined, UserSwitchOutlined, CheckSquareOutlined, PieChartOutlined,
  FundOutlined, ProfileOutlined, AlertOutlined,
  ExceptionOutlined, RedoOutlined, NotificationOutlined,
  SyncOutlined, FundProjectionScreenOutlined,
} from '@ant-design/icons'
import type { Account } from './api/types'
import { loginUrl } from './api/client'
import { NotificationBell } from './components/notifications'
import { t } from './i18n'
import { Link, navigate, useLocation } from './router'
import { findScreen, homeFor, isPublic, landingFor, menuFor, PENDING_HOME, selectedMenu, type MenuIcon } from './routes/registry'
import { PAGES } from './routes/pages'
import LoginPage from './routes/login/login-page'
import { useSession } from './session'

const ICONS: Record<MenuIcon, ReactNode> = {
  catalog: <BookOutlined />, providers: <ApartmentOutlined />, upload: <CloudUploadOutlined />, templates: <FileExcelOutlined />,
  batches: <DatabaseOutlined />, quarantine: <WarningOutlined />, quality: <BarChartOutlined />, subjects: <TeamOutlined />,
  grants: <AuditOutlined />, grantRequest: <FormOutlined />, profile: <SolutionOutlined />, lookup: <SearchOutlined />, verify: <SafetyCertificateOutlined />,
  reports: <FilePdfOutlined />, reportCheck: <FileSearchOutlined />, audit: <HistoryOutlined />,
  funds: <AccountBookOutlined />, claims: <MoneyCollectOutlined />, stats: <PieChartOutlined />, monitoring: <AlertOutlined />, feed: <SyncOutlined />, platformUsage: <FundProjectionScreenOutlined />,
  financing: <BankOutlined />, financingWork: <CarryOutOutlined />,
  registration: <IdcardOutlined />, commitments: <FileProtectOutlined />, declarations: <EditOutlined />, apiKeys: <KeyOutlined />,
  directory: <ClusterOutlined />, accounts: <UserSwitchOutlined />, registrations: <CheckSquareOutlined />,
  evaluation: <DashboardOutlined />, evaluationSystem: <ControlOutlined />,
  scorecards: <FundOutlined />, portrait: <ProfileOutlined />,
  objections: <ExceptionOutlined />, repairs: <RedoOutlined />, repairNotices: <NotificationOutlined />,
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to])
  return null
}

/** Login, the role guard and the shell: every screen below is rendered only for a role allowed to see it. */
export function Root() {
  const { account } = useSession()
  const loc = useLocation()
  const role = account?.role
  useEffect(() => {
    const menu = findScreen(loc.pathname)?.screen.menu
    const label = menu ? (role && menu.labelByRole?.[role]) || menu.label : undefined
    document.title = label ? `${t(label)} · ${t('app.fullTitle')}` : t('app.fullTitle')
  }, [loc.pathname, role])

  if (account === undefined) return <Spin fullscreen tip={t('app.loading')} />
  if (loc.pathname === '/login') return account ? <Redirect to={account.pending ? PENDING_HOME : landingFor(account.role, loc.query.get('next'))} /> : <LoginPage />
  if (!account && isPublic(loc.pathname)) {
    return (
      <PublicFrame>
        <Screen account={null} pathname={loc.pathname} />
      </PublicFrame>
    )
  }
  if (!account) return <Redirect to={loginUrl(`${loc.pathname}${loc.search}`)} />
  if (loc.pathname === '/' || loc.pathname === '') return <Redirect to={account.pending ? PENDING_HOME : homeFor(account.role)} />
  // A registration not yet approved sees its status and nothing else (the API refuses everything else too).
  if (account.pending && loc.pathname !== PENDING_HOME) return <Redirect to={PENDING_HOME} />
  return (
    <Shell account={account}>
      <Screen account={account} pathname={loc.pathname} />
    </Shell>
  )
}

function Screen({ account, pathname }: { account: Account | null; pathname: string }) {
  const found = findScreen(pathname)
  if (!found) {
    return <Result status="404" title={t('common.notFoundTitle')} subTitle={t('common.notFound')} extra={<Button type="primary" onClick={() => navigate(account ? homeFor(account.role) : '/login')}>{t('common.goHome')}</Button>} />
  }
  if (account && !found.screen.public && !found.screen.roles.includes(account.role)) {
    return <Result status="403" title={t('common.forbiddenTitle')} subTitle={t('common.forbidden', { role: t(`roles.${account.role}`) })} extra={<Button type="primary" onClick={() => navigate(homeFor(account.role))}>{t('common.goHome')}</Button>} />
  }
  const Page = PAGES[found.screen.id]
  return (
    <PageBoundary key={pathname}>
      <Suspense fallback={<div style={{ padding: 48, textAlign: 'center' }}><Spin /></div>}>
        <Page params={found.params} screen={found.screen} />
      </Suspense>
    </PageBoundary>
  )
}

/** The frame of a public screen (报告核验) for someone not logged in: the brand, and the way to log in. */
function PublicFrame({ children }: { children: ReactNode }) {
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="app-header">
        <Link to="/login" className="brand" aria-label={t('app.fullTitle')}>
          <span className="brand-mark" aria-hidden>信</span>
          <span style={{ display: 'flex', flexDirection: 'column', lineHeight: 1.25 }}>
            <span className="brand-name">{t('app.name')}</span>
            <span className="brand-sub">{t('app.operatorUnit')}</span>
          </span>
        </Link>
        <div className="header-right">
          <Button type="text" icon={<LoginOutlined />} href="/login" onClick={(e) => { e.preventDefault(); navigate('/login') }}>{t('login.submit')}</Button>
        </div>
      </Layout.Header>
      <Layout.Content className="app-content public-content">{children}</Layout.Content>
      <Layout.Footer className="app-footer">{t('app.footer')}</Layout.Footer>
    </Layout>
  )
}

/** A screen that throws shows a sentence, never a stack trace; the rest of the app keeps working. */
class PageBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false }
  static getDerivedStateFromError() {
    return { failed: true }
  }
  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(error, info.componentStack)
  }
  override render() {
    return this.state.failed ? <Result status="error" title={t('common.pageError')} extra={<Button onClick={() => window.location.reload()}>{t('common.refresh')}</Button>} /> : this.props.children
  }
}

function Shell({ account, children }: { account: Account; children: ReactNode }) {
  const { logout } = useSession()
  const loc = useLocation()
  const screens = Grid.useBreakpoint()
  // Until the first measurement, assume a desktop; a phone switches to the drawer menu at once.
  const desktop = screens.md ?? true
  const [collapsed, setCollapsed] = useState(false)
  const [drawerOpen, setDrawerOpen] = useState(false)

  useEffect(() => setDrawerOpen(false), [loc.pathname])

  const entries = account.pending ? menuFor(account.role).filter((e) => e.path === PENDING_HOME) : menuFor(account.role)
  const items: MenuProps['items'] = []
  const groups = new Map<string, NonNullable<MenuProps['items']>>()
  for (const e of entries) {
    const item = { key: e.path, icon: ICONS[e.icon], label: t(e.label) }
    if (!e.group) {
      items.push(item)
      continue
    }
    let g = groups.get(e.group)
    if (!g) {
      g = []
      groups.set(e.group, g)
      items.push({ type: 'group', key: `group-${e.group}`, label: t(e.group === 'ingest' ? 'menu.ingest' : e.group === 'admin' ? 'menu.admin' : e.group === 'stats' ? 'menu.statsGroup' : 'menu.access'), children: g })
    }
    g.push(item)
  }
  const selected = selectedMenu(loc.pathname)
  const selectedPath = entries.find((e) => e.id === selected)?.path
  const menu = (
    <Menu
      mode="inline"
      aria-label={t('layout.mainMenu')}
      selectedKeys={selectedPath ? [selectedPath] : []}
      items={items}
      onClick={({ key }) => navigate(String(key))}
      style={{ borderInlineEnd: 'none', paddingTop: 8 }}
    />
  )

  const { modal } = App.useApp()
  const confirmLogout = () =>
    modal.confirm({ title: t('layout.logoutConfirm'), okText: t('common.confirm'), cancelText: t('common.cancel'), onOk: () => logout() })

  const toggleOpen = desktop ? !collapsed : drawerOpen
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="app-header">
        <Button
          type="text"
          className="menu-toggle"
          aria-label={toggleOpen ? t('layout.closeMenu') : t('layout.openMenu')}
          aria-expanded={toggleOpen}
          icon={toggleOpen ? <MenuFoldOutlined /> : <MenuUnfoldOutlined />}
          onClick={() => (desktop ? setCollapsed((c) => !c) : setDrawerOpen((o) => !o))}
        />
        <Link to={homeFor(account.role)} className="brand" aria-label={t('app.fullTitle')}>
          <span className="brand-mark" aria-hidden>信</span>
          <span style={{ display: 'flex', flexDirection: 'column', lineHeight: 1.25 }}>
            <span className="brand-name">{desktop ? t('app.fullTitle') : t('app.name')}</span>
            <span className="brand-sub">{t('app.operatorUnit')}</span>
          </span>
        </Link>
        <div className="header-right">
          {/* A registration still pending may read nothing but its own status: no notices to poll. */}
          {(account.role === 'institution' || account.role === 'enterprise') && !account.pending && <NotificationBell />}
          <Tooltip title={t('layout.unit')}>
            <span className="header-unit" data-testid="header-unit">
              <BankOutlined aria-hidden />
              <span>{account.role === 'enterprise' ? account.displayName : account.organization ?? account.displayName}</span>
            </span>
          </Tooltip>
          {desktop && (
            <span className="header-user" title={t('layout.account')}>
              {account.displayName} <Tag color="blue" variant="filled" style={{ marginInlineStart: 6 }}>{t(`roles.${account.role}`)}</Tag>
            </span>
          )}
          <Button type="text" icon={<LogoutOutlined />} onClick={confirmLogout} aria-label={t('layout.logout')}>
            {desktop ? t('layout.logout') : null}
          </Button>
        </div>
      </Layout.Header>
      <Layout hasSider={desktop}>
        {desktop ? (
          <Layout.Sider className="app-sider" width={220} collapsedWidth={64} collapsible collapsed={collapsed} trigger={null} theme="light">
            {menu}
          </Layout.Sider>
        ) : (
          <Drawer
            placement="left"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            size={280}
            title={t('app.name')}
            styles={{ body: { padding: 0 } }}
          >
            {menu}
          </Drawer>
        )}
        <Layout>
          <Layout.Content className="app-content">
            {children}
          </Layout.Content>
          <Layout.Footer className="app-footer">{t('app.footer')}</Layout.Footer>
        </Layout>
      </Layout>
    </Layout>
  )
}
