/** The request's language: `?lang=`, else Accept-Language, else Kazakh (the state language first). */
import type { FastifyRequest } from 'fastify';
import type { Lang } from '../shared/errors.ts';

const LANGS: readonly Lang[] = ['kk', 'ru', 'en'];

export function requestLanguage(req: FastifyRequest): Lang {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (typeof q === 'string' && (LANGS as string[]).includes(q)) return q as Lang;
  const header = req.headers['accept-language'];
  if (typeof header === 'string') {
    const ranked = header
      .split(',')
      .map((part) => {
        const [tag, ...params] = part.trim().split(';');
        const qParam = params.find((p) => p.trim().startsWith('q='));
        return { lang: tag.trim().toLowerCase().slice(0, 2), q: qParam ? Number(qParam.split('=')[1]) : 1 };
      })
      .filter((x) => (LANGS as string[]).includes(x.lang) && x.q > 0)
      .sort((a, b) => b.q - a.q);
    if (ranked[0]) return ranked[0].lang as Lang;
  }
  return 'kk';
}
