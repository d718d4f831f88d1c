// The upload form: file chooser and drop zone, the comment with its live character counter, Upload and Clear
// finished. The queue itself is upload-queue.js.

import { session } from './auth.js';
import { commentLength, numberFormat } from './format.js';
import { $, announce } from './ui.js';
import { addFiles, clearFinished, scheduleWaiting } from './upload-queue.js';

const COMMENT_LIMIT = 1000; // characters, same as the API's comment_too_long limit

function onUploadSubmit(event) {
  event.preventDefault();
  if (!session) return;
  const comment = $('comment').value;
  if (commentLength(comment) > COMMENT_LIMIT) {
    announce(`The comment is longer than ${numberFormat.format(COMMENT_LIMIT)} characters (line breaks count as two). Nothing was sent.`);
    $('comment').focus();
    return;
  }
  if (scheduleWaiting(comment) === 0) {
    announce('Choose or drop at least one file first.');
    $('file-input').focus();
    return;
  }
  $('comment').value = '';
  $('file-input').value = '';
  updateCommentCounter();
}

/** Shows the comment's length as the API counts it and flags it (`aria-invalid`) when it is over the limit. */
export function updateCommentCounter() {
  const length = commentLength($('comment').value);
  const counter = $('comment-count');
  const over = length - COMMENT_LIMIT;
  counter.textContent = over > 0
    ? `${numberFormat.format(length)} of ${numberFormat.format(COMMENT_LIMIT)} characters — ${numberFormat.format(over)} too many`
    : `${numberFormat.format(length)} of ${numberFormat.format(COMMENT_LIMIT)} characters`;
  counter.classList.toggle('counter-over', over > 0);
  $('comment').setAttribute('aria-invalid', over > 0 ? 'true' : 'false');
}

function setUpDropZone() {
  const zone = $('drop-zone');
  let depth = 0;
  const hasFiles = (event) => event.dataTransfer && [...event.dataTransfer.types].includes('Files');
  zone.addEventListener('dragenter', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth += 1;
    zone.classList.add('drop-active');
  });
  zone.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  });
  zone.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) zone.classList.remove('drop-active');
  });
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    depth = 0;
    zone.classList.remove('drop-active');
    const items = [...(event.dataTransfer.items || [])];
    const folders = items.filter((entry) => entry.webkitGetAsEntry && entry.webkitGetAsEntry()?.isDirectory).length;
    const files = [...event.dataTransfer.files].filter((file, index) => {
      const entry = items[index] && items[index].webkitGetAsEntry && items[index].webkitGetAsEntry();
      return !(entry && entry.isDirectory);
    });
    addFiles(files);
    if (folders > 0) announce('Folders cannot be uploaded; drop the files inside them instead.');
  });
  // A file dropped outside the zone would otherwise replace the page with the file.
  for (const type of ['dragover', 'drop']) {
    window.addEventListener(type, (event) => {
      if (!zone.contains(event.target)) event.preventDefault();
    });
  }
}

/** Connects the form's controls. */
export function wireUploadForm() {
  $('upload-form').addEventListener('submit', onUploadSubmit);
  $('file-input').addEventListener('change', (event) => addFiles(event.target.files));
  $('comment').addEventListener('input', updateCommentCounter);
  $('clear-finished').addEventListener('click', clearFinished);
  setUpDropZone();
}
