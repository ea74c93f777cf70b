import { EstablishedImporters } from './established-importers';

describe(EstablishedImporters.name, () => {
  it('answers only once the count read is past the horizon for any version of a declaration', () => {
    const sut = new EstablishedImporters();
    expect(sut.priorDeclarations('IMP-1', 1, 1)).toBeUndefined();
    sut.observe('IMP-1', 1);
    // A second version does not count its own first one: 1 - 1 = 0 would be below the horizon.
    expect(sut.priorDeclarations('IMP-1', 1, 1)).toBeUndefined();
    sut.observe('IMP-1', 2);
    expect(sut.priorDeclarations('IMP-1', 1, 1)).toBe(2);
    expect(sut.priorDeclarations('IMP-1', 3, 1)).toBe(1);
    expect(sut.priorDeclarations('IMP-1', 1, 2)).toBeUndefined();
    expect(sut.priorDeclarations('IMP-1', 1, Infinity)).toBeUndefined();
  });

  it('keeps the highest count read: counts only grow', () => {
    const sut = new EstablishedImporters();
    sut.observe('IMP-1', 40);
    sut.observe('IMP-1', 12);
    expect(sut.priorDeclarations('IMP-1', 1, 1)).toBe(40);
    sut.observe('IMP-1', 41);
    expect(sut.priorDeclarations('IMP-1', 1, 1)).toBe(41);
  });

  it('holds at most its capacity, forgetting the importer seen first', () => {
    const sut = new EstablishedImporters(3);
    for (const id of ['A', 'B', 'C', 'D']) sut.observe(id, 10);
    expect(sut.size).toBe(3);
    expect(sut.priorDeclarations('A', 1, 1)).toBeUndefined();
    expect(['B', 'C', 'D'].map((id) => sut.priorDeclarations(id, 1, 1))).toEqual([10, 10, 10]);
  });
});
