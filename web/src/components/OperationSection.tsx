/** A cabinet section that needs an API operation: a translated placeholder until the server offers it. */
import type { ReactNode } from 'react';
import { useOperation } from '../app/session.tsx';
import { Busy, Placeholder } from './feedback.tsx';

export function OperationSection({ id, title, operation, children }: { id: string; title: string; operation: string; children: ReactNode }) {
  const available = useOperation(operation);
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {available === undefined ? <Busy /> : available ? children : <Placeholder what={title} operations={[operation]} />}
    </section>
  );
}
