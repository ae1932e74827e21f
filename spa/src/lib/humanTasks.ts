// Which JSON Schema a human task's form is generated from: the task's own outputSchema (GET /api/v1/flex/tasks),
// else the plan node's json_schema output contract, else a free JSON value.
import type { FlexPlan, HumanTask, PendingWork } from '../contracts';

export function taskSchema(work: PendingWork, task: HumanTask | undefined, plan: FlexPlan | undefined): Record<string, unknown> {
  if (task?.outputSchema && Object.keys(task.outputSchema).length) return task.outputSchema as Record<string, unknown>;
  const contract = plan?.nodes.find((n) => n.id === work.nodeId)?.contracts.output;
  if (contract && 'schema' in contract && contract.schema) return contract.schema as Record<string, unknown>;
  return {};
}
