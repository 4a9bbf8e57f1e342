// A console list that stays current (console/src/live.ts): when it reloads by itself, when it must not — a dialog
// open, a reload in flight, the tab hidden, the person gone long enough that polling would keep a forgotten session
// alive — and that a reload started earlier never puts an older list over a newer one.
import { describe, expect, it } from 'vitest';
import { LIVE_EVERY_MS, LIVE_IDLE_MS, LIVE_MIN_GAP_MS, LiveSchedule } from '../../console/src/live';

function world() {
  const w = { now: 1_000_000, visible: true, paused: false };
  const schedule = new LiveSchedule({ now: () => w.now, visible: () => w.visible, paused: () => w.paused });
  return { w, schedule };
}

describe('a console list that stays current', () => {
  it('reloads on each tick, and when the window is focused or shown again', () => {
    const { w, schedule } = world();
    expect(schedule.due('tick')).toBe(true);
    for (const trigger of ['focus', 'shown'] as const) {
      w.now += LIVE_EVERY_MS;
      expect(schedule.due(trigger)).toBe(true);
    }
  });

  it('does not reload while a dialog is open or an action is under way, nor while the tab is hidden', () => {
    const { w, schedule } = world();
    w.paused = true;
    expect(schedule.due('tick')).toBe(false);
    expect(schedule.due('focus')).toBe(false);
    w.paused = false;
    w.visible = false;
    expect(schedule.due('tick')).toBe(false);
    w.visible = true;
    expect(schedule.due('tick')).toBe(true);
  });

  it('does not start a reload while one is in flight, the page’s own included', () => {
    const { w, schedule } = world();
    const n = schedule.start();
    expect(schedule.loading).toBe(true);
    w.now += LIVE_EVERY_MS;
    expect(schedule.due('tick')).toBe(false);
    expect(schedule.due('focus')).toBe(false);
    schedule.end(n);
    w.now += LIVE_EVERY_MS;
    expect(schedule.due('tick')).toBe(true);
  });

  it('only the newest load is shown: an earlier one that ends last is dropped', () => {
    const { schedule } = world();
    const background = schedule.start();
    const own = schedule.start();
    expect(schedule.end(own)).toBe(true);
    expect(schedule.end(background)).toBe(false);
    expect(schedule.loading).toBe(false);
  });

  it('one reload for focus and "shown" arriving together', () => {
    const { w, schedule } = world();
    expect(schedule.due('shown')).toBe(true);
    schedule.end(schedule.start());
    w.now += LIVE_MIN_GAP_MS - 1;
    expect(schedule.due('focus')).toBe(false);
    w.now += 1;
    expect(schedule.due('focus')).toBe(true);
  });

  it('stops polling once the person has left the console alone, and starts again when they come back', () => {
    const { w, schedule } = world();
    w.now += LIVE_IDLE_MS - 1;
    expect(schedule.due('tick')).toBe(true);
    w.now += 1;
    expect(schedule.due('tick')).toBe(false);
    // A key or the pointer: polling resumes.
    schedule.activity();
    expect(schedule.due('tick')).toBe(true);
    // The window focused again counts as coming back, and reloads at once.
    w.now += LIVE_IDLE_MS;
    expect(schedule.due('tick')).toBe(false);
    expect(schedule.due('focus')).toBe(true);
  });
});
