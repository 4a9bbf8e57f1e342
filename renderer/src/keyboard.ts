// Keyboard-first forms: Enter moves to the next field (and submits from the last one), Esc goes back.
// Fields inside an element with data-enter-skip are left out of Enter's order (reached with Tab or the mouse).
import type { Directive } from 'vue';

const FOCUSABLE = 'input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), button[type=submit]:not([disabled])';

function onKeydown(this: HTMLFormElement, e: KeyboardEvent): void {
  if (e.key !== 'Enter' || e.isComposing || e.shiftKey || e.ctrlKey || e.altKey) return;
  const target = e.target as HTMLElement;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLButtonElement) return;
  if (target instanceof HTMLInputElement && (target.type === 'checkbox' || target.type === 'radio')) return;
  // An optional field marked data-enter-skip (the ID check's CAN) is never Enter's next stop: Enter before it submits.
  const fields = Array.from(this.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => el.offsetParent !== null && (el === target || !el.closest('[data-enter-skip]')));
  const index = fields.indexOf(target);
  const next = fields.slice(index + 1).find((el) => !(el instanceof HTMLButtonElement));
  e.preventDefault();
  if (next) next.focus();
  else this.requestSubmit();
}

export const vEnterAdvances: Directive<HTMLFormElement> = {
  mounted(el) {
    el.addEventListener('keydown', onKeydown);
  },
  unmounted(el) {
    el.removeEventListener('keydown', onKeydown);
  },
};
