// The New Ticket page's behaviour. The extension draws the page once; after that it sends state messages and this
// script puts them in place: a region is replaced only when its HTML changed (the focus goes back to the control that
// had it), and the text fields are replaced only when the extension says so (`version`: a load, a selection, a clear),
// so typing survives a search, a notice or a save. It reports what the agent types and picks with postMessage. No
// inline handlers: everything is wired here, under the page's nonce. The description's preview is the ticket page's
// (dist/webview/detailPage.js, loaded first), connected to the same API object.
// @ts-check
(function () {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  // What a window reload needs to bring this tab back (VS Code keeps it with the panel); the draft is the extension's.
  vscode.setState({ newTicket: true });
  if (window.zendeskPage) window.zendeskPage.connect(vscode);

  const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const words = JSON.parse(document.body.dataset.l10n || '{}');
  const fields = {
    requesterText: /** @type {HTMLInputElement} */ ($('requester')),
    subject: /** @type {HTMLInputElement} */ ($('subject')),
    tags: /** @type {HTMLInputElement} */ ($('tags')),
    body: /** @type {HTMLTextAreaElement} */ ($('body')),
  };
  const create = /** @type {HTMLButtonElement} */ ($('create'));
  const composer = /** @type {HTMLElement} */ (document.querySelector('.composer'));
  const modes = /** @type {NodeListOf<HTMLInputElement>} */ ($('composer-mode').querySelectorAll('input[name="mode"]'));
  const shown = new Map();
  let version = -1;
  let busy = false;

  const mode = () => (Array.from(modes).find((m) => m.checked) || { value: 'internal' }).value;

  // Each text field reports what is typed after a pause (the requester's text starts a search), and at once before
  // anything else is sent, so the extension acts on the latest text (messages arrive in order).
  const timers = new Map();
  function report(field, now) {
    clearTimeout(timers.get(field));
    const send = () => vscode.postMessage({ type: 'text', field, value: fields[field].value });
    if (now) send();
    else timers.set(field, setTimeout(send, field === 'requesterText' ? 250 : 300));
  }
  const flush = () => {
    for (const f of Object.keys(fields)) if (timers.has(f)) report(f, true);
    timers.clear();
  };
  for (const [name, el] of Object.entries(fields)) {
    el.addEventListener('input', () => report(name, false));
    el.addEventListener('blur', () => {
      if (timers.has(name)) report(name, true);
      timers.delete(name);
    });
  }

  function showMode() {
    const m = mode();
    composer.classList.toggle('internal', m === 'internal');
    composer.classList.toggle('public', m === 'public');
    $('body-label').textContent = m === 'internal' ? words.internalLabel : words.publicLabel;
  }
  for (const m of modes)
    m.addEventListener('change', () => {
      showMode();
      vscode.postMessage({ type: 'mode', mode: mode() });
    });

  function doCreate() {
    if (busy) return;
    flush();
    vscode.postMessage({ type: 'create' });
  }
  create.addEventListener('click', doCreate);
  $('clear').addEventListener('click', () => {
    flush();
    vscode.postMessage({ type: 'clear' });
  });
  $('cancel').addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      doCreate();
    }
  });
  // Regions are redrawn in place: delegated handlers serve their controls whatever their generation.
  document.addEventListener('change', (e) => {
    const el = e.target;
    if (el instanceof HTMLSelectElement && el.dataset.choose) {
      flush();
      vscode.postMessage({ type: 'choose', field: el.dataset.choose, value: el.value });
    }
  });
  // The ticket form and its fields: the ticket tab's controls, read the same way (dist/webview/detailPage.js).
  $('fields').addEventListener('change', (e) => {
    const el = e.target;
    if (!(el instanceof HTMLElement) || !window.zendeskPage) return;
    flush();
    if (el.dataset.cf) {
      vscode.postMessage({ type: 'field', id: Number(el.dataset.cf), value: window.zendeskPage.fieldValue(el) });
    } else if (el.id === 'form-select') {
      vscode.postMessage({ type: 'form', formId: Number(window.zendeskPage.fieldValue(el)) });
    }
  });
  document.addEventListener('click', (e) => {
    const el = e.target instanceof Element ? e.target.closest('[data-requester]') : null;
    if (el instanceof HTMLElement) vscode.postMessage({ type: 'requester', id: Number(el.dataset.requester) });
  });
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
  });

  window.addEventListener('message', (event) => {
    const s = event.data;
    if (!s || s.type !== 'state') return;
    const focused = document.activeElement && document.activeElement.id;
    for (const [id, html] of Object.entries(s.regions)) {
      if (shown.get(id) === html) continue;
      shown.set(id, html);
      const el = document.getElementById(id);
      if (el) el.innerHTML = html;
    }
    if (focused && document.activeElement !== document.getElementById(focused)) {
      const el = document.getElementById(focused);
      if (el) el.focus();
    }
    if (s.version !== version) {
      version = s.version;
      for (const [name, el] of Object.entries(fields)) {
        // A field being typed in keeps its text unless the extension changed it on purpose (a new version).
        if (el.value !== s.values[name]) el.value = s.values[name];
      }
      for (const m of modes) m.checked = m.value === s.values.mode;
      showMode();
    }
    busy = !!s.busy;
    create.textContent = s.submitLabel;
    create.disabled = busy;
    $('progress').hidden = !busy;
    $('progress-text').textContent = s.busy || '';
  });
  vscode.postMessage({ type: 'ready' });
})();
