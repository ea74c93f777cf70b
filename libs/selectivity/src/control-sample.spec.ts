import { controlDraw, isControlSelected } from './control-sample';

describe(isControlSelected.name, () => {
  it('selects the same declaration every time', () => {
    expect(controlDraw('DEC-1')).toBe(controlDraw('DEC-1'));
    expect(controlDraw('DEC-1')).not.toBe(controlDraw('DEC-2'));
  });

  it('selects close to the configured share of declarations', () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => `DEC-${i}`);
    const selected = ids.filter((id) => isControlSelected(id, 0.05)).length;
    expect(selected / ids.length).toBeGreaterThan(0.045);
    expect(selected / ids.length).toBeLessThan(0.055);
  });

  it('selects nothing at rate 0 and everything at rate 1', () => {
    expect(isControlSelected('DEC-1', 0)).toBe(false);
    expect(isControlSelected('DEC-1', 1)).toBe(true);
  });
});
