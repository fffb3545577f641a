import { describe, expect, it } from 'vitest';
import { displayWidth, renderPairs, renderTable, wrap } from '../../src/cli/table.ts';

describe('renderTable', () => {
  it('aligns the first column left, the rest right, with a rule', () => {
    const lines = renderTable(
      ['policy', 'mean', 'max'],
      [
        ['gcma', '26 µs', '279 µs'],
        ['legacy-cma', '684 µs', '2.85 ms'],
      ],
    );
    expect(lines).toEqual([
      'policy        mean      max',
      '----------  ------  -------',
      'gcma         26 µs   279 µs',
      'legacy-cma  684 µs  2.85 ms',
    ]);
  });

  it('honours explicit alignment, indent, and counts µ and ± as one column', () => {
    expect(displayWidth('1 µs ± 2 µs')).toBe(11);
    const lines = renderTable(['a', 'b'], [['x', 'long text'], ['yy', 't']], { align: ['right', 'left'], indent: '  ' });
    expect(lines).toEqual(['   a  b', '  --  ---------', '   x  long text', '  yy  t']);
  });

  it('pads short rows and trims trailing spaces', () => {
    const lines = renderTable(['a', 'b', 'c'], [['1']]);
    expect(lines[2]).toBe('1');
  });
});

describe('multi-line cells and wrap', () => {
  it('a cell with several lines makes its row that tall', () => {
    expect(renderTable(['k', 'text'], [['a', 'one\ntwo'], ['b', 'x']], { align: ['left', 'left'] })).toEqual([
      'k  text',
      '-  ----',
      'a  one',
      '   two',
      'b  x',
    ]);
  });

  it('wraps on words', () => {
    expect(wrap('the quick brown fox jumps', 10)).toEqual(['the quick', 'brown fox', 'jumps']);
    expect(wrap('supercalifragilistic x', 5)).toEqual(['supercalifragilistic', 'x']);
    expect(wrap('', 5)).toEqual(['']);
  });
});

describe('renderPairs', () => {
  it('pads keys to one width', () => {
    expect(renderPairs([['a', '1'], ['long', '2']])).toEqual(['  a     1', '  long  2']);
  });
});
