/** A screen's frame: its heading takes focus when the screen opens (keyboard and screen-reader users land on it). */
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function Screen({ title, children, wide }: { title: string; children: ReactNode; wide?: boolean }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
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
