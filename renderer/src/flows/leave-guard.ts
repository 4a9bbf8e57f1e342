// "Leave without saving?" for the flow screens: a form the clerk has touched is not dropped by Esc, F1 or a click in
// the navigation without asking. Dirty is judged from the DOM, so no screen has to declare its fields: each control's
// value is remembered the first time the clerk focuses it, and the form is dirty while a control still on the page
// differs from that. Values a screen fills in by itself (defaults, loaded data) never count; a recorded operation
// replaces the form, so after it nothing is dirty.
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';
import { onBeforeRouteLeave, useRouter, type RouteLocationRaw } from 'vue-router';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function valueOf(el: Control): string {
  return el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio') ? String(el.checked) : el.value;
}

export function useLeaveGuard(root: Ref<HTMLElement | null>) {
  const router = useRouter();
  const baseline = new Map<Control, string>();
  /** Where the clerk wanted to go when asked (null: no question open). */
  const asking = ref<RouteLocationRaw | null>(null);
  let leaving = false;

  function remember(e: Event | { target: Element | null }): void {
    const el = e.target;
    if ((el instanceof HTMLInputElement && el.type !== 'file') || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) {
      if (!baseline.has(el)) baseline.set(el, valueOf(el));
    }
  }

  function dirty(): boolean {
    for (const [el, value] of baseline) if (el.isConnected && el.closest('form') && valueOf(el) !== value) return true;
    return false;
  }

  const events = ['focusin', 'pointerdown', 'keydown'] as const;
  onMounted(() => {
    for (const e of events) root.value?.addEventListener(e, remember, true);
    // A field focused by the screen itself (autofocus) got its focus before this listener existed.
    if (root.value?.contains(document.activeElement)) remember({ target: document.activeElement });
  });
  onBeforeUnmount(() => {
    for (const e of events) root.value?.removeEventListener(e, remember, true);
  });

  onBeforeRouteLeave((to) => {
    if (leaving || !dirty()) return true;
    asking.value = to.fullPath;
    return false;
  });

  return {
    asking,
    /** Go to `to` now, or ask first when the form holds unsaved input. */
    leave(to: RouteLocationRaw): void {
      void router.push(to);
    },
    confirm(): void {
      const to = asking.value;
      asking.value = null;
      if (to === null) return;
      leaving = true;
      void router.push(to);
    },
    stay(): void {
      asking.value = null;
    },
  };
}
