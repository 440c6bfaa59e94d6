// What the browser tests (and a curious operator in the devtools) can ask the running console:
// whether it is still loading, and a text dump of everything the query and mutation caches hold
// (to prove that a token's secret is not kept there once its dialog is closed). It exposes nothing
// a script on the page could not already read.
import type { QueryClient } from '@tanstack/react-query';

declare global {
  interface Window {
    wardenConsole?: { cacheDump(): string; busy(): number };
  }
}

export function exposeDiagnostics(queryClient: QueryClient): void {
  window.wardenConsole = {
    busy: () => queryClient.isFetching() + queryClient.isMutating(),
    cacheDump: () =>
      JSON.stringify({
        queries: queryClient.getQueryCache().getAll().map((q) => ({ key: q.queryKey, data: q.state.data })),
        mutations: queryClient.getMutationCache().getAll().map((m) => ({ key: m.options.mutationKey, variables: m.state.variables, data: m.state.data })),
      }),
  };
}
