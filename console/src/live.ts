// When a list page reloads its list by itself (useLiveList in use.ts wires this to the window): when the window
// comes back (focus, the tab shown again) and every LIVE_EVERY_MS while it is shown. Pure — no DOM, no timers — so
// unit tests drive it with their own clock.
//
// It never reloads while the page says it is paused (a dialog open, an action under way), while a reload is still in
// flight, or once the person has left the console alone for LIVE_IDLE_MS: every request keeps the server session
// alive, and a page that polled forever would defeat the session's idle end (CONSOLE_SESSION_IDLE_MINUTES).

/** A shown list page reloads this often. */
export const LIVE_EVERY_MS = 30_000;
/** No key, pointer or window focus for this long: the page stops reloading until the person comes back. */
export const LIVE_IDLE_MS = 10 * 60_000;
/** Focus and "shown again" usually come together: one reload for both. */
export const LIVE_MIN_GAP_MS = 2_000;

export type LiveTrigger = 'tick' | 'shown' | 'focus';

export interface LiveState {
  visible: () => boolean;
  paused: () => boolean;
  now: () => number;
}

/**
 * The page's reloads and their order: a load started later wins, so a slow background reload that finishes after the
 * page's own reload (after an action, a filter change) cannot put the older list back.
 */
export class LiveSchedule {
  private inFlight = 0;
  private generation = 0;
  private lastActivity: number;
  private lastStart = Number.NEGATIVE_INFINITY;

  constructor(private readonly state: LiveState) {
    this.lastActivity = state.now();
  }

  /** A key, a pointer, the window focused or shown: the person is here. */
  activity(): void {
    this.lastActivity = this.state.now();
  }

  /** Whether a trigger should reload now. */
  due(trigger: LiveTrigger): boolean {
    const now = this.state.now();
    if (trigger !== 'tick') this.activity();
    if (!this.state.visible() || this.state.paused() || this.inFlight > 0) return false;
    if (now - this.lastActivity >= LIVE_IDLE_MS) return false;
    if (trigger !== 'tick' && now - this.lastStart < LIVE_MIN_GAP_MS) return false;
    return true;
  }

  /** A load starts (the page's own or a background one): its number, to ask `latest` when it ends. */
  start(): number {
    this.inFlight++;
    this.lastStart = this.state.now();
    return ++this.generation;
  }

  /** A load ended, with whether it is still the newest one (only then does the page show what it got). */
  end(n: number): boolean {
    this.inFlight = Math.max(0, this.inFlight - 1);
    return n === this.generation;
  }

  get loading(): boolean {
    return this.inFlight > 0;
  }
}
