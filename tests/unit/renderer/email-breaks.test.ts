/** Record pages wrap an email address only after its @ and before its dots, never inside a word. */
import { describe, expect, it } from 'vitest';
import { emailBreakParts } from '../../../src/renderer/src/lib/email-breaks';

describe('emailBreakParts', () => {
  it('splits after the @ and before each dot, keeping every character', () => {
    const email = 'maria.fernandez-oliveira@alder-health.example.com';
    const parts = emailBreakParts(email);
    expect(parts).toEqual(['maria', '.fernandez-oliveira@', 'alder-health', '.example', '.com']);
    expect(parts.join('')).toBe(email);
  });
  it('leaves a short address with no dot before the @ in two parts', () => {
    expect(emailBreakParts('ada@x.io')).toEqual(['ada@', 'x', '.io']);
    expect(emailBreakParts('plain')).toEqual(['plain']);
  });
});
