import { GovernanceError, transition } from './lifecycle';

describe(transition.name, () => {
  it('walks DRAFT -> SUBMITTED -> APPROVED -> ACTIVE -> RETIRED -> ACTIVE (rollback)', () => {
    expect(transition({ status: 'DRAFT', author: 'ann' }, 'SUBMIT', 'ann')).toBe('SUBMITTED');
    expect(transition({ status: 'SUBMITTED', author: 'ann' }, 'APPROVE', 'sam')).toBe('APPROVED');
    expect(transition({ status: 'APPROVED', author: 'ann' }, 'ACTIVATE', 'sam')).toBe('ACTIVE');
    expect(transition({ status: 'ACTIVE', author: 'ann' }, 'RETIRE', 'sam')).toBe('RETIRED');
    expect(transition({ status: 'RETIRED', author: 'ann' }, 'ROLLBACK', 'sam')).toBe('ACTIVE');
  });

  it('keeps four eyes: the author cannot approve', () => {
    expect(() => transition({ status: 'SUBMITTED', author: 'ann' }, 'APPROVE', 'ann')).toThrow(
      new GovernanceError('RULESET.FOUR_EYES', 'ann authored this version and cannot approve it: another supervisor must', 403),
    );
  });

  it.each([
    ['DRAFT', 'APPROVE'],
    ['DRAFT', 'ACTIVATE'],
    ['SUBMITTED', 'ACTIVATE'],
    ['ACTIVE', 'APPROVE'],
  ] as const)('refuses to %s -> %s', (status, action) => {
    expect(() => transition({ status, author: 'ann' }, action, 'sam')).toThrow(GovernanceError);
  });
});
