// Pages in history mode: the gateway answers index.html for any page path (gateway/.../console.py).
import { createRouter, createWebHistory } from 'vue-router'

import { useAuth } from './stores/auth'

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { title: '登录' } },
    // 阳光行动: the public page of a region, no login, at a stable address (/public/410324)
    {
      path: '/public/:region(\\d{6})', name: 'public', component: () => import('./views/PublicView.vue'),
      meta: { title: '阳光行动', public: true },
    },
    // scorer: 观摩打分 at the site, phone first, outside the desktop layout (no side menu on a 390 px screen)
    {
      path: '/scoring/sheets', name: 'scorer-sheets', component: () => import('./views/scorer/ScorerView.vue'),
      meta: { title: '观摩打分' },
    },
    // end scorer
    {
      path: '/password', name: 'password', component: () => import('./views/PasswordView.vue'),
      meta: { title: '修改密码' },
    },
    // unit: duties — the liaison's (联络员) phone screens, each in its own narrow frame (views/unit/UnitPage.vue)
    {
      path: '/unit/problems', name: 'unit-problems', component: () => import('./views/unit/ProblemsView.vue'),
      meta: { title: '问题答复' },
    },
    {
      path: '/unit/problems/:id', name: 'unit-problem', component: () => import('./views/unit/ProblemView.vue'),
      meta: { title: '问题答复' },
    },
    {
      path: '/unit/letters', name: 'unit-letters', component: () => import('./views/unit/LettersView.vue'),
      meta: { title: '督办函件' },
    },
    {
      path: '/unit/letters/:id', name: 'unit-letter', component: () => import('./views/unit/LetterView.vue'),
      meta: { title: '函件回复' },
    },
    {
      path: '/unit/decided-items/:id', name: 'unit-decided-item', component: () => import('./views/unit/DecidedItemView.vue'),
      meta: { title: '议定事项' },
    },
    {
      path: '/unit/meetings/:id', name: 'unit-meeting', component: () => import('./views/unit/MeetingView.vue'),
      meta: { title: '参会与请假' },
    },
    // end unit: duties
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
        // leader: the responsible county leader's projects, problems, meetings and interview candidates
        { path: 'leader', name: 'leader', component: () => import('./views/leader/LeaderView.vue'), meta: { title: '我的项目' } },
        // end leader
        // desk: the office's desk (审核, 问题台账, 一览表导入)
        { path: 'desk/reports', name: 'desk-reports', component: () => import('./views/desk/ReportsView.vue'), meta: { title: '审核' } },
        { path: 'desk/problems', name: 'desk-problems', component: () => import('./views/desk/ProblemsView.vue'), meta: { title: '问题台账' } },
        {
          path: 'desk/problems/:id', name: 'desk-problem', component: () => import('./views/desk/ProblemView.vue'),
          meta: { title: '问题详情' },
        },
        { path: 'desk/import', name: 'desk-import', component: () => import('./views/desk/ImportView.vue'), meta: { title: '一览表导入' } },
        // end desk
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
        // office: letters, interviews, scoring, settings
        { path: 'letters', name: 'letters', component: () => import('./views/office/LettersView.vue'), meta: { title: '督办函件' } },
        { path: 'letters/:id', name: 'letter', component: () => import('./views/office/LetterView.vue'), meta: { title: '函件' } },
        { path: 'interviews', name: 'interviews', component: () => import('./views/office/InterviewsView.vue'), meta: { title: '约谈' } },
        { path: 'scoring', name: 'scoring', component: () => import('./views/office/ScoringView.vue'), meta: { title: '考核评分' } },
        { path: 'organisation', name: 'organisation', component: () => import('./views/office/OrganisationView.vue'), meta: { title: '组织机构导入' } },
        { path: 'settings', name: 'settings', component: () => import('./views/office/SettingsView.vue'), meta: { title: '设置' } },
        // end office
        // unit: reports (the unit liaison's desk, phone first: 我的待办 as the home page, the report form, bulk)
        { path: 'unit', name: 'unit-todos', component: () => import('./views/unit/TodosView.vue'), meta: { title: '我的待办' } },
        {
          path: 'unit/reports/bulk', name: 'unit-reports-bulk', component: () => import('./views/unit/BulkReportView.vue'),
          meta: { title: '批量报送' },
        },
        {
          path: 'unit/reports/:projectId', name: 'unit-report', component: () => import('./views/unit/ReportFormView.vue'),
          meta: { title: '进度报告填报' },
        },
        // end unit: reports
        // ground: site visits, who is behind on the duty rules, the yearly list cycle with its land and financing lists
        { path: 'site-visits', name: 'site-visits', component: () => import('./views/ground/SiteVisitsView.vue'), meta: { title: '现场调研' } },
        { path: 'duties', name: 'duties', component: () => import('./views/ground/DutiesView.vue'), meta: { title: '履职情况' } },
        { path: 'list-cycle', name: 'list-cycle', component: () => import('./views/office/ListCycleView.vue'), meta: { title: '年度清单编制' } },
        // end ground
        // supervision (督查室): inspections, rectifications, accountability, efficiency complaints
        {
          path: 'supervision/inspections', name: 'supervision-inspections',
          component: () => import('./views/supervision/InspectionsView.vue'), meta: { title: '督查' },
        },
        {
          path: 'supervision/inspections/:id', name: 'supervision-inspection',
          component: () => import('./views/supervision/InspectionView.vue'), meta: { title: '督查详情' },
        },
        {
          path: 'supervision/rectifications', name: 'supervision-rectifications',
          component: () => import('./views/supervision/RectificationsView.vue'), meta: { title: '整改' },
        },
        {
          path: 'supervision/accountability', name: 'supervision-accountability',
          component: () => import('./views/supervision/AccountabilityView.vue'), meta: { title: '问责' },
        },
        {
          path: 'supervision/complaints', name: 'supervision-complaints',
          component: () => import('./views/supervision/ComplaintsView.vue'), meta: { title: '效能投诉' },
        },
        // end supervision
        // accounts: the office runs its region's accounts
        { path: 'accounts', name: 'accounts', component: () => import('./views/office/AccountsView.vue'), meta: { title: '账号管理' } },
        // end accounts
        {
          path: ':rest(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue'),
          meta: { title: '页面不存在' },
        },
      ],
    },
  ],
})

router.beforeEach(async (to) => {
  if (to.name === 'login' || to.meta.public) return true
  const auth = useAuth()
  if (!(await auth.restore())) return { name: 'login', query: { next: to.fullPath } }
  // a login after a password reset may only change the password
  if (auth.mustChange && to.name !== 'password') return { name: 'password', query: { next: to.fullPath } }
  // unit: reports — a unit liaison's home is 我的待办; the office (and any desk role) keeps the dashboard
  if (to.name === 'dashboard' && auth.hasRole('unit') && !auth.hasRole('office', 'admin', 'leader', 'supervisor', 'viewer')) {
    return { name: 'unit-todos' }
  }
  // leader: a county leader (who does not also run the office) lands on their projects
  if (to.name === 'dashboard' && auth.hasRole('leader') && !auth.hasRole('office', 'admin')) return { name: 'leader' }
  // end leader
  // scorer: a login that only scores lands on its sheets
  const roles = auth.user?.roles ?? []
  if (to.name === 'dashboard' && roles.length > 0 && roles.every((r) => r === 'scorer')) return { name: 'scorer-sheets' }
  // end scorer
  return true
})

router.afterEach((to) => {
  document.title = `${String(to.meta.title ?? '')} · 推进 重点项目协调推进平台`
})
