// Where each kind of document is printed (issue 12, deliver 4): the printer and the paper per document kind, and
// how a print was delivered. Shared by main (which sends), the renderer (which says where it went) and the IPC contract.
import { z } from 'zod';

/** The documents the desk prints. Shift reports join this list when they exist. */
export const printDocumentKinds = ['receipt', 'form', 'komis'] as const;
export const printDocumentKindSchema = z.enum(printDocumentKinds);
export type PrintDocumentKind = z.infer<typeof printDocumentKindSchema>;

/** A4 sheets, or the 80 mm roll of a receipt printer (only the receipt has an 80 mm layout). */
export const paperSchema = z.enum(['a4', 'receipt80']);
export type Paper = z.infer<typeof paperSchema>;

/** The papers each kind can be laid out on. */
export const papersFor: Record<PrintDocumentKind, readonly Paper[]> = { receipt: ['a4', 'receipt80'], form: ['a4'], komis: ['a4'] };

/** A system printer queue name (CUPS: letters, digits, `_`, `-`, `.`; Windows names have spaces). */
export const printerNameSchema = z.string().trim().min(1).max(127);

/** null printer: no printer chosen, the PDF is downloaded. */
export const printDestinationSchema = z.object({ printer: printerNameSchema.nullable(), paper: paperSchema });
export type PrintDestination = z.infer<typeof printDestinationSchema>;

export const printDestinationsSchema = z
  .object({ receipt: printDestinationSchema, form: printDestinationSchema, komis: printDestinationSchema })
  .refine((d) => printDocumentKinds.every((k) => papersFor[k].includes(d[k].paper)), { message: 'PAPER_NOT_FOR_KIND', path: ['paper'] });
export type PrintDestinations = z.infer<typeof printDestinationsSchema>;

export const defaultPrintDestinations: PrintDestinations = {
  receipt: { printer: null, paper: 'a4' },
  form: { printer: null, paper: 'a4' },
  komis: { printer: null, paper: 'a4' },
};

/**
 * How a document reached the clerk: sent to a printer queue, or handed over as a PDF download — because no printer
 * is chosen for its kind, or because sending failed (`error`: the code and English message; the renderer words it).
 */
export const printDeliverySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('printer'), printer: z.string(), paper: paperSchema, jobId: z.string().nullable() }),
  z.object({
    kind: z.literal('download'),
    reason: z.enum(['not-configured', 'failed']),
    printer: z.string().nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  }),
]);
export type PrintDelivery = z.infer<typeof printDeliverySchema>;

/** A printer as the system lists it. `state`: idle, printing, or disabled (jobs wait in its queue). */
export const printerInfoSchema = z.object({ name: z.string(), state: z.enum(['idle', 'printing', 'disabled']), isDefault: z.boolean() });
export type PrinterInfo = z.infer<typeof printerInfoSchema>;
