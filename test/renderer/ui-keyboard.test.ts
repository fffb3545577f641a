/*
 * The pure parts of the keyboard and wording fixes: the scenario radio group's
 * arrow keys, the Cancel all confirmation, the tag editor's notice, and the
 * request lane of the Region contents chart.
 */
import { describe, expect, it } from 'vitest';
import { radioStep } from '../../src/renderer/pages/new/ScenarioList.tsx';
import { cancelAllText } from '../../src/renderer/pages/live/sections.ts';
import { normalizeTag, tagNotice } from '../../src/renderer/components/common/TagEditor.tsx';
import { eventLane, failedFlags } from '../../src/renderer/components/charts/SeriesChart.tsx';

describe('scenario radio group keys', () => {
  it('moves with the arrows, wrapping, and jumps with Home/End', () => {
    expect(radioStep('ArrowDown', 0, 4)).toBe(1);
    expect(radioStep('ArrowRight', 3, 4)).toBe(0);
    expect(radioStep('ArrowUp', 0, 4)).toBe(3);
    expect(radioStep('ArrowLeft', 2, 4)).toBe(1);
    expect(radioStep('Home', 2, 4)).toBe(0);
    expect(radioStep('End', 0, 4)).toBe(3);
    expect(radioStep('Tab', 0, 4)).toBeNull();
    expect(radioStep('ArrowDown', 0, 0)).toBeNull();
  });
});

describe('Cancel all confirmation', () => {
  it('names how many runs it stops, singular and plural', () => {
    const two = cancelAllText([{ status: 'running' }, { status: 'queued' }]);
    expect(two.title).toBe('Cancel 2 runs?');
    expect(two.body).toMatch(/^1 running and 1 queued runs will stop; they keep/);
    const one = cancelAllText([{ status: 'running' }]);
    expect(one.title).toBe('Cancel 1 run?');
    expect(one.body).toMatch(/^1 running run will stop; it keeps what it recorded/);
    expect(cancelAllText([{ status: 'queued' }, { status: 'queued' }, { status: 'queued' }]).body).toMatch(/^3 queued runs/);
  });
});

describe('tag editor', () => {
  it('says before saving how a tag will be rewritten', () => {
    expect(normalizeTag('  bad tag with spaces!! ')).toBe('bad-tag-with-spaces!!');
    expect(normalizeTag('a, b')).toBe('a-b');
    expect(tagNotice('bad tag with spaces!!')).toBe('saved as “bad-tag-with-spaces!!” (no spaces or commas)');
    expect(tagNotice('fine-tag')).toBeNull();
    expect(tagNotice('  padded ')).toBeNull();
    expect(tagNotice('')).toBeNull();
  });
});

describe('request lane of the Region contents chart', () => {
  it('bins dense successful requests into separate counted marks, failed ones apart', () => {
    // 100 requests packed into 30 px: one solid bar before; ten 3 px bins now, with counts.
    const xs = Array.from({ length: 100 }, (_, i) => 10 + i * 0.3);
    const failed = xs.map((_, i) => i === 50);
    const lane = eventLane(xs, failed, 10, 200, 3);
    expect(lane.bins.length).toBe(10);
    expect(lane.bins.reduce((n, b) => n + b.count, 0)).toBe(99);
    expect(lane.maxCount).toBe(10);
    expect(lane.failed).toEqual([{ x: 25, index: 50 }]);
    // Outside the plot: dropped.
    expect(eventLane([5, 500], [false, false], 10, 200, 3).bins).toEqual([]);
  });
  it('treats events off the most common colour as failed unless flagged', () => {
    expect(failedFlags([{ colour: '#2563d9' }, { colour: '#2563d9' }, { colour: '#c2410c' }])).toEqual([false, false, true]);
    expect(failedFlags([{ colour: '#c2410c', failed: false }, { colour: '#2563d9', failed: true }])).toEqual([false, true]);
  });
});
