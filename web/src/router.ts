// Pages in history mode: the gateway answers index.html for any page path (gateway/.../console.py).
import { createRouter, createWebHistory } from 'vue-router'

import { useAuth } from './stores/auth'

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { title: '登录' } },
    {
      path: '/',
      component: () => import('./views/LayoutView.vue'),
      children: [
        { path: '', name: 'dashboard', component: () => import('./views/DashboardView.vue'), meta: { title: '挂图作战' } },
        { path: 'projects', name: 'projects', component: () => import('./views/ProjectsView.vue'), meta: { title: '项目库' } },
        {
          path: 'projects/:id', name: 'project', component: () => import('./views/ProjectView.vue'),
          meta: { title: '项目档案' },
        },
        // meetings (会议): calendar, a meeting's page, decided items
        { path: 'meetings', name: 'meetings', component: () => import('./views/meetings/MeetingsView.vue'), meta: { title: '会议日历' } },
        {
          path: 'meetings/:id', name: 'meeting', component: () => import('./views/meetings/MeetingView.vue'),
          meta: { title: '会议' },
        },
        {
          path: 'decided-items', name: 'decided-items', component: () => import('./views/meetings/DecidedItemsView.vue'),
          meta: { title: '议定事项督办' },
        },
        // end meetings
        {
          path: ':rest(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue'),
          meta: { title: '页面不存在' },
        },
      ],
    },
  ],
})

router.beforeEach(async (to) => {
  if (to.name === 'login') return true
  const auth = useAuth()
  if (await auth.restore()) return true
  return { name: 'login', query: { next: to.fullPath } }
})

router.afterEach((to) => {
  document.title = `${String(to.meta.title ?? '')} · 推进 重点项目协调推进平台`
})
