import type { FlowServices } from '../../flows';
import type { HandlerMap } from '../types';

export interface ShiftsHandlerDeps {
  readonly flows: FlowServices;
}

export function shiftsHandlers(s: ShiftsHandlerDeps): HandlerMap {
  const f = s.flows;
  return {
    'shifts:current': () => f.shifts.current(),
    'shifts:open': (i) => f.shifts.open(i),
    'shifts:report': () => f.shifts.report(),
    'shifts:closing': (i) => f.shifts.closing(i),
    'shifts:close': (i) => f.shifts.close(i),
    'print:xReport': (i) => f.shiftReports.print('x', f.shifts.report(), i.language),
    'print:zReport': (i) => f.shiftReports.print('z', f.shifts.closedReport(i.shiftId), i.language),
  };
}
