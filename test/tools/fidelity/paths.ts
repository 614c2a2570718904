// Where the fidelity corpus lives: ../shared beside the repository (CI clones the repo fresh
// with shared/ next to it).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const sharedDir = path.resolve(repoRoot, '../shared');
export const fidelityDir = path.join(sharedDir, 'fidelity');
export const specsDir = path.join(fidelityDir, 'capture', 'specs');
export const casesDir = path.join(fidelityDir, 'cases');
export const captureScript = path.join(fidelityDir, 'capture', 'capture.py');
export const compareScript = path.join(fidelityDir, 'capture', 'compare.py');
