/** "Mark complete" on an open task's own page (the generic Task record page). */
import type { RecordDetail } from '../../../../shared/ipc/records.contract';
import { CheckIcon } from '../../components/icons';
import { useCompleteTask } from './use-activities';

export function isOpenTask(detail: RecordDetail): boolean {
  return detail.object === 'Task' && detail.record.IsClosed === false;
}

export function CompleteTaskButton({ detail }: { detail: RecordDetail }) {
  const complete = useCompleteTask();
  const subject = typeof detail.record.Subject === 'string' ? detail.record.Subject : null;
  return (
    <button type="button" className="button" disabled={complete.isPending} onClick={() => complete.mutate({ id: detail.id, subject })}>
      <CheckIcon size={15} /> {complete.isPending ? 'Completing…' : 'Mark complete'}
    </button>
  );
}
