// The ticket page's Fields region with an account's hostile text everywhere it can come from (a field's title and
// description, an option's name, a tag, a person's name, a form's name): read as a browser reads it, each is text in
// its place and never becomes an element or an attribute of the page.
import * as assert from 'node:assert/strict';
import { renderFieldsRegion } from '../../../src/tickets/detail/fieldsRegion';
import type { TabState } from '../../../src/tickets/detail/controller';
import type { FieldsView } from '../../../src/tickets/fields/fieldsModel';
import { HOSTILE } from '../../support/hostileHtml';
import { attr, elements, text } from './pageHtml';

function stateWith(form: FieldsView): TabState {
  return { form, formStatus: { phase: 'ready' }, staged: {} } as unknown as TabState;
}

function formOf(bad: string): FieldsView {
  return {
    formId: 1,
    forms: [
      { value: '1', label: bad },
      { value: '2', label: 'Other' },
    ],
    fields: [
      {
        id: 11,
        type: 'text',
        label: bad,
        description: bad,
        value: bad,
        display: bad,
        required: true,
        missing: false,
        readOnly: false,
        changed: true,
      },
      {
        id: 12,
        type: 'tagger',
        label: 'Area',
        value: 'x',
        display: bad,
        options: [{ value: 'x', label: bad }],
        required: false,
        missing: false,
        readOnly: false,
        changed: false,
        error: bad,
      },
      {
        id: 13,
        type: 'lookup',
        label: 'Engineer',
        value: 5,
        display: bad,
        required: false,
        missing: false,
        readOnly: true,
        changed: false,
      },
    ],
    tags: { value: [bad], changed: false },
    ccs: [{ userId: 5, name: bad }],
    followers: [{ email: 'a@b.example', name: bad, staged: 'add', error: bad }],
    missing: [{ id: 11, label: bad }],
    problems: [],
  };
}

describe('the Fields region renders the account’s text as text', () => {
  for (const [what, hostile] of HOSTILE) {
    let bad = hostile;
    it(what, () => {
      bad = hostile;
      const html = renderFieldsRegion(stateWith(formOf(bad)));
      const els = elements(html);
      const allowed = new Set(['div', 'h2', 'button', 'label', 'select', 'option', 'input', 'span', 'p', 'ul', 'li']);
      assert.deepEqual(
        els.map((n) => n.tagName).filter((t) => !allowed.has(t ?? '')),
        [],
        'the text made an element',
      );
      assert.ok(
        els.every((n) => (n.attrs ?? []).every((a) => !/^on/i.test(a.name) && a.name !== 'style' && a.name !== 'href')),
        'the text made an attribute',
      );
      const byId = (id: string) => els.find((n) => attr(n, 'id') === id);
      // As a browser's parser reads text: a NUL is dropped or replaced, CR LF is one LF.
      const norm = (v: string | undefined) => (v ?? '').replace(/[\u0000\uFFFD]/g, '').replace(/\r\n?/g, '\n');
      bad = norm(bad);
      const none = { nodeName: '' };
      const label = els.find((n) => n.tagName === 'label' && attr(n, 'for') === 'cf-11') ?? none;
      assert.equal(norm(text(label).replace(/ \*$/, '')), bad, 'a field’s title');
      assert.equal(norm(attr(byId('cf-11') ?? none, 'value')), bad, 'a text field’s value');
      assert.equal(norm(text(byId('cf-13') ?? none)), bad, 'a lookup’s name');
      assert.equal(norm(attr(byId('tags-input') ?? none, 'value')), bad, 'a tag');
      assert.equal(norm(text(byId('cf-12-error') ?? none)), bad, 'an error');
    });
  }
});
