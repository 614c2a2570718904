// smtpd_sender_login_maps as a scenario sets it up (policy/sender.ts reads it). A module of
// its own: the world is built at page load, before the SMTP engine is loaded.

/** Each SASL login owns the address it is named after (the map's key and value are the
 * login). */
export function loginOwnsItsName(
  accounts: Readonly<Record<string, string>>,
): Record<string, readonly string[]> {
  const map: Record<string, string[]> = {};
  for (const login of Object.keys(accounts)) (map[login.toLowerCase()] ??= []).push(login);
  return map;
}
