/** GitHub's page-based pagination: `per_page` (default 30, at most 100), `page`, and `Link`. */

export interface Page<T> {
  items: T[];
  /** Absent when everything fits in one page, as on GitHub. */
  link?: string;
}

const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;

function positiveInt(value: string | null, fallback: number): number {
  const parsed = Number.parseInt(value ?? '', 10);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}

export function paginate<T>(items: readonly T[], url: URL): Page<T> {
  const perPage = Math.min(positiveInt(url.searchParams.get('per_page'), DEFAULT_PER_PAGE), MAX_PER_PAGE);
  const page = positiveInt(url.searchParams.get('page'), 1);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const pageItems = items.slice((page - 1) * perPage, page * perPage);
  if (lastPage === 1) return { items: pageItems };
  const linkTo = (target: number, rel: string): string => {
    const next = new URL(url);
    next.searchParams.set('per_page', String(perPage));
    next.searchParams.set('page', String(target));
    return `<${next.href}>; rel="${rel}"`;
  };
  const links = [
    page < lastPage && linkTo(page + 1, 'next'),
    page < lastPage && linkTo(lastPage, 'last'),
    page > 1 && linkTo(1, 'first'),
    page > 1 && linkTo(Math.min(page - 1, lastPage), 'prev'),
  ].filter((link): link is string => typeof link === 'string');
  return { items: pageItems, link: links.join(', ') };
}
