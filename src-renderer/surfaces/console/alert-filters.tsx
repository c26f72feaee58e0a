import { ALERT_CATEGORIES, ALERT_STATES } from '../../../src-shared/model/alert.js';
import { countBy } from '../../store/alert-selectors.js';
import { useAppStore, useT } from '../../store/store-context.js';

/** State and category chips (several may be on: empty means all) and an accent-insensitive search box. */
export function AlertFilters() {
  const t = useT();
  const filters = useAppStore((s) => s.filters);
  const alerts = useAppStore((s) => s.alerts);
  const toggleState = useAppStore((s) => s.toggleStateFilter);
  const toggleCategory = useAppStore((s) => s.toggleCategoryFilter);
  const setSearch = useAppStore((s) => s.setSearch);
  const clearFilters = useAppStore((s) => s.clearFilters);
  const stateCounts = countBy(alerts, (a) => a.state);
  const categoryCounts = countBy(alerts, (a) => a.category);
  const active = filters.states.length > 0 || filters.categories.length > 0 || filters.search !== '';

  return (
    <section className="alert-filters" aria-label={t('filters.searchLabel')}>
      <input
        type="search"
        className="filter-search"
        data-testid="filter-search"
        aria-label={t('filters.searchLabel')}
        placeholder={t('filters.search')}
        value={filters.search}
        maxLength={200}
        onChange={(e) => setSearch(e.target.value)}
      />
      <div className="chip-row" role="group" aria-label={t('filters.states')}>
        <span className="chip-row-label">{t('filters.states')}</span>
        {ALERT_STATES.map((state) => {
          const on = filters.states.includes(state);
          return (
            <button
              key={state}
              type="button"
              className={`chip state-${state}${on ? ' chip-on' : ''}`}
              aria-pressed={on}
              data-testid={`filter-state-${state}`}
              onClick={() => toggleState(state)}
            >
              {t(`state.${state}`)} <span className="chip-count">{stateCounts.get(state) ?? 0}</span>
            </button>
          );
        })}
      </div>
      <div className="chip-row" role="group" aria-label={t('filters.categories')}>
        <span className="chip-row-label">{t('filters.categories')}</span>
        {ALERT_CATEGORIES.map((category) => {
          const on = filters.categories.includes(category);
          const count = categoryCounts.get(category) ?? 0;
          return (
            <button
              key={category}
              type="button"
              className={`chip${on ? ' chip-on' : ''}${count === 0 && !on ? ' chip-empty' : ''}`}
              aria-pressed={on}
              data-testid={`filter-category-${category}`}
              onClick={() => toggleCategory(category)}
            >
              {t(`category.${category}`)} <span className="chip-count">{count}</span>
            </button>
          );
        })}
        {active && (
          <button type="button" className="link-button" data-testid="filter-clear" onClick={clearFilters}>
            {t('filters.clear')}
          </button>
        )}
      </div>
    </section>
  );
}
