// The printer adapters' own logic: lpstat's answer read into printers, and the arguments Electron's silent print gets.
// The Electron glue cannot run here (no Electron binary): its window is a stand-in that records what it is asked;
// real printing is covered through CUPS in test/integration/printing-cups.test.ts.
import { describe, expect, it } from 'vitest';
import { parseLpstatPrinters } from '../../electron/main/printing/cups-printer';
import { ElectronPrinterPort, electronPrintOptions, type ElectronPrintOptions } from '../../electron/main/printing/electron-printer';
import { pdfPageSizeMm } from '../../electron/main/printing/printer-port';

describe('lpstat -p', () => {
  it('reads idle, printing and paused queues and marks the system default', () => {
    const out = [
      'printer MasaPDF is idle.  enabled since Wed Dec  2 04:35:43 2026',
      'printer Front_Desk now printing Front_Desk-12.  enabled since Wed Dec  2 04:40:01 2026',
      'printer Old disabled since Wed Dec  2 04:37:21 2026 -',
      '\tPaused',
    ].join('\n');
    expect(parseLpstatPrinters(out, 'Front_Desk')).toEqual([
      { name: 'MasaPDF', state: 'idle', isDefault: false },
      { name: 'Front_Desk', state: 'printing', isDefault: true },
      { name: 'Old', state: 'disabled', isDefault: false },
    ]);
  });
});

describe('the PDF page size for the CUPS media', () => {
  it('reads the MediaBox in mm', () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Page /MediaBox [0 0 226.77 566.93] >> endobj', 'latin1');
    expect(pdfPageSizeMm(pdf)).toEqual({ width: 80, height: 200 });
    expect(pdfPageSizeMm(Buffer.from('%PDF-1.4 no page'))).toBeNull();
  });
});

describe("Electron's silent print (glue, not run for real here)", () => {
  it('prints A4 and the 80 mm roll (microns) on the named printer without a dialog', () => {
    expect(electronPrintOptions({ printer: 'HP_A4', paper: 'a4', pageMm: { width: 210, height: 297 } })).toEqual({
      silent: true, deviceName: 'HP_A4', printBackground: true, pageSize: 'A4', margins: { marginType: 'default' },
    });
    expect(electronPrintOptions({ printer: 'Epson TM-T20', paper: 'receipt80', pageMm: { width: 80, height: 143 } })).toEqual({
      silent: true, deviceName: 'Epson TM-T20', printBackground: true, pageSize: { width: 80_000, height: 143_000 }, margins: { marginType: 'none' },
    });
  });

  function port(printers: string[], answer: [boolean, string]) {
    const asked: ElectronPrintOptions[] = [];
    const loaded: string[] = [];
    let destroyed = 0;
    const p = new ElectronPrinterPort(
      async () => printers.map((name) => ({ name, isDefault: name === printers[0] })),
      () => ({
        loadURL: async (url: string) => void loaded.push(url),
        webContents: { print: (options: ElectronPrintOptions, done: (ok: boolean, why: string) => void) => (asked.push(options), done(...answer)) },
        destroy: () => void destroyed++,
      }),
    );
    return { p, asked, loaded, destroyed: () => destroyed };
  }
  const job = { printer: 'Epson TM-T20', title: 'receipt-1-az.pdf', paper: 'receipt80' as const, pdf: new Uint8Array(), pageMm: { width: 80, height: 150 }, html: '<p>Qəbz</p>' };

  it('loads the HTML in the hidden window, prints it, and closes the window', async () => {
    const { p, asked, loaded, destroyed } = port(['Epson TM-T20'], [true, '']);
    expect(await p.print(job)).toEqual({ jobId: null });
    expect(asked).toEqual([electronPrintOptions(job)]);
    expect(Buffer.from(loaded[0].split('base64,')[1], 'base64').toString('utf8')).toBe('<p>Qəbz</p>');
    expect(destroyed()).toBe(1);
    expect(await p.list()).toEqual([{ name: 'Epson TM-T20', isDefault: true, state: 'idle' }]);
  });

  it('says which printer is missing, and what the printer answered on a failure', async () => {
    await expect(port(['Other'], [true, '']).p.print(job)).rejects.toMatchObject({ code: 'PRINTER_NOT_FOUND', details: { printer: 'Epson TM-T20' } });
    const failing = port(['Epson TM-T20'], [false, 'Print job failed']);
    await expect(failing.p.print(job)).rejects.toMatchObject({ code: 'PRINT_REJECTED', details: { reason: 'Print job failed' } });
    expect(failing.destroyed()).toBe(1);
  });
});
