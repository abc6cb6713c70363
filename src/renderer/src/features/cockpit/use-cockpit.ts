/**
 * The cockpit's reads and settings. Everything is computed by the core from the local cache (no
 * API call), so the keys live under ['org', 'cache', …]: a finished sync or a saved change
 * (which invalidate `cacheKeys.all`) brings every figure up to date, and switching orgs drops them.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  BoardQuery,
  CockpitSettings,
  DealsQuery,
  LeadAnalyticsQuery,
  PipelineQuery,
  StageInfo,
  WaterfallQuery,
} from '../../../../shared/ipc/analytics.contract';
import { api, call } from '../../lib/api';
import { useActiveConnection } from '../connections/use-connections';

export const cockpitKeys = {
  all: ['org', 'cache', 'analytics'] as const,
  home: ['org', 'cache', 'analytics', 'home'] as const,
  pipeline: (q: PipelineQuery) => ['org', 'cache', 'analytics', 'pipeline', q] as const,
  slipped: (q: PipelineQuery) => ['org', 'cache', 'analytics', 'slipped', q] as const,
  waterfall: (q: WaterfallQuery) => ['org', 'cache', 'analytics', 'waterfall', q] as const,
  deals: (q: DealsQuery) => ['org', 'cache', 'analytics', 'deals', q] as const,
  board: (q: BoardQuery) => ['org', 'cache', 'analytics', 'board', q] as const,
  boards: ['org', 'cache', 'analytics', 'board'] as const,
  leads: (q: LeadAnalyticsQuery) => ['org', 'cache', 'analytics', 'leads', q] as const,
  fiscal: ['org', 'cache', 'analytics', 'fiscal'] as const,
  // Settings live in the app database, not the cache: a sync does not change them.
  settings: ['org', 'cockpit-settings'] as const,
};

function useEnabled(): boolean {
  return Boolean(useActiveConnection());
}

export function useHome() {
  const enabled = useEnabled();
  return useQuery({ queryKey: cockpitKeys.home, queryFn: () => call(api.getHome()), enabled, staleTime: 0, refetchOnMount: 'always' });
}

export function usePipeline(query: PipelineQuery, wanted = true) {
  const enabled = useEnabled() && wanted;
  return useQuery({ queryKey: cockpitKeys.pipeline(query), queryFn: () => call(api.getPipeline(query)), enabled });
}

export function useSlipped(query: PipelineQuery) {
  const enabled = useEnabled();
  return useQuery({ queryKey: cockpitKeys.slipped(query), queryFn: () => call(api.getSlippedDeals(query)), enabled });
}

export function useWaterfall(query: WaterfallQuery) {
  const enabled = useEnabled();
  return useQuery({ queryKey: cockpitKeys.waterfall(query), queryFn: () => call(api.getWaterfall(query)), enabled });
}

export function useDeals(query: DealsQuery, enabled = true) {
  const active = useEnabled();
  return useQuery({ queryKey: cockpitKeys.deals(query), queryFn: () => call(api.getDeals(query)), enabled: active && enabled });
}

export function useBoard(query: BoardQuery) {
  const enabled = useEnabled();
  return useQuery({ queryKey: cockpitKeys.board(query), queryFn: () => call(api.getBoard(query)), enabled });
}

export function useLeadAnalytics(query: LeadAnalyticsQuery) {
  const enabled = useEnabled();
  return useQuery({ queryKey: cockpitKeys.leads(query), queryFn: () => call(api.getLeadAnalytics(query)), enabled });
}

export function useFiscal() {
  const enabled = useEnabled();
  return useQuery({ queryKey: cockpitKeys.fiscal, queryFn: () => call(api.getFiscalSettings()), enabled, staleTime: 10 * 60_000 });
}

/**
 * The org's stages in its order. They come with the pipeline summary (there is no channel of their
 * own); this asks for the same summary Home and the Pipeline page open with, so it is usually cached.
 */
export function useStages(wanted = true): { stages: StageInfo[] | undefined; error: unknown } {
  const pipeline = usePipeline({ period: { kind: 'this-quarter' }, scope: 'mine' }, wanted);
  return { stages: pipeline.data?.stages, error: pipeline.error };
}

export function useCockpitSettings() {
  const enabled = useEnabled();
  return useQuery({ queryKey: cockpitKeys.settings, queryFn: () => call(api.getCockpitSettings()), enabled, staleTime: Infinity });
}

/** Saves part of the settings; the figures that depend on them (coverage, stale deals) are read again. */
export function useUpdateCockpitSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<CockpitSettings>) => call(api.updateCockpitSettings(patch)),
    onSuccess: async (settings) => {
      queryClient.setQueryData(cockpitKeys.settings, settings);
      await queryClient.invalidateQueries({ queryKey: cockpitKeys.all });
    },
  });
}
