// The caller's storage against the per-user quotas (GET /usage, docs/design.md "Quotas"), shown under "My files":
// stored bytes as a meter, files and unfinished uploads as counts. Refreshed when the list loads and after every
// upload or delete; a failure leaves the last figures in place (the list itself says when the API cannot be reached).

import { apiGet } from './api.js';
import { generation } from './auth.js';
import { humanBytes, numberFormat } from './format.js';
import { SessionExpiredError } from './problems.js';
import { $ } from './ui.js';

/** Share of a limit from which the figures are marked as nearly used up. */
const NEARLY_FULL = 0.9;

/** Hides the figures (on sign-out). */
export function resetUsage() {
  $('usage').hidden = true;
  $('usage-text').textContent = '';
}

/** Loads GET /usage and shows it; answers to a session that has since ended are dropped. */
export async function refreshUsage() {
  const started = generation;
  try {
    const body = await apiGet('/usage');
    if (started !== generation) return;
    showUsage(body);
  } catch (failure) {
    if (failure instanceof SessionExpiredError) return;
    // Keep what is shown: usage is a hint, and the list's own status says when the API is unreachable.
  }
}

/**
 * Writes the figures of a GET /usage answer
 * (`{"usage": {"bytes", "files", "pendingUploads", "pendingBytes"}, "limits": {"bytes", "files", "pendingUploads"}}`).
 */
function showUsage({ usage, limits } = {}) {
  if (!usage || !limits || !(limits.bytes > 0)) return;
  const parts = [
    `${humanBytes(usage.bytes)} of ${humanBytes(limits.bytes)} used`,
    `${numberFormat.format(usage.files)} of ${numberFormat.format(limits.files)} files`,
  ];
  if (usage.pendingUploads > 0) {
    parts.push(`${numberFormat.format(usage.pendingUploads)} of ${numberFormat.format(limits.pendingUploads)} unfinished uploads`);
  }
  const fullest = Math.max(usage.bytes / limits.bytes, usage.files / limits.files, usage.pendingUploads / limits.pendingUploads);
  $('usage-text').textContent = `Storage: ${parts.join(', ')}.${fullest >= NEARLY_FULL ? ' Nearly full: delete files you no longer need.' : ''}`;
  const meter = $('usage-meter');
  meter.max = limits.bytes;
  meter.high = Math.round(limits.bytes * NEARLY_FULL);
  meter.value = Math.min(usage.bytes, limits.bytes);
  $('usage').hidden = false;
}
