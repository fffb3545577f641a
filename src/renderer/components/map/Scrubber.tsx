/*
 * Time scrubber over snapshot times: a range input (keyboard: arrows step,
 * PageUp/Down jump, Home/End) plus play/pause that steps at a fixed rate.
 */
import { useEffect, useState } from 'react';
import { formatSeconds } from '../../lib/format.ts';
import { IconPlay, IconStop } from '../common/icons.tsx';

export interface ScrubberProps {
  times: number[];
  index: number;
  onChange: (i: number) => void;
  label?: string;
}

export function Scrubber({ times, index, onChange, label = 'Snapshot time' }: ScrubberProps) {
  const [playing, setPlaying] = useState(false);
  useEffect(() => {
    if (!playing) return;
    const t = setInterval(() => {
      onChange(index + 1 >= times.length ? 0 : index + 1);
    }, 180);
    return () => clearInterval(t);
  }, [playing, index, times.length, onChange]);
  if (times.length === 0) return null;
  const tS = (times[index] ?? 0) / 1e9;
  return (
    <div className="scrubber">
      <button type="button" className="btn sm icon" aria-label={playing ? 'Pause' : 'Play through snapshots'} onClick={() => setPlaying(!playing)}>
        {playing ? <IconStop /> : <IconPlay />}
      </button>
      <input
        type="range"
        min={0}
        max={Math.max(0, times.length - 1)}
        step={1}
        value={index}
        aria-label={label}
        aria-valuetext={`t = ${formatSeconds(tS)}, snapshot ${index + 1} of ${times.length}`}
        onChange={(e) => onChange(Number(e.target.value))}
      />
      <span className="time">
        t = {formatSeconds(tS)} <span className="faint">
          ({index + 1}/{times.length})
        </span>
      </span>
    </div>
  );
}
