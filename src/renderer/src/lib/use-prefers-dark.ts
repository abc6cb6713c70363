import { useEffect, useState } from 'react';

/**
 * Whether the OS (or a test's emulated media) asks for the dark theme. SVG attributes cannot read
 * the stylesheet's theme variables, so charts pick their palette with this.
 */
export function usePrefersDark(): boolean {
  const query = '(prefers-color-scheme: dark)';
  const [dark, setDark] = useState(() => window.matchMedia?.(query).matches ?? false);
  useEffect(() => {
    const media = window.matchMedia?.(query);
    if (!media) return;
    const onChange = () => setDark(media.matches);
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, []);
  return dark;
}
