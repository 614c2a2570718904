// smtpd_helo_restrictions: reject_invalid_helo_hostname (501) and
// reject_non_fqdn_helo_hostname (504), checked at RCPT time like all delayed rejects.
import type { ServerProfile } from '../profile.ts';
import { replies } from '../reply.ts';
import type { Reply } from '../types.ts';

// Postfix valid_hostname(): letters, digits, "-" and "_"; no label starts or ends with "-".
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/i;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function isValidHostname(name: string): boolean {
  if (name.length === 0 || name.length > 255) return false;
  const labels = name.replace(/\.$/, '').split('.');
  return labels.every((label) => LABEL.test(label)) && !/^[\d.]+$/.test(name); // not all-numeric
}

/** valid_hostaddr(): a dotted quad or an IPv6 address. */
function isValidAddress(text: string): boolean {
  const v4 = IPV4.exec(text);
  if (v4) return v4.slice(1).every((octet) => Number(octet) <= 255);
  return /^ipv6:[0-9a-f:.]+$/i.test(text) || (/^[0-9a-f:.]+$/i.test(text) && text.includes(':'));
}

export function heloRejection(profile: ServerProfile, name: string): Reply | null {
  const r = profile.restrictions;
  // The reply shows the name with blanks and other non-graphic characters as "?".
  const shown = name.replace(/[^!-~\u0080-\uffff]/g, '?');
  if (name.startsWith('[')) {
    // An address literal passes both checks when it is a valid address.
    const valid = name.endsWith(']') && isValidAddress(name.slice(1, -1));
    return r.rejectInvalidHelo && !valid ? replies.heloInvalidAddress(shown) : null;
  }
  if (r.rejectInvalidHelo && !isValidHostname(name) && !isValidAddress(name))
    return replies.heloInvalid(shown);
  // A bare address is no fully-qualified host name either.
  if (r.rejectNonFqdnHelo && (!isValidHostname(name) || !name.replace(/\.$/, '').includes('.'))) {
    return replies.heloNotFqdn(shown);
  }
  return null;
}
