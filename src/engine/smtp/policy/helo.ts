// smtpd_helo_restrictions: reject_invalid_helo_hostname (501) and
// reject_non_fqdn_helo_hostname (504), checked at RCPT time like all delayed rejects.
import type { ServerProfile } from '../profile.ts';
import { replies } from '../reply.ts';
import type { Reply } from '../types.ts';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** Postfix valid_hostname(): dot-separated labels, not all-numeric. */
function isValidHostname(name: string): boolean {
  if (name.length === 0 || name.length > 255) return false;
  const labels = name.replace(/\.$/, '').split('.');
  return labels.every((label) => LABEL.test(label)) && !/^[\d.]+$/.test(name);
}

function isAddressLiteral(name: string): boolean {
  return /^\[[^\]]+\]$/.test(name);
}

export function heloRejection(profile: ServerProfile, heloName: string): Reply | null {
  const r = profile.restrictions;
  // Postfix checks only the part before the first blank.
  const name = heloName.split(' ', 1)[0]!;
  const literal = isAddressLiteral(name) || IPV4.test(name);
  if (r.rejectInvalidHelo && !literal && !isValidHostname(name))
    return replies.heloInvalid(heloName);
  if (r.rejectNonFqdnHelo && !literal && !name.replace(/\.$/, '').includes('.')) {
    return replies.heloNotFqdn(heloName);
  }
  return null;
}
