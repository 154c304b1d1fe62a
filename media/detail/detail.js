// The ticket page's behaviour. It holds no data of its own beyond what the extension rendered: it reports what the
// user does (draft text, reply type, submit, field changes, link clicks) to the extension with postMessage and
// shows progress the extension sends back. No inline handlers: everything is wired here, under the page's nonce.
// @ts-check
(function () {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  // What a window reload needs to bring this tab back (VS Code keeps it with the panel).
  vscode.setState({ accountId: document.body.dataset.account, ticketId: Number(document.body.dataset.ticket) });
  // The page's other script (comment HTML, the preview; loaded first) posts through this same API object.
  if (window.zendeskPage) window.zendeskPage.connect(vscode);

  const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const body = /** @type {HTMLTextAreaElement} */ ($('body'));
  const submit = /** @type {HTMLButtonElement} */ ($('submit'));
  const submitStatus = /** @type {HTMLSelectElement} */ ($('submit-status'));
  const problem = $('composer-problem');
  const progress = $('progress');
  const progressText = $('progress-text');
  const composer = /** @type {HTMLElement} */ (document.querySelector('.composer'));
  // The mode's radio buttons of the composer's own fieldset only: a ticket's content can hold inputs named "mode" too.
  const modes = /** @type {NodeListOf<HTMLInputElement>} */ (
    $('composer-mode').querySelectorAll('input[type="radio"][name="mode"]')
  );
  // The page's words, rendered by the extension in VS Code's display language: this script holds no English.
  const words = JSON.parse(document.body.dataset.l10n || '{}');
  const files = $('files');
  // Zendesk's limit for one file, from the extension: a bigger one is not even read, the extension shows it refused.
  const MAX_FILE_BYTES = Number(document.body.dataset.maxUpload);
  // An upload on its way or a reply being sent: either keeps Submit disabled.
  let filesBusy = submit.disabled;
  let sending = false;
  const updateSubmit = () => {
    submit.disabled = filesBusy || sending;
  };

  const mode = () => {
    const checked = Array.from(modes).find((m) => m.checked);
    return checked ? checked.value : undefined;
  };

  function showMode() {
    const m = mode();
    composer.classList.toggle('internal', m === 'internal');
    composer.classList.toggle('public', m === 'public');
    $('body-label').textContent =
      m === 'internal' ? words.internalLabel : m === 'public' ? words.publicLabel : words.replyLabel;
    submit.textContent = words.submitAs[submitStatus.value] || submitStatus.value;
  }

  let draftTimer;
  function saveDraft(now) {
    clearTimeout(draftTimer);
    const send = () =>
      vscode.postMessage({ type: 'draft', body: body.value, mode: mode(), status: submitStatus.value });
    if (now) send();
    else draftTimer = setTimeout(send, 300);
  }

  function setProblem(text) {
    problem.textContent = text || '';
    problem.hidden = !text;
  }

  function doSubmit() {
    const m = mode();
    if (!m) {
      setProblem(words.chooseMode);
      modes[0].focus();
      return;
    }
    if (filesBusy) {
      setProblem(words.waitForUploads);
      return;
    }
    if (!body.value.trim()) {
      // Zendesk refuses a comment without text, even one that carries files.
      setProblem(files.children.length ? words.needsText : m === 'internal' ? words.writeNote : words.writeReply);
      body.focus();
      return;
    }
    setProblem('');
    saveDraft(true);
    vscode.postMessage({ type: 'submit', body: body.value, mode: m, status: submitStatus.value });
  }

  body.addEventListener('input', () => saveDraft(false));
  body.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      doSubmit();
    }
  });
  for (const m of modes)
    m.addEventListener('change', () => {
      showMode();
      setProblem('');
      saveDraft(true);
    });
  submitStatus.addEventListener('change', () => {
    showMode();
    saveDraft(true);
  });
  submit.addEventListener('click', doSubmit);
  // The page is discarded when its tab is hidden: hand over what the draft delay still holds.
  window.addEventListener('pagehide', () => saveDraft(true));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') saveDraft(true);
  });
  body.addEventListener('blur', () => saveDraft(true));

  // Anything that makes the extension draw the page again first hands it the composer's latest text (messages
  // arrive in order), so a keystroke typed within the draft delay is not lost to the redraw.
  const send = (msg) => {
    saveDraft(true);
    vscode.postMessage(msg);
  };
  for (const field of ['status', 'priority']) {
    const select = /** @type {HTMLSelectElement} */ ($(field));
    select.addEventListener('change', () => send({ type: 'update', field, value: select.value }));
  }
  const assign = document.getElementById('assign-me');
  if (assign) assign.addEventListener('click', () => send({ type: 'assignToMe' }));
  const assignOther = document.getElementById('assign');
  if (assignOther) assignOther.addEventListener('click', () => send({ type: 'assign' }));
  $('refresh').addEventListener('click', () => send({ type: 'reload' }));
  $('attach').addEventListener('click', () => send({ type: 'attachFiles' }));

  // The files' Retry and Remove buttons are drawn by the extension; one handler serves them all.
  files.addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button') : null;
    if (!button) return;
    if (button.dataset.remove) send({ type: 'removeAttachment', id: button.dataset.remove });
    else if (button.dataset.retry) send({ type: 'retryAttachment', id: button.dataset.retry });
  });

  // Files dropped on the composer: from the system as File objects (read here, sent as bytes), or from VS Code's
  // Explorer as URIs (the extension reads those, inside the workspace only).
  // Only drags that carry files: text dragged inside the reply keeps the browser's own behaviour.
  const carriesFiles = (dt) =>
    Boolean(dt) &&
    Array.from(dt.types).some((t) => t === 'Files' || t === 'text/uri-list' || t === 'application/vnd.code.uri-list');
  composer.addEventListener('dragover', (e) => {
    if (!carriesFiles(e.dataTransfer)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    composer.classList.add('dropping');
  });
  composer.addEventListener('dragleave', (e) => {
    if (!(e.relatedTarget instanceof Node) || !composer.contains(e.relatedTarget))
      composer.classList.remove('dropping');
  });
  composer.addEventListener('drop', (e) => {
    composer.classList.remove('dropping');
    const dt = e.dataTransfer;
    if (!dt || !carriesFiles(dt)) return;
    e.preventDefault();
    saveDraft(true);
    const dropped = Array.from(dt.files);
    if (dropped.length) {
      for (const file of dropped) {
        if (file.size > MAX_FILE_BYTES) {
          vscode.postMessage({ type: 'fileTooLarge', name: file.name, size: file.size });
          continue;
        }
        file.arrayBuffer().then(
          (buffer) =>
            vscode.postMessage({
              type: 'attachBytes',
              name: file.name,
              size: file.size,
              bytes: new Uint8Array(buffer),
              contentType: file.type || undefined,
            }),
          () => setProblem(words.unreadable.replace('{0}', () => file.name)),
        );
      }
      return;
    }
    const list = dt.getData('application/vnd.code.uri-list') || dt.getData('text/uri-list');
    const uris = list
      .split(/\r?\n/)
      .map((u) => u.trim())
      .filter((u) => u && !u.startsWith('#'));
    if (uris.length) vscode.postMessage({ type: 'attachUris', uris });
  });
  $('cancel').addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));

  // A click on a link has one handler, this one: it never navigates the page and asks the extension, which checks
  // the address and opens it through VS Code (whose "open external website?" prompt is then the user's final word).
  // It runs first (capture, on the window) and stops the event there, so VS Code's own webview link handling, which
  // listens on the window too, never sees the click and cannot open the link a second time.
  const onLink = (e) => {
    const a = e
      .composedPath()
      .find((n) => n instanceof Element && (n.localName === 'a' || n.localName === 'area') && n.hasAttribute('href'));
    if (!a) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    // A middle click opens nothing: the left click (or Enter) is the one way to follow a link.
    if (e.type === 'click') vscode.postMessage({ type: 'openLink', href: a.getAttribute('href') });
  };
  window.addEventListener('click', onLink, true);
  window.addEventListener('auxclick', onLink, true);

  window.addEventListener('message', (event) => {
    const msg = event.data;
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'progress') {
      progress.hidden = false;
      progressText.textContent = String(msg.text);
      $('cancel').hidden = !msg.cancellable;
      sending = true;
      updateSubmit();
      // While a reply is on its way the text is what is being sent: edits now would be lost when it is accepted.
      body.readOnly = Boolean(msg.lock);
    } else if (msg.type === 'idle') {
      progress.hidden = true;
      sending = false;
      updateSubmit();
      body.readOnly = false;
    } else if (msg.type === 'files') {
      files.innerHTML = String(msg.html);
      filesBusy = Boolean(msg.busy);
      updateSubmit();
      if (!filesBusy) setProblem('');
    }
  });

  showMode();
})();
