/**
 * The kernel configuration faultline models (engine/kernel/config.ts), said once, where the
 * explanation names the kernel: a sentence about zeroing, huge pages, overcommit or who may use
 * userfaultfd holds for this configuration. Collapsed, so it costs one line.
 */
import { MODELLED_CONFIG } from '../../store/engine';

export function KernelConfig({ version }: { version: string }) {
  return (
    <details className="kernel-config">
      <summary className="muted">Kernel configuration faultline models ({version})</summary>
      <dl>
        {MODELLED_CONFIG.map((c) => (
          <div key={c.name}>
            <dt>
              <code>{c.name}</code>: {c.modelled}
            </dt>
            <dd>
              {c.means}. Otherwise: {c.otherwise}.
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
