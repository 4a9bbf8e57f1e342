// Routes. Features add their views here (one line each). Guards send the clerk to set-up or sign-in as needed;
// the lock screen is an overlay (App.vue), so a locked desk keeps the clerk's unsaved form underneath.
import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import { useAppStore } from './stores/app';
import SetupView from './views/SetupView.vue';
import SignInView from './views/SignInView.vue';
import TodayView from './views/TodayView.vue';
import NewVisitView from './views/NewVisitView.vue';
import ClerksView from './views/ClerksView.vue';
import SettingsView from './views/SettingsView.vue';
import SyncView from './views/SyncView.vue';
import { flowRoutes } from './flows/routes';

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean;
    supervisor?: boolean;
    /** Shown in the side navigation, with this i18n key. */
    nav?: string;
    /** A keyboard shortcut shown next to the navigation entry. */
    shortcut?: string;
  }
}

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/today' },
  { path: '/setup', name: 'setup', component: SetupView, meta: { public: true } },
  { path: '/sign-in', name: 'sign-in', component: SignInView, meta: { public: true } },
  { path: '/today', name: 'today', component: TodayView, meta: { nav: 'nav.today', shortcut: 'F1' } },
  { path: '/visit/new', name: 'new-visit', component: NewVisitView, meta: { nav: 'nav.newVisit', shortcut: 'F2' } },
  { path: '/shift', name: 'shift', component: () => import('./shifts/ShiftView.vue'), meta: { nav: 'shifts.nav', shortcut: 'F7' } },
  { path: '/stock', name: 'stock', component: () => import('./stock/StockView.vue'), meta: { nav: 'stock.nav' } },
  ...flowRoutes,
  { path: '/clerks', name: 'clerks', component: ClerksView, meta: { nav: 'nav.clerks', supervisor: true } },
  { path: '/customers', name: 'customers', component: () => import('./views/CustomersView.vue'), meta: { nav: 'nav.customers', shortcut: 'F6' } },
  { path: '/customers/:key', name: 'customer', component: () => import('./views/CustomerView.vue') },
  { path: '/sync', name: 'sync', component: SyncView, meta: { nav: 'nav.sync' } },
  { path: '/settings', name: 'settings', component: SettingsView, meta: { nav: 'nav.settings', supervisor: true } },
  { path: '/audit', name: 'audit', component: () => import('./views/AuditView.vue'), meta: { nav: 'nav.audit', supervisor: true } },
];

export const router = createRouter({ history: createWebHashHistory(), routes });

router.beforeEach(async (to) => {
  const app = useAppStore();
  if (!app.state) {
    try {
      await app.load();
    } catch {
      return true;
    }
  }
  if (!app.state!.setUp) return to.name === 'setup' ? true : { name: 'setup' };
  if (to.name === 'setup') return { name: app.clerk ? 'today' : 'sign-in' };
  if (!app.clerk) return to.meta.public ? true : { name: 'sign-in', query: to.fullPath !== '/today' ? { next: to.fullPath } : {} };
  if (to.name === 'sign-in') return { name: 'today' };
  if (to.meta.supervisor && !app.isSupervisor) return { name: 'today' };
  return true;
});
