// Printers (issue 12, deliver 4): the system's printers, and per document kind the printer and paper the desk
// prints on. Any clerk sees them (the print confirmation names the printer); only a supervisor changes them.
import { z } from 'zod';
import { channel, type ChannelMap, type EventMap } from '../define';
import { printDestinationsSchema, printerInfoSchema } from '../../printing/destinations';

/** The system's printers; `error` (code and English message) when the print service cannot be asked. */
export const printerListSchema = z.object({
  printers: z.array(printerInfoSchema),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Which print service answers: CUPS (browser host, Linux) or Electron's own (the app). */
  via: z.enum(['cups', 'electron', 'none']),
});
export type PrinterList = z.infer<typeof printerListSchema>;

export const printingChannels = {
  'printers:list': channel('clerk', z.void(), printerListSchema),
  'printers:destinations': channel('clerk', z.void(), printDestinationsSchema),
  'printers:setDestinations': channel('supervisor', printDestinationsSchema, printDestinationsSchema),
} satisfies ChannelMap;

export const printingEvents = {} satisfies EventMap;
