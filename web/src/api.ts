// The one client of the gateway: openapi-fetch over the types openapi-typescript generates from the merged
// OpenAPI at build time (generated/schema.d.ts). No request or answer type is written by hand: a contract change
// that breaks a screen breaks `vue-tsc --noEmit`, hence the build.
import createClient from 'openapi-fetch'
import type { components, paths } from '../generated/schema'

export type Schemas = components['schemas']
export type Problem = Schemas['Problem'] & { upstream?: string | null }

let accessToken: string | null = null
let refresher: (() => Promise<boolean>) | null = null
let refreshing: Promise<boolean> | null = null

/** The access token lives only in this module's memory (never in storage). */
export function setAccessToken(token: string | null): void {
  accessToken = token
}

export function hasAccessToken(): boolean {
  return accessToken !== null
}

/** How a 401 is answered: the auth store's silent refresh (the httpOnly cookie). */
export function setRefresher(fn: () => Promise<boolean>): void {
  refresher = fn
}

/** One refresh at a time, whatever the number of requests that got a 401 together. */
export function refreshOnce(): Promise<boolean> {
  if (!refresher) return Promise.resolve(false)
  refreshing ??= refresher().finally(() => {
    refreshing = null
  })
  return refreshing
}

function withToken(request: Request): Request {
  if (accessToken) request.headers.set('Authorization', `Bearer ${accessToken}`)
  return request
}

/** fetch with the bearer token; on a 401 outside the auth routes, refresh silently once and try again. */
async function authFetch(input: Request): Promise<Response> {
  const retry = input.clone()
  const response = await fetch(withToken(input))
  if (response.status !== 401 || new URL(input.url).pathname.startsWith('/api/v1/auth/')) return response
  if (!(await refreshOnce())) return response
  return fetch(withToken(retry))
}

export const api = createClient<paths>({ baseUrl: window.location.origin, fetch: authFetch })

/** The list of a bounded list or of a keyset page (lists are becoming `Page` objects). */
export function itemsOf<T>(data: T[] | { items: T[] } | undefined): T[] {
  if (!data) return []
  return Array.isArray(data) ? data : data.items
}

/** A problem+json answer, or a made-up one in Chinese when the network or the answer failed. */
export function problemOf(error: unknown, response: Response | undefined): Problem {
  if (error && typeof error === 'object' && 'code' in error && 'message' in error) return error as Problem
  const status = response?.status ?? 0
  return {
    type: 'about:blank', title: 'error', status, code: status ? 'unexpected' : 'network',
    message: status ? `请求失败（${status}），请稍后重试。` : '无法连接服务器，请检查网络后重试。',
  }
}

/** Save a file the API answered (an .xlsx export) under `filename`. */
export function saveBlob(blob: Blob, filename: string): void {
  const link = document.createElement('a')
  link.href = URL.createObjectURL(blob)
  link.download = filename
  link.click()
  setTimeout(() => URL.revokeObjectURL(link.href), 1000)
}

/** The request body of a file upload as openapi-fetch sends it: multipart form data with the file (typed as a
 * string by the generated client, being binary) and any text fields that have a value. */
export function multipart(file: File, fields: Record<string, string | undefined> = {}) {
  return {
    body: { ...fields, file: file as unknown as string },
    bodySerializer: (body: Record<string, unknown>) => {
      const form = new FormData()
      for (const [name, value] of Object.entries(body)) {
        if (value instanceof Blob) form.append(name, value)
        else if (typeof value === 'string' && value) form.append(name, value)
      }
      return form
    },
  }
}
