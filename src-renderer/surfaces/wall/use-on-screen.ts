import { useEffect, type RefObject } from 'react';

/**
 * Reports whether an element is on screen at all (IntersectionObserver); a tile
 * scrolled or sized out of view stops loading. The callback must be stable.
 */
export function useOnScreen(ref: RefObject<Element | null>, enabled: boolean, onChange: (onScreen: boolean) => void): void {
  useEffect(() => {
    const element = ref.current;
    if (!enabled || !element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (entry) onChange(entry.isIntersecting);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, enabled, onChange]);
}
