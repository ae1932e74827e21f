// Build-time settings (Vite exposes only VITE_* variables to the bundle; none of them is a secret).
// The popup is on only when VITE_FLEX_POPUP_ENABLED is exactly "true": a production build without it has no popup.
export const flexPopupEnabled = import.meta.env.VITE_FLEX_POPUP_ENABLED === 'true';

const dashboardUrl = (import.meta.env.VITE_DASHBOARD_URL as string | undefined) || 'http://localhost:15080';

export const traceUrl = (traceId: string) => `${dashboardUrl.replace(/\/$/, '')}/traces/detail/${traceId}`;
