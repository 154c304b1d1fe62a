// The ticket page's behaviour. The extension draws the page once; after that it sends state messages and this script
// puts them in place: each region (notice, properties, staged bar, conversation, errors, files) is replaced only when
// its HTML changed, the focus goes back to the control that had it, and the composer's text is replaced only when the
// extension says so (a load or a send: `bodyVersion`), so typing, focus and scroll survive a save, a notice or a
// reload. It reports what the user does (text, mode, staged fields, submit, links) with postMessage. No inline
// handlers: everything is wired here, under the page's nonce. A preview pane (#preview) has its place in the
// composer; `composerChanged` is where it hears about the text and the mode.
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
  // The last state from the extension; until it comes, what the first HTML shows.
  let state = null;
  let filesBusy = false;
  let sending = false;
  let bodyVersion = -1;

  const mode = () => {
    const checked = Array.from(modes).find((m) => m.checked);
    return checked ? checked.value : 'internal';
  };

  /** The submit button says what will happen: with text, the reply or note; without, the staged fields. */
  function showSubmit() {
    const c = state && state.composer;
    if (c) submit.textContent = body.value.trim() ? c.submitWithText : c.submitWithoutText;
    submit.disabled = filesBusy || sending || (!!state && !body.value.trim() && !state.staged);
  }

  function showMode() {
    const m = mode();
    composer.classList.toggle('internal', m === 'internal');
    composer.classList.toggle('public', m === 'public');
    $('body-label').textContent = m === 'internal' ? words.internalLabel : words.publicLabel;
    composerChanged();
  }

  /** The text or the mode changed: the submit button, and the preview pane once it is there. */
  function composerChanged() {
    showSubmit();
    document.dispatchEvent(new CustomEvent('composer-changed', { detail: { text: body.value, mode: mode() } }));
  }

  let draftTimer;
  function saveDraft(now) {
    clearTimeout(draftTimer);
    const send = () => vscode.postMessage({ type: 'draft', body: body.value, mode: mode() });
    if (now) send();
    else draftTimer = setTimeout(send, 300);
  }

  function setProblem(text) {
    problem.textContent = text || '';
    problem.hidden = !text;
  }

  function doSubmit() {
    if (filesBusy) {
      setProblem(words.waitForUploads);
      return;
    }
    if (!body.value.trim() && files.children.length) {
      // Zendesk refuses a comment without text, even one that carries files.
      setProblem(words.needsText);
      body.focus();
      return;
    }
    setProblem('');
    clearTimeout(draftTimer);
    vscode.postMessage({ type: 'submit', body: body.value, mode: mode() });
  }

  function switchMode() {
    const next = mode() === 'public' ? 'internal' : 'public';
    for (const m of modes) m.checked = m.value === next;
    showMode();
    vscode.postMessage({ type: 'mode', mode: next });
  }

  body.addEventListener('input', () => {
    composerChanged();
    saveDraft(false);
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && e.target === body) {
      e.preventDefault();
      doSubmit();
    } else if (e.altKey && !e.ctrlKey && !e.metaKey && (e.code === 'KeyM' || e.key === 'm')) {
      // Alt+M: public reply <-> internal note, from anywhere on the page.
      e.preventDefault();
      switchMode();
    }
  });
  for (const m of modes)
    m.addEventListener('change', () => {
      showMode();
      setProblem('');
      vscode.postMessage({ type: 'mode', mode: mode() });
    });
  submit.addEventListener('click', doSubmit);
  // The page is discarded when its tab is hidden: hand over what the draft delay still holds.
  window.addEventListener('pagehide', () => saveDraft(true));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') saveDraft(true);
  });
  body.addEventListener('blur', () => saveDraft(true));

  // Anything that makes the extension act first hands it the composer's latest text (messages arrive in order).
  const send = (msg) => {
    saveDraft(true);
    vscode.postMessage(msg);
  };
  // The header is redrawn in place: one delegated handler serves its controls whatever their generation.
  $('properties').addEventListener('change', (e) => {
    const select = e.target;
    if (select instanceof HTMLSelectElement && select.dataset.field) {
      send({ type: 'stage', field: select.dataset.field, value: select.value });
    }
  });
  // The Fields region (drawn by the extension from the tab's state): each control says what it is; the extension
  // checks the value by the field's type and stages it, or says what to type instead.
  // Shared with New Ticket (dist/webview/detailPage.js, loaded before this script).
  const fieldValue = (el) => window.zendeskPage.fieldValue(el);
  const addCc = () => {
    const input = /** @type {HTMLInputElement | null} */ (document.getElementById('cc-input'));
    if (input && input.value.trim()) send({ type: 'addCc', email: input.value });
  };
  $('fields').addEventListener('change', (e) => {
    const el = e.target;
    if (!(el instanceof HTMLElement)) return;
    if (el.dataset.cf) send({ type: 'stageField', id: Number(el.dataset.cf), value: fieldValue(el) });
    else if (el.id === 'form-select') send({ type: 'stageForm', formId: Number(fieldValue(el)) });
    else if (el.id === 'tags-input') send({ type: 'stageTags', text: fieldValue(el) });
  });
  $('fields').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target instanceof HTMLElement && e.target.id === 'cc-input') {
      e.preventDefault();
      addCc();
    }
  });
  document.addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button') : null;
    if (!button) return;
    if (button.id === 'add-cc') addCc();
    else if (button.id === 'add-follower') send({ type: 'addFollower' });
    else if (button.id === 'refresh-fields') send({ type: 'refreshFields' });
    else if (button.dataset.removeCc !== undefined) {
      send(
        button.dataset.user
          ? { type: 'removeCc', userId: Number(button.dataset.user) }
          : { type: 'removeCc', email: button.dataset.email },
      );
    } else if (button.dataset.removeFollower !== undefined && button.dataset.user) {
      send({ type: 'removeFollower', userId: Number(button.dataset.user) });
    } else if (button.id === 'assign-me') send({ type: 'assignToMe' });
    else if (button.id === 'assign') send({ type: 'assign' });
    else if (button.id === 'discard') send({ type: 'discard' });
    else if (button.id === 'earlier-comments') send({ type: 'earlierComments' });
    else if (button.dataset.unstage) send({ type: 'unstage', field: button.dataset.unstage });
  });
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

  // Each region's HTML as last put in place, by id. Kept here, not in a `data-html` attribute: that attribute is the
  // comment bodies' (the page script fills every element carrying it through DOMPurify).
  const drawn = new Map();

  /** The first comment whose bottom is in view, and where it is: the place to keep across a redraw. */
  function topComment(el) {
    for (const c of el.querySelectorAll('[data-comment]')) {
      const r = c.getBoundingClientRect();
      if (r.bottom > 0) return { id: c.getAttribute('data-comment') || '', top: r.top };
    }
    return undefined;
  }

  /** Puts a region's new HTML in place when it changed, giving the focus back to the control that had it. */
  function region(id, html) {
    const el = $(id);
    if (!el || drawn.get(id) === html) return;
    const had = document.activeElement;
    const focused = had && el.contains(had) && had.id ? had.id : undefined;
    // Text being typed in a field (not yet handed over: that happens when it loses focus) stays as typed.
    const typing =
      (had instanceof HTMLInputElement && had.type !== 'checkbox' && had.id !== 'cc-input') ||
      had instanceof HTMLTextAreaElement
        ? { value: had.value, start: had.selectionStart, end: had.selectionEnd }
        : undefined;
    // The comment at the top of the view stays where it is when the conversation grows above it (earlier comments
    // put in front): the page scrolls by what was inserted, so the agent's place is kept.
    const anchor = id === 'conversation' ? topComment(el) : undefined;
    el.innerHTML = html;
    drawn.set(id, html);
    if (anchor) {
      // After the page script filled the new comment bodies in (its observer's microtask was queued first).
      queueMicrotask(() => {
        const again = el.querySelector(`[data-comment="${CSS.escape(anchor.id)}"]`);
        if (again) window.scrollBy(0, again.getBoundingClientRect().top - anchor.top);
      });
    }
    if (focused) {
      const again = document.getElementById(focused);
      if (again) {
        again.focus();
        if (typing && (again instanceof HTMLInputElement || again instanceof HTMLTextAreaElement)) {
          again.value = typing.value;
          try {
            again.setSelectionRange(typing.start, typing.end);
          } catch {
            // An input type without a selection (date, email): the value is what matters.
          }
        }
      }
    }
  }

  function apply(next) {
    state = next;
    for (const [id, html] of Object.entries(next.regions)) region(id, String(html));
    const c = next.composer;
    if (c.bodyVersion !== bodyVersion) {
      // A load or a send: the extension's text is the composer's (the draft, or empty after a send).
      bodyVersion = c.bodyVersion;
      if (body.value !== c.body) body.value = c.body;
    }
    if (c.mode !== mode()) for (const m of modes) m.checked = m.value === c.mode;
    filesBusy = Boolean(next.filesBusy);
    sending = Boolean(next.busy);
    progress.hidden = !next.busy;
    if (next.busy) progressText.textContent = String(next.busy.text);
    // While a submit is on its way the text is what is being sent: edits now would be lost when it is accepted.
    body.readOnly = Boolean(next.busy && next.busy.lock);
    if (!filesBusy) setProblem('');
    document.title = next.title;
    showMode();
  }

  window.addEventListener('message', (event) => {
    const msg = event.data;
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'state') apply(msg);
  });

  // Mark the regions as drawn by the first HTML, then ask for the state (after a hidden tab is shown again too).
  for (const id of ['notice', 'heading', 'properties', 'fields', 'conversation', 'errors', 'files', 'staged']) {
    const el = document.getElementById(id);
    if (el) drawn.set(id, el.innerHTML);
  }
  showMode();
  vscode.postMessage({ type: 'ready' });
})();
