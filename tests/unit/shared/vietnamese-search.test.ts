import { describe, expect, it } from 'vitest';
import { foldVietnamese, matchesSearch } from '../../../src-shared/text/normalize.js';

describe('Vietnamese-aware search', () => {
  it('folds tones, vowel marks and đ', () => {
    expect(foldVietnamese('Ngập úng đường Trần Hưng Đạo')).toBe('ngap ung duong tran hung dao');
    expect(foldVietnamese('ĐỒNG THÁP  Ấp Mỹ')).toBe('dong thap ap my');
  });

  it('matches unaccented queries against accented text, word by word', () => {
    expect(matchesSearch('Ngập úng sau mưa lớn, Vị Thanh', 'ngap ung')).toBe(true);
    expect(matchesSearch('Ngập úng sau mưa lớn, Vị Thanh', 'vi thanh mua')).toBe(true);
    expect(matchesSearch('Ngập úng sau mưa lớn, Vị Thanh', 'nga bay')).toBe(false);
  });

  it('matches text typed in decomposed Unicode (as some keyboards send it)', () => {
    expect(matchesSearch('Cháy', 'Cha\u0301y')).toBe(true);
  });
});
