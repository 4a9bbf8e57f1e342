// Exit codes of the `masa` CLI, stable for scripts: one per situation a desk operator can act on.
export const ExitCode = {
  Ok: 0,
  Other: 1,
  /** The command line is wrong (unknown option, missing value): nothing was done. */
  Usage: 2,
  NoReader: 3,
  NoCard: 4,
  AccessDenied: 5,
  VerificationFailed: 6,
  CardServiceDown: 7,
  /** `masa customer show`: nobody has that identifier (the same number as Usage, as scripts were promised). */
  NotFound: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
