/**
 * The machine's kernel, chosen from the lines faultline models (machine.kernel, issue 10): the
 * scenario runs again as that line, the cursor kept where the step still exists. What differs
 * between the lines, and how each was checked, is docs/kernel-versions.md.
 */
import { useApp, useAppStore } from '../store/react';
import { DEFAULT_KERNEL, KERNEL_VERSIONS, type KernelVersion } from '../scenario/types';

const LABEL: Record<KernelVersion, string> = {
  '6.1': 'Linux 6.1 (LTS)',
  '6.6': 'Linux 6.6 (LTS)',
  '6.12': 'Linux 6.12 (LTS)',
  '6.18': 'Linux 6.18',
};

export function KernelPicker() {
  const kernel = useApp((s) => s.doc.machine?.kernel ?? DEFAULT_KERNEL);
  const store = useAppStore();
  const picked = (k: KernelVersion) => {
    const s = store.getState();
    const machine = { ...(s.doc.machine ?? {}) };
    if (k === DEFAULT_KERNEL) delete machine.kernel;
    else machine.kernel = k;
    const doc = { ...s.doc, machine };
    if (!Object.keys(machine).length) delete (doc as { machine?: unknown }).machine;
    s.scenarioLoaded(doc, { keepCursor: true, lessonId: s.lessonId, origin: s.origin });
    s.statusShown(`Running as ${LABEL[k]}`);
  };
  return (
    <label
      className="kernel-picker"
      title="The Linux version the scenario runs on (machine.kernel)"
    >
      Kernel{' '}
      <select value={kernel} onChange={(e) => picked(e.target.value as KernelVersion)}>
        {KERNEL_VERSIONS.map((k) => (
          <option key={k} value={k}>
            {LABEL[k]}
          </option>
        ))}
      </select>
    </label>
  );
}
