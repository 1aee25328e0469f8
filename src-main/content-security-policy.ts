// The content security policy of the UI, sent by the desktop shell and by browser mode alike.

/** No remote content and no inline script; Chart.js needs inline styles on its canvas. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
