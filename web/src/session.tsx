import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { api, loginUrl, setUnauthorizedHandler } from './api/client'
import type { Account } from './api/types'
import { navigate } from './router'

interface SessionState {
  /** undefined while the first "who am I" is on its way; null when nobody is logged in. */
  account: Account | null | undefined
  login(username: string, password: string): Promise<Account>
  logout(): Promise<void>
}

const SessionContext = createContext<SessionState | null>(null)

/** Who is logged in: asked once at start (the session is an HttpOnly cookie, invisible to scripts). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [account, setAccount] = useState<Account | null | undefined>(undefined)

  useEffect(() => {
    // Any 401 later on (session expired, logged out elsewhere): forget the account, go to /login and come back.
    setUnauthorizedHandler(() => {
      setAccount(null)
      if (!window.location.pathname.startsWith('/login')) navigate(loginUrl(), { replace: true })
    })
    const ctl = new AbortController()
    api
      .get('/api/auth/me', { noAuthRedirect: true, signal: ctl.signal })
      .then(setAccount)
      .catch((err: unknown) => {
        // Not logged in (401), or the server unreachable: either way the login page is where to start.
        if (!ctl.signal.aborted) setAccount(null)
        void err
      })
    return () => ctl.abort()
  }, [])

  const login = useCallback(async (username: string, password: string) => {
    const r = await api.post('/api/auth/login', { username, password }, { noAuthRedirect: true })
    setAccount(r.account)
    return r.account
  }, [])

  const logout = useCallback(async () => {
    try {
      await api.post('/api/auth/logout', {}, { noAuthRedirect: true })
    } finally {
      setAccount(null)
      navigate('/login', { replace: true })
    }
  }, [])

  const value = useMemo(() => ({ account, login, logout }), [account, login, logout])
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSession(): SessionState {
  const s = useContext(SessionContext)
  if (!s) throw new Error('useSession outside SessionProvider')
  return s
}

/** The logged-in account, for screens behind the guard (which only renders them with one). */
export function useAccount(): Account {
  const { account } = useSession()
  if (!account) throw new Error('useAccount without a session')
  return account
}
