// English: printers and print confirmations (issue 12, deliver 4). Keys must match az/ and ru/printing.ts.
export default {
  errors: {
    PRINTER_NOT_FOUND: 'The chosen printer does not exist in the system’s print service (renamed or removed?).',
    PRINT_SERVICE_DOWN: 'The system’s print service (CUPS) is not running.',
    PRINT_REJECTED: 'The print service refused the document.',
  },
  printing: {
    title: 'Printers',
    intro: 'Where each document is printed, without a dialog. With no printer chosen the PDF is downloaded.',
    document: 'Document',
    printer: 'Printer',
    paper: 'Paper',
    kinds: { receipt: 'Receipt', form: 'Application form', komis: 'KÖMİS sheet' },
    papers: { a4: 'A4', receipt80: '80 mm receipt roll' },
    noPrinter: 'No printer (download the PDF)',
    states: { idle: 'ready', printing: 'printing', disabled: 'paused' },
    isDefault: 'system default',
    via: { cups: 'Printers of this computer’s print service (CUPS).', electron: 'Printers installed on this computer.', none: 'This desk has no print service: documents are downloaded.' },
    noPrinters: 'The print service lists no printers.',
    missing: 'not found now',
    refresh: 'Refresh the list',
    saved: 'Printer settings saved.',
    supervisorOnly: 'Only a supervisor can change the printers.',
    sentTo: 'Sent to {printer}.',
    downloaded: 'No printer is chosen for this document: the PDF was downloaded.',
    fallback: 'Not printed on {printer}: {reason} The PDF was downloaded instead.',
  },
  audit: {
    settings: {
      printDestinations: { receipt: 'printer for receipts', form: 'printer for forms', komis: 'printer for KÖMİS sheets' },
    },
  },
};
