// Alt+letter shortcuts on a page. Matched on the physical key (e.code), so they work with the az and ru layouts.
import { onBeforeUnmount, onMounted } from 'vue';
import { useAppStore } from '../stores/app';

/** Page shortcuts are off while the screen is locked or a dialog (approval) has the keyboard. */
function pageHasKeyboard(app: ReturnType<typeof useAppStore>): boolean {
  return !app.locked && !document.querySelector('[role=dialog]');
}

export function useAltKeys(map: () => Record<string, () => void>): void {
  const app = useAppStore();
  function onKey(e: KeyboardEvent): void {
    if (!e.altKey || e.ctrlKey || e.metaKey || !pageHasKeyboard(app)) return;
    const letter = e.code.startsWith('Key') ? e.code.slice(3).toLowerCase() : e.code.startsWith('Digit') ? e.code.slice(5) : '';
    const action = map()[letter];
    if (!action) return;
    e.preventDefault();
    action();
  }
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
}

/** Esc anywhere on the page (outside a dialog that handles it first) runs `back`. */
export function useEscBack(back: () => void): void {
  const app = useAppStore();
  function onKey(e: KeyboardEvent): void {
    if (e.key !== 'Escape' || e.defaultPrevented || !pageHasKeyboard(app)) return;
    e.preventDefault();
    back();
  }
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
}
