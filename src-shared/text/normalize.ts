/**
 * Vietnamese-aware text folding for search and matching: "Đường Trần Hưng Đạo"
 * and "duong tran hung dao" must match. NFD strips the combining marks; đ/Đ is a
 * separate letter (not a combining mark) and needs its own mapping.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Name order as a Vietnamese reader expects it (Â after A, Đ after D), the id breaking ties so every list has one order. */
export function compareByName(a: { name: string; id: string }, b: { name: string; id: string }): number {
  return a.name.localeCompare(b.name, 'vi') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** True when every word of the query occurs in the haystack, both folded. */
export function matchesSearch(haystack: string, query: string): boolean {
  const q = foldVietnamese(query);
  if (q === '') return true;
  const h = foldVietnamese(haystack);
  return q.split(' ').every((word) => h.includes(word));
}
