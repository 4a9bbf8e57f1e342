// The console's pages under /console/. `central: true` pages are a central administrator's only; the navigation
// shows a page only to a role that may use it (the server refuses the rest anyway).
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { useSession } from './stores/session';
import SignInView from './views/SignInView.vue';

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean;
    central?: boolean;
    /** Shown in the navigation with this key. */
    nav?: string;
  }
}

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/desks' },
  { path: '/sign-in', name: 'sign-in', component: SignInView, meta: { public: true } },
  { path: '/offices', name: 'offices', component: () => import('./views/OfficesView.vue'), meta: { nav: 'nav.offices' } },
  { path: '/desks', name: 'desks', component: () => import('./views/DesksView.vue'), meta: { nav: 'nav.desks' } },
  { path: '/codes', name: 'codes', component: () => import('./views/CodesView.vue'), meta: { nav: 'nav.codes' } },
  { path: '/clerks', name: 'clerks', component: () => import('./views/ClerksView.vue'), meta: { nav: 'nav.clerks' } },
  { path: '/reference', name: 'reference', component: () => import('./views/ReferenceView.vue'), meta: { nav: 'nav.reference' } },
  { path: '/reference/:table', name: 'reference-table', component: () => import('./views/ReferenceTableView.vue') },
  { path: '/conflicts', name: 'conflicts', component: () => import('./views/ConflictsView.vue'), meta: { nav: 'nav.conflicts' } },
  { path: '/reports', name: 'reports', component: () => import('./views/ReportsView.vue'), meta: { nav: 'nav.reports' } },
  { path: '/customers', name: 'customers', component: () => import('./views/CustomersView.vue'), meta: { nav: 'nav.customers', central: true } },
  { path: '/accounts', name: 'accounts', component: () => import('./views/AccountsView.vue'), meta: { nav: 'nav.accounts', central: true } },
  { path: '/audit', name: 'audit', component: () => import('./views/AuditView.vue'), meta: { nav: 'nav.audit', central: true } },
  { path: '/:rest(.*)*', redirect: '/desks' },
];

export const router = createRouter({ history: createWebHistory('/console/'), routes });

router.beforeEach(async (to) => {
  const session = useSession();
  if (!session.loaded) {
    try {
      await session.load();
    } catch {
      // The server is unreachable: the sign-in page says so when it is tried.
    }
  }
  if (!session.user) return to.meta.public ? true : { name: 'sign-in', query: { next: to.fullPath } };
  if (to.name === 'sign-in') return typeof to.query.next === 'string' && to.query.next.startsWith('/') ? to.query.next : { name: 'desks' };
  if (to.meta.central && !session.isCentral) return { name: 'desks' };
  return true;
});
