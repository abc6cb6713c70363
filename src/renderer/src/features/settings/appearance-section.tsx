/**
 * Settings → Appearance: the theme (follow the system, light, dark) and the density (comfortable,
 * compact). Saved at once in the core's settings and applied to the whole app at once
 * (lib/appearance.ts sets the root's data-theme and data-density).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AppearanceSettings, Settings } from '../../../../shared/ipc';
import { errorMessage } from '../../components/feedback';
import { AlertIcon } from '../../components/icons';
import { api, call } from '../../lib/api';
import { queryKeys } from '../../lib/query-keys';
import { ChoiceList } from './choice-list';

const THEMES: ReadonlyArray<{ value: AppearanceSettings['theme']; label: string; hint: string }> = [
  { value: 'system', label: 'Same as my computer', hint: 'Light or dark as your system is set, and changes with it.' },
  { value: 'light', label: 'Light', hint: 'Always light.' },
  { value: 'dark', label: 'Dark', hint: 'Always dark.' },
];
const DENSITIES: ReadonlyArray<{ value: AppearanceSettings['density']; label: string; hint: string }> = [
  { value: 'comfortable', label: 'Comfortable', hint: 'Roomy rows and fields.' },
  { value: 'compact', label: 'Compact', hint: 'Shorter rows: more records on one screen.' },
];

export function AppearanceSection({ settings }: { settings: Settings }) {
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (patch: Partial<AppearanceSettings>) => call(api.updateSettings(patch)),
    // The settings query is what lib/appearance.ts applies: the app changes at the click, and back if the save fails.
    onMutate: (patch) => {
      const previous = queryClient.getQueryData<Settings>(queryKeys.settings);
      if (previous) queryClient.setQueryData<Settings>(queryKeys.settings, { ...previous, appearance: { ...previous.appearance, ...patch } });
      return { previous };
    },
    onError: (_error, _patch, context) => {
      if (context?.previous) queryClient.setQueryData(queryKeys.settings, context.previous);
    },
    onSuccess: (next) => queryClient.setQueryData(queryKeys.settings, next),
  });
  const { theme, density } = settings.appearance;
  return (
    <section className="card form-card" aria-labelledby="appearance-settings-title" data-testid="appearance-settings">
      <h2 id="appearance-settings-title" className="form-section-title">
        Appearance
      </h2>
      {save.isError && (
        <div className="callout callout-error" role="alert">
          <AlertIcon size={18} />
          <div>{errorMessage(save.error)}</div>
        </div>
      )}
      <div className="settings-choices settings-choices-2">
        <ChoiceList legend="Theme" name="theme" value={theme} options={THEMES} onChange={(next) => save.mutate({ theme: next })} />
        <ChoiceList legend="Density" name="density" value={density} options={DENSITIES} onChange={(next) => save.mutate({ density: next })} />
      </div>
    </section>
  );
}
