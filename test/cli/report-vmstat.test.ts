/* The run report's vmstat excerpt: the counters that say something for the policy, workbench ones starred. */
import { describe, expect, it } from 'vitest';
import { renderRunReport } from '../../src/cli/report.ts';
import { summary } from './helpers.ts';

const vmBlock = (lines: string[]): string[] => {
  const at = lines.indexOf('vmstat');
  return at < 0 ? [] : lines.slice(at + 1).map((l) => l.trim().replace(/\s+/g, ' '));
};

describe('run report vmstat', () => {
  it('leaves out cma_alloc_* when the policy never called cma_alloc, and stars the workbench\'s counters', () => {
    const carveout = summary({ vmstat: { pswpout: 4, cma_alloc_success: 0, cma_alloc_fail: 0, contig_alloc_success: 9, contig_alloc_fail: 1 } });
    expect(vmBlock(renderRunReport(carveout))).toEqual(['pswpout 4', 'contig_alloc_success * 9', 'contig_alloc_fail * 1', "* the workbench's own counter, not a kernel one"]);
    const cma = summary({ vmstat: { cma_alloc_success: 9, cma_alloc_fail: 0 } });
    expect(vmBlock(renderRunReport(cma))).toEqual(['cma_alloc_success 9', 'cma_alloc_fail 0']);
  });
});
