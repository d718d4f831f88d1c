// How the page writes sizes, dates and comment lengths for people (and as the API counts them).

export const numberFormat = new Intl.NumberFormat('en');
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** "4 MiB" style size in binary units (1 KiB = 1,024 bytes). */
export function humanBytes(bytes) {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${numberFormat.format(bytes)} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const digits = value < 10 && !Number.isInteger(value) ? 1 : 0;
  return `${value.toFixed(digits).replace(/\.0$/, '')} ${units[unit]}`;
}

/** "4 MiB (4,194,304 bytes)": human units and the exact byte count the server checks. */
export function bytesWithExact(bytes) {
  return bytes < 1024 ? humanBytes(bytes) : `${humanBytes(bytes)} (${numberFormat.format(bytes)} bytes)`;
}

/** An ISO-8601 instant as a medium date and short time in the reader's locale; the input itself when unreadable. */
export function formatDate(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

/** A session's end: only the time when it is today, else date and time. */
export function formatSessionEnd(date) {
  return date.toDateString() === new Date().toDateString() ? timeFormat.format(date) : dateFormat.format(date);
}

/**
 * The comment length as the API counts it: Unicode code points of the text as received, and browsers send
 * line breaks in form data as CR LF (HTML "multipart/form-data encoding algorithm").
 */
export function commentLength(text) {
  return [...text.replace(/\r?\n/g, '\r\n')].length;
}
