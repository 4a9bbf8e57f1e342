// Routes of the ID check, the visit page and the walk-in flows (spread into router.ts). Loaded on first use, so
// the sign-in screen does not wait for every flow screen.
import './flows.css';
import type { RouteRecordRaw } from 'vue-router';

export const flowRoutes: RouteRecordRaw[] = [
  { path: '/id-check', name: 'id-check', component: () => import('../views/IdCheckView.vue'), meta: { nav: 'nav.idCheck', shortcut: 'F3' } },
  { path: '/visit/:id', name: 'visit', component: () => import('../views/VisitView.vue') },
  { path: '/visit/:id/poa', name: 'flow-poa', component: () => import('../views/flows/PoaView.vue') },
  { path: '/visit/:id/sim-duplicate', name: 'flow-sim-duplicate', component: () => import('../views/flows/SimDuplicateView.vue') },
  { path: '/visit/:id/certificate', name: 'flow-certificate', component: () => import('../views/flows/CertificateView.vue') },
  { path: '/visit/:id/service', name: 'flow-service', component: () => import('../views/flows/ServiceView.vue') },
  { path: '/visit/:id/token', name: 'flow-token', component: () => import('../views/flows/TokenView.vue') },
  { path: '/visit/:id/imei', name: 'flow-imei', component: () => import('../views/flows/ImeiView.vue') },
  { path: '/visit/:id/komis', name: 'flow-komis', component: () => import('../views/flows/KomisView.vue') },
  { path: '/hardware', name: 'hardware', component: () => import('../views/HardwareView.vue'), meta: { nav: 'nav.hardware', shortcut: 'F4' } },
  { path: '/reference', name: 'reference', component: () => import('../views/ReferenceView.vue'), meta: { nav: 'nav.reference', supervisor: true } },
];
