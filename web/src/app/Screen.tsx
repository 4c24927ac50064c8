/**
 * A screen's frame. When the user moves to another screen, its heading takes focus (keyboard
 * and screen-reader users land on it); on the first page load focus stays at the top, so the
 * skip link comes first.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

let firstScreen = true;

export function Screen({ title, children, wide }: { title: string; children: ReactNode; wide?: boolean }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (firstScreen) {
      firstScreen = false;
      return;
    }
    ref.current?.focus({ preventScroll: false });
  }, []);
  useEffect(() => {
    document.title = `${title} — ${t('app.name')}`;
  }, [title, t]);
  return (
    <section className={`screen ${wide ? 'wide' : ''}`} aria-labelledby="screen-title">
      <h1 id="screen-title" ref={ref} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </section>
  );
}
