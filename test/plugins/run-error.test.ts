/* A failed run's message names the plugin, its line, and the error's class when it is not a plain Error. */
import { describe, expect, it } from 'vitest';
import { describeRunError, errorText } from '../../src/main/plugins/run-error.ts';
import type { PolicyModule } from '../../src/engine/policy/sdk.ts';

describe('describeRunError', () => {
  it('keeps TypeError and RangeError in the message, not plain Error', () => {
    expect(errorText(new TypeError("Cannot read properties of undefined (reading 'startPfn')"))).toBe("TypeError: Cannot read properties of undefined (reading 'startPfn')");
    expect(errorText(new Error('exploded'))).toBe('exploded');
    const e = new RangeError('Invalid array length');
    e.stack = 'RangeError: Invalid array length\n    at Policy.allocContig (/home/ada/plugins/mine/index.ts:12:7)\n    at step (/work/src/engine/x.ts:1:1)';
    const mod = { manifest: { name: 'mine', version: '0.1.0' }, origin: { dir: '/home/ada/plugins/mine', hash: 'h' } } as unknown as PolicyModule;
    expect(describeRunError(e, mod).message).toMatch(/^plugin mine 0\.1\.0 threw: RangeError: Invalid array length \(at .*mine\/index\.ts:12:7\)$/);
  });
});
