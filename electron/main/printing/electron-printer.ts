// Electron's silent printing as a PrinterPort, typed structurally so this file never imports `electron`.
// webContents.print prints the page loaded in a window, not a PDF: the job's HTML is loaded in a hidden, script-less
// window and printed with { silent: true, deviceName, pageSize } — no dialog. Wired in electron/main/index.ts; it
// cannot run where no Electron binary is installed (this machine's tests check the arguments it passes).
import { AppError, ErrorCode } from '../../../common/errors';
import type { PrinterInfo } from '../../../common/printing/destinations';
import type { PrintJob, PrinterPort } from './printer-port';

/** The part of Electron's PrinterInfo we read (`status` is the OS's code; 0 ready). */
export interface ElectronPrinter {
  name: string;
  /** Not in every Electron release's PrinterInfo. */
  isDefault?: boolean;
  status?: number;
}

export interface ElectronPrintOptions {
  silent: true;
  deviceName: string;
  printBackground: true;
  /** 'A4', or the 80 mm roll in microns (Electron's unit for a custom pageSize). */
  pageSize: 'A4' | { width: number; height: number };
  margins: { marginType: 'none' | 'default' };
}

export interface PrintingWindow {
  loadURL(url: string): Promise<void>;
  webContents: { print(options: ElectronPrintOptions, callback: (success: boolean, failureReason: string) => void): void };
  destroy(): void;
}

/** The options webContents.print gets for a job (kept apart so a unit test can check them). */
export function electronPrintOptions(job: Pick<PrintJob, 'printer' | 'paper' | 'pageMm'>): ElectronPrintOptions {
  return {
    silent: true,
    deviceName: job.printer,
    printBackground: true,
    pageSize: job.paper === 'a4' ? 'A4' : { width: job.pageMm.width * 1000, height: job.pageMm.height * 1000 },
    // The 80 mm layout carries its own margins; A4 keeps the printer's default ones.
    margins: { marginType: job.paper === 'a4' ? 'default' : 'none' },
  };
}

export class ElectronPrinterPort implements PrinterPort {
  readonly via = 'electron' as const;

  constructor(
    /** e.g. () => mainWindow.webContents.getPrintersAsync() */
    private readonly printers: () => Promise<ElectronPrinter[]>,
    /** e.g. () => new BrowserWindow({ show: false, webPreferences: { javascript: false, sandbox: true } }) */
    private readonly createWindow: () => PrintingWindow,
  ) {}

  async list(): Promise<PrinterInfo[]> {
    const list = await this.printers();
    return list.map((p) => ({ name: p.name, isDefault: p.isDefault ?? false, state: 'idle' as const }));
  }

  async print(job: PrintJob): Promise<{ jobId: string | null }> {
    if (!(await this.printers()).some((p) => p.name === job.printer)) {
      throw new AppError(ErrorCode.PrinterNotFound, `The printer '${job.printer}' is not installed on this computer.`, { details: { printer: job.printer } });
    }
    const win = this.createWindow();
    try {
      await win.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(job.html, 'utf8').toString('base64')}`);
      await new Promise<void>((resolve, reject) => {
        win.webContents.print(electronPrintOptions(job), (success, failureReason) => {
          if (success) resolve();
          else reject(new AppError(ErrorCode.PrintRejected, `The printer '${job.printer}' refused the job: ${failureReason}`, { details: { printer: job.printer, reason: failureReason } }));
        });
      });
      // Electron gives no job id.
      return { jobId: null };
    } finally {
      win.destroy();
    }
  }
}
