// How people read figures here: dates 2026年3月22日, money in 万元 with two decimals (亿元 from 1 亿 up), rates in %.

export function dateZh(value: string | null | undefined): string {
  if (!value) return '—'
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value)
  if (!m) return value
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`
}

export function dateTimeZh(value: string | null | undefined): string {
  if (!value) return '—'
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return value
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

const grouped = (n: number) => n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

/** An amount in 万元 (the API's unit) as 万元 with two decimals, or 亿元 when it reaches 1 亿. */
export function money(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—'
  const n = Number(value)
  if (Number.isNaN(n)) return String(value)
  return Math.abs(n) >= 10000 ? `${grouped(n / 10000)}亿元` : `${grouped(n)}万元`
}

export function percent(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—'
  const n = Number(value)
  return Number.isNaN(n) ? String(value) : `${n.toFixed(2)}%`
}

export const SERVICE_LABELS: Record<string, string> = {
  registry: '项目库服务', issues: '问题台账服务', meetings: '会议服务', scoring: '考核评分服务', gateway: '网关',
}

/** Today in the county's time zone (Asia/Shanghai) as YYYY-MM-DD: the services' "today", whatever the browser's zone. */
export function countyToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date())
}
