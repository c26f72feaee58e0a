import { useMemo } from 'react';
import type { Region } from '../../../src-shared/model/map.js';
import { useAppStore } from '../../store/store-context.js';

const cache = new WeakMap<Region, Map<string, string>>();

/** Unit id → name from the workstation's region (the same ids the server routes by). */
export function unitNamesOf(region: Region | null): Map<string, string> {
  if (!region) return new Map();
  let names = cache.get(region);
  if (!names) {
    names = new Map();
    for (const f of region.features) {
      const { role, unitId, name } = f.properties;
      if (role === 'unit' && unitId && name && !names.has(unitId)) names.set(unitId, name);
    }
    cache.set(region, names);
  }
  return names;
}

export function useUnitNames(): Map<string, string> {
  const region = useAppStore((s) => s.mapRegion);
  return useMemo(() => unitNamesOf(region), [region]);
}
