// The page's entry module (web/index.html loads only this one): reads config.js, connects the forms and shows the
// signed-in or signed-out page. The page is plain ES modules in web/modules/, one per concern, without a build step:
//   auth.js (Cognito sign-in, token, session) and sign-in.js (its forms and page states); api.js (the API client);
//   upload-queue.js, upload-form.js and upload-view.js (the queue on screen); direct-upload.js (POST /upload);
//   presigned-upload.js, checksums.js and resume.js (straight to S3, hashed with hash-wasm, resumable);
//   file-list.js (My files). Contracts: docs/design.md ("HTTP API", "Web page configuration").
// Every user-supplied string (file names, comments, error texts, user names) is written with textContent.

import { bytesWithExact } from './modules/format.js';
import { restoreSession, wireSignIn } from './modules/sign-in.js';
import { config, loadConfig } from './modules/settings.js';
import { $ } from './modules/ui.js';
import { loadFiles } from './modules/file-list.js';
import { updateCommentCounter, wireUploadForm } from './modules/upload-form.js';

async function main() {
  try {
    await loadConfig();
  } catch (failure) {
    const message = $('page-message');
    message.textContent = failure.message;
    message.classList.add('notice-error');
    message.setAttribute('role', 'alert');
    message.hidden = false;
    $('loading').hidden = true;
    return;
  }
  $('loading').hidden = true;
  $('limit-text').textContent = bytesWithExact(config.maxUploadBytes);
  wireSignIn();
  wireUploadForm();
  $('refresh-files').addEventListener('click', () => loadFiles(true));
  $('load-more').addEventListener('click', () => loadFiles(false));
  updateCommentCounter();
  restoreSession();
}

main();
