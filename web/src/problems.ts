// How a problem answer reaches the clerk: always its Chinese `message`, plus what to do next by status.
import { ElMessage, ElMessageBox } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'

import type { Problem } from './api'
import { SERVICE_LABELS } from './format'
import { router } from './router'

export const NOT_FOUND_TEXT = '不存在或无权查看'

/** A sentence for the page itself (an el-alert), by status. */
export function problemText(problem: Problem): string {
  switch (problem.status) {
    case 403:
      return `${problem.message}（当前账号的角色没有此项权限）`
    case 404:
      return `${NOT_FOUND_TEXT}：${problem.message}`
    case 503:
    case 502:
    case 504: {
      const part = problem.upstream ? SERVICE_LABELS[problem.upstream] ?? problem.upstream : '后台服务'
      return `${part}暂不可用：${problem.message}（其他功能不受影响）`
    }
    default:
      return problem.message
  }
}

/** Tell the clerk about a problem: 401 back to login, 409/412 offer to reload, otherwise a message. */
export async function showProblem(problem: Problem, reload?: () => unknown): Promise<void> {
  if (problem.status === 401) {
    ElMessage.warning(`${problem.message}（请重新登录）`)
    await router.push({ name: 'login', query: { next: router.currentRoute.value.fullPath } })
    return
  }
  if ((problem.status === 409 || problem.status === 412) && reload) {
    try {
      await ElMessageBox.confirm(problem.message, '数据已变化', {
        confirmButtonText: '重新加载', cancelButtonText: '取消', type: 'warning',
      })
      await reload()
    } catch { /* closed */ }
    return
  }
  ElMessage({ type: problem.status >= 500 ? 'error' : 'warning', message: problemText(problem), duration: 6000 })
}
