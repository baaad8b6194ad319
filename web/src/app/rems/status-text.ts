import type { RemsDashboardItem } from '../../api/rems.ts';

/** "3 days left", "due today", "2 days late" or who submitted it. */
export function dueText(item: Pick<RemsDashboardItem, 'status' | 'daysLeft' | 'submission'>): string {
  if (item.submission) return `by ${item.submission.submittedByName}`;
  if (item.daysLeft === 0) return 'due today';
  if (item.daysLeft > 0) return `${item.daysLeft} ${item.daysLeft === 1 ? 'day' : 'days'} left`;
  const late = -item.daysLeft;
  return `${late} ${late === 1 ? 'day' : 'days'} late`;
}

export const STATUS_BADGE: Record<RemsDashboardItem['status'], string> = {
  due: 'badge badge-warn',
  overdue: 'badge badge-high',
  submitted: 'badge badge-ok',
};
