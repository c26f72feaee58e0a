import { useState } from 'react';
import type { WallDisplayInfo } from '../../../src-shared/desktop-api.js';
import { hasRoleAtLeast } from '../../../src-shared/model/user.js';
import type { ResolvedWall } from '../../../src-shared/model/wall.js';
import { useAppStore, useT } from '../../store/store-context.js';
import { frozen } from './wall-edit.js';

/**
 * A supervisor sends what this monitor shows (a saved layout or tour by reference,
 * an ad-hoc grid as it is) to a wall monitor of another workstation. It travels as a
 * server command, so a target that is offline gets it when it reconnects.
 */
export function WallPushControl({ display, base }: { display: WallDisplayInfo; base: ResolvedWall }) {
  const t = useT();
  const role = useAppStore((s) => s.session?.user.role ?? null);
  const workstations = useAppStore((s) => s.knownWorkstations);
  const workstationId = useAppStore((s) => s.workstation?.workstationId ?? null);
  const push = useAppStore((s) => s.pushWallToWorkstation);
  const [target, setTarget] = useState('');
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  if (!role || !hasRoleAtLeast(role, 'supervisor')) return null;

  const targets = workstations
    .filter((w) => w.workstationId !== workstationId)
    .flatMap((w) => w.displays.map((d) => ({ value: `${w.workstationId}|${d.displayId}`, label: `${w.name} · ${d.label || d.displayId}` })));
  if (targets.length === 0) return null;

  function send() {
    const [targetWorkstation, displayId] = target.split('|');
    if (!targetWorkstation || !displayId) return;
    const content = display.state.content.kind === 'adhoc' ? frozen(base) : display.state.content;
    const label = targets.find((x) => x.value === target)?.label ?? target;
    void push({ workstationId: targetWorkstation, displayId, content }).then((result) =>
      setOutcome(result.ok ? { ok: true, text: t('wall.push.sent', { target: label }) } : { ok: false, text: result.message }),
    );
  }

  return (
    <span className="wall-push">
      <select data-testid="push-target" aria-label={t('wall.push.target')} value={target} onChange={(e) => setTarget(e.target.value)}>
        <option value="">{t('wall.push.placeholder')}</option>
        {targets.map((x) => (
          <option key={x.value} value={x.value}>
            {x.label}
          </option>
        ))}
      </select>
      <button type="button" data-testid="push-to-workstation" disabled={!target} onClick={send}>
        {t('wall.push.send')}
      </button>
      {outcome && (
        <span className={outcome.ok ? 'outcome-sent small' : 'warning-text small'} role="status" data-testid="push-to-workstation-outcome" data-ok={outcome.ok ? 'true' : 'false'}>
          {outcome.text}
        </span>
      )}
    </span>
  );
}
