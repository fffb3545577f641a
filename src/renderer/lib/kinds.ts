/*
 * The 13 page-content kinds of a memory-map snapshot (the engine's MAP_KINDS,
 * through src/shared) with one colour each.
 *
 * Colours come from Paul Tol's colour-blind-safe "light" and "vibrant"
 * schemes and are grouped by meaning so the map reads even where two hues
 * are hard to tell apart: file pages go pear -> yellow -> orange as they get
 * harder to move (clean, dirty, under writeback); anon is light blue and its
 * frontswap copies a deeper blue; the things that break contiguous
 * allocation (pins) are red; the device's own buffers are magenta and
 * isolated (about-to-be-device) pageblocks a pale tint of it. "free" is themed
 * so an empty machine looks calm in both light and dark mode; "reserved (free)",
 * the unused pages of a reserved region, gets its own dark colour so it does not
 * melt into free there.
 */

import { MAP_KINDS, type MapKind } from '../../shared/snapshot.ts';

export const KINDS = MAP_KINDS;

export type Kind = MapKind;

export interface KindInfo {
  kind: Kind;
  label: string;
  /** CSS hex colour (light theme, and dark unless `dark` is set). */
  colour: string;
  /** The dark theme's colour where the light one would not stand apart there (free, reserved). */
  dark?: string;
  /** One line for the legend's tooltip: what a kernel engineer would call it. */
  help: string;
}

export const FREE_LIGHT = '#e3e6ea';
export const FREE_DARK = '#2c323b';
/**
 * Reserved (free) in the dark theme: a warm taupe, 3.1:1 against FREE_DARK (the light theme's
 * #4a4f57 is 1.6:1 there, nearly the same grey) and apart in hue from kernel's cool grey.
 */
export const RESERVED_DARK = '#857a66';

export const KIND_INFO: readonly KindInfo[] = [
  { kind: 'free', label: 'free', colour: FREE_LIGHT, dark: FREE_DARK, help: 'Free, on the buddy free lists or a per-CPU list: any allocation can take it' },
  { kind: 'anon', label: 'anon', colour: '#77aadd', help: 'Anonymous (process) memory, movable' },
  { kind: 'file-clean', label: 'file clean', colour: '#bbcc33', help: 'Page cache, clean: can be dropped' },
  { kind: 'file-dirty', label: 'file dirty', colour: '#eedd88', help: 'Page cache, dirty: must be written back or migrated' },
  { kind: 'file-writeback', label: 'writeback', colour: '#ee8866', help: 'Page cache under writeback: migration waits for I/O' },
  { kind: 'pinned', label: 'pinned', colour: '#cc3311', help: 'Pinned by get_user_pages (short- or long-term): cannot migrate' },
  { kind: 'kernel', label: 'kernel', colour: '#8a8f98', help: 'Unmovable kernel allocations (slab, page tables)' },
  { kind: 'zram', label: 'zram', colour: '#aa4499', help: 'zram pool pages holding compressed anon' },
  { kind: 'cleancache', label: 'cleancache', colour: '#44bb99', help: 'GCMA: copy of an evicted clean file page, droppable at once' },
  { kind: 'frontswap', label: 'frontswap', colour: '#0077bb', help: 'GCMA: copy of a swapped-out anon page' },
  { kind: 'device', label: 'device', colour: '#ee3377', help: 'Allocated to the contiguous client (camera, codec)' },
  {
    kind: 'reserved',
    label: 'reserved (free)',
    colour: '#4a4f57',
    dark: RESERVED_DARK,
    help: 'Free pages of a reserved region (carve-out, GCMA; PG_reserved): outside the buddy allocator, so only the region’s owner can use them. The Region contents chart counts them as free.',
  },
  { kind: 'isolated', label: 'isolated', colour: '#ffaabb', help: 'Free pages in a pageblock isolated by alloc_contig_range' },
];

export function kindIndex(kind: string): number {
  return (KINDS as readonly string[]).indexOf(kind);
}

export function hexToRgb(hex: string): [number, number, number] {
  const h = hex.replace('#', '');
  const v = parseInt(h.length === 3 ? h.replace(/(.)/g, '$1$1') : h, 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** RGBA packed for a little-endian Uint32 view over ImageData (bytes R,G,B,A => 0xAABBGGRR). */
export function packRgba(r: number, g: number, b: number, a = 255): number {
  return ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

/** Kind colours for a snapshot's kind list (which may be a subset or reordering in future engines). */
export function paletteFor(kinds: readonly string[], dark: boolean): [number, number, number][] {
  return kinds.map((k) => hexToRgb(kindColour(k, dark)));
}

export function kindColour(kind: string, dark: boolean): string {
  const info = KIND_INFO.find((i) => i.kind === kind);
  if (!info) return '#999999';
  return dark && info.dark ? info.dark : info.colour;
}

/** A kind as the legend names it ("file clean", "reserved (free)"); tooltips and screen-reader text use the same words. */
export function kindLabel(kind: string): string {
  return KIND_INFO.find((i) => i.kind === kind)?.label ?? kind;
}
