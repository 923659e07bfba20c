// What every screen needs to show names instead of ids: the zh-CN labels of the enums (GET /api/v1/enums), the
// region and year chosen in the header, and the region's units, systems and leader posts.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import { api, itemsOf, type Schemas } from '../api'

type Option = Schemas['EnumOption']

export const useCatalog = defineStore('catalog', () => {
  const enums = ref<Record<string, Option[]>>({})
  const region = ref<string>('')
  const year = ref<number>(new Date().getFullYear())
  const regions = ref<Schemas['RegionOut'][]>([])
  const units = ref<Schemas['UnitOut'][]>([])
  const systems = ref<Schemas['SystemOut'][]>([])
  const posts = ref<Schemas['PostOut'][]>([])
  const missing = ref<string[]>([])

  /** The options of an enum by its name (`Stage`, `LightColour`...), whichever app declares it. */
  function options(name: string): Option[] {
    const key = Object.keys(enums.value).find((k) => k === name || k.endsWith(`.${name}`))
    return key ? (enums.value[key] ?? []) : []
  }

  function label(name: string, value: string | null | undefined): string {
    if (value === null || value === undefined) return '—'
    return options(name).find((o) => o.value === value)?.label ?? value
  }

  const unitNames = computed(() => new Map(units.value.map((u) => [u.id, u.short_name || u.name])))
  const unitName = (id: string | null | undefined) => (id ? (unitNames.value.get(id) ?? '—') : '—')
  const systemName = (id: string | null | undefined) =>
    (id ? (systems.value.find((s) => s.id === id)?.name ?? '—') : '未分体系')
  const regionName = computed(() => regions.value.find((r) => r.code === region.value)?.name ?? region.value)

  async function loadEnums(): Promise<void> {
    const { data } = await api.GET('/api/v1/enums')
    if (data) {
      enums.value = data.enums
      missing.value = data.missing.map((m) => JSON.stringify(m))
    }
  }

  async function loadRegion(code: string): Promise<void> {
    region.value = code
    const [u, s, p] = await Promise.all([
      loadUnits(code),
      api.GET('/api/v1/systems', { params: { query: { region_code: code } } }),
      api.GET('/api/v1/posts', { params: { query: { region_code: code } } }),
    ])
    units.value = u
    systems.value = itemsOf(s.data)
    posts.value = itemsOf(p.data)
  }

  async function loadUnits(code: string): Promise<Schemas['UnitOut'][]> {
    const all: Schemas['UnitOut'][] = []
    let cursor: string | null = null
    for (let page = 0; page < 20; page++) { // a county has some dozens of units; 20 pages of 200 is a hard stop
      const query: { region_code: string; limit: number; cursor?: string | null } = { region_code: code, limit: 200, cursor }
      const data: Schemas['UnitOutPage'] | undefined = (await api.GET('/api/v1/units', { params: { query } })).data
      if (!data) break
      all.push(...data.items)
      cursor = data.next_cursor
      if (!cursor) break
    }
    return all
  }

  async function init(defaultRegion: string | null | undefined): Promise<void> {
    const [, r] = await Promise.all([loadEnums(), api.GET('/api/v1/regions')])
    regions.value = itemsOf(r.data)
    const code = defaultRegion || regions.value.find((x) => x.level === 'county')?.code || regions.value[0]?.code
    if (code) await loadRegion(code)
  }

  return {
    enums, region, year, regions, units, systems, posts, missing, regionName,
    options, label, unitName, systemName, init, loadRegion, loadEnums,
  }
})
