// The scorer's entries not yet on the server, kept in localStorage per user: sheet id → the score typed and the
// ETag it is meant for. Written on every keystroke, removed once the server has the value.

export interface Pending {
  score: string
  etag: string
}

export const pendingKey = (user: string): string => `tuijin.scorer.pending.${user}`

export function loadPending(key: string): Record<string, Pending> {
  try {
    const raw = localStorage.getItem(key)
    const parsed: unknown = raw ? JSON.parse(raw) : {}
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, Pending>) : {}
  } catch {
    return {}
  }
}

export function savePending(key: string, entries: Record<string, Pending>): void {
  if (Object.keys(entries).length) localStorage.setItem(key, JSON.stringify(entries))
  else localStorage.removeItem(key)
}

/** A score as the page shows it: "52.50" → "52.5", none → "". */
export function scoreText(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  const n = Number(value)
  return Number.isNaN(n) ? String(value) : String(n)
}

export function inRange(value: string, min: string | number, max: string | number): boolean {
  const n = Number(value)
  return /^\d+(\.\d{1,2})?$/.test(value) && n >= Number(min) && n <= Number(max) // to 0.01, like the sheets
}

/** How many of the sheets have no score, counting what was typed and not yet sent. */
export function emptyCount<T>(sheets: T[], valueOf: (s: T) => string): number {
  return sheets.filter((s) => valueOf(s) === '').length
}
