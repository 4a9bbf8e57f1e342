// Error codes shared by main, renderer, CLI and server. The renderer turns a code into a sentence in the
// clerk's language (common/i18n); the `message` that travels with it is English, for logs and the CLI.
export const ErrorCode = {
  InvalidInput: 'INVALID_INPUT',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  Locked: 'SESSION_LOCKED',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  BadCredentials: 'BAD_CREDENTIALS',
  AlreadySetUp: 'ALREADY_SET_UP',
  NotSetUp: 'NOT_SET_UP',
  DatabaseKey: 'DATABASE_KEY_REJECTED',
  /** The OS keystore holding the database key (keyring, safeStorage) cannot be reached. details: where, reason. */
  KeyStoreUnavailable: 'KEY_STORE_UNAVAILABLE',
  /** (Its text is in the retention messages.) The visit's customer details were purged (retention): its receipt and forms are not printed again. details: days. */
  PersonalDataPurged: 'PERSONAL_DATA_PURGED',
  UnknownChannel: 'UNKNOWN_CHANNEL',
  Internal: 'INTERNAL',
  RuleViolation: 'RULE_VIOLATION',
  ApprovalRequired: 'APPROVAL_REQUIRED',
  /** The supervisor who would approve is the clerk signed in and asking: an approval needs a second person. */
  ApproverIsRequester: 'APPROVER_IS_REQUESTER',
  // card service
  CardServiceDown: 'CARD_SERVICE_DOWN',
  NoReader: 'NO_READER',
  NoCard: 'NO_CARD',
  CardRemoved: 'CARD_REMOVED',
  CardAccessDenied: 'CARD_ACCESS_DENIED',
  CardError: 'CARD_ERROR',
  PinWrong: 'PIN_WRONG',
  PinBlocked: 'PIN_BLOCKED',
  /** A wrong PUK: details.pukTriesLeft when the card says; at zero the card is blocked for good. */
  PukWrong: 'PUK_WRONG',
  PukBlocked: 'PUK_BLOCKED',
  /** The card asked for answers but is another kind (a SIM on the token page). details: reader, kind. */
  NotAToken: 'NOT_A_TOKEN',
  /** Several readers hold a card of the kind asked for: the clerk chooses. details: kind, readers. */
  ReaderAmbiguous: 'READER_AMBIGUOUS',
  VerificationFailed: 'VERIFICATION_FAILED',
  CardSecureMessaging: 'CARD_SECURE_MESSAGING',
  // sync
  SyncNotConfigured: 'SYNC_NOT_CONFIGURED',
  SyncFailed: 'SYNC_FAILED',
  /** Conflicts are resolved by supervisor accounts the server published to the office, whose approval it can check. */
  ResolverNotCentral: 'RESOLVER_NOT_CENTRAL',
  // per-operation offline policy (common/domain/offline-policy.ts; sentences in common/i18n/*/offline-policy.ts)
  /** The kind is refused while the desk cannot reach the central office. details: kind. */
  OfflineRefused: 'OFFLINE_REFUSED',
  /** The kind needs a central answer about the customer no older than details.maxAgeHours. details: kind, checkedAt. */
  CentralCheckStale: 'CENTRAL_CHECK_STALE',
  /** The desk's office type does not offer this kind (reference table office_operations, DOMAIN.md §7). details: kind, officeType. */
  NotOfferedHere: 'NOT_OFFERED_HERE',
  // a visit's lifecycle (sentences in common/i18n/*/visits-lifecycle.ts)
  /** The visit's identity check is older than the parameter visit.identity.maxAgeHours: check the ID again. details: maxAgeHours, checkedAt. */
  IdentityCheckStale: 'IDENTITY_CHECK_STALE',
  /** Only a visit without operations can be cancelled. */
  VisitNotEmpty: 'VISIT_NOT_EMPTY',
  // walk-in flows (DOMAIN.md §3–§6)
  IdentityNotVerified: 'IDENTITY_NOT_VERIFIED',
  IdExpired: 'ID_EXPIRED',
  VisitClosed: 'VISIT_CLOSED',
  PoaExpired: 'POA_EXPIRED',
  PoaNotYetValid: 'POA_NOT_YET_VALID',
  PoaOutOfScope: 'POA_OUT_OF_SCOPE',
  PoaTrusteeMismatch: 'POA_TRUSTEE_MISMATCH',
  PoaRevoked: 'POA_REVOKED',
  PoaLetterRequired: 'POA_LETTER_REQUIRED',
  DocumentsMissing: 'DOCUMENTS_MISSING',
  IccidNotRead: 'ICCID_NOT_READ',
  /** A visit by chip names a read the main process does not hold for this clerk (missing, too old, used, forged). */
  ChipNotRead: 'CHIP_NOT_READ',
  /** The chip read cannot identify the customer (expired, mismatch, failed authenticity check…). */
  ChipRefused: 'CHIP_REFUSED',
  IccidInUse: 'ICCID_IN_USE',
  IccidRetired: 'ICCID_RETIRED',
  OldIccidMismatch: 'OLD_ICCID_MISMATCH',
  SubscriberMismatch: 'SUBSCRIBER_MISMATCH',
  SimNotCurrent: 'SIM_NOT_CURRENT',
  /** A SIM sale for a number that is already on an active SIM. */
  MsisdnInUse: 'MSISDN_IN_USE',
  CertAlreadyActive: 'CERT_ALREADY_ACTIVE',
  CertNotRenewable: 'CERT_NOT_RENEWABLE',
  RenewalTooEarly: 'RENEWAL_TOO_EARLY',
  ReissueRequired: 'REISSUE_REQUIRED',
  TypeChangeTooEarly: 'TYPE_CHANGE_TOO_EARLY',
  ServiceNotActive: 'SERVICE_NOT_ACTIVE',
  ImeiAlreadyRegistered: 'IMEI_ALREADY_REGISTERED',
  ReferenceDataMissing: 'REFERENCE_DATA_MISSING',
  TokenAbsent: 'TOKEN_ABSENT',
  PrintFailed: 'PRINT_FAILED',
  // printers (sentences in common/i18n/*/printing.ts). details.printer: the queue named.
  /** The chosen printer is not known to the system's print service (renamed or removed). */
  PrinterNotFound: 'PRINTER_NOT_FOUND',
  /** The system's print service does not answer (CUPS: cupsd not running). */
  PrintServiceDown: 'PRINT_SERVICE_DOWN',
  /** The print service or the printer refused the job; details.reason: its words. */
  PrintRejected: 'PRINT_REJECTED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorPayload {
  code: string;
  message: string;
  /** Field-level problems, e.g. { fin: 'FIN_CHARSET' }, for inline errors in forms. */
  fields?: Record<string, string>;
  /** Extra machine-readable detail (never secrets). */
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: string;
  readonly fields?: Record<string, string>;
  readonly details?: Record<string, unknown>;
  constructor(code: string, message: string, opts: { fields?: Record<string, string>; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.fields = opts.fields;
    this.details = opts.details;
  }
  toPayload(): ErrorPayload {
    const p: ErrorPayload = { code: this.code, message: this.message };
    if (this.fields) p.fields = this.fields;
    if (this.details) p.details = this.details;
    return p;
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
