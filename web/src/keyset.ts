// Keyset paging (翻页) over a list the API answers as `Page[T]` ({ items, next_cursor }): the cursor of every page
// shown so far is kept, so 上一页 needs no backward cursor from the API, and a page that fails to load leaves the
// pages before it as they were.
import { computed, ref, type Ref } from 'vue'

import { problemOf, type Problem } from './api'

export interface PageOf<T> {
  items: T[]
  next_cursor?: string | null
}

/** What an openapi-fetch call of a paginated list answers. */
export interface PageAnswer<T> {
  data?: PageOf<T>
  error?: unknown
  response: Response
}

export function useKeysetPages<T>(fetchPage: (cursor: string | null) => Promise<PageAnswer<T>>,
  onFailure?: (problem: Problem, retry: () => Promise<void>) => unknown) {
  const rows = ref<T[]>([]) as Ref<T[]>
  const cursors = ref<(string | null)[]>([null]) // cursors[i] fetched page i
  const nextCursor = ref<string | null>(null)
  const loading = ref(false)
  const failure = ref<Problem | null>(null)
  const page = computed(() => cursors.value.length - 1) // 0-based index of the page shown
  const hasNext = computed(() => nextCursor.value !== null)

  async function load(target: number, cursor: string | null): Promise<void> {
    loading.value = true
    let answer: PageAnswer<T>
    try {
      answer = await fetchPage(cursor)
    } finally {
      loading.value = false
    }
    if (!answer.data) {
      failure.value = problemOf(answer.error, answer.response)
      await onFailure?.(failure.value, first)
      return
    }
    failure.value = null
    rows.value = answer.data.items
    cursors.value = [...cursors.value.slice(0, target), cursor]
    nextCursor.value = answer.data.next_cursor ?? null
  }

  /** The first page, e.g. after the filters changed. */
  function first(): Promise<void> {
    return load(0, null)
  }
  function next(): Promise<void> {
    return nextCursor.value ? load(page.value + 1, nextCursor.value) : Promise.resolve()
  }
  function previous(): Promise<void> {
    return page.value > 0 ? load(page.value - 1, cursors.value[page.value - 1] ?? null) : Promise.resolve()
  }
  /** The page shown, again (after a change to one of its rows). */
  function reload(): Promise<void> {
    return load(page.value, cursors.value[page.value] ?? null)
  }

  return { rows, page, hasNext, loading, failure, first, next, previous, reload }
}
