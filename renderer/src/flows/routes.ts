// Routes of the ID check, the visit page and the walk-in flows (spread into router.ts).
import './flows.css';
import type { RouteRecordRaw } from 'vue-router';
import IdCheckView from '../views/IdCheckView.vue';
import VisitView from '../views/VisitView.vue';
import ReferenceView from '../views/ReferenceView.vue';
import PoaView from '../views/flows/PoaView.vue';
import SimDuplicateView from '../views/flows/SimDuplicateView.vue';
import CertificateView from '../views/flows/CertificateView.vue';
import ServiceView from '../views/flows/ServiceView.vue';
import TokenView from '../views/flows/TokenView.vue';
import ImeiView from '../views/flows/ImeiView.vue';
import KomisView from '../views/flows/KomisView.vue';

export const flowRoutes: RouteRecordRaw[] = [
  { path: '/id-check', name: 'id-check', component: IdCheckView, meta: { nav: 'nav.idCheck', shortcut: 'F3' } },
  { path: '/visit/:id', name: 'visit', component: VisitView },
  { path: '/visit/:id/poa', name: 'flow-poa', component: PoaView },
  { path: '/visit/:id/sim-duplicate', name: 'flow-sim-duplicate', component: SimDuplicateView },
  { path: '/visit/:id/certificate', name: 'flow-certificate', component: CertificateView },
  { path: '/visit/:id/service', name: 'flow-service', component: ServiceView },
  { path: '/visit/:id/token', name: 'flow-token', component: TokenView },
  { path: '/visit/:id/imei', name: 'flow-imei', component: ImeiView },
  { path: '/visit/:id/komis', name: 'flow-komis', component: KomisView },
  { path: '/reference', name: 'reference', component: ReferenceView, meta: { nav: 'nav.reference', supervisor: true } },
];
