// The "read the new SIM, then record" rhythm shared by the SIM screens: Alt+R (or Enter from the last field) reads
// the SIM in the reader and moves the focus to the submit button, so the next Enter records the operation.
import { nextTick, ref, type Ref } from 'vue';
import type { SimSource } from './form';
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

  /**
   * Records with the SIM in `source`, reading it first when there is none yet. A read the service no longer accepts
   * (too old, or refused on `field`) is dropped, so the next press reads the SIM again.
   */
  async function recordWithSim<R>(source: Ref<SimSource | null>, errors: Ref<Record<string, string>>, field: string, perform: (sim: SimSource) => Promise<R | undefined>): Promise<R | undefined> {
    const sim = source.value;
    if (!sim) {
      await readThenFocus();
      return undefined;
    }
    const r = await perform(sim);
    if (!r && 'readId' in sim && errors.value[field]) source.value = null;
    return r;
  }

  useAltKeys(() => ({ r: () => void readThenFocus() }));
  return { simStep, submitButton, focusSubmit, readThenFocus, recordWithSim };
}
