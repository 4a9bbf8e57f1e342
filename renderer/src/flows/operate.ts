// Performing an operation from a flow screen: every operation channel takes the visit, the offline-limit approval
// (asked for by the form when the desk is past its limits) and, for a trustee, the power of attorney chosen under
// "acting for". The screen names only its own fields.
import { ref, type Ref } from 'vue';
import { api } from '../api/client';
import type { ChannelInput, ChannelOutput } from '../../../common/ipc/contract';
import type { Operations, OperationKind } from '../../../common/operations';
import { useFlowForm } from './form';
import { useVisit } from './visit';

type OperationChannel = Operations[OperationKind]['channel'];
type Common = 'visitId' | 'offlineApprovalId' | 'actingFor';

export function useOperate(form: ReturnType<typeof useFlowForm>, visitId: Readonly<Ref<string>>, actingFor: Ref<string>) {
  return <C extends OperationChannel>(channel: C, fields: Omit<ChannelInput<C>, Common>): Promise<ChannelOutput<C> | undefined> =>
    form.run((offlineApprovalId) =>
      (api.call as (c: C, input: unknown) => Promise<ChannelOutput<C>>)(channel, {
        ...fields,
        visitId: visitId.value,
        offlineApprovalId,
        actingFor: actingFor.value ? { poaId: actingFor.value } : undefined,
      }),
    ) as Promise<ChannelOutput<C> | undefined>;
}

/** Everything an operation screen starts with: the visit, its form, "acting for", and `operate`. */
export function useOperationScreen() {
  const visit = useVisit();
  const form = useFlowForm();
  const actingFor = ref('');
  return { ...visit, form, actingFor, operate: useOperate(form, visit.visitId, actingFor) };
}
