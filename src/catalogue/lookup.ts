import { CLIENT_REQUIREMENTS } from './client-requirements.js';
import { REQUIREMENTS, type Requirement } from './requirements.js';

const EVERY = new Map<string, Requirement>([...REQUIREMENTS, ...CLIENT_REQUIREMENTS].map((r) => [r.id, r]));

/** A requirement of either catalogue, the server's (UP-NN) or the client's (CL-NN): what the reports render. */
export function anyRequirement(id: string): Requirement {
  const found = EVERY.get(id);
  if (!found) throw new Error(`unknown requirement ${id}: add it to src/catalogue/requirements.ts or client-requirements.ts`);
  return found;
}
