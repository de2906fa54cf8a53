/** The memory map's legend: cell colours with their patterns and letters, and the link styles. */
const CELLS = [
  { cls: 'k-none', letter: '.', label: 'not present' },
  { cls: 'k-zero', letter: 'z', label: 'zero page' },
  { cls: 'k-refpage', letter: 'r', label: 'reference page' },
  { cls: 'k-private', letter: 'x', label: 'private' },
  { cls: 'k-shared', letter: 's', label: 'shared (after fork)' },
  { cls: 'k-shmem', letter: 's', label: 'shmem' },
  { cls: 'k-poison', letter: 'p', label: 'poisoned' },
];

export function MemoryMapLegend() {
  return (
    <ul className="legend memmap-legend" aria-label="Memory map legend">
      {CELLS.map((c) => (
        <li key={c.cls}>
          <span className={`swatch memmap-swatch ${c.cls}`} aria-hidden="true">
            {c.letter}
          </span>
          {c.label}
        </li>
      ))}
      <li>
        <svg width="36" height="14" aria-hidden="true" className="memmap-key">
          <line x1="2" y1="7" x2="34" y2="7" className="key-rw" />
        </svg>
        writable PTE
      </li>
      <li>
        <svg width="36" height="14" aria-hidden="true" className="memmap-key">
          <line x1="2" y1="7" x2="34" y2="7" className="key-ro" />
          <rect x="14" y="4" width="8" height="7" className="key-lock" />
        </svg>
        read-only PTE (a write faults)
      </li>
      <li>
        <svg width="36" height="14" aria-hidden="true" className="memmap-key">
          <line x1="2" y1="7" x2="34" y2="7" className="key-change" />
        </svg>
        changed by this step
      </li>
      <li>
        <svg width="36" height="14" aria-hidden="true" className="memmap-key">
          <line x1="2" y1="7" x2="34" y2="7" className="key-ghost" />
          <path d="M14 3 L22 11 M22 3 L14 11" className="key-cross" />
        </svg>
        where a PTE pointed before
      </li>
      <li>
        <svg width="36" height="14" aria-hidden="true" className="memmap-key">
          <path d="M2 12 V4 H34 V12" className="key-uffd" />
        </svg>
        range registered with userfaultfd
      </li>
      <li>
        <span className="memmap-pill" aria-hidden="true">
          T1 asleep
        </span>
        thread blocked on the page
      </li>
      <li>
        <span className="swatch memmap-swatch memmap-wp" aria-hidden="true">
          w
        </span>
        uffd write-protected
      </li>
    </ul>
  );
}
