// Controls written as a string of HTML (item rows, status and move forms: decision 052) are new elements
// whenever their string changes, e.g. the status a press shows at once. A focused control replaced that way
// would drop the focus to the page; this puts it back on the control in the same place of its row.
import { useLayoutEffect, useRef, type FocusEvent } from 'react';

const CONTROLS = 'a[href], button, input, select';

/** Keeps the focus on a control that a re-render replaced. Put the returned handler in the container's onFocus. */
export function useFocusKept(): (event: FocusEvent<HTMLElement>) => void {
  const last = useRef<{ element: Element; container: HTMLElement; row: string | null; index: number } | null>(null);
  useLayoutEffect(() => {
    const was = last.current;
    if (!was || was.element.isConnected) return;
    last.current = null;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    const row = was.row === null ? was.container : was.container.querySelector(`[data-key="${CSS.escape(was.row)}"]`);
    row?.querySelectorAll<HTMLElement>(CONTROLS)[was.index]?.focus({ preventScroll: true });
  });
  return (event) => {
    const element = event.target;
    const container = event.currentTarget;
    const row = element.closest<HTMLElement>('[data-key]');
    const scope = row && container.contains(row) ? row : container;
    const index = Array.prototype.indexOf.call(scope.querySelectorAll(CONTROLS), element);
    last.current =
      index < 0 ? null : { element, container, row: scope === container ? null : row!.dataset.key!, index };
  };
}
