import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { router } from './router';
import { i18n } from './i18n';
import { whenSignedOut } from './api';
import { useSession } from './stores/session';
import '../../renderer/src/styles.css';
import './console.css';

const app = createApp(App).use(createPinia()).use(i18n).use(router);

// The session ended (idle, twelve hours, signed out elsewhere): back to sign-in, then back here.
whenSignedOut(() => {
  const current = router.currentRoute.value;
  useSession().ended();
  if (current.name !== 'sign-in') void router.push({ name: 'sign-in', query: { next: current.fullPath, ended: '1' } });
});

document.documentElement.lang = i18n.global.locale.value;
app.mount('#app');
