// Who is signed in, their CSRF token and language. The server is the authority: this only mirrors GET /session.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ConsoleUser } from '../../../common/console/api';
import type { Language } from '../../../common/i18n/languages';
import { consoleApi, setCsrfToken } from '../api';
import { applyLanguage } from '../i18n';
import { ConsoleApiError } from '../request';

export const useSession = defineStore('session', () => {
  const user = ref<ConsoleUser | null>(null);
  const loaded = ref(false);
  const isCentral = computed(() => user.value?.role === 'central');

  function set(s: { user: ConsoleUser; csrfToken: string } | null): void {
    user.value = s?.user ?? null;
    setCsrfToken(s?.csrfToken ?? null);
    if (s) applyLanguage(s.user.language);
  }

  async function load(): Promise<void> {
    try {
      set(await consoleApi.session());
    } catch (e) {
      if (!(e instanceof ConsoleApiError) || e.status !== 401) throw e;
      set(null);
    } finally {
      loaded.value = true;
    }
  }

  async function signIn(username: string, password: string): Promise<void> {
    set(await consoleApi.signIn({ username, password }));
  }

  async function signOut(): Promise<void> {
    try {
      await consoleApi.signOut();
    } finally {
      set(null);
    }
  }

  /** Forget the session locally (the server said it ended). */
  function ended(): void {
    set(null);
  }

  async function chooseLanguage(language: Language): Promise<void> {
    applyLanguage(language);
    if (!user.value) return;
    user.value = { ...user.value, language };
    await consoleApi.setLanguage(language);
  }

  return { user, loaded, isCentral, load, signIn, signOut, ended, chooseLanguage };
});
