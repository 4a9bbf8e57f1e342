// The "read the new SIM, then record" rhythm shared by the SIM screens: Alt+R (or Enter from the last field) reads
// the SIM in the reader and moves the focus to the submit button, so the next Enter records the operation.
import { nextTick, ref } from 'vue';
import type SimReadStep from './components/SimReadStep.vue';
import { useAltKeys } from './keys';

export function useSimStep() {
  const simStep = ref<InstanceType<typeof SimReadStep> | null>(null);
  /** The submit button, or a component that focuses it (FormFooter). */
  const submitButton = ref<{ focus(): void } | null>(null);

  async function focusSubmit(): Promise<void> {
    await nextTick();
    submitButton.value?.focus();
  }

  async function readThenFocus(): Promise<void> {
    if (await simStep.value?.readSim()) await focusSubmit();
  }

  useAltKeys(() => ({ r: () => void readThenFocus() }));
  return { simStep, submitButton, focusSubmit, readThenFocus };
}
