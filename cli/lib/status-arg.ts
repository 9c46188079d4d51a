// STATUS as typed on the command line.
import { STATUSES, type Status } from '../../parser/index';
import { UsageError } from './errors';

const ALIASES: Record<string, Status> = {
  todo: 'todo',
  'to-do': 'todo',
  open: 'todo',
  'in-progress': 'in-progress',
  in_progress: 'in-progress',
  inprogress: 'in-progress',
  wip: 'in-progress',
  doing: 'in-progress',
  done: 'done',
  complete: 'done',
  completed: 'done',
  cancelled: 'cancelled',
  canceled: 'cancelled',
};

export function parseStatusArg(text: string): Status {
  const status = ALIASES[text.trim().toLowerCase()];
  if (!status) throw new UsageError(`unknown status '${text}'; use one of ${STATUSES.join(', ')}`);
  return status;
}
