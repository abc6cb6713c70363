/**
 * Copying to the clipboard with a message that says how it went and then goes away: "Link copied",
 * or why it could not be copied. The clipboard may be missing or refused (an insecure origin, a
 * denied permission), so the failure is a message too, never an exception.
 */
import { useEffect, useRef, useState } from 'react';

export interface CopyMessage {
  tone: 'ok' | 'error';
  text: string;
}

/** The words for one copy: what is said when it worked, and when it did not. */
export interface CopyWords {
  copied: string;
  failed: string;
}

/**
 * `showMs`: how long a message stays; `failedShowMs`: how long a failure stays (longer, when it
 * explains what to do instead). `say` shows any other message for the same time.
 */
export function useCopy({ showMs, failedShowMs = showMs }: { showMs: number; failedShowMs?: number }) {
  const [message, setMessage] = useState<CopyMessage | null>(null);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const say = (next: CopyMessage, forMs = showMs) => {
    setMessage(next);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setMessage(null), forMs);
  };
  const copy = (text: string, words: CopyWords) => {
    const writing = navigator.clipboard?.writeText(text) ?? Promise.reject(new Error('No clipboard'));
    writing.then(
      () => say({ tone: 'ok', text: words.copied }),
      () => say({ tone: 'error', text: words.failed }, failedShowMs),
    );
  };
  return { message, say, copy };
}
