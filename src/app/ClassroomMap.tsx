/**
 * Classroom mode's picture: the memory map (views/MemoryMap) filling the larger column, drawn in
 * the largest type that lets the whole map fit without a scrollbar, with the step's changes in
 * words under it and the legend. The "Mappings" table, the map as text, is one of the views the
 * teacher can open beside the lesson (Classroom.tsx, "Show").
 */
import { useRef } from 'react';
import { useApp } from '../store/react';
import { selectMapping } from '../store/select';
import { Region } from './Region';
import { MemoryMapPicture } from '../views/MemoryMap/MemoryMapPicture';
import { ChangeList } from '../views/MemoryMap/ChangeList';
import { MemoryMapLegend } from '../views/MemoryMap/Legend';
import { mapLayout } from '../views/MemoryMap/layout';
import { useSize } from '../views/common/useSize';
import { fitScale } from './classroom-scale';

/** A page cell's width at scale 1 that holds its words ("p+0x1000", "not present") whole. */
const CELL_WORDS = 84;

export function ClassroomMap() {
  const box = useRef<HTMLDivElement>(null);
  const size = useSize(box, { width: 800, height: 420 });
  const model = useApp(selectMapping);
  const scale = model
    ? fitScale((s) => {
        const l = mapLayout({
          width: size.width,
          axis: model.axis,
          frames: model.frames.n,
          procs: model.procs.length,
          scale: s,
        });
        return l.height <= size.height && l.pageCell >= CELL_WORDS * s;
      })
    : 1;
  return (
    <Region name="Memory map" className="classroom-memmap">
      <div ref={box} className="classroom-memmap-picture">
        <MemoryMapPicture height={size.height} scale={scale} />
      </div>
      <div className="classroom-memmap-words">
        <ChangeList />
        <MemoryMapLegend />
      </div>
    </Region>
  );
}
