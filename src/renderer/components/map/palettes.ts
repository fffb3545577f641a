/* Palettes the map and its timeline share: the migratetype one, indexed like meta.migratetypes. */
import { hexToRgb } from '../../lib/kinds.ts';
import { makePalette, type Palette } from '../../lib/memmap.ts';
import { migratetypeColour } from '../../lib/migratetypes.ts';

export function migratetypePalette(names: readonly string[] | undefined, dark: boolean): Palette {
  return makePalette((names ?? []).map((n) => hexToRgb(migratetypeColour(n))), hexToRgb(dark ? '#151a21' : '#ffffff'));
}
