import { useMemo, useState, type FormEvent } from 'react';
import { canManageRouting } from '../../../src-shared/model/field-report.js';
import { ulid } from '../../../src-shared/ulid.js';
import { useAppStore, useT } from '../../store/store-context.js';
import { useUnitNames } from './use-unit-names.js';

const EMPTY_DEPARTMENT = { id: '', name: '', shortName: '', email: '', phone: '', active: true };

/**
 * Departments and routing rules (category × unit → department). Everyone on the desk
 * may read them (to see why a report went where it did); only an admin changes them,
 * through the same outbox as every other step, so this works offline too.
 */
export function RoutingAdmin() {
  const t = useT();
  const role = useAppStore((s) => s.session?.user.role ?? null);
  const departments = useAppStore((s) => s.reportDepartments);
  const rules = useAppStore((s) => s.reportRules);
  const services = useAppStore((s) => s.reportServices);
  const actOnReports = useAppStore((s) => s.actOnReports);
  const outcome = useAppStore((s) => s.reportOutcome);
  const units = useUnitNames();
  const admin = role !== null && canManageRouting({ role });
  const serviceName = useMemo(() => new Map(services.map((s) => [s.code, s.name] as const)), [services]);
  const departmentName = useMemo(() => new Map(departments.map((d) => [d.id, d.name] as const)), [departments]);
  const [rule, setRule] = useState({ serviceCode: '', unitId: '', departmentId: '' });
  const [department, setDepartment] = useState(EMPTY_DEPARTMENT);

  async function addRule(event: FormEvent) {
    event.preventDefault();
    if (!rule.serviceCode || !rule.departmentId) return;
    const result = await actOnReports([
      { action: 'routing-rule.save', rule: { id: `rule-${ulid().toLowerCase()}`, serviceCode: rule.serviceCode, unitId: rule.unitId || null, departmentId: rule.departmentId } },
    ]);
    if (result.ok) setRule({ serviceCode: '', unitId: '', departmentId: '' });
  }

  async function saveDepartment(event: FormEvent) {
    event.preventDefault();
    const id = department.id.trim() || `dept-${ulid().toLowerCase()}`;
    const result = await actOnReports([{ action: 'department.save', department: { ...department, id } }]);
    if (result.ok) setDepartment(EMPTY_DEPARTMENT);
  }

  return (
    <section className="routing-admin" data-testid="routing-admin">
      {!admin && <p className="muted">{t('reports.routing.readOnly')}</p>}
      {outcome?.status === 'failed' && (
        <p className="form-problem" role="alert">
          {outcome.failure.message}
        </p>
      )}
      <h2>{t('reports.routing.rules')}</h2>
      <table className="queue-table" data-testid="routing-rules">
        <thead>
          <tr>
            <th scope="col">{t('reports.routing.service')}</th>
            <th scope="col">{t('reports.routing.unit')}</th>
            <th scope="col">{t('reports.routing.department')}</th>
            {admin && <th scope="col" />}
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => (
            <tr key={r.id} data-testid="routing-rule" data-rule-id={r.id} data-pending={r.pending ? 'true' : 'false'}>
              <td>{serviceName.get(r.serviceCode) ?? r.serviceCode}</td>
              <td>{r.unitId ? (units.get(r.unitId) ?? r.unitId) : <span className="muted">{t('reports.routing.everyUnit')}</span>}</td>
              <td>
                {departmentName.get(r.departmentId) ?? r.departmentId}
                {r.pending && <span className="badge badge-pending">{t('queue.pending')}</span>}
              </td>
              {admin && (
                <td>
                  <button type="button" className="link-button" onClick={() => void actOnReports([{ action: 'routing-rule.delete', ruleId: r.id }])}>
                    {t('reports.routing.delete')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {admin && (
        <form className="routing-form" data-testid="routing-rule-form" onSubmit={(e) => void addRule(e)}>
          <select name="serviceCode" aria-label={t('reports.routing.service')} value={rule.serviceCode} onChange={(e) => setRule({ ...rule, serviceCode: e.target.value })}>
            <option value="">{t('reports.routing.service')}</option>
            {services.map((s) => (
              <option key={s.code} value={s.code}>
                {s.name}
              </option>
            ))}
          </select>
          <select name="unitId" aria-label={t('reports.routing.unit')} value={rule.unitId} onChange={(e) => setRule({ ...rule, unitId: e.target.value })}>
            <option value="">{t('reports.routing.everyUnit')}</option>
            {[...units.entries()].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
          <select
            name="departmentId"
            aria-label={t('reports.routing.department')}
            value={rule.departmentId}
            onChange={(e) => setRule({ ...rule, departmentId: e.target.value })}
          >
            <option value="">{t('reports.routing.department')}</option>
            {departments
              .filter((d) => d.active)
              .map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
          </select>
          <button type="submit" disabled={!rule.serviceCode || !rule.departmentId}>
            {t('reports.routing.addRule')}
          </button>
        </form>
      )}

      <h2>{t('reports.routing.departments')}</h2>
      <table className="queue-table" data-testid="routing-departments">
        <thead>
          <tr>
            <th scope="col">{t('reports.routing.department')}</th>
            <th scope="col">{t('reports.routing.contact')}</th>
            <th scope="col">{t('reports.routing.active')}</th>
            {admin && <th scope="col" />}
          </tr>
        </thead>
        <tbody>
          {departments.map((d) => (
            <tr key={d.id} data-testid="routing-department" data-department-id={d.id}>
              <td>
                {d.name} {d.shortName && <span className="muted">({d.shortName})</span>}
                {d.pending && <span className="badge badge-pending">{t('queue.pending')}</span>}
              </td>
              <td className="small">{[d.phone, d.email].filter(Boolean).join(' · ')}</td>
              <td>{d.active ? '✓' : '—'}</td>
              {admin && (
                <td>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => setDepartment({ id: d.id, name: d.name, shortName: d.shortName, email: d.email, phone: d.phone, active: d.active })}
                  >
                    {t('reports.routing.edit')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {admin && (
        <form className="routing-form" data-testid="routing-department-form" onSubmit={(e) => void saveDepartment(e)}>
          <input name="name" required maxLength={200} placeholder={t('reports.routing.name')} value={department.name} onChange={(e) => setDepartment({ ...department, name: e.target.value })} />
          <input name="shortName" maxLength={60} placeholder={t('reports.routing.shortName')} value={department.shortName} onChange={(e) => setDepartment({ ...department, shortName: e.target.value })} />
          <input name="phone" maxLength={40} placeholder={t('reports.routing.phone')} value={department.phone} onChange={(e) => setDepartment({ ...department, phone: e.target.value })} />
          <input name="email" maxLength={254} placeholder={t('reports.routing.email')} value={department.email} onChange={(e) => setDepartment({ ...department, email: e.target.value })} />
          <label className="check-inline">
            <input type="checkbox" checked={department.active} onChange={(e) => setDepartment({ ...department, active: e.target.checked })} />
            {t('reports.routing.active')}
          </label>
          <button type="submit" disabled={!department.name.trim()}>
            {department.id ? t('reports.routing.saveDepartment') : t('reports.routing.addDepartment')}
          </button>
        </form>
      )}
    </section>
  );
}
