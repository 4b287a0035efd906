import { NotFound } from './errors';
import { isDatabaseUnavailable } from './problem-details.filter';

describe('isDatabaseUnavailable', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

  it("knows pg's own errors, TypeORM's wrapped ones and the token guard's wrapped ones", () => {
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(isDatabaseUnavailable({ message: 'query failed', driverError: { code: '57014' } })).toBe(true);
    expect(isDatabaseUnavailable(new Error('Checking the bearer token failed.', { cause: refused }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('does not take a defect or a domain error for an outage', () => {
    expect(isDatabaseUnavailable(new Error('Cannot read properties of undefined'))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(new NotFound('No such challenge.'))).toBe(false);
  });
});
