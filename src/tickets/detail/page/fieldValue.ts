// A ticket field control's value as the extension reads it (detail/fieldsRegion.ts draws the controls): a checkbox's
// tick, a multi-select's chosen tags, otherwise the text or the chosen option. One reading for the ticket tab and
// New Ticket, which draw the same controls.
export function fieldValue(el: Element): boolean | string | string[] {
  if (el instanceof HTMLInputElement && el.type === 'checkbox') return el.checked;
  if (el instanceof HTMLSelectElement && el.multiple) return Array.from(el.selectedOptions).map((o) => o.value);
  return (el as HTMLInputElement).value;
}
