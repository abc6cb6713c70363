import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { ToastProvider } from '../components/toast';
import { LoginFlowProvider } from '../features/connections/login-flow';
import { isAppError, transportLinked } from '../lib/api';
import { useAppearance } from '../lib/appearance';
import { QuickLookupPage } from '../features/quick-lookup/quick-lookup-page';
import { useOpenRouteEvents } from '../features/quick-lookup/open-route-events';
import { connectNoticeFor, setConnectNotice } from '../lib/connect-notice';
import { parseRoute } from '../lib/router';
import { navigate, useRoute } from './navigation';
import { NotLinkedPage } from './not-linked';
import { Shell } from './shell';

function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        // Without an active org there is nothing to show: send the user where they can fix it (a
        // page that says so itself, such as the quick lookup, marks its queries to stay).
        if (query.meta?.stayOnPage) return;
        if (isAppError(error) && error.code === 'NOT_CONNECTED') {
          // Say on Connections why the user is there (the screen they opened needs an org).
          const from = parseRoute(window.location.hash);
          if (from.name !== 'connections') setConnectNotice(connectNoticeFor(from));
          navigate({ name: 'connections' }, { replace: true });
        }
      },
    }),
    defaultOptions: {
      queries: {
        // Salesforce API calls count against the org's daily limit: no refetch on focus, one
        // retry only for network blips, never for errors that would fail the same way again.
        retry: (failures, error) => isAppError(error) && error.code === 'NETWORK' && failures < 1,
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
    },
  });
}

/** The quick lookup is a page of its own, without the app's frame; every other route is in the shell. */
function Frame() {
  const route = useRoute();
  useOpenRouteEvents();
  useAppearance();
  return route.name === 'quick-lookup' ? <QuickLookupPage /> : <Shell />;
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  // A browser tab without the launch link can do nothing: say why and how to get in, not a blank page.
  if (!transportLinked) return <NotLinkedPage />;
  return (
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <LoginFlowProvider>
          <Frame />
        </LoginFlowProvider>
      </ToastProvider>
    </QueryClientProvider>
  );
}
