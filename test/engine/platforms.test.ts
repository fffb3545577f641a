import { describe, expect, it } from 'vitest';
import { COST_FIELDS, PLATFORMS } from '../../src/engine/platform/profiles.ts';

describe('platform profiles', () => {
  it('has the four required platforms', () => {
    expect(Object.keys(PLATFORMS).sort()).toEqual(['cubox-i4', 'phone-8g', 'rpi2', 'x86-vm']);
  });

  it('cites a source for every cost of every platform', () => {
    for (const p of Object.values(PLATFORMS)) {
      for (const [field, , sourceKey] of COST_FIELDS) {
        expect(typeof p[field], `${p.name}.${String(field)}`).toBe('number');
        expect(p.sources[sourceKey]?.trim().length ?? 0, `${p.name}: source for ${String(field)}`).toBeGreaterThan(10);
      }
    }
  });

  it('keeps migration within the published 20-60 us and clean drops within 1.5-3 us (domain.md s5)', () => {
    for (const p of Object.values(PLATFORMS)) {
      expect(p.migratePageNs).toBeGreaterThanOrEqual(20_000);
      expect(p.migratePageNs).toBeLessThanOrEqual(60_000);
      expect(p.dropCleanPageNs).toBeGreaterThanOrEqual(1_500);
      expect(p.dropCleanPageNs).toBeLessThanOrEqual(3_000);
    }
  });
});
