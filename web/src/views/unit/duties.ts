// What every duty screen of the unit liaison (联络员) shares: deadlines counted in working days on the region's
// calendar (national holidays and make-up workdays, overlaid by the office's overrides), an Idempotency-Key per
// form so a resend on a bad network writes once, and the server's Chinese message placed beside the field.
import { ref } from 'vue'

import { api, type Problem } from '../../api'
import { countyToday } from '../../format'

const WINDOW_DAYS = 180 // the calendar API answers at most 367 days: half a year either side of today

function shift(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

function weekday(day: string): boolean {
  const w = new Date(`${day}T00:00:00Z`).getUTCDay()
  return w !== 0 && w !== 6
}

const workingDays = ref<Map<string, boolean> | null>(null)
let loading: Promise<void> | null = null

/** The region's working days around today, read once per page load (Mon–Fri where the calendar is not known). */
export function loadCalendar(region: string): Promise<void> {
  loading ??= (async () => {
    const today = countyToday()
    const { data } = await api.GET('/api/v1/calendar/days', {
      params: { query: { from: shift(today, -WINDOW_DAYS), to: shift(today, WINDOW_DAYS), region_code: region || undefined } },
    })
    workingDays.value = new Map((data ?? []).map((d) => [d.day, d.is_working_day]))
  })()
  return loading
}

function isWorking(day: string): boolean {
  return workingDays.value?.get(day) ?? weekday(day)
}

/** Working days after `from` up to and including `to` (negative when `to` is before `from`), as the services count. */
export function workingDaysBetween(from: string, to: string): number {
  if (from === to) return 0
  const sign = to > from ? 1 : -1
  let [day, last] = sign > 0 ? [shift(from, 1), to] : [to, shift(from, -1)]
  let count = 0
  for (let guard = 0; day <= last && guard < 3700; guard++) {
    if (isWorking(day)) count++
    day = shift(day, 1)
  }
  return sign * count
}

export interface Due {
  text: string
  overdue: boolean
}

/** A deadline as the liaison reads it: 剩余3个工作日 / 今日到期 / 已逾期2个工作日. */
export function dueIn(due: string | null | undefined, overdue = false): Due | null {
  if (!due) return null
  void workingDays.value // recomputed once the calendar is in
  const today = countyToday()
  const left = workingDaysBetween(today, due)
  if (due < today) return { text: `已逾期${Math.max(-left, 1)}个工作日`, overdue: true }
  if (due === today) return { text: '今日到期', overdue }
  return { text: `剩余${left}个工作日`, overdue }
}

/** An Idempotency-Key (also where crypto.randomUUID is missing: a county intranet served over plain http). */
export function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** The message of a refused form beside a field: the one the problem names for it (`body.answer` → `answer`); the
 * form's main field (`main`) also shows the problem's own message when it names no field. */
export function fieldMessage(problem: Problem | null, field: string, main = true): string {
  if (!problem) return ''
  const errors = problem.errors ?? []
  const named = errors.find((e) => e.field.split('.').pop() === field)
  if (named) return /[\u4e00-\u9fff]/.test(named.message) ? named.message : problem.message // a domain rule's detail may be English
  return main && !errors.some((e) => e.field.startsWith('body.')) ? problem.message : ''
}
