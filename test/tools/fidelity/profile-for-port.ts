// Which reference profile recorded each port of the corpus.
import {
  mxHardenedProfile,
  mxProfile,
  submissionProfile,
  submissionsProfile,
} from '../../../src/engine/smtp/profiles.ts';
import type { ServerProfile } from '../../../src/engine/smtp/profile.ts';

const byPort: Record<number, ServerProfile> = {
  25: mxProfile,
  587: submissionProfile,
  465: submissionsProfile,
  2525: mxHardenedProfile,
};

export function profileForPort(port: number): ServerProfile {
  const profile = byPort[port];
  if (!profile) throw new Error(`no reference profile for port ${port}`);
  return profile;
}
