// idcard:readChip — the chip part of the ID check. Progress (stage, and bytes of each file, DG2 above all)
// goes to the renderer as idcard:progress events while the read runs. The read is kept in main (ChipReads): the
// renderer gets it with its id and main's verdict.
import type { ChipReadInput, ChipReadProgress, ChipReadResult } from '../../../../common/ipc/channels/idcard';
import type { EventBus } from '../../services/event-bus';
import type { HandlerMap } from '../types';

export interface IdcardHandlerDeps {
  readonly idChip: { read(input: ChipReadInput, onProgress?: (p: ChipReadProgress) => void): Promise<ChipReadResult> };
  readonly bus: EventBus;
}

export function idcardHandlers(s: IdcardHandlerDeps): HandlerMap {
  return {
    'idcard:readChip': (input) => s.idChip.read(input, (progress) => s.bus.emit('idcard:progress', progress)),
  };
}
