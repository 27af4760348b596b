import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { RequestTracker } from './request-tracker.js';

function fakeResponse(): ServerResponse & EventEmitter {
  return new EventEmitter() as ServerResponse & EventEmitter;
}

describe('RequestTracker', () => {
  it('is idle at once when nothing is in flight', async () => {
    await expect(new RequestTracker().waitForIdle(1_000)).resolves.toBe(true);
  });

  it('waits for the responses in flight to close', async () => {
    const tracker = new RequestTracker();
    const first = fakeResponse();
    const second = fakeResponse();
    tracker.track(first);
    tracker.track(second);
    const idle = tracker.waitForIdle(5_000);
    first.emit('close');
    expect(tracker.count).toBe(1);
    second.emit('close');
    await expect(idle).resolves.toBe(true);
    expect(tracker.count).toBe(0);
  });

  it('gives up after the timeout', async () => {
    const tracker = new RequestTracker();
    tracker.track(fakeResponse());
    await expect(tracker.waitForIdle(20)).resolves.toBe(false);
    expect(tracker.count).toBe(1);
  });

  it('starts draining on demand', () => {
    const tracker = new RequestTracker();
    expect(tracker.isDraining).toBe(false);
    tracker.startDraining();
    expect(tracker.isDraining).toBe(true);
  });

  it('starts refusing on demand', () => {
    const tracker = new RequestTracker();
    expect(tracker.isRefusing).toBe(false);
    tracker.startRefusing();
    expect(tracker.isRefusing).toBe(true);
  });
});
