// The desk as the renderer sees it: set-up state, who is signed in, the lock, and the status bar's facts.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api/client';
import type { AppState, DeskStatus, Session } from '../../../common/ipc/channels/app';
import type { Language } from '../../../common/i18n/languages';
import { setLanguage } from '../i18n';

export const useAppStore = defineStore('app', () => {
  const state = ref<AppState | null>(null);
  const status = ref<DeskStatus>({ cardService: 'unavailable', readers: 0, cardKinds: [], sync: { state: 'not-configured', pending: 0, lastSuccessAt: null, error: null, conflicts: { total: 0, byClerk: {} } } });
  const connected = ref(true);

  const session = computed(() => state.value?.session ?? null);
  const clerk = computed(() => session.value?.clerk ?? null);
  const locked = computed(() => session.value?.locked ?? false);
  const isSupervisor = computed(() => clerk.value?.role === 'supervisor');

  function applySession(s: Session): void {
    if (state.value) state.value = { ...state.value, session: s };
    setLanguage(s.clerk?.language ?? state.value?.defaultLanguage ?? 'az');
  }

  async function load(): Promise<void> {
    // Events only carry changes: the card service may have found its readers before this page connected.
    const [appState, deskStatus] = await Promise.all([api.call('app:state'), api.call('app:deskStatus')]);
    state.value = appState;
    status.value = deskStatus;
    applySession(appState.session);
  }

  let subscribed = false;
  function subscribe(): void {
    if (subscribed) return;
    subscribed = true;
    api.on('auth:session', applySession);
    api.on('app:status', (s) => (status.value = s));
    api.onConnection((c) => {
      connected.value = c === 'open';
      if (c === 'open') void load();
    });
  }

  async function setup(input: Parameters<typeof api.call<'app:setup'>>[1]): Promise<void> {
    state.value = await api.call('app:setup', input!);
    setLanguage(state.value.defaultLanguage);
  }

  async function signIn(username: string, password: string): Promise<void> {
    applySession(await api.call('auth:signIn', { username, password }));
  }

  async function signOut(): Promise<void> {
    applySession(await api.call('auth:signOut'));
  }

  async function lock(): Promise<void> {
    if (clerk.value && !locked.value) applySession(await api.call('auth:lock'));
  }

  async function unlock(password: string): Promise<void> {
    applySession(await api.call('auth:unlock', { password }));
  }

  async function chooseLanguage(language: Language): Promise<void> {
    if (clerk.value) applySession(await api.call('auth:setLanguage', { language }));
    else setLanguage(language);
  }

  return { state, status, connected, session, clerk, locked, isSupervisor, load, subscribe, setup, signIn, signOut, lock, unlock, chooseLanguage, applySession };
});
