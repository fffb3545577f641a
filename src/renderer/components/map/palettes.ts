/* Palettes the map and its timeline share, over the panel's background (cells past the last pageblock). */
import { hexToRgb, paletteFor } from '../../lib/kinds.ts';
import { makePalette, type Palette } from '../../lib/memmap.ts';
import { migratetypeColour } from '../../lib/migratetypes.ts';

/** The map panel's background (theme.css --panel in dark, white in light). */
export const mapBackground = (dark: boolean): string => (dark ? '#151a21' : '#ffffff');

/** Page kinds' colours, indexed like meta.kinds. */
export function kindPalette(kinds: readonly string[], dark: boolean): Palette {
  return makePalette(paletteFor(kinds, dark), hexToRgb(mapBackground(dark)));
}

/** Migratetypes' colours, indexed like meta.migratetypes. */
export function migratetypePalette(names: readonly string[] | undefined, dark: boolean): Palette {
  return makePalette((names ?? []).map((n) => hexToRgb(migratetypeColour(n))), hexToRgb(mapBackground(dark)));
}
