// Routes of the ID check, the visit page and the walk-in flows (spread into router.ts). Loaded on first use, so
// the sign-in screen does not wait for every flow screen.
import './flows.css';
import type { RouteComponent, RouteRecordRaw } from 'vue-router';
import { flowPages } from '../../../common/operations';

/** The screen of each flow page the registry declares (a test checks every page has one). */
export const flowViews: Record<string, () => Promise<RouteComponent>> = {
  poa: () => import('../views/flows/PoaView.vue'),
  simSale: () => import('../views/flows/SimSaleView.vue'),
  simDuplicate: () => import('../views/flows/SimDuplicateView.vue'),
  certificate: () => import('../views/flows/CertificateView.vue'),
  service: () => import('../views/flows/ServiceView.vue'),
  token: () => import('../views/flows/TokenView.vue'),
  imei: () => import('../views/flows/ImeiView.vue'),
  komis: () => import('../views/flows/KomisView.vue'),
};

export const flowRoutes: RouteRecordRaw[] = [
  { path: '/id-check', name: 'id-check', component: () => import('../views/IdCheckView.vue'), meta: { nav: 'nav.idCheck', shortcut: 'F3' } },
  { path: '/visit/:id', name: 'visit', component: () => import('../views/VisitView.vue') },
  ...flowPages.map((p) => ({ path: `/visit/:id/${p.path}`, name: `flow-${p.path}`, component: flowViews[p.key] })),
  { path: '/hardware', name: 'hardware', component: () => import('../views/HardwareView.vue'), meta: { nav: 'nav.hardware', shortcut: 'F4' } },
  { path: '/reference', name: 'reference', component: () => import('../views/ReferenceView.vue'), meta: { nav: 'nav.reference', supervisor: true } },
];
