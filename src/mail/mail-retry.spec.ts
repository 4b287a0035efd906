import { failureText, MAX_ATTEMPTS, retryDelayMinutes } from './mail-retry';

describe('retryDelayMinutes', () => {
  it('doubles from 2 minutes up to an hour, then gives up after the tenth failure', () => {
    const delays = Array.from({ length: MAX_ATTEMPTS }, (_, index) => retryDelayMinutes(index + 1));
    expect(delays).toEqual([2, 4, 8, 16, 32, 60, 60, 60, 60, null]);
    expect(retryDelayMinutes(11)).toBeNull();
  });

  it('retries for about five hours in all', () => {
    const total = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, index) => retryDelayMinutes(index + 1) ?? 0).reduce(
      (sum, minutes) => sum + minutes,
    );
    expect(total).toBe(302);
  });
});

describe('failureText', () => {
  it('puts the error code in front of the message', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ESOCKET' });
    expect(failureText(error)).toBe('ESOCKET: connect ECONNREFUSED 127.0.0.1:25');
  });

  it('does not repeat a code the message starts with', () => {
    expect(failureText(Object.assign(new Error('EAUTH bad login'), { code: 'EAUTH' }))).toBe('EAUTH bad login');
  });

  it('folds a multi-line SMTP reply into one line', () => {
    expect(failureText(new Error('550-5.1.1 No such user\r\n550 5.1.1 try again'))).toBe(
      '550-5.1.1 No such user 550 5.1.1 try again',
    );
  });

  it('truncates to 500 characters', () => {
    const text = failureText(new Error('x'.repeat(2000)));
    expect(text).toHaveLength(500);
    expect(text.endsWith('…')).toBe(true);
  });

  it('describes what is not an Error', () => {
    expect(failureText('timeout')).toBe('timeout');
    expect(failureText(new Error('  '))).toBe('unknown error');
  });
});
