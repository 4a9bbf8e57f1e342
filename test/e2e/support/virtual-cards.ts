// Virtual cards for the flow specs: our own pcscd with two vpcd readers (ID reader, SIM reader), started in the
// Playwright worker; the browser host inherits PCSCLITE_CSOCK_NAME from this process, so it talks to that pcscd.
import { PcscHarness, pcscSkipReason } from '../../support/pcsc';
import { virtualIdCard } from '../../fixtures/vcards/emrtd-harness';
import { SimApplet } from '../../fixtures/vcards/sim-applet';
import { PinCardApplet, type PinCardOptions } from '../../fixtures/vcards/pin-card-applet';
import type { EmrtdAppletOptions } from '../../fixtures/vcards/emrtd';
import type { VpcdCard } from '../../fixtures/vcards/vpcd';

export { pcscSkipReason };

const CARD_SWAP_GAP_MS = 500;

export class VirtualDesk {
  private idCard: VpcdCard | null = null;
  private simCard: VpcdCard | null = null;
  private constructor(readonly pcsc: PcscHarness) {}

  static async start(): Promise<VirtualDesk> {
    return new VirtualDesk(await PcscHarness.start());
  }

  /** Puts an ID card with this MRZ (chip built from it) on the ID reader, replacing any card there. */
  async insertIdCard(mrz: string, options: Partial<EmrtdAppletOptions> = {}): Promise<void> {
    if (this.idCard) {
      await this.idCard.remove();
      // A customer takes one card away before putting the next down; swapping in the same instant is not a desk.
      await new Promise((r) => setTimeout(r, CARD_SWAP_GAP_MS));
    }
    this.idCard = this.pcsc.card('id', await virtualIdCard(mrz, options));
    await this.idCard.insert();
  }

  /** `atr`: another answer-to-reset than our table's (a real SIM's, which the desk must ask to know). */
  async insertSim(iccid: string, options: { atr?: Uint8Array } = {}): Promise<void> {
    await this.simCard?.remove();
    this.simCard = this.pcsc.card('sim', new SimApplet(iccid, options));
    await this.simCard.insert();
  }

  /** An e-İmza PIN card, on the first reader (where a customer's card goes). */
  async insertPinCard(options: PinCardOptions = {}): Promise<PinCardApplet> {
    await this.idCard?.remove();
    const applet = new PinCardApplet(options);
    this.idCard = this.pcsc.card('id', applet);
    await this.idCard.insert();
    return applet;
  }

  async removeIdCard(): Promise<void> {
    await this.idCard?.remove();
    this.idCard = null;
  }

  async stop(): Promise<void> {
    await this.pcsc.stop();
  }
}
