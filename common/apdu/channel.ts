// The seam between card logic (SIM, eMRTD, PIN card readers) and whatever carries APDUs:
// the PC/SC card service in production, an in-process virtual applet in unit tests.
// Card logic depends only on this interface, so it runs anywhere (no `node:`).
import type { CommandApdu, ResponseApdu } from './apdu';

export interface CardChannel {
  /** Sends one command; 61xx / 6Cxx handling happens below this interface. */
  transmit(command: CommandApdu): Promise<ResponseApdu>;
}
