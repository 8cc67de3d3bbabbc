import { useServerCompatibility } from './use-server-compatibility.ts';

/**
 * Says so when the server no longer speaks this page's API contract (the server was updated, or
 * rolled back, while the tab was open) and offers the reload that fetches the matching page.
 * Nothing while they match, or while the server cannot be asked.
 */
export function UpdateBanner() {
  const { data } = useServerCompatibility();
  if (!data || data.compatible) return null;
  return (
    <div className="update-banner" role="alert">
      <span>
        This page is out of date with the server (page API {data.client}, server API {data.server ?? 'unknown'}). Reload
        to update it; actions may fail until you do.
      </span>
      <button type="button" onClick={() => location.reload()}>
        Reload
      </button>
    </div>
  );
}
