// Who is logged in. The access token is kept in memory (api.ts) only; the refresh token never reaches
// script-readable storage: the gateway sets it as an httpOnly, SameSite=Strict cookie on login and rotates it on
// each refresh. A reload of the page restores the session through that cookie (silent refresh); the access token
// is renewed shortly before it expires; logout revokes the whole login on the gateway.
// After a password reset the login answers `password_change_required` with a limited token and no session: the
// router sends the person to the password change screen, and nothing else is reachable until it is done.
import { defineStore } from 'pinia'
import { ref } from 'vue'

import { api, problemOf, refreshOnce, setAccessToken, setRefresher, type Problem, type Schemas } from '../api'

type TokenPair = Schemas['TokenPair']

export const useAuth = defineStore('auth', () => {
  const user = ref<Schemas['UserOut'] | null>(null)
  /** The login must change its password before anything else (a reset, a one-time password). */
  const mustChange = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined

  function accept(pair: TokenPair): void {
    setAccessToken(pair.access_token)
    user.value = pair.user
    clearTimeout(timer)
    mustChange.value = pair.password_change_required === true
    if (mustChange.value) return // a limited token: no session to renew
    // renew at 80% of the access token's life, so that a working clerk never meets a 401
    timer = setTimeout(() => void refreshOnce(), Math.max(10, pair.expires_in * 0.8) * 1000)
  }

  function forget(): void {
    clearTimeout(timer)
    setAccessToken(null)
    user.value = null
    mustChange.value = false
  }

  async function refresh(): Promise<boolean> {
    const { data } = await api.POST('/api/v1/auth/refresh', {})
    if (!data) {
      forget()
      return false
    }
    accept(data)
    return true
  }
  setRefresher(refresh)

  async function login(username: string, password: string): Promise<Problem | null> {
    const { data, error, response } = await api.POST('/api/v1/auth/token', {
      body: { username, password, grant_type: 'password', scope: '' },
      bodySerializer: (body) => new URLSearchParams(
        Object.entries(body).filter(([, v]) => typeof v === 'string') as [string, string][]),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    if (!data) return problemOf(error, response)
    accept(data)
    return null
  }

  /** Change the password with the current one; every session ends, so log in again with the new password. */
  async function changePassword(current: string, next: string): Promise<Problem | null> {
    const username = user.value?.username
    const { error, response } = await api.POST('/api/v1/auth/password', {
      body: { current_password: current, new_password: next },
    })
    if (!response.ok) return problemOf(error, response)
    forget()
    return username ? login(username, next) : null
  }

  async function logout(): Promise<void> {
    await api.POST('/api/v1/auth/logout', {})
    forget()
  }

  /** On page load: a session of this browser continues without asking for the password again. */
  async function restore(): Promise<boolean> {
    return user.value !== null || (await refreshOnce())
  }

  const hasRole = (...roles: string[]) => (user.value?.roles ?? []).some((r) => roles.includes(r))

  return { user, mustChange, login, logout, restore, refresh, hasRole, changePassword }
})
