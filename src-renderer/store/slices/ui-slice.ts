import type { AlertCategory, AlertState } from '../../../src-shared/model/alert.js';
import { loadLocale, saveLocale, type Locale } from '../../i18n/i18n.js';
import type { AlertFilters } from '../alert-selectors.js';
import type { SliceCreator } from '../store-types.js';

export interface UiSlice {
  locale: Locale;
  selectedAlertId: string | null;
  filters: AlertFilters;
  setLocale(locale: Locale): void;
  selectAlert(alertId: string | null): void;
  /** Moves the selection within the ids on screen (arrow keys); stops at both ends. */
  moveSelection(delta: number, visibleIds: readonly string[]): void;
  toggleStateFilter(state: AlertState): void;
  toggleCategoryFilter(category: AlertCategory): void;
  setSearch(search: string): void;
  clearFilters(): void;
}

export const EMPTY_FILTERS: AlertFilters = { states: [], categories: [], search: '' };

function toggle<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

export const createUiSlice: SliceCreator<UiSlice> = (set, get, { storage }) => ({
  locale: loadLocale(storage),
  selectedAlertId: null,
  filters: EMPTY_FILTERS,

  setLocale(locale) {
    saveLocale(storage, locale);
    set({ locale });
  },

  selectAlert(selectedAlertId) {
    set({ selectedAlertId });
  },

  moveSelection(delta, visibleIds) {
    if (visibleIds.length === 0) return;
    const index = get().selectedAlertId === null ? -1 : visibleIds.indexOf(get().selectedAlertId as string);
    const next = index === -1 ? (delta > 0 ? 0 : visibleIds.length - 1) : Math.min(visibleIds.length - 1, Math.max(0, index + delta));
    set({ selectedAlertId: visibleIds[next] ?? null });
  },

  toggleStateFilter(state) {
    set({ filters: { ...get().filters, states: toggle(get().filters.states, state) } });
  },

  toggleCategoryFilter(category) {
    set({ filters: { ...get().filters, categories: toggle(get().filters.categories, category) } });
  },

  setSearch(search) {
    set({ filters: { ...get().filters, search } });
  },

  clearFilters() {
    set({ filters: EMPTY_FILTERS });
  },
});
