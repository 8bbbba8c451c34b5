// The one script every page carries: it registers the offline app's service worker. Kept here
// as plain text so astro.config.mjs can allow exactly it (its hash) in every page's CSP.
import { createHash } from 'node:crypto';

export const registerScript = "navigator.serviceWorker&&navigator.serviceWorker.register('/sw.js').catch(()=>{})";
/** @type {`sha256-${string}`} */
export const registerScriptHash = `sha256-${createHash('sha256').update(registerScript).digest('base64')}`;
